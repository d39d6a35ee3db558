"""Anchoring annotations in the canonical text (W3C TextQuoteSelector style)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

CONTEXT_CHARS = 32


@dataclass(frozen=True)
class Selector:
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


def select(text: str, start: int, end: int) -> Selector:
    """The selector for text[start:end]; raises ValueError for an empty or outside range."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"range {start}-{end} is not inside the text (length {len(text)})")
    return Selector(
        start,
        end,
        text[start:end],
        text[max(0, start - CONTEXT_CHARS) : start],
        text[end : end + CONTEXT_CHARS],
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
