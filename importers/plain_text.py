"""Plain text articles without a date line: paragraphs at blank lines, a title line if any.

The first line is the title when it looks like one: short, without a closing period, and
either a paragraph of its own or followed by a line that starts a new sentence. Otherwise the
title is taken from the first sentence. Sniffing stays low so dated text and paragraph lists,
which are more specific, win their files.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

from importers import memory
from importers.base import Importer
from importers.body_text import BLANK_LINE, fallback_title, plain_blocks
from importers.decoding import decode_text, sniff_text
from importers.draft import ArticleDraft, ImportFailure, collapse_whitespace

SNIFF_SCORE = 0.25
_MAX_TITLE = 120
_NOT_A_TITLE_END = ".,;:-–—"
_BINARY = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])
_BINARY_CHARS = dict.fromkeys(_BINARY)  # str.translate deletes what maps to None
# Measured (importers/memory.py): copies of the text, a byte of the file, narrow or wide text;
# and one paragraph's objects.
_MEMORY_PER_BYTE = (8.0, 15.0)
_MEMORY_PER_PARAGRAPH = 800


class PlainTextImporter(Importer):
    name: ClassVar[str] = "plain-text"
    description: ClassVar[str] = "Plain text article: paragraphs separated by blank lines"
    patterns: ClassVar[tuple[str, ...]] = ("*.txt",)

    def sniff(self, head: bytes, path: Path) -> float:
        if path.suffix.lower() != ".txt":
            return 0.0  # any file is text of a sort: only claim the ones named so
        text = sniff_text(head)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            binary = len(text) - len(text.translate(_BINARY_CHARS))  # UTF-16 is all NUL bytes
        else:
            binary = len(head) - len(head.translate(None, _BINARY))  # C0 is ASCII in UTF-8
        if not text.strip() or binary > 2:
            return 0.0
        return SNIFF_SCORE

    def parse(self, data: bytes, path: Path) -> Iterator[ArticleDraft]:
        text = decode_text(data).strip("\n")
        fixed = memory.text_cost(len(data), text, _MEMORY_PER_BYTE)
        memory.require_pieces(
            len(data), fixed, _MEMORY_PER_PARAGRAPH, _paragraph_count(text), "paragraphs"
        )
        title, body = split_title(text)
        blocks = plain_blocks(body)
        if not blocks:
            blocks = plain_blocks(text)  # a lone title line is the text too
        if not blocks:
            raise ImportFailure("file has no text")
        yield ArticleDraft(blocks=blocks, title=title or fallback_title(blocks), raw=data)


def _paragraph_count(text: str) -> Callable[[int], int]:
    return lambda limit: memory.count_up_to(BLANK_LINE.finditer(text), limit) + 1


def split_title(text: str) -> tuple[str, str]:
    """(title, the rest) when the first line is a title; ("", text) when it is not."""
    first, _, rest = text.lstrip().partition("\n")
    first = collapse_whitespace(first)
    if not first or len(first) >= _MAX_TITLE or first[-1] in _NOT_A_TITLE_END:
        return "", text
    following = rest.lstrip(" \t")
    alone = not following or following.startswith("\n")
    if alone or _starts_sentence(following):
        return first, rest
    return "", text


def _starts_sentence(text: str) -> bool:
    first = text.lstrip("\"'“‘([")[:1]
    return first.isupper() or first.isdigit()
