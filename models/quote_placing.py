"""Placing a quote from another tool (a W3C or Hypothesis TextQuoteSelector, a REFI-QDA
selection) in an article's canonical text, with the re-anchoring engine (models.anchoring).

The same evidence and rules as re-anchoring: the exact quote decided by its context, else a
fuzzy match above the measured thresholds, else not placed; the position is only a hint that
breaks ties. Two things differ for a foreign selector. Browsers and QDA tools see other
whitespace (line breaks, runs of spaces, no-break spaces), so the engine runs on
whitespace-collapsed text and maps back. And a selector's context comes from another rendering
of the page, so context is compared only as far as the article's text reaches: an empty side,
or the part beyond the text's edge (a site's header, a caption), is unknown, not evidence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from models.anchoring import ORPHANED, Anchorer, Placement, Selector, select, similarity

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Collapsed:
    """Text with each whitespace run made one space, and where each character came from."""

    text: str
    origin: list[int]  # origin[i]: index in the original of collapsed character i


def collapse(text: str) -> Collapsed:
    parts: list[str] = []
    origin: list[int] = []
    position = 0
    for match in _SPACE.finditer(text):
        parts.append(text[position : match.start()])
        origin.extend(range(position, match.start()))
        parts.append(" ")
        origin.append(match.start())
        position = match.end()
    parts.append(text[position:])
    origin.extend(range(position, len(text)))
    return Collapsed("".join(parts), origin)


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text)


class _ForeignAnchorer(Anchorer):
    """The engine with no old text to diff: the hint stands in for the mapped position."""

    def __init__(self, text: str) -> None:
        super().__init__(text, None)
        self.hint: int | None = None

    def _near(self, stored: Selector, mapped: tuple[int, int] | None) -> int | None:
        return self.hint

    def context(self, prefix: str, suffix: str, start: int, end: int) -> float:
        prefix = prefix[len(prefix) - min(len(prefix), start) :]  # as far as the text reaches
        suffix = suffix[: len(self.text) - end]
        sides = [
            (similarity(prefix, self.text[start - len(prefix) : start]), len(prefix)),
            (similarity(suffix, self.text[end : end + len(suffix)]), len(suffix)),
        ]
        weight = sum(length for _, length in sides)
        if not weight:
            return 1.0  # no context to go by: every copy is as good, nearness decides
        return sum(score * length for score, length in sides) / weight


class QuotePlacer:
    """Places foreign quote selectors in one text (collapsed once, for many selectors)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._collapsed = collapse(text)
        self._anchorer = _ForeignAnchorer(self._collapsed.text)

    def place(
        self, exact: str, prefix: str = "", suffix: str = "", hint: int | None = None
    ) -> Placement | None:
        """Where `exact` goes in the text, as exact or fuzzy; None when it cannot be placed
        (absent, or its context is gone): never a guess."""
        quote = _squash(exact).strip()
        if not quote:
            return None
        origin = self._collapsed.origin
        near = None if hint is None else max(0, bisect.bisect_right(origin, hint) - 1)
        self._anchorer.hint = near
        stored = Selector(near, None, quote, _squash(prefix), _squash(suffix))
        found = self._anchorer.place(stored)
        if found.anchor == ORPHANED or found.start is None or found.end is None:
            return None
        start, end = origin[found.start], origin[found.end - 1] + 1
        chosen = select(self.text, start, end)  # whitespace alone is no change: still exact
        return Placement(
            found.anchor, start, end, chosen.quote, chosen.prefix, chosen.suffix, found.score
        )


def place_quote(
    text: str, exact: str, prefix: str = "", suffix: str = "", hint: int | None = None
) -> Placement | None:
    """One selector in `text` (see QuotePlacer.place)."""
    return QuotePlacer(text).place(exact, prefix, suffix, hint)
