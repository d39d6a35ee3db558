"""Keeping an import's memory bounded by the size of its file.

An import of a file of S bytes must peak under PER_BYTE × S + HEADROOM. Two things cost more
than the bytes: copies of the text (each four bytes a character once one emoji is in it), and
Python objects, ~1 KB a paragraph, row or list item whatever their size, so that 48 MB of
one-letter list items once took 12 GB. Each importer counts what it will build with a cheap
pass (bytes.count, a tokenizer, a walk of the parsed tree) before building it, and refuses the
file when its estimate, from the costs measured below, does not fit.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterable

from importers.draft import ImportFailure

PER_BYTE = 10
HEADROOM = 300_000_000
RESERVED = 100_000_000  # the interpreter, lxml, trafilatura and SQLite, before any file
_MB = 1_000_000


def budget(size: int) -> int:
    """Bytes a file of `size` bytes may use beyond what Gloss takes before reading it."""
    return PER_BYTE * size + HEADROOM - RESERVED


def char_width(text: str) -> int:
    """Bytes a character of `text` takes in memory (1, 2 or 4), from its size, without a scan."""
    if len(text) < 64:
        return 4
    per_char = (sys.getsizeof(text) - sys.getsizeof("")) / len(text)
    return 1 if per_char < 1.5 else 2 if per_char < 3 else 4


def text_cost(size: int, text: str, per_byte: tuple[float, float]) -> int:
    """What copies of a file's text cost: `per_byte` of the file's size for a text of one byte
    a character and of four (measured for each importer), in between for two."""
    narrow, wide = per_byte
    return int((narrow + (wide - narrow) * (char_width(text) - 1) / 3) * size)


def require(size: int, need: int) -> None:
    """Refuse the file (ImportFailure) when `need` bytes do not fit its budget."""
    if need > budget(size):
        total, allowed = need + RESERVED, budget(size) + RESERVED
        raise ImportFailure(
            f"too large to import in bounded memory: it would take about {_megabytes(total)}, "
            f"more than the {_megabytes(allowed)} allowed for a file of {_megabytes(size)}"
        )


def require_lines(size: int, text: str, per_byte: tuple[float, float], per_line: int) -> None:
    """For importers that split the text into lines and paragraphs: the text's copies and
    `per_line` bytes a line (a line of one letter costs as much as a sentence)."""
    require(size, text_cost(size, text, per_byte) + per_line * (text.count("\n") + 1))


def require_page(data: bytes, per_tag: int) -> None:
    """For HTML read by lxml: the bytes, their text and the tree's share (about three times the
    file) and `per_tag` bytes a tag, counted on the bytes before anything is parsed."""
    require(len(data), 3 * len(data) + per_tag * data.count(b"<"))


def require_pieces(
    size: int, fixed: int, per_piece: int, count: Callable[[int], int], pieces: str
) -> None:
    """Refuse the file when `fixed` bytes and its pieces (`count(limit)` of them, counted no
    further than limit + 1) do not fit its budget."""
    require(size, fixed)
    limit = (budget(size) - fixed) // per_piece
    if count(limit) > limit:
        raise ImportFailure(
            f"too many {pieces} to import in bounded memory: more than {limit:,} in a file of "
            f"{_megabytes(size)}"
        )


def count_up_to(items: Iterable[object], limit: int) -> int:
    """How many items there are, counting no further than limit + 1 (so it stays cheap)."""
    return sum(1 for _ in itertools.islice(items, limit + 1))


def _megabytes(size: int) -> str:
    return f"{max(1, round(size / _MB)):,} MB"
