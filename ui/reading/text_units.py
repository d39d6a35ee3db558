"""Where graphemes, words and sentences begin and end in an article's canonical text.

Selections are widened to these units in code points (no Qt here): a selection never splits a
user-perceived character (an emoji with its skin tone, a flag, a letter and its accent), and a
sloppy drag takes whole words. Grapheme clusters are Unicode's extended ones (`regex`'s \\X).
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

_SCAN_BACK = 64  # clusters are short: start looking this far back, at a space


@cache
def _patterns() -> tuple[Any, Any]:
    """(grapheme cluster, sentence end), made at the first selection: importing `regex` and
    compiling \\X cost the start-up tens of milliseconds."""
    import regex

    # A sentence ends at . ! ? or … with any closing quotes or brackets, then a space.
    return regex.compile(r"\X"), regex.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")


def _cluster_starts(text: str, start: int, end: int) -> list[int]:
    """Starts of the grapheme clusters from a safe point before `start` up to past `end`."""
    origin = max(0, start - _SCAN_BACK)
    space = max(text.rfind(" ", origin, start), text.rfind("\n", origin, start))
    origin = space if space >= 0 else origin
    starts = []
    for match in _patterns()[0].finditer(text, origin):
        starts.append(match.start())
        if match.start() >= end:
            break
    return starts or [len(text)]


def snap_to_graphemes(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole grapheme clusters."""
    starts = _cluster_starts(text, start, end)
    new_start = max((s for s in starts if s <= start), default=start)
    new_end = min((s for s in starts if s >= end), default=len(text))
    return new_start, max(new_start, min(new_end, len(text)))


def is_word_char(ch: str) -> bool:
    # Apostrophes inside a word (don’t, l'État) and combining marks keep it whole.
    return ch.isalnum() or ch in "'’_" or unicodedata.category(ch).startswith("M")


def _inside_word(text: str, offset: int) -> bool:
    return 0 < offset < len(text) and is_word_char(text[offset - 1]) and is_word_char(text[offset])


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) so neither end cuts a word in two (then whole graphemes)."""
    if start >= end:
        return start, end
    while _inside_word(text, start):
        start -= 1
    while _inside_word(text, end):
        end += 1
    return snap_to_graphemes(text, start, end)


def sentence_around(text: str, start: int, end: int, lower: int, upper: int) -> tuple[int, int]:
    """The sentences holding [start, end), within the paragraph [lower, upper)."""
    sentence_end = _patterns()[1]
    first = lower
    for match in sentence_end.finditer(text, lower, max(lower, start)):
        if match.end() <= start:
            first = match.end()
    while first < upper and text[first].isspace():
        first += 1
    last = upper
    # The sentence holding the last selected character (or the caret) ends at the next stop.
    search_from = max(first, end - 1 if end > start else end)
    match = sentence_end.search(text, search_from, upper)
    if match is not None:
        last = match.end()
    return min(first, start), max(last, end)
