"""Where an offset in one version of a text lands in the next: a word-level diff.

Used by re-anchoring to tell which copy of a repeated quote is the one that was highlighted,
and where to look for a quote whose words changed. An offset is mapped *reliably* only when
its word lies in a run of at least MIN_RUN words the two versions share: a lone "the" that
the diff happens to pair across a rewritten paragraph proves nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from rapidfuzz.distance import Indel

# Words, and each punctuation mark on its own: a changed quote mark is one changed token.
_TOKEN = re.compile(r"\w+|[^\w\s]")
MIN_RUN = 4
_FRAME = 3  # words outside a range that must be paired with it (PositionMap.framed)
# The token diff keeps a bit matrix of (changed old tokens x changed new tokens)/8 bytes;
# past this many cells (~32 MB) the changed middle is diffed paragraph by paragraph instead.
MAX_CELLS = 250_000_000


class PositionMap:
    """Maps offsets of `old` into `new` through a diff of their words."""

    def __init__(self, old: str, new: str) -> None:
        self.old_spans = [(m.start(), m.end()) for m in _TOKEN.finditer(old)]
        self.new_spans = [(m.start(), m.end()) for m in _TOKEN.finditer(new)]
        self.old_starts = [start for start, _ in self.old_spans]
        self.old_ends = [end for _, end in self.old_spans]
        old_words = [old[a:b] for a, b in self.old_spans]
        new_words = [new[a:b] for a, b in self.new_spans]
        # partner[i]: the new token old token i is paired with, or -1; run[i]: its run length
        self.partner = [-1] * len(old_words)
        self.run = [0] * len(old_words)
        self.new_partner = [-1] * len(new_words)  # the other way: new token j's old token
        for i1, i2, j1 in _equal_runs(old_words, new_words):
            for k in range(i2 - i1):
                self.partner[i1 + k] = j1 + k
                self.new_partner[j1 + k] = i1 + k
                self.run[i1 + k] = i2 - i1
        self.new_starts = [start for start, _ in self.new_spans]

    def map_start(self, offset: int) -> int | None:
        """Where a range starting at `offset` starts in the new text, if the diff says so."""
        i = bisect_left(self.old_ends, offset + 1)  # the first token ending after offset
        if i == len(self.old_spans) or not self._reliable(i):
            return None
        start = self.old_starts[i]
        if offset > start:  # inside the token
            return self.new_spans[self.partner[i]][0] + (offset - start)
        gap = start - offset  # in the whitespace before it: keep the distance, if it fits
        new_start = self.new_spans[self.partner[i]][0]
        return new_start - gap if self._gap_fits(i, new_start, gap) else new_start

    def map_end(self, offset: int) -> int | None:
        """Where a range ending at `offset` ends in the new text, if the diff says so."""
        i = bisect_right(self.old_starts, offset - 1) - 1  # the last token starting before
        if i < 0 or not self._reliable(i):
            return None
        end = self.old_ends[i]
        new_end = self.new_spans[self.partner[i]][1]
        if offset < end:
            return new_end - (end - offset)
        following = self.partner[i] + 1
        limit = self.new_spans[following][0] if following < len(self.new_spans) else None
        moved = new_end + (offset - end)
        return moved if limit is None or moved <= limit else new_end

    def framed(self, start: int, end: int, at_start: bool) -> bool:
        """A range's first (last) word is paired in one run with the words just outside it and
        the next (previous) word inside it: the diff places that end in its surroundings, not
        merely pairs a phrase or a full stop that occurs twice."""
        first = bisect_left(self.old_ends, start + 1)
        last = bisect_right(self.old_starts, end - 1) - 1
        i = first if at_start else last
        outward = -1 if at_start else 1
        steps = [outward * n for n in range(1, _FRAME + 1)]
        if first < last:
            steps.append(-outward)  # one word inside too
        if not 0 <= i < len(self.partner) or self.partner[i] < 0:
            return False
        for step in steps:
            k = i + step
            if not 0 <= k < len(self.partner):
                continue  # the text's own edge frames it
            if self.partner[k] != self.partner[i] + step:
                return False
        return True

    def paired_old(self, new_offset: int) -> int | None:
        """The old offset the diff pairs a new offset with (within a run), if it does."""
        j = bisect_right(self.new_starts, new_offset) - 1
        if j < 0 or new_offset >= self.new_spans[j][1]:
            return None
        i = self.new_partner[j]
        if i < 0 or self.run[i] < MIN_RUN:
            return None
        return self.old_starts[i] + (new_offset - self.new_starts[j])

    def approximate(self, offset: int) -> int:
        """The new offset of the nearest paired token before `offset` (for where to look)."""
        i = bisect_right(self.old_starts, offset) - 1
        while i >= 0 and self.partner[i] < 0:
            i -= 1
        if i < 0:
            return 0
        return self.new_spans[self.partner[i]][0] + max(0, offset - self.old_starts[i])

    def _reliable(self, i: int) -> bool:
        return self.partner[i] >= 0 and self.run[i] >= MIN_RUN

    def _gap_fits(self, i: int, new_start: int, gap: int) -> bool:
        previous = self.partner[i] - 1
        return previous < 0 or self.new_spans[previous][1] <= new_start - gap


def _equal_runs(old: list[str], new: list[str]) -> list[tuple[int, int, int]]:
    """(old start, old end, new start) of each run of tokens both lists share, in order."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    runs = [(0, head, 0)] if head else []
    middle_old, middle_new = old[head : len(old) - tail], new[head : len(new) - tail]
    if middle_old and middle_new:
        if len(middle_old) * len(middle_new) <= MAX_CELLS:
            blocks = Indel.opcodes(middle_old, middle_new).as_matching_blocks()
            runs += [(head + b.a, head + b.a + b.size, head + b.b) for b in blocks if b.size]
        else:
            runs += _paragraph_runs(middle_old, middle_new, head)
    if tail:
        runs.append((len(old) - tail, len(old), len(new) - tail))
    return runs


def _paragraph_runs(old: list[str], new: list[str], base: int) -> list[tuple[int, int, int]]:
    """A coarse diff for huge rewrites: whole sentences paired, in order."""
    old_chunks, new_chunks = _chunks(old), _chunks(new)
    if len(old_chunks) * len(new_chunks) > MAX_CELLS:
        return []  # nothing is mapped: every quote is looked for by its text and context
    blocks = Indel.opcodes(
        [tuple(old[a:b]) for a, b in old_chunks], [tuple(new[a:b]) for a, b in new_chunks]
    ).as_matching_blocks()
    runs = []
    for block in blocks:
        if block.size:
            first_old, first_new = old_chunks[block.a][0], new_chunks[block.b][0]
            last_old = old_chunks[block.a + block.size - 1][1]
            runs.append((base + first_old, base + last_old, base + first_new))
    return runs


def _chunks(tokens: list[str]) -> list[tuple[int, int]]:
    chunks, start = [], 0
    for i, token in enumerate(tokens):
        if token in {".", "!", "?"}:
            chunks.append((start, i + 1))
            start = i + 1
    if start < len(tokens):
        chunks.append((start, len(tokens)))
    return chunks
