"""Plain text articles that open with a date line.

    date 2022-09-22 The standfirst follows the date on the same line.

    First paragraph; paragraphs are separated by blank lines.

There is no title line: the title is taken from the standfirst. Lines of one paragraph that are
not separated by a blank line belong together, the date line's own paragraph included.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from importers import memory
from importers.base import Importer
from importers.decoding import decode_text, sniff_text
from importers.draft import ArticleDraft, Block, ImportFailure, make_block, shorten_title

# Measured (importers/memory.py): copies of the text, a byte of the file, narrow or wide text;
# a line's objects, with its share of a paragraph's (every other line may start one).
_MEMORY_PER_BYTE = (8.0, 15.0)
_MEMORY_PER_LINE = 500
_DATE_LINE = re.compile(
    r"date[ \t]+(?P<date>\d{4}-\d{2}-\d{2})(?:[ \t]+(?P<rest>.*))?", re.IGNORECASE
)


class DatedTextImporter(Importer):
    name: ClassVar[str] = "dated-text"
    description: ClassVar[str] = "Plain text article starting with 'date YYYY-MM-DD' and a lead"
    patterns: ClassVar[tuple[str, ...]] = ("*.txt",)

    def sniff(self, head: bytes, path: Path) -> float:
        return 0.95 if _DATE_LINE.match(sniff_text(head).lstrip()) else 0.0

    def parse(self, data: bytes, path: Path) -> Iterator[ArticleDraft]:
        text = decode_text(data)
        memory.require_lines(len(data), text, _MEMORY_PER_BYTE, _MEMORY_PER_LINE)
        lines = text.split("\n")
        first = next(i for i, line in enumerate(lines) if line.strip())  # decode ensures one
        date, standfirst = _read_date_line(lines[first].strip(), first + 1)
        lines[first] = standfirst
        paragraphs = _paragraphs(lines[first:])
        if not paragraphs:
            raise ImportFailure("no article text after the date line")
        # The standfirst, or the first paragraph when the date stood alone, is the lead.
        paragraphs[0] = Block("lead", paragraphs[0].text)
        yield ArticleDraft(
            blocks=paragraphs, title=shorten_title(paragraphs[0].text), date=date, raw=data
        )


def _read_date_line(line: str, number: int) -> tuple[dt.date, str]:
    match = _DATE_LINE.fullmatch(line)
    if not match:
        raise ImportFailure(f"expected 'date YYYY-MM-DD' at the start of line {number}")
    try:
        date = dt.date.fromisoformat(match["date"])
    except ValueError:
        raise ImportFailure(f"invalid date '{match['date']}' on line {number}") from None
    return date, match["rest"] or ""


def _paragraphs(lines: list[str]) -> list[Block]:
    """Runs of non-blank lines, each one paragraph block."""
    blocks: list[Block] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line)
            continue
        block = make_block("paragraph", "\n".join(current)) if current else None
        if block:
            blocks.append(block)
        current = []
    return blocks
