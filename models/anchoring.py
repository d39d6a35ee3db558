"""Anchoring annotations in the canonical text (W3C TextQuoteSelector style)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rapidfuzz loads with the first re-anchoring, not with every annotation
    from rapidfuzz.distance import MatchingBlock

    from models.text_diff import PositionMap

CONTEXT_CHARS = 32


@dataclass(frozen=True)
class Selector:
    start: int | None  # None: an orphan, placed nowhere in the current text
    end: int | None
    quote: str
    prefix: str
    suffix: str


def select(text: str, start: int, end: int) -> Selector:
    """The selector for text[start:end]; raises ValueError for an empty or outside range."""
    return select_in_window(text, 0, len(text), start, end)


def window_around(start: int, end: int) -> tuple[int, int]:
    """The part of the text a selector for [start, end) is made from (see select_in_window)."""
    return max(0, start - CONTEXT_CHARS), end + CONTEXT_CHARS


def select_in_window(window: str, offset: int, length: int, start: int, end: int) -> Selector:
    """select() from only `window`, the text from `offset` on (at least the window_around
    the range), and the text's length: a highlight in a long article reads no more of it."""
    if not 0 <= start < end <= length:
        raise ValueError(f"range {start}-{end} is not inside the text (length {length})")
    a, b = start - offset, end - offset
    return Selector(
        start,
        end,
        window[a:b],
        window[max(0, a - CONTEXT_CHARS) : a],
        window[b : b + CONTEXT_CHARS],
    )


def find_occurrence(text: str, quote: str, occurrence: int = 1) -> int | None:
    """Start of the Nth (1-based) exact occurrence of quote in text, or None.

    Occurrences may overlap ("aa" occurs twice in "aaa"), as a reader counting them would.
    The quote is NFC-normalised first, like the canonical text.
    """
    quote = unicodedata.normalize("NFC", quote)
    if not quote or occurrence < 1:
        return None
    position = -1
    for _ in range(occurrence):
        position = text.find(quote, position + 1)
        if position < 0:
            return None
    return position


def count_occurrences(text: str, quote: str) -> int:
    quote = unicodedata.normalize("NFC", quote)
    count, position = 0, text.find(quote) if quote else -1
    while position >= 0:
        count += 1
        position = text.find(quote, position + 1)
    return count


# --- Re-anchoring: carrying highlights to a new version of the text ---------------------------

EXACT, FUZZY, ORPHANED = "exact", "fuzzy", "orphaned"
ANCHOR_STATES = (EXACT, FUZZY, ORPHANED)

# Measured on the calibration half of tests/perf/bench_anchoring.py (see its report): the
# lowest values that placed no highlight on a wrong passage there, with a margin.
MIN_CONTEXT = 0.6  # paragraph-local prefix and suffix together, 0..1
MIN_QUOTE = 0.6  # the quote's own similarity, for a fuzzy placement
MIN_FUZZY = 0.75  # quote and context weighed together, for a fuzzy placement
_TIE = 0.02  # context scores this close are a tie, decided by nearness
_MAX_OCCURRENCES = 50  # copies of an exact quote looked at (the nearest ones)
_PIECE, _STRIDE, _SEEDS = 12, 16, 4  # fuzzy search: pieces looked up, and windows tried
_SNAP, _MARKS = 3, "\"'“”‘’«»()[]*-–—.,;:!? "  # a boundary misses at most a few marks


@dataclass(frozen=True)
class Placement:
    """Where a highlight lands in the new text; an orphan has no range and keeps its quote."""

    anchor: str  # exact | fuzzy | orphaned
    start: int | None
    end: int | None
    quote: str
    prefix: str
    suffix: str
    score: float  # how well quote and context agree, 0..1 (for calibration and review)


def reanchor(old_text: str | None, new_text: str, stored: Sequence[Selector]) -> list[Placement]:
    """Place each stored selector in new_text. old_text (None if unknown) maps old positions
    through a word diff; each placement is exact, fuzzy or orphaned, never a guess."""
    from models.text_diff import PositionMap

    positions = PositionMap(old_text, new_text) if old_text is not None else None
    anchorer = Anchorer(new_text, positions)
    return [anchorer.place(selector) for selector in stored]


def _local_before(text: str) -> str:
    """The part of a prefix inside the quote's own paragraph: context is the paragraph."""
    return text[text.rfind("\n") + 1 :]


def _local_after(text: str) -> str:
    cut = text.find("\n")
    return text if cut < 0 else text[:cut]


def _with_breaks(stored: Selector) -> tuple[str, str]:
    """The local context with the paragraph break that bounds it, which alignment holds on to
    (a quote that starts its paragraph has no other context on that side)."""
    prefix, suffix = stored.prefix, stored.suffix
    before = prefix.rfind("\n")
    after = suffix.find("\n")
    return (
        prefix if before < 0 else prefix[before:],
        suffix if after < 0 else suffix[: after + 1],
    )


def similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    if not a and not b:
        return 1.0
    return fuzz.ratio(a, b) / 100.0


class Anchorer:
    """Places selectors in one text; models.quote_placing adapts it to other tools' selectors."""

    def __init__(self, text: str, positions: PositionMap | None) -> None:
        self.text = text
        self.positions = positions
        self.old_range: tuple[int | None, int | None] = (None, None)  # the one being placed
        self.expected: tuple[int, int] | None = None  # see _mapped

    def place(self, stored: Selector) -> Placement:
        quote = unicodedata.normalize("NFC", stored.quote)
        prefix = _local_before(stored.prefix)
        suffix = _local_after(stored.suffix)
        mapped = self._mapped(stored)
        near = self._near(stored, mapped)
        self.old_range = (stored.start, stored.end)
        exact = self._exact(quote, prefix, suffix, mapped, near)
        if exact is not None:
            return exact
        fuzzy = self._fuzzy(quote, prefix, suffix, mapped, near, _with_breaks(stored))
        if fuzzy is not None:
            return fuzzy
        return Placement(ORPHANED, None, None, stored.quote, stored.prefix, stored.suffix, 0.0)

    def _mapped(self, stored: Selector) -> tuple[int, int] | None:
        """The new range the diff gives the passage (both ends paired), else None; also sets
        `expected`, the region the passage must overlap when one end at least is paired."""
        self.expected = None
        if self.positions is None or stored.start is None or stored.end is None:
            return None
        start = self.positions.map_start(stored.start)
        end = self.positions.map_end(stored.end)
        length = stored.end - stored.start
        if start is not None and end is not None and start < end:
            # both ends paired and about as far apart as before: one passage
            if length / 2 - 8 <= end - start <= 2 * length + 8:
                self.expected = (start, end)
                return self.expected
        if start is not None and self.positions.framed(stored.start, stored.end, True):
            self.expected = (start, start + length)
        elif end is not None and self.positions.framed(stored.start, stored.end, False):
            self.expected = (end - length, end)
        return None

    def _fits(self, start: int, end: int) -> bool:
        """Overlaps where the diff says the passage went (anywhere when it does not say)."""
        if self.expected is None:
            return True
        low, high = self.expected
        slack = (high - low) // 2 + 8
        return start < high + slack and low - slack < end

    def _near(self, stored: Selector, mapped: tuple[int, int] | None) -> int | None:
        if mapped is not None:
            return mapped[0]
        if self.positions is None or stored.start is None:
            return None
        return self.positions.approximate(stored.start)

    def context(self, prefix: str, suffix: str, start: int, end: int) -> float:
        """How well the paragraph-local context around text[start:end] matches, 0..1."""
        before = _local_before(self.text[max(0, start - CONTEXT_CHARS) : start])
        after = _local_after(self.text[end : end + CONTEXT_CHARS])
        weight_before, weight_after = max(len(prefix), 8), max(len(suffix), 8)
        return (
            similarity(prefix, before) * weight_before + similarity(suffix, after) * weight_after
        ) / (weight_before + weight_after)

    def _placement(self, anchor: str, start: int, end: int, score: float) -> Placement:
        chosen = select(self.text, start, end)
        return Placement(anchor, start, end, chosen.quote, chosen.prefix, chosen.suffix, score)

    def _exact(
        self, quote: str, prefix: str, suffix: str, mapped: tuple[int, int] | None, near: int | None
    ) -> Placement | None:
        if mapped is not None and self.text[mapped[0] : mapped[1]] == quote:
            # the diff pairs this very copy, within runs of shared words on both sides
            start, end = mapped
            return self._placement(EXACT, start, end, self.context(prefix, suffix, start, end))
        starts = [
            s
            for s in self._occurrences(quote, near)
            if not self._taken(s) and self._fits(s, s + len(quote))
        ]
        if not starts:
            return None
        scored = [(self.context(prefix, suffix, s, s + len(quote)), s) for s in starts]
        best = max(score for score, _ in scored)
        if best < MIN_CONTEXT:
            return None  # the words are there, their context is not: not this passage
        tied = [s for score, s in scored if score >= best - _TIE]
        start = min(tied, key=lambda s: abs(s - near)) if near is not None else tied[0]
        return self._placement(EXACT, start, start + len(quote), best)

    def _taken(self, start: int) -> bool:
        """The diff pairs this spot with a place outside the highlighted passage: the old text
        said this twice, and this copy is the other one's (the highlighted one went)."""
        old_start, old_end = self.old_range
        if self.positions is None or old_start is None or old_end is None:
            return False
        paired = self.positions.paired_old(start)
        return paired is not None and not old_start <= paired < old_end

    def _occurrences(self, quote: str, near: int | None) -> list[int]:
        found: list[int] = []
        position = self.text.find(quote) if quote else -1
        while position >= 0:
            found.append(position)
            position = self.text.find(quote, position + 1)
        if len(found) > _MAX_OCCURRENCES and near is not None:
            found = sorted(sorted(found, key=lambda s: abs(s - near))[:_MAX_OCCURRENCES])
        return found

    def _fuzzy(
        self,
        quote: str,
        prefix: str,
        suffix: str,
        mapped: tuple[int, int] | None,
        near: int | None,
        framed: tuple[str, str],
    ) -> Placement | None:
        ranges: list[tuple[int, int] | None] = [mapped]
        ranges += [
            self._align(quote, *framed, seed) for seed in self._seeds(quote, prefix, suffix, near)
        ]
        best: tuple[float, int, int] | None = None
        for found in {r for r in ranges if r is not None and self._fits(*r)}:
            start, end = found
            if found != mapped and self._taken(start):
                continue
            quote_score = similarity(quote, self.text[start:end])
            context = self.context(prefix, suffix, start, end)
            if quote_score < MIN_QUOTE or context < MIN_CONTEXT:
                continue
            weight = len(prefix) + len(suffix) + 16
            score = (quote_score * len(quote) + context * weight) / (len(quote) + weight)
            if score >= MIN_FUZZY and (best is None or score > best[0]):
                best = (score, start, end)
        if best is None:
            return None
        score, start, end = best
        anchor = EXACT if self.text[start:end] == quote else FUZZY
        return self._placement(anchor, start, end, score)

    def _seeds(self, quote: str, prefix: str, suffix: str, near: int | None) -> list[int]:
        """Likely starts of the quote: where pieces of it and its context still occur."""
        needle = prefix + quote + suffix
        votes: dict[int, int] = {}
        for at in range(0, max(1, len(needle) - _PIECE + 1), _STRIDE):
            piece = needle[at : at + _PIECE]
            position, hits = self.text.find(piece), 0
            while position >= 0 and hits < 8:
                expected = position - at + len(prefix)
                key = next((k for k in votes if abs(k - expected) <= 8), expected)
                votes[key] = votes.get(key, 0) + 1
                position, hits = self.text.find(piece, position + 1), hits + 1
        seeds = sorted(votes, key=lambda k: -votes[k])[:_SEEDS]
        if near is not None and all(abs(near - seed) > 8 for seed in seeds):
            seeds.append(near)
        return seeds

    def _align(self, quote: str, prefix: str, suffix: str, seed: int) -> tuple[int, int] | None:
        """The range the quote most likely became, by aligning quote and context near seed."""
        slack = 16 + len(quote) // 4
        left = max(0, seed - len(prefix) - slack)
        window = self.text[left : seed + len(quote) + len(suffix) + slack]
        from rapidfuzz.distance import Levenshtein

        needle = prefix + quote + suffix
        blocks = [b for b in Levenshtein.opcodes(needle, window).as_matching_blocks() if b.size]
        if not blocks:
            return None
        start = _through(blocks, len(prefix), at_start=True)
        end = _through(blocks, len(prefix) + len(quote), at_start=False)
        if start is None or end is None:
            return None
        start, end = max(0, left + start), min(len(self.text), left + end)
        while start < end and self.text[start].isspace() and not quote[:1].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace() and not quote[-1:].isspace():
            end -= 1
        # A quote that began (ended) its paragraph still does when its first (last) mark changed
        before = _local_before(self.text[max(0, start - _SNAP) : start])
        if not prefix.lstrip("\n") and len(before) < _SNAP and not before.strip(_MARKS):
            start -= len(before)
        after = _local_after(self.text[end : end + _SNAP])
        if not suffix.rstrip("\n") and len(after) < _SNAP and not after.strip(_MARKS):
            end += len(after)
        return (start, end) if start < end else None


def _through(blocks: list[MatchingBlock], position: int, at_start: bool) -> int | None:
    """Where a boundary of the needle lands in the window, by the matching blocks."""
    for block in blocks:
        if at_start and block.a <= position < block.a + block.size:
            return block.b + position - block.a
        if not at_start and block.a < position <= block.a + block.size:
            return block.b + position - block.a
    if at_start:  # the first quote character changed: just before the next matched one
        following = [b for b in blocks if b.a > position]
        return following[0].b - (following[0].a - position) if following else None
    preceding = [b for b in blocks if b.a + b.size < position]
    if not preceding:
        return None
    last = preceding[-1]
    return last.b + last.size + (position - last.a - last.size)
