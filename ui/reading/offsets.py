"""Canonical code points ↔ Qt document positions: the one place that converts between them.

Annotations point into the canonical text with Python code-point offsets; a QTextDocument counts
UTF-16 units and lays the article out as blocks: the title, a meta line, then one block per
paragraph, with one block separator between adjacent blocks. The arithmetic needs no Qt.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate

from models.text import Paragraph

# Characters QTextCursor.insertText turns into block or frame breaks; each is shown as a space
# (one code point, one unit either way) so that offsets stay put. PySide drops a leading U+FEFF
# from every string it hands to Qt, so a paragraph or run starting with one would come out a
# unit short: it is shown as U+2060 WORD JOINER (also invisible, also one unit).
_BREAKING = str.maketrans(
    {"\n": " ", "\r": " ", "\u2029": " ", "\ufdd0": " ", "\ufdd1": " ", "\ufeff": "\u2060"}
)


def display_text(text: str) -> str:
    """The text as it goes into the document: same length, no characters that split blocks."""
    return text.translate(_BREAKING)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _Block:
    """One paragraph: its canonical span, its document start, and (if astral) a units table."""

    __slots__ = ("start", "end", "doc_start", "doc_length", "units")

    def __init__(self, start: int, end: int, doc_start: int, text: str) -> None:
        self.start = start
        self.end = end
        self.doc_start = doc_start
        self.doc_length = utf16_length(text)
        # units[i]: UTF-16 units before code point i; None when every code point is one unit.
        self.units: list[int] | None = None
        if self.doc_length != len(text):
            self.units = [0, *accumulate(2 if ord(ch) > 0xFFFF else 1 for ch in text)]

    def to_units(self, offset: int) -> int:
        return offset if self.units is None else self.units[offset]

    def to_code_points(self, units: int, round_up: bool) -> int:
        if self.units is None:
            return units
        index = bisect_left(self.units, units)
        if self.units[index] != units and not round_up:  # inside a surrogate pair
            index -= 1
        return index


class DocumentMap:
    """Maps offsets between an article's canonical text and its reading-pane document."""

    def __init__(self, title: str, meta: str, text: str, paragraphs: Sequence[Paragraph]) -> None:
        self.text = text
        self.title_length = utf16_length(title)
        self.meta_start = self.title_length + 1
        self.body_start = self.meta_start + utf16_length(meta) + 1
        self._blocks: list[_Block] = []
        position = self.body_start
        for paragraph in paragraphs:
            block = _Block(
                paragraph.start, paragraph.end, position, text[paragraph.start : paragraph.end]
            )
            self._blocks.append(block)
            position += block.doc_length + 1
        self._starts = [b.start for b in self._blocks]
        self._doc_starts = [b.doc_start for b in self._blocks]
        # Last cursor position in the document (the end of the last block).
        self.end_position = position - 1 if self._blocks else self.body_start - 1

    @property
    def paragraph_count(self) -> int:
        return len(self._blocks)

    def to_document(self, cp: int) -> int:
        """Canonical offset → document position; a gap between paragraphs maps to the end of
        the paragraph before it, offsets outside the body to its first or last position."""
        if not self._blocks:
            return self.end_position
        index = bisect_right(self._starts, cp) - 1
        if index < 0:
            return self._blocks[0].doc_start
        block = self._blocks[index]
        if cp >= block.end:
            return block.doc_start + block.doc_length
        return block.doc_start + block.to_units(cp - block.start)

    def to_canonical(self, pos: int, *, prefer_end: bool = False) -> int:
        """Document position → canonical offset; title and meta positions clamp to 0.

        prefer_end reads the position as the end of a range: a paragraph's first position
        maps to the end of the previous paragraph (the range then stops before the
        separator) and a position inside a surrogate pair rounds up instead of down.
        """
        index = bisect_right(self._doc_starts, pos) - 1
        if index < 0:
            return 0
        block = self._blocks[index]
        units = min(pos - block.doc_start, block.doc_length)
        if prefer_end and units == 0 and index > 0:
            return self._blocks[index - 1].end
        return block.start + block.to_code_points(units, prefer_end)

    def range_to_document(self, start: int, end: int) -> tuple[int, int]:
        return self.to_document(start), self.to_document(end)

    def range_to_canonical(self, a: int, b: int) -> tuple[int, int]:
        """A document selection (either order) → canonical [start, end); may be empty."""
        a, b = min(a, b), max(a, b)
        start = self.to_canonical(a)
        return start, max(start, self.to_canonical(b, prefer_end=True))

    def split_at_blocks(self, a: int, b: int) -> list[tuple[int, int]]:
        """Split a document range [a, b) into its pieces inside paragraph blocks (no separators)."""
        index = max(0, bisect_right(self._doc_starts, a) - 1)
        pieces = []
        while index < len(self._blocks) and self._blocks[index].doc_start < b:
            block = self._blocks[index]
            start, end = max(a, block.doc_start), min(b, block.doc_start + block.doc_length)
            if start < end:
                pieces.append((start, end))
            index += 1
        return pieces

    def code_point_at(self, pos: int) -> int | None:
        """The canonical offset of the character at a document position (its first code point
        for either unit of a surrogate pair); None in the title, the meta line or a break."""
        index = bisect_right(self._doc_starts, pos) - 1
        if index < 0:
            return None
        block = self._blocks[index]
        units = pos - block.doc_start
        if units >= block.doc_length:
            return None
        return block.start + block.to_code_points(units, round_up=False)

    def paragraph_index_at(self, pos: int) -> int | None:
        """The paragraph holding a document position; None in the title or meta line."""
        index = bisect_right(self._doc_starts, pos) - 1
        return index if index >= 0 else None

    def paragraph_span(self, cp: int) -> tuple[int, int] | None:
        """The canonical [start, end) of the paragraph holding (or ending at) an offset."""
        index = bisect_right(self._starts, cp) - 1
        if index < 0:
            return None
        block = self._blocks[index]
        return block.start, block.end
