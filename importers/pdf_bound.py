"""Keeping a PDF's import within the memory bound (importers/memory.py) before PDFium reads it.

PDFium keeps ~500 bytes for each text object of a page it loads, and a page's content streams
are compressed: 100 KB of PDF can unpack to a million one-letter objects (half a gigabyte). So
the text-showing operators (Tj, TJ) are counted first, in the file and in every Flate stream
inflated in chunks and thrown away, no further than the bound allows. Paragraphs built from the
pages are counted as they come (`PageCosts`): pages can share one content stream, so a small
file can hold any number of them.
"""

from __future__ import annotations

import re
import zlib

from importers import memory
from importers.draft import ImportFailure

# Measured: PDFium's objects for a text operator; a line of text in Python; its characters.
_MEMORY_PER_OPERATOR = 500
_MEMORY_PER_LINE = 800
_MEMORY_PER_CHAR = 8
_FILE_COPIES = 2  # the bytes, and PDFium's own parse of the cross-reference and objects
_CHUNK = 1 << 20
_STREAM = re.compile(rb"stream\r?\n")
_ZLIB_HEADER = 0x78
# Inflating costs time, not memory: up to this many times the budget before refusing the file.
_MAX_INFLATED_BUDGETS = 4


def require_bounded_pdf(data: bytes) -> None:
    """Refuse the PDF (ImportFailure) when PDFium's text objects would not fit its bound."""
    size = len(data)
    memory.require_pieces(
        size,
        _FILE_COPIES * size,
        _MEMORY_PER_OPERATOR,
        lambda limit: _text_operators(data, limit),
        "text objects",
    )


def _text_operators(data: bytes, limit: int) -> int:
    operators = _count(data)
    inflated, most = 0, _MAX_INFLATED_BUDGETS * memory.budget(len(data))
    for match in _STREAM.finditer(data):
        start = match.end()
        if start >= len(data) or data[start] != _ZLIB_HEADER:
            continue
        inflate, position, pending = zlib.decompressobj(), start, b""
        while operators <= limit and not inflate.eof:
            if not pending:
                pending, position = data[position : position + _CHUNK], position + _CHUNK
                if not pending:
                    break
            try:
                out = inflate.decompress(pending, _CHUNK)
            except zlib.error:
                break  # not Flate data after all, or damaged: PDFium will say
            pending = inflate.unconsumed_tail
            inflated += len(out)
            operators += _count(out)
            if inflated > most:
                raise ImportFailure(
                    f"refused: the PDF's streams unpack to more than {most // 1_000_000:,} MB"
                )
        if operators > limit:
            break
    return operators


def _count(data: bytes) -> int:
    return data.count(b"Tj") + data.count(b"TJ")


class PageCosts:
    """The paragraphs read so far, refused (ImportFailure) once they outgrow the file's bound."""

    def __init__(self, size: int) -> None:
        self._size, self._spent = size, _FILE_COPIES * size

    def add_lines(self, lines: int, characters: int) -> None:
        self._spent += _MEMORY_PER_LINE * lines + _MEMORY_PER_CHAR * characters
        memory.require(self._size, self._spent)
