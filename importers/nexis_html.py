"""Nexis UK (and LexisNexis Academic) downloads as HTML: one article per document.

The page is the text download dressed in markup: every line is a `<p>` (lines within one
broken by `<br>`), styled by generated classes (`.c0 { text-align: center; }`), documents
marked by `<!-- Hide XML section from browser <DOC NUMBER=1><DOCFULL> -->` comments and
opened by a centred "1 of 100 DOCUMENTS". The paragraphs are turned back into that text —
centred ones indented — and read by `lexis_layout`. Search hits are `<span>`s in line with
the words around them. Each article keeps its document's paragraphs' markup as the stored
original.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import lxml.html
from lxml.html import HtmlElement

from importers import memory
from importers.base import Importer
from importers.draft import ArticleDraft, ImportFailure
from importers.html_decoding import decode_page
from importers.html_page import parse_page
from importers.lexis_layout import documents
from importers.news_export import NEWS_PER_TAG, NO_ARTICLES, build_drafts

SNIFF_SURE = 0.98  # above html-page's 0.95, as for Factiva pages
# Case matters: Nexis writes "DOCUMENTS" in capitals, where an ordinary page's pager may say
# "1 of 3 documents".
_MARKS = re.compile(
    rb"Hide XML section from browser|<DOC NUMBER=\d+>|>\s*\d+ of \d+ DOCUMENTS?\s*<"
)
_MARK_WORDS = (b"Hide XML section", b"<DOC NUMBER=", b"DOCUMENT")
_RULE = re.compile(r"\.(?P<name>[\w-]+)\s*\{(?P<body>[^}]*)\}")
_CENTRED_STYLE = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
_INDENT = " " * 8


class NexisHtmlImporter(Importer):
    name: ClassVar[str] = "nexis-html"
    description: ClassVar[str] = "Nexis UK / LexisNexis HTML download, one article per document"
    patterns: ClassVar[tuple[str, ...]] = ("*.html", "*.htm")
    head_bytes: ClassVar[int] = 32 * 1024  # the style sheet comes before the first document

    def sniff(self, head: bytes, path: Path) -> float:
        # A scan for the marks' fixed words first (each mark holds one): far faster than the
        # regex on the many files that are not Nexis pages.
        if not any(word in head for word in _MARK_WORDS):
            return 0.0
        return SNIFF_SURE if _MARKS.search(head) else 0.0

    def parse(self, data: bytes, path: Path) -> Iterator[ArticleDraft]:
        memory.require_page(data, NEWS_PER_TAG)
        text, guessed = decode_page(data)
        root = parse_page(text)
        body = root.find("body")
        if body is None:
            raise ImportFailure(NO_ARTICLES)
        lines, owners, units = _lines(body, _centred_classes(root))

        def raw_of(start: int, end: int) -> bytes:
            first, last = owners[start], owners[end - 1]
            return b"\n".join(
                lxml.html.tostring(u, encoding="utf-8") for u in units[first : last + 1]
            )

        drafts = build_drafts(list(documents(lines, raw_of)), "Nexis")
        if guessed:
            drafts[0].warnings.insert(0, f"encoding guessed as {guessed}")
        yield from drafts


def _centred_classes(root: HtmlElement) -> frozenset[str]:
    """The classes the page's style sheets centre text with."""
    sheets = " ".join(style.text_content() for style in root.iter("style"))
    return frozenset(
        rule["name"] for rule in _RULE.finditer(sheets) if _CENTRED_STYLE.search(rule["body"])
    )


def _lines(
    body: HtmlElement, centred: frozenset[str]
) -> tuple[list[str], list[int], list[HtmlElement]]:
    """The text lines, the paragraph each line came from, and those paragraphs."""
    lines: list[str] = []
    owners: list[int] = []
    units: list[HtmlElement] = []
    for element in body.iter("p", "div"):
        if element.tag == "div" and _wraps_blocks(element):
            continue  # a wrapper: its paragraphs are read one by one
        for br in element.iter("br"):
            br.tail = "\n" + (br.tail or "")
        own = [" ".join(line.split()) for line in element.text_content().split("\n")]
        own = [line for line in own if line]
        if not own:
            continue
        indent = _INDENT if _is_centred(element, centred) else ""
        units.append(element)
        for line in [*own, ""]:
            lines.append(indent + line if line else "")
            owners.append(len(units) - 1)
    return lines, owners, units


def _wraps_blocks(element: HtmlElement) -> bool:
    return element.find(".//p") is not None or element.find(".//div") is not None


def _is_centred(element: HtmlElement, centred: frozenset[str]) -> bool:
    node: HtmlElement | None = element
    while node is not None and node.tag != "body":
        if (node.get("align") or "").lower() == "center" or node.tag == "center":
            return True
        if _CENTRED_STYLE.search(node.get("style") or ""):
            return True
        if centred.intersection((node.get("class") or "").split()):
            return True
        node = node.getparent()
    return False
