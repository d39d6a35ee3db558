"""The document layout of LexisNexis Academic and Nexis UK downloads, read from lines of text.

    (cover page: Download Request, Terms, Source, …)
                               1 of 10 DOCUMENTS

                                  The Guardian (London)

                            January 11, 2010 Monday
                                  Final Edition

    Headline, possibly over several lines

    BYLINE: Andrew Sparrow
    SECTION: NEWS; Pg. 3
    LENGTH: 355 words

    Text, hard-wrapped at ~80 columns, paragraphs apart by blank lines.

    LOAD-DATE: January 11, 2010
    LANGUAGE: ENGLISH

                       Copyright 2010 Guardian News and Media Limited
                              All Rights Reserved

Centred lines (indented) before the headline are the outlet, the date and the edition; labelled
fields come before and after the text; the copyright lines close the document. German and
French downloads use their own separators and labels ("Dokument 1 von 10", "LÄNGE:"). The
plain-text importer gives lines as they are; the HTML importer indents the centred ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from importers.dates import DateError, parse_date
from importers.draft import ImportFailure
from importers.news_export import NO_ARTICLES, Document

SEPARATOR = re.compile(
    r"^\s*(?:(?P<n>\d+) of (?P<m>\d+) DOCUMENTS?|Dokument (?P<n2>\d+) von (?P<m2>\d+)"
    r"|Document (?P<n3>\d+) de (?P<m3>\d+))\s*$"
)
COVER = re.compile(r"^\s*(?:Download Request:|Time Of Request:|Terms:|Send To:)", re.MULTILINE)
_LABEL = re.compile(r"^(?P<label>[A-ZÄÖÜÉ][A-ZÄÖÜÉ-]{1,30}(?: [A-Z]{2,12})?):(?:\s+|$)(?P<rest>.*)")
# Fields that come before the text, by their label in English, German and French.
_HEAD_FIELDS = {
    "BYLINE": "author",
    "AUTOR": "author",
    "AUTEUR": "author",
    "SECTION": "section",
    "RUBRIK": "section",
    "RUBRIQUE": "section",
    "LENGTH": "length",
    "LÄNGE": "length",
    "LONGUEUR": "length",
}
# Labels that may stand among the text's fields; the trailing ones end the text.
_OTHER_HEAD = frozenset({"DATELINE", "HIGHLIGHT", "UPDATE", "CORRECTION-DATE", "SERIES"})
_TRAILING = frozenset(
    "LOAD-DATE LANGUAGE SPRACHE LANGUE GRAPHIC GRAFIK PUBLICATION-TYPE JOURNAL-CODE"
    " DOCUMENT-TYPE SUBJECT ORGANIZATION GEOGRAPHIC PERSON COMPANY INDUSTRY TICKER CITY STATE"
    " COUNTRY URL NOTES CORRECTION CORRECTION-DATE TYPE DISTRIBUTION ACC-NO DATE-CHARGEMENT"
    " TYPE-PUBLICATION DOKUMENT-TYP PUBLIKATIONSTYP".split()
)
_CENTRED = re.compile(r"^(?: {4,}|\t)")
_MAX_COPYRIGHT = 200
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
# The stored original of lines [start, end), made by the importer (from text or markup).
RawOf = Callable[[int, int], bytes]


@dataclass
class _Chunk:
    """A run of non-blank lines (a paragraph), with its first line's number."""

    line: int
    lines: list[str]

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.lines).split())

    @property
    def centred(self) -> bool:
        return all(_CENTRED.match(line) for line in self.lines)


def documents(lines: Sequence[str], raw_of: RawOf) -> Iterator[Document]:
    """Each document between separators; the cover page before the first is left out."""
    starts = [i for i, line in enumerate(lines) if SEPARATOR.match(line)]
    if not starts:
        raise ImportFailure(NO_ARTICLES)
    previous = 0
    ends = [*starts[1:], len(lines)]
    for number, (start, end) in enumerate(zip(starts, ends, strict=True), 1):
        place = _place(lines[start])
        if place <= previous:
            raise ImportFailure(
                f"document {number} (line {start + 1}) is numbered {place} after {previous}; "
                "the export is damaged"
            )
        previous = place
        yield _document(number, lines, start, end, raw_of(start, end))


def _place(separator: str) -> int:
    match = SEPARATOR.match(separator)
    assert match is not None
    return int(match["n"] or match["n2"] or match["n3"])


def _chunks(lines: Sequence[str], start: int, end: int) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    current: _Chunk | None = None
    for index in range(start, end):
        line = lines[index].rstrip()
        if not line.strip():
            current = None
        elif current is None or _known_label(line.strip()):  # fields may follow one another
            current = _Chunk(index + 1, [line])
            chunks.append(current)
        else:
            current.lines.append(line)
    return chunks


def _document(number: int, lines: Sequence[str], start: int, end: int, raw: bytes) -> Document:
    chunks = _chunks(lines, start + 1, end)
    document = Document(number=number, paragraphs=[], raw=raw)
    at = _read_header(document, chunks)
    at = _read_title(document, chunks, at)
    body: list[_Chunk] = []
    for chunk in chunks[at:]:
        label = _label(chunk)
        if label in _TRAILING:
            break
        if not body and label in _HEAD_FIELDS:
            _set_field(document, _HEAD_FIELDS[label], chunk)
        elif body or label not in _OTHER_HEAD:
            body.append(chunk)
    while body and (body[-1].centred or _is_copyright(body[-1].text)):
        body.pop()  # the copyright lines of a document without trailing fields
    document.paragraphs = [chunk.text for chunk in body]
    return document


def _read_header(document: Document, chunks: list[_Chunk]) -> int:
    """Outlet, date and edition: the centred chunks before the headline. A copy whose
    centring was lost (re-saved, re-flowed) has the outlet and then the date line first."""
    at = 0
    while at < len(chunks) and chunks[at].centred:
        at += 1
    if at == 0:
        first_lines = [chunk.lines[0].strip() for chunk in chunks[:2]]
        at = next((i + 1 for i, line in enumerate(first_lines) if _is_date(line)), 0)
    header = [" ".join(line.split()) for chunk in chunks[:at] for line in chunk.lines]
    document.date = next((line for line in header if _is_date(line)), "")
    if header and header[0] != document.date:
        document.outlet = header[0]
    return at


def _read_title(document: Document, chunks: list[_Chunk], at: int) -> int:
    if at < len(chunks) and _label(chunks[at]) is None:
        document.title = chunks[at].text
        return at + 1
    return at


def _set_field(document: Document, name: str, chunk: _Chunk) -> None:
    match = _LABEL.match(chunk.text)
    assert match is not None
    setattr(document, name, match["rest"].strip())


def _label(chunk: _Chunk) -> str | None:
    return _known_label(chunk.lines[0].strip())


def _known_label(line: str) -> str | None:
    match = _LABEL.match(line)
    if not match:
        return None
    label = match["label"]
    known = label in _HEAD_FIELDS or label in _OTHER_HEAD or label in _TRAILING
    return label if known else None


def _is_copyright(text: str) -> bool:
    """A notice names its year: a last paragraph that merely starts "Copyright" is text."""
    return (
        len(text) < _MAX_COPYRIGHT
        and text.lower().startswith(("copyright", "©", "(c)"))
        and _YEAR.search(text) is not None
    )


def _is_date(line: str) -> bool:
    try:
        return parse_date(line) is not None
    except DateError:
        return False
