"""Article drafts: what an importer hands to the library.

A draft holds blocks (paragraph-level units) whose text is already normalised the way the
canonical text needs it: invisible format characters out, whitespace collapsed, NFC. The
library joins block texts with one blank line to form the canonical text, so every mark offset
here is relative to its own block.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

BLOCK_KINDS = ("lead", "heading", "paragraph", "quote", "list-item")
MARK_KINDS = ("bold", "italic", "link")

_SLICE_CHARS = 1 << 20
_SPACE = re.compile(r"\s")
_WEB_URL = re.compile(r"https?://[^\s/?#]", re.IGNORECASE)
# Characters that show nothing but split a word for search: soft hyphens, zero-width spaces,
# word joiners, a BOM inside the text; and zero-width (non-)joiners, except between two
# characters of the scripts and emoji that join with them (Arabic, Persian, Indic; 👩‍🔬).
# And NUL, junk of a broken file, which a PostgreSQL library could not store: the canonical
# text (and so every offset into it) is the same on both backends.
_INVISIBLE = re.compile(
    "[\x00\u00ad\u200b\u2060\ufeff]"
    "|(?<![\u0590-\U0010ffff])[\u200c\u200d]|[\u200c\u200d](?![\u0590-\U0010ffff])"
)
# Any of those characters at all: one character class, ten times faster to rule them out than
# _INVISIBLE's lookarounds, which the regex engine tries at every position.
_MAYBE_INVISIBLE = re.compile("[\x00\u00ad\u200b\u2060\ufeff\u200c\u200d]")


class ImportFailure(Exception):
    """A file (or a row of it) cannot be imported; the message is the plain reason."""


class UnknownFormat(ImportFailure):
    """No importer recognises the file (a folder walk skips such files instead of failing)."""


class NotThisFormat(ImportFailure):
    """Raised by `parse` before any draft: on a full look the file is not in this importer's
    format after all (a Word file that is not a Nexis export, which the first bytes of a ZIP
    cannot tell). The registry then tries the next importer that sniffed the file."""


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
    # What news databases add: the section, their word count, their document id. The id is
    # prefixed with the database ("factiva:…") so ids from two databases never clash.
    section: str = ""
    reported_words: int | None = None
    document_id: str = ""
    # Article variables from dataset columns (--map attr:NAME=COLUMN), as the cells read.
    attributes: dict[str, str] = field(default_factory=dict)


def web_url(url: str) -> str:
    """`url` when it is an absolute http(s) address, else "": a file may name javascript:,
    data: or file: addresses, which must never become an article's link."""
    url = url.strip()
    return url if _WEB_URL.match(url) else ""


def collapse_whitespace(text: str) -> str:
    # str.split() and the regex \s agree on what whitespace is (both use str.isspace); split
    # is several times faster than a substitution at every word boundary. A long text goes a
    # slice at a time: a list of all its words costs ~60 bytes a word (12 times the text).
    if len(text) <= _SLICE_CHARS:
        return " ".join(text.split())
    return " ".join(filter(None, (" ".join(part.split()) for part in whitespace_slices(text))))


def whitespace_slices(text: str, size: int | None = None) -> Iterator[str]:
    """`text` in slices of about `size` characters, cut only at whitespace (words stay whole)."""
    size = size or _SLICE_CHARS
    start = 0
    while start < len(text):
        found = _SPACE.search(text, start + size)
        end = found.start() if found else len(text)
        yield text[start:end]
        start = end


def make_block(kind: str, text: str, marks: Iterable[Mark] = ()) -> Block | None:
    """Normalise raw text and its marks into a block; None when nothing readable remains.

    Invisible format characters go, whitespace runs become one space, the ends are stripped and
    the text is NFC. Mark offsets are carried through each step so they keep pointing at the
    same characters.
    """
    marks = list(marks)
    if _has_invisible(text):
        text, marks = _strip_invisible(text, marks)
    collapsed = collapse_whitespace(text)
    normal = unicodedata.normalize("NFC", collapsed)
    if not normal:
        return None
    if not marks:
        return Block(kind, normal)
    moved_to = collapsed_offsets(text, (o for m in marks for o in (m.start, m.end)))
    moved_to = {k: min(v, len(collapsed)) for k, v in moved_to.items()}
    if normal != collapsed:  # the common case (already NFC) needs no NFC step
        composed = nfc_offsets(collapsed, moved_to.values())
        moved_to = {k: min(composed[v], len(normal)) for k, v in moved_to.items()}

    kept: list[Mark] = []
    for mark in marks:
        start, end = moved_to[mark.start], moved_to[mark.end]
        while start < end and normal[start] == " ":
            start += 1
        while end > start and normal[end - 1] == " ":
            end -= 1
        if start < end:
            kept.append(Mark(mark.kind, start, end, mark.href))
    return Block(kind, normal, tuple(_merge_adjacent(kept)))


def _has_invisible(text: str) -> bool:
    return (
        (not text.isascii() or "\x00" in text)  # NUL is the one ASCII character here
        and _MAYBE_INVISIBLE.search(text) is not None
        and _INVISIBLE.search(text) is not None
    )


def strip_invisible(text: str) -> str:
    """`text` without the characters that show nothing but split words (see _INVISIBLE)."""
    return _INVISIBLE.sub("", text)


def _strip_invisible(text: str, marks: list[Mark]) -> tuple[str, list[Mark]]:
    """The text without invisible characters, and the marks moved back over those removed."""
    if not marks:
        return strip_invisible(text), marks
    cuts = [found.start() for found in _INVISIBLE.finditer(text)]

    def moved(offset: int) -> int:
        return offset - bisect_left(cuts, offset)  # minus the cuts before the offset

    moved_marks = [Mark(m.kind, moved(m.start), moved(m.end), m.href) for m in marks]
    return strip_invisible(text), moved_marks


def collapsed_offsets(text: str, offsets: Iterable[int]) -> dict[int, int]:
    """Where each raw offset lands after `collapse_whitespace(text)`.

    Walks the text once from boundary to boundary (the collapsing itself is done by the regex
    engine), so a 16 MB paragraph with thousands of marks stays fast. An offset on a
    whitespace character lands where that run's single space is.
    """
    result: dict[int, int] = {}
    position = length = 0
    pending = False  # whitespace seen after some text: one space is owed before the next word
    for offset in sorted(set(offsets)):
        segment = text[position:offset]
        if segment.strip():
            core = collapse_whitespace(segment)
            length += (1 if (pending or segment[0].isspace()) and length else 0) + len(core)
            pending = segment[-1].isspace()
        elif segment:
            pending = pending or length > 0
        position = offset
        owed = pending and offset < len(text) and not text[offset].isspace()
        result[offset] = length + (1 if owed else 0)
    return result


def nfc_offsets(text: str, offsets: Iterable[int]) -> dict[int, int]:
    """len(NFC(text[:offset])) for each offset, in one walk instead of one NFC per offset.

    NFC of the text is the NFC of its pieces joined when each cut sits before a character that
    nothing before it can reorder with or compose with; the walk adds up the pieces between such
    cuts and normalises only the short stretch from the last one to each offset.
    """
    result: dict[int, int] = {}
    length = len(text)
    safe = base = 0  # the last clean cut, and len(NFC(text[:safe]))
    scanned = 0
    for offset in sorted(set(offsets)):
        for cut in range(offset, max(scanned, safe), -1):  # the last clean cut up to offset
            if cut == length or _starts_fresh(text[cut]):
                base += len(unicodedata.normalize("NFC", text[safe:cut]))
                safe = cut
                break
        scanned = max(scanned, offset)
        result[offset] = base + len(unicodedata.normalize("NFC", text[safe:offset]))
    return result


def _starts_fresh(ch: str) -> bool:
    """Whether NFC can cut before ch: its decomposition starts with a starter (combining class
    0, so no reordering across it) that never composes with a character before it."""
    if ch < "\u0300":
        return True
    first = unicodedata.normalize("NFD", ch)[0]
    return unicodedata.combining(first) == 0 and first not in _second_starters()


@cache
def _second_starters() -> frozenset[str]:
    """Starters that compose with the character before them (Hangul vowels and trailing
    consonants, some Indic vowel signs), taken from this Python's Unicode data."""
    found = {chr(cp) for cp in (*range(0x1161, 0x1176), *range(0x11A8, 0x11C3))}
    for cp in range(sys.maxunicode + 1):
        parts = unicodedata.decomposition(chr(cp)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            second = chr(int(parts[1], 16))
            if unicodedata.combining(second) == 0:
                found.add(second)
    return frozenset(found)


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
