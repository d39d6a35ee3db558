"""Placing a quote from another tool (a TextQuoteSelector) in an article's canonical text.

Browsers and QDA tools see the same article with other whitespace (line breaks, runs of spaces,
no-break spaces), so the search runs on whitespace-collapsed text and maps back. Among several
occurrences the one whose prefix and suffix agree best wins; the position is only a hint that
breaks ties. (The re-anchoring engine, when it lands on main, should take this over.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Collapsed:
    """Text with each whitespace run made one space, and where each character came from."""

    text: str
    origin: list[int]  # origin[i]: index in the original of collapsed character i
    length: int  # of the original


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
    return Collapsed("".join(parts), origin, len(text))


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text)


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def place_quote(
    text: str | Collapsed, exact: str, prefix: str = "", suffix: str = "", hint: int | None = None
) -> tuple[int, int] | None:
    """[start, end) of the best occurrence of `exact` in code points of `text`; None if absent."""
    collapsed = text if isinstance(text, Collapsed) else collapse(text)
    needle = _squash(exact).strip()
    if not needle:
        return None
    before, after = _squash(prefix), _squash(suffix)
    best: tuple[int, int, int] | None = None  # (-context agreement, distance to hint, start)
    start = collapsed.text.find(needle)
    while start != -1:
        end = start + len(needle)
        agreement = _common_suffix(collapsed.text[:start].rstrip(), before.rstrip())
        agreement += _common_prefix(collapsed.text[end:].lstrip(), after.lstrip())
        origin = collapsed.origin[start]
        distance = abs(origin - hint) if hint is not None else 0
        key = (-agreement, distance, start)
        if best is None or key < best:
            best = key
        start = collapsed.text.find(needle, start + 1)
    if best is None:
        return None
    first = best[2]
    last = first + len(needle) - 1
    return collapsed.origin[first], collapsed.origin[last] + 1
