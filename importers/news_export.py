"""What the news-database importers (Factiva, Nexis, LexisNexis) share.

A download holds many documents wrapped in the database's furniture (cover page, field labels,
copyright lines, search summary). Each importer finds the documents and their fields; this
module turns those fields into a draft the same way for all of them, and words the refusals
alike: a file with furniture but no documents says "no articles in this export", and a document
that cannot be read fails the whole file, naming the document.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from importers.body_text import fallback_title
from importers.dates import DateError, parse_date
from importers.draft import ArticleDraft, Block, ImportFailure, collapse_whitespace, make_block

NO_ARTICLES = "no articles in this export"
# Measured (importers/memory.py) on exports of one-letter paragraphs: copies of the text, a
# byte of the file, narrow or wide; a line; an HTML export's tag, with its tree and lines.
NEWS_PER_BYTE = (8.0, 15.0)
NEWS_PER_LINE = 400
NEWS_PER_TAG = 500
_NUMBER = re.compile(r"\d[\d,.\u00a0\u202f' ]*")
# "By Jane Doe", "Von Jane Doe", "Par Jane Doe": the byline's lead word, in several languages.
# Only "By" goes before a single name: "Von Trier" and "Di Maria" are names themselves.
_BY = re.compile(r"^by\s+", re.IGNORECASE)
_BY_OTHER = re.compile(r"^(?:von|par|por|di|door|av|от)\s+(?=\S+\s+\S)", re.IGNORECASE)


@dataclass
class Document:
    """One document of a download, as its importer found it."""

    number: int  # 1-based place in the file, for messages
    paragraphs: list[str]
    raw: bytes
    title: str = ""
    outlet: str = ""
    date: str = ""  # as printed, in the interface's language
    author: str = ""
    section: str = ""
    length: str = ""  # "523 words", "664 Wörter", "1,234 字"
    document_id: str = ""  # with its database prefix: "factiva:…"


def reported_words(length: str) -> int | None:
    """The number in "1,234 words" / "1.234 Wörter" / "664 字"; None when there is none."""
    match = _NUMBER.search(length)
    if not match:
        return None
    digits = re.sub(r"\D", "", match.group())
    return int(digits) if digits and len(digits) <= 9 else None


def author_name(byline: str) -> str:
    """A byline without its "By": "By Jane Doe" gives "Jane Doe"."""
    byline = collapse_whitespace(byline)
    return _BY_OTHER.sub("", _BY.sub("", byline))


def build_drafts(documents: Sequence[Document], database: str) -> list[ArticleDraft]:
    """Drafts for all documents, or ImportFailure naming the first that has no text."""
    if not documents:
        raise ImportFailure(NO_ARTICLES)
    return [_draft(document, database) for document in documents]


def _draft(document: Document, database: str) -> ArticleDraft:
    blocks = _blocks(document.paragraphs)
    name = f"document {document.number}"
    if not blocks:
        raise ImportFailure(f"{database} {name} has no text; nothing imported")
    warnings: list[str] = []
    date: dt.date | None = None
    if document.date:
        try:
            date = parse_date(document.date)
        except DateError as exc:
            warnings.append(f"{name}: {exc}; no date set")
    else:
        warnings.append(f"{name}: no date found")
    return ArticleDraft(
        blocks=blocks,
        title=collapse_whitespace(document.title) or fallback_title(blocks),
        source=collapse_whitespace(document.outlet),
        author=author_name(document.author),
        date=date,
        raw=document.raw,
        origin=name,
        warnings=warnings,
        section=collapse_whitespace(document.section),
        reported_words=reported_words(document.length),
        document_id=document.document_id,
    )


def _blocks(paragraphs: Sequence[str]) -> list[Block]:
    return [block for block in (make_block("paragraph", text) for text in paragraphs) if block]
