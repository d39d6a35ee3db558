"""Factiva pages saved from the browser ("Article Format"), in any interface language.

Each document is a `div.article` (an outer one with `id="article-<AN>"` around an inner
`div.article enArticle`, `deArticle`, `zhcnArticle`…). Inside: the headline in `div#hd`, an
optional `div.author`, then unlabelled lines in Factiva's fixed order: word count, date,
time, outlet, source code, page, language, copyright; the text in `p.articleParagraph`;
last the document number ("Document FTCOM0002…", "Dokument …", "文档 …"). A section, when
given, is a plain line before the headline. The "plus Indexing" format has the fields in a
table instead, one row per code (HD, BY, WC, PD, SN, SE, LP, TD, AN…), read by their codes.
Search hits are `<b>` inside paragraphs: their text is read in line with the rest, so no word
is split or lost, and they are not kept as bold (the emphasis is the search's, not the
author's).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from importers import memory
from importers.base import Importer
from importers.dates import DateError, parse_date
from importers.draft import ArticleDraft
from importers.factiva_text import FIELDS
from importers.html_decoding import decode_page
from importers.html_page import parse_page
from importers.news_export import NEWS_PER_TAG, Document, build_drafts

SNIFF_SURE = 0.98  # above html-page's 0.95: these pages are HTML, but this reads them better
_HEAD_BYTES = 256 * 1024
_MARKS = re.compile(
    rb"class\s*=\s*[\"']article\s+[a-z]{2,4}Article\b|id\s*=\s*[\"']article-[A-Za-z0-9]{10,}"
    rb"|<title>\s*Factiva\s*</title>",
    re.IGNORECASE,
)
_MARK_WORDS = (b'"article', b"'article", b"factiva")
_ARTICLES = etree.XPath(
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' article ')]"
    "[not(ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' article ')])]"
)
_PARAGRAPH_CLASS = "articleParagraph"
_ACCESSION = re.compile(r"^\S{1,20}\s+(?P<id>[A-Za-z0-9]{12,40})$")
_WORD_COUNT = re.compile(r"^\d[\d,.\u00a0\u202f' ]*\s*[^\d\s]{1,12}$")
_TIME = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:\s*\S{1,5})?$")


class FactivaHtmlImporter(Importer):
    name: ClassVar[str] = "factiva-html"
    description: ClassVar[str] = "Factiva page saved from the browser, one article per document"
    patterns: ClassVar[tuple[str, ...]] = ("*.html", "*.htm")
    head_bytes: ClassVar[int] = _HEAD_BYTES

    def sniff(self, head: bytes, path: Path) -> float:
        # A scan for the marks' fixed words first (each mark holds one; bytes ignore only ASCII
        # case): far faster than the case-blind regex on the many files that are not Factiva's.
        lowered = head.lower()
        if not any(word in lowered for word in _MARK_WORDS):
            return 0.0
        return SNIFF_SURE if _MARKS.search(head) else 0.0

    def parse(self, data: bytes, path: Path) -> Iterator[ArticleDraft]:
        memory.require_page(data, NEWS_PER_TAG)
        text, guessed = decode_page(data)
        root = parse_page(text)
        documents = [_document(n, el) for n, el in enumerate(_ARTICLES(root), 1)]
        drafts = build_drafts(documents, "Factiva")
        if guessed and drafts:
            drafts[0].warnings.insert(0, f"encoding guessed as {guessed}")
        yield from drafts


def _document(number: int, article: HtmlElement) -> Document:
    raw = lxml.html.tostring(article, encoding="utf-8")
    for br in article.iter("br"):  # a line break between two words must leave a space
        br.tail = "\n" + (br.tail or "")
    document = Document(number=number, paragraphs=[], raw=raw)
    accession = _accession_from_id(article.get("id") or "")
    headline_seen = False
    lines: list[str] = []
    for element in article.iter("div", "p"):
        if element.tag == "p":
            classes = element.get("class") or ""
            if _PARAGRAPH_CLASS in classes:
                document.paragraphs.append(_text(element))
            elif not accession:
                accession = _accession(_text(element))
            continue
        if element.get("id") == "hd":
            document.title = _text(element)
            headline_seen = True
        elif "author" in (element.get("class") or "").split():
            document.author = _text(element)
        elif _is_line(element):
            line = _text(element)
            if not line:
                continue
            if headline_seen:
                lines.append(line)
            elif not document.section:
                document.section = line
    fields = _indexing_table(article)
    if fields:
        _read_fields(document, fields)
        accession = _accession(fields.get("AN", "")) or accession
    else:
        _read_lines(document, lines)
    if accession:
        document.document_id = f"factiva:{accession}"
    return document


def _indexing_table(article: HtmlElement) -> dict[str, str]:
    """The "plus Indexing" format's rows of field code and value, by code; {} without it."""
    fields: dict[str, str] = {}
    for row in article.iter("tr"):
        cells = [cell for cell in row if cell.tag in ("td", "th")]
        if len(cells) >= 2:
            code = re.sub(r"[^A-Z]", "", _text(cells[0]))
            if code in FIELDS:
                fields.setdefault(code, _text(cells[1]))
    return fields if "HD" in fields else {}


def _read_fields(document: Document, fields: dict[str, str]) -> None:
    document.title = fields["HD"]
    document.author = fields.get("BY", "")
    document.length = fields.get("WC", "")
    document.date = fields.get("PD", "")
    document.outlet = fields.get("SN", "")
    document.section = fields.get("SE", "")
    if not document.paragraphs:
        document.paragraphs = [fields[code] for code in ("LP", "TD") if fields.get(code)]


def _read_lines(document: Document, lines: list[str]) -> None:
    """Word count, date, time and outlet, in Factiva's order; the rest stays in the raw.

    The line after the word count is the date even when it cannot be read (an interface
    language `dates` does not know): the article then says so, and the outlet is still found.
    """
    after_count = False
    for line in lines:
        if not document.length and not document.date and _WORD_COUNT.match(line):
            document.length = line
            after_count = True
            continue
        if not document.date and (_is_date(line) or (after_count and not line.isdigit())):
            document.date = line
        elif document.date and _TIME.match(line):
            continue
        elif document.date:
            document.outlet = line
            return


def _is_date(line: str) -> bool:
    if line.isdigit():
        return False  # a page number
    try:
        return parse_date(line) is not None
    except DateError:
        return False


def _is_line(element: HtmlElement) -> bool:
    """A metadata line: a div without classes of its own that holds no other div."""
    if element.get("class") or element.get("id"):
        return False
    return not any(child.tag == "div" for child in element.iter() if child is not element)


def _accession_from_id(value: str) -> str:
    return value[len("article-") :] if value.startswith("article-") else ""


def _accession(line: str) -> str:
    match = _ACCESSION.match(line)
    return match["id"] if match else ""


def _text(element: HtmlElement) -> str:
    return " ".join("".join(element.itertext()).split())
