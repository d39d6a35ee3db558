"""Article drafts: what an importer hands to the library.

A draft holds blocks (paragraph-level units) whose text is already normalised the way the
canonical text needs it: whitespace collapsed, NFC. The library joins block texts with one blank
line to form the canonical text, so every mark offset here is relative to its own block.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

BLOCK_KINDS = ("lead", "heading", "paragraph", "quote", "list-item")
MARK_KINDS = ("bold", "italic", "link")

_WHITESPACE = re.compile(r"\s+")


class ImportFailure(Exception):
    """A file (or a row of it) cannot be imported; the message is the plain reason."""


@dataclass(frozen=True)
class Mark:
    """Inline formatting over block-relative code-point offsets [start, end)."""

    kind: str
    start: int
    end: int
    href: str | None = None


@dataclass(frozen=True)
class Block:
    kind: str
    text: str
    marks: tuple[Mark, ...] = ()


@dataclass
class ArticleDraft:
    blocks: list[Block]
    title: str = ""
    source: str = ""
    author: str = ""
    date: dt.date | None = None
    url: str = ""
    raw: bytes = b""
    # Where in the file the article came from ("row 12"), for messages; empty for whole files.
    origin: str = ""
    warnings: list[str] = field(default_factory=list)


def collapse_whitespace(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def make_block(kind: str, text: str, marks: Iterable[Mark] = ()) -> Block | None:
    """Normalise raw text and its marks into a block; None when nothing readable remains.

    Whitespace runs become one space, the ends are stripped and the text is NFC. Mark offsets
    are carried through both steps so they keep pointing at the same characters.
    """
    collapsed, index_map = _collapse_with_map(text)
    normal = unicodedata.normalize("NFC", collapsed)
    if not normal:
        return None
    kept: list[Mark] = []
    for mark in marks:
        start = _nfc_offset(collapsed, index_map[mark.start], len(normal))
        end = _nfc_offset(collapsed, index_map[mark.end], len(normal))
        while start < end and normal[start] == " ":
            start += 1
        while end > start and normal[end - 1] == " ":
            end -= 1
        if start < end:
            kept.append(Mark(mark.kind, start, end, mark.href))
    return Block(kind, normal, tuple(_merge_adjacent(kept)))


def _collapse_with_map(text: str) -> tuple[str, list[int]]:
    """Collapse whitespace; map[i] is the output offset of input offset i (len+1 entries)."""
    out: list[str] = []
    index_map: list[int] = []
    pending_space = False
    for ch in text:
        if ch.isspace():
            index_map.append(len(out))
            if out:
                pending_space = True
            continue
        if pending_space:
            out.append(" ")
            pending_space = False
        index_map.append(len(out))
        out.append(ch)
    index_map.append(len(out))
    # Offsets that pointed into trailing whitespace now point past the end: clamp them.
    return "".join(out), [min(i, len(out)) for i in index_map]


def _nfc_offset(text: str, offset: int, limit: int) -> int:
    return min(len(unicodedata.normalize("NFC", text[:offset])), limit)


def _merge_adjacent(marks: Sequence[Mark]) -> list[Mark]:
    """Join touching marks of the same kind and target so the structure stays small."""
    merged: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m.kind, m.href or "", m.start)):
        last = merged[-1] if merged else None
        if last and (last.kind, last.href) == (mark.kind, mark.href) and mark.start <= last.end:
            merged[-1] = Mark(last.kind, last.start, max(last.end, mark.end), last.href)
        else:
            merged.append(mark)
    return sorted(merged, key=lambda m: (m.start, m.end, m.kind))


class RunBuilder:
    """Accumulates text runs with the marks active on each, then yields a normalised block."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._marks: list[Mark] = []

    def add(self, text: str, kinds: Iterable[tuple[str, str | None]] = ()) -> None:
        if not text:
            return
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        for kind, href in kinds:
            self._marks.append(Mark(kind, start, self._length, href))

    def build(self, kind: str) -> Block | None:
        return make_block(kind, "".join(self._parts), self._marks)


def shorten_title(text: str, limit: int = 120) -> str:
    """A title from a lead or first paragraph: whole if it fits, else cut at a word with '…'."""
    text = collapse_whitespace(text)
    if len(text) <= limit:
        return text
    space = text.rfind(" ", 0, limit)  # a space at index < limit leaves room for the "…"
    # Cut at that word boundary if it keeps most of the text; a giant word gets a hard cut.
    cut = text[:space] if space > limit // 2 else text[: limit - 1]
    return cut.rstrip(" ,;:.-–—") + "…"
