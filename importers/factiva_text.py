"""Factiva downloads as RTF or plain text, the "Full Article/Report plus Indexing" layout.

Every field of a document is a line starting with its two- or three-letter code, a tab (or
spaces) and the value, which may go on over the following lines:

    HD      Banks brace for Brexit bill
    BY      By Jane Doe
    WC      1,024 words
    PD      13 November 2017
    SN      Financial Times
    SC      FTCOM
    LA      English
    CY      Copyright 2017 The Financial Times Ltd.
    LP      First paragraph.
    TD      Further paragraphs, one per line.
    AN      Document FTCOM00020171113edbd0001f

Fields always come in the order of `FIELDS`, so a line that starts like a code but would go
back in that order ("BY then, …" inside the text) is text; after the text only a code followed
by a tab, two spaces or the end of its line counts. A document ends at its AN line; one that
never reaches it fails the whole file (the download was cut off). The search summary after the
last document and Factiva's page lines stay out. Each article keeps its document's text as the
stored original (for RTF, as read from the RTF).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from importers import memory
from importers.base import Importer
from importers.decoding import decode_text, sniff_text
from importers.draft import ArticleDraft, ImportFailure
from importers.news_export import (
    NEWS_PER_BYTE,
    NEWS_PER_LINE,
    NO_ARTICLES,
    Document,
    build_drafts,
)
from importers.rtf_text import is_rtf, read_rtf_text

FIELDS = (
    "CLM SE HD BY CR WC PD ET SN SC ED PG VOL LA CY LP TD CT RF CO IN NS RE IPC IPD PUB AN"
).split()
_RANK = {code: rank for rank, code in enumerate(FIELDS)}
_BODY = ("LP", "TD")
_STARTS = ("CLM", "SE", "HD")  # the codes a document can open with
_FIELD_LINE = re.compile(rf"^[ \t]*(?P<code>{'|'.join(FIELDS)})(?P<sep>\t|  +| |$)(?P<value>.*)$")
_ACCESSION = re.compile(r"(?P<id>[A-Za-z0-9]{12,40})\s*$")
_PAGE_LINE = re.compile(r"^\s*\S+ \d+ \S+ \d+ © \d{4} Factiva, Inc\..*$")
_SNIFF_CODES = frozenset({"HD", "WC", "PD", "SN", "SC", "LA", "LP", "TD", "AN"})
_FACTIVA_NOTICE = re.compile(r"Factiva, Inc\.|Search Summary", re.IGNORECASE)
# Each notice holds one of these in lower case whatever its case: the case-blind regex, slow
# on every file an import sniffs, runs only then ("i" and "s" left out: "ı" and "ſ" match them).
# Looked for in the UTF-8 bytes, lowered as ASCII: str.lower() of a text with one accent took
# 10 µs a file; no other character lowers to one of these letters (only K and İ lower to ASCII).
_NOTICE_WORDS = (b"va, ", b"ummary")
SNIFF_SURE = 0.97
SNIFF_NOTICE = 0.5  # Factiva's furniture without documents: read to say there are none
_RTF_HEAD_BYTES = 64 * 1024  # fonts, colours and styles come before the first field


def _has_notice(text: str) -> bool:
    lowered = text.encode("utf-8", "surrogatepass").lower()
    if not any(word in lowered for word in _NOTICE_WORDS):
        return False
    return _FACTIVA_NOTICE.search(text) is not None


class FactivaTextImporter(Importer):
    name: ClassVar[str] = "factiva-text"
    description: ClassVar[str] = "Factiva download as RTF or text, fields coded HD, BY, PD, AN…"
    patterns: ClassVar[tuple[str, ...]] = ("*.rtf", "*.txt")
    head_bytes: ClassVar[int] = _RTF_HEAD_BYTES

    def sniff(self, head: bytes, path: Path) -> float:
        if is_rtf(head[:64]):
            try:
                text = read_rtf_text(head)
            except ImportFailure:
                return 0.0
        else:
            text = sniff_text(head[:8192])
        # Only lines that start with one of the codes counted can count (the regex is slow).
        found = text.split("\n")
        lines = (_FIELD_LINE.match(s) for s in found if s.lstrip(" \t")[:2] in _SNIFF_CODES)
        codes = {m["code"] for m in lines if m and m["sep"] != " "}
        if len(codes & _SNIFF_CODES) >= 3:
            return SNIFF_SURE
        return SNIFF_NOTICE if _has_notice(text) else 0.0

    def parse(self, data: bytes, path: Path) -> Iterator[ArticleDraft]:
        text = read_rtf_text(data) if is_rtf(data[:64]) else decode_text(data)
        memory.require_lines(len(data), text, NEWS_PER_BYTE, NEWS_PER_LINE)
        yield from build_drafts(list(_documents(text.split("\n"))), "Factiva")


@dataclass
class _Pending:
    number: int
    line: int  # where it starts, for messages
    fields: dict[str, list[str]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    current: str = ""


def _documents(lines: list[str]) -> Iterator[Document]:
    pending: _Pending | None = None
    count = 0
    for number, line in enumerate(lines, 1):
        if _PAGE_LINE.match(line):
            continue
        match = _FIELD_LINE.match(line)
        code = match["code"] if match and _is_field(match, pending) else ""
        if pending is None:
            if not code:
                continue  # before the first document, or after the last: furniture
            count += 1
            pending = _Pending(count, number)
        elif code and _RANK[code] <= _RANK[pending.current]:
            raise ImportFailure(
                f"Factiva document {pending.number} (line {pending.line}) ends without its "
                f"AN line at line {number}; the export is cut off or damaged"
            )
        pending.lines.append(line)
        if match and code:
            pending.current = code
            pending.fields[code] = [match["value"]]
        else:
            pending.fields[pending.current].append(line)
        if pending.current == "AN" and _accession(pending.fields["AN"]):
            yield _document(pending)
            pending = None
    if pending is not None:
        raise ImportFailure(
            f"Factiva document {pending.number} (line {pending.line}) has no AN line; "
            "the export is cut off or damaged"
        )
    if not count:
        raise ImportFailure(NO_ARTICLES)


def _is_field(match: re.Match[str], pending: _Pending | None) -> bool:
    """Whether a line that starts with a code is a field, not text that happens to."""
    code, separator = match["code"], match["sep"]
    if pending is None or _RANK[code] <= _RANK[pending.current]:
        # A document starts (or, with no AN before it, a new one would: an error).
        return code in _STARTS and (pending is None or separator not in ("", " "))
    if code == "AN":
        return not match["value"].strip() or _ACCESSION.search(match["value"]) is not None
    in_text = _RANK[pending.current] >= _RANK["LP"]
    return separator != " " or not in_text


def _accession(lines: list[str]) -> str:
    found = _ACCESSION.search(" ".join(" ".join(lines).split()))
    return found["id"] if found else ""


def _document(pending: _Pending) -> Document:
    fields = pending.fields

    def value(code: str) -> str:
        return " ".join(" ".join(fields.get(code, [])).split())

    accession = _accession(fields.get("AN", []))
    return Document(
        number=pending.number,
        paragraphs=[p for code in _BODY for p in _paragraphs(fields.get(code, []))],
        raw="\n".join(pending.lines).encode("utf-8"),
        title=value("HD"),
        outlet=value("SN"),
        date=value("PD"),
        author=value("BY"),
        section=value("SE"),
        length=value("WC"),
        document_id=f"factiva:{accession}" if accession else "",
    )


def _paragraphs(lines: list[str]) -> list[str]:
    """One paragraph per line, or per run of lines when blank lines separate paragraphs."""
    if any(not line.strip() for line in lines[1:-1]) and any(
        lines[i].strip() and lines[i + 1].strip() for i in range(len(lines) - 1)
    ):
        text = "\n".join(lines)
        return [chunk for chunk in re.split(r"\n[ \t]*\n", text) if chunk.strip()]
    return [line for line in lines if line.strip()]
