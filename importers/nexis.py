"""Splitting a Nexis Uni / Nexis+ export (Word, RTF or PDF) into its documents.

The export is a cover page (date and time, job number, "Documents (N)", the list of titles,
client/matter, search terms and type, filters), then each document on a new page or section:

    Title
    Outlet
    Date line                      "January 11, 2010 Monday 9:20 AM GMT"
    [edition, "Copyright ..." lines]
    Section: ...  Length: 355 words  Byline: ...  [Highlight: ...  Dateline: ...]
    Body
    paragraphs of text
    [Graphic / Classification / Notes sections, Language: ..., Load-Date: ...]
    End of Document

The readers for each container hand over the same `Paragraph`s, so this module knows nothing of
Word, RTF or PDF. What is not the article's own text (cover page, labels, furniture, copyright
notices, the classification block) stays out of the canonical text. Each article's stored
original is its document's extracted text, from its title to its "End of Document" line: the
whole export stored with each of its 500 articles would be 500 copies of the file, and the
document's own text is what a reader checks an article against (the file stays on disk).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from importers.body_text import fallback_title
from importers.dates import DateError, parse_date
from importers.document_text import Paragraph
from importers.draft import (
    ArticleDraft,
    ImportFailure,
    NotThisFormat,
    collapse_whitespace,
    make_block,
)
from importers.news_export import NO_ARTICLES, author_name, reported_words

# Matched exactly, as Nexis writes them: a headline in capitals is not furniture.
END_OF_DOCUMENT = frozenset({"End of Document", "Dokumentende", "Fin du document"})
_HEAD_LABELS = frozenset(
    {"section", "length", "byline", "author", "dateline", "highlight", "edition", "series"}
    | {"rubrik", "länge", "autor", "rubrique", "longueur", "auteur"}
)
_TAIL_LABELS = frozenset(
    {"load-date", "language", "publication-type", "subject", "organization", "person"}
    | {"geographic", "industry", "company", "ticker", "journal code", "document-type"}
    | {"correction-date", "notes", "graphic", "url", "sprache", "langue"}
)
_TAIL_HEADINGS = frozenset({"Classification", "Graphic", "Notes", "Klassifikation"})
_BODY = frozenset({"Body"})
_LABEL = re.compile(r"(?P<label>[^\W\d_][\w -]{0,29}):\s*(?P<value>.*)", re.S)
_COVER = re.compile(
    r"(?:Date and Time|Job Number|Client/Matter|Search Terms|Search Type|Narrowed by|"
    r"Datum und Uhrzeit|Auftragsnummer|Suchbegriffe)\b|Documents \(\d+\)|Dokumente \(\d+\)",
    re.I,
)
_DOCUMENT_COUNT = re.compile(r"(?:Documents|Dokumente) \((?P<count>\d+)\)", re.I)
_COPYRIGHT = re.compile(r"(?:copyright\b|©|\(c\)\s*\d{4})", re.I)
_VERSION = re.compile(r";?\s*Version:\s*\d+\s*$", re.I)
# The date at the start of a date line, before a weekday, a time or an edition.
_DATE_START = re.compile(
    r"(?:[^\W\d_]+,?\s+)?(?P<date>[^\W\d_]+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\.?\s+[^\W\d_]+\.?,?"
    r"\s+\d{4}|\d{4}-\d{2}-\d{2})"
)
_MAX_COPYRIGHT = 400
_HEADER_LINES = 12  # a document's title, outlet, date and edition lines come before this


@dataclass
class NexisDocument:
    """One document's metadata as the export prints it (mapped to an article in `to_draft`)."""

    number: int
    title: str = ""
    outlet: str = ""
    date: dt.date | None = None
    section: str = ""
    length: str = ""  # "355 words", as printed
    byline: str = ""
    highlight: str = ""
    body: list[str] = field(default_factory=list)
    raw: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Line:
    text: str  # whitespace collapsed
    new_page: bool
    original: str  # as the document has it, for the stored original


def split_export(paragraphs: Sequence[Paragraph], kind: str) -> list[ArticleDraft]:
    """The export's articles, or ImportFailure for the whole file; NotThisFormat when the
    document is not a Nexis export at all (no "End of Document" and no cover page)."""
    lines = _lines(paragraphs)
    ends = [i for i, line in enumerate(lines) if line.text in END_OF_DOCUMENT]
    cover = sum(1 for line in lines[: ends[0] if ends else len(lines)] if _COVER.match(line.text))
    if not ends:
        if cover >= 2:
            raise ImportFailure(NO_ARTICLES)
        raise NotThisFormat(f"not a Nexis export (no 'End of Document' line in the {kind})")
    trailing = [line.text for line in lines[ends[-1] + 1 :]]
    if any(trailing):
        raise ImportFailure(
            f"document {len(ends) + 1}: no 'End of Document' line after it "
            "(the export may be cut short)"
        )
    documents: list[NexisDocument] = []
    start = 0
    for number, end in enumerate(ends, 1):
        segment = lines[start:end]
        if number == 1 and cover:
            segment = _without_cover(segment)
        documents.append(_document(number, segment, lines[end].text))
        start = end + 1
    _check_count(lines[: ends[0]], len(documents))
    return [to_draft(document) for document in documents]


def to_draft(document: NexisDocument) -> ArticleDraft:
    """The one place where a document's metadata becomes an article's fields. A document
    without text fails the file, naming it, as the other news-database importers do."""
    blocks = [b for b in (make_block("paragraph", text) for text in document.body) if b]
    if not blocks:
        raise ImportFailure(f"Nexis document {document.number} has no text; nothing imported")
    lead = make_block("lead", document.highlight) if document.highlight else None
    if lead is not None:
        blocks.insert(0, lead)
    return ArticleDraft(
        blocks=blocks,
        title=document.title or fallback_title(blocks),
        source=document.outlet,
        author=author_name(document.byline),
        date=document.date,
        raw=document.raw.encode("utf-8"),
        origin=f"document {document.number}",
        warnings=document.warnings,
        section=document.section,
        reported_words=reported_words(document.length),
    )


def _lines(paragraphs: Sequence[Paragraph]) -> list[_Line]:
    """Non-empty paragraphs, each carrying whether a page break came before it."""
    lines: list[_Line] = []
    pending_break = False
    for paragraph in paragraphs:
        pending_break = pending_break or paragraph.new_page
        text = collapse_whitespace(paragraph.text)
        if text:
            lines.append(_Line(text, pending_break, paragraph.text.strip()))
            pending_break = False
    return lines


def _without_cover(segment: list[_Line]) -> list[_Line]:
    """The first document without the cover page before it: from the last page break before
    its metadata, or (no breaks) from two lines above its date line."""
    labels = _first_label(segment)
    stop = labels if labels is not None else len(segment)
    breaks = [i for i in range(stop) if segment[i].new_page]
    if breaks:
        return segment[breaks[-1] :]
    date_at = _date_line(segment[max(0, stop - _HEADER_LINES) : stop])
    if date_at is None:
        raise ImportFailure("document 1: cannot tell where the cover page ends")
    return segment[max(0, stop - _HEADER_LINES) + max(0, date_at - 2) :]


def _document(number: int, segment: list[_Line], end_line: str) -> NexisDocument:
    raw = "\n".join([*(line.original for line in segment), end_line])
    document = NexisDocument(number, raw=raw)
    texts = [line.text for line in segment]
    labels = _first_label(segment)
    if labels is None:
        raise ImportFailure(
            f"document {number}: no 'Body' line and no metadata (Section:, Length:, Byline:); "
            "cannot tell its text from its header"
        )
    _read_header(document, [t for t in texts[:labels] if not _COPYRIGHT.match(t)])
    position = labels
    last_label = ""
    has_body_line = any(text in _BODY for text in texts[labels:])
    while position < len(texts) and texts[position] not in _BODY:
        label, value = _label(texts[position])
        if label in _HEAD_LABELS:
            last_label = label
            _set_field(document, label, value)
        elif has_body_line and last_label and not label:  # a value wrapped onto a new line
            _set_field(document, last_label, value, append=True)
        else:
            break  # no "Body" line: the text starts here
        position += 1
    if position < len(texts) and texts[position] in _BODY:
        position += 1
    document.body = _body(texts[position:])
    return document


def _read_header(document: NexisDocument, header: list[str]) -> None:
    """Title, outlet and date from the lines above the metadata."""
    date_at = _date_line(header)
    if date_at is None:
        document.warnings.append(f"document {document.number}: no date line found; no date set")
        document.title = header[0] if header else ""
        document.outlet = header[1] if len(header) > 1 else ""
        return
    document.date = _date(header[date_at])
    document.outlet = header[date_at - 1] if date_at >= 1 else ""
    document.title = " ".join(header[: date_at - 1]) if date_at >= 2 else ""


def _date_line(lines: Sequence[str | _Line]) -> int | None:
    for index, line in enumerate(lines[:_HEADER_LINES]):
        text = line.text if isinstance(line, _Line) else line
        if index and _date(text) is not None:
            return index
    return None


def _date(text: str) -> dt.date | None:
    candidates = [text]
    match = _DATE_START.match(text)
    if match:
        candidates.append(match["date"])
    for candidate in candidates:
        try:
            return parse_date(candidate)
        except DateError:
            continue
    return None


def _set_field(document: NexisDocument, label: str, value: str, *, append: bool = False) -> None:
    if label in ("section", "rubrik", "rubrique"):
        value = _VERSION.sub("", value)
        document.section = f"{document.section} {value}".strip() if append else value
    elif label in ("length", "länge", "longueur"):
        document.length = value
    elif label in ("byline", "author", "autor", "auteur"):
        document.byline = f"{document.byline} {value}".strip() if append else value
    elif label == "highlight":
        document.highlight = f"{document.highlight} {value}".strip() if append else value


def _body(texts: list[str]) -> list[str]:
    """The article's paragraphs: up to the graphic, classification and load-date furniture,
    without a closing copyright notice."""
    body: list[str] = []
    for text in texts:
        label, _value = _label(text)
        if text in _TAIL_HEADINGS or label in _TAIL_LABELS:
            break
        body.append(text)
    while body and _COPYRIGHT.match(body[-1]) and len(body[-1]) <= _MAX_COPYRIGHT:
        body.pop()
    return body


def _first_label(segment: list[_Line]) -> int | None:
    for index, line in enumerate(segment):
        label, _value = _label(line.text)
        if line.text in _BODY or label in _HEAD_LABELS:
            return index
    return None


def _label(text: str) -> tuple[str, str]:
    match = _LABEL.fullmatch(text)
    if not match:
        return "", text
    return match["label"].strip().lower(), match["value"].strip()


def _check_count(cover: list[_Line], found: int) -> None:
    for line in cover:
        match = _DOCUMENT_COUNT.match(line.text)
        if match:
            listed = int(match["count"])
            if listed != found:
                raise ImportFailure(
                    f"the cover page lists {listed:,} documents but {found:,} were found"
                )
            return
