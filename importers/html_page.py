"""A web page saved from a browser ("Save Page As…", .html/.htm/.xhtml): the article only.

The page is decoded as a browser would (`html_decoding`), parsed once by lxml with the network
off, read for its metadata (`html_metadata`) and cut down to the article body (`html_body`).
Scripts are dropped unread; nothing in the page is fetched or run. The raw bytes keep the rest.
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
from importers.decoding import sniff_text
from importers.draft import ArticleDraft, ImportFailure, shorten_title
from importers.html_body import extract_body, resolve, second_reading
from importers.html_decoding import decode_page
from importers.html_edges import trim_edges, vote_on_edges
from importers.html_metadata import read_metadata
from importers.html_normalise import normalise_page
from importers.html_tidy import tidy_blocks

SNIFF_SURE = 0.95  # the page says it is HTML in its first element
SNIFF_LIKELY = 0.6  # HTML tags near the start of something else (a fragment, a stray preamble)
# What may come before the first element: a BOM, blanks, <?xml …?>, <!DOCTYPE …>, comments.
_PROLOGUE = re.compile(r"(?:\s+|<\?[^>]*>|<!--.*?-->|<!doctype[^>]*>)*", re.IGNORECASE | re.DOTALL)
_FIRST_TAG = re.compile(r"<(?P<name>[a-z][a-z0-9]*)\b", re.IGNORECASE)
_DOCTYPE_HTML = re.compile(r"<!doctype\s+html\b", re.IGNORECASE)
_PAGE_TAGS = frozenset({"html", "head", "body"})
_HTML_TAG = re.compile(r"<(?:html|head|body|article|meta)\b", re.IGNORECASE)
# Measured (importers/memory.py): the bytes, their text and the tree, a byte of the file; the
# text read (narrow and wide characters); an element with its share of blocks.
_MEMORY_PER_BYTE = 3  # as memory.require_page counts
_MEMORY_PER_CHAR = (28.0, 38.0)
_MEMORY_PER_ELEMENT = 3_400
_TREE_PER_TAG = 450
_UNREAD = frozenset({"script", "style", "template", "noscript"})
# An XML declaration; like a browser, read to the first ">" (some pages never close it).
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)


class HtmlPageImporter(Importer):
    name: ClassVar[str] = "html-page"
    description: ClassVar[str] = "Web page saved from a browser: the article, without the site"
    patterns: ClassVar[tuple[str, ...]] = ("*.html", "*.htm", "*.xhtml")

    def sniff(self, head: bytes, path: Path) -> float:
        text = sniff_text(head).lstrip("\ufeff")
        prologue = _PROLOGUE.match(text)
        start = prologue.end() if prologue else 0
        if _DOCTYPE_HTML.search(text, 0, start):
            return SNIFF_SURE
        first = _FIRST_TAG.match(text, start)
        if first and first["name"].lower() in _PAGE_TAGS:
            return SNIFF_SURE
        if first and _HTML_TAG.search(text):
            return SNIFF_LIKELY
        return 0.0

    def parse(self, data: bytes, path: Path) -> Iterator[ArticleDraft]:
        memory.require_page(data, _TREE_PER_TAG)  # lxml's tree takes ~450 bytes a tag
        text, guessed = decode_page(data)
        root = parse_page(text)
        _check_memory(len(data), text, root)
        meta = read_metadata(root)
        normalise_page(root)
        body = extract_body(root, base_url=_base_url(root, meta.url))
        blocks = vote_on_edges(trim_edges(body), lambda: second_reading(root))
        blocks = tidy_blocks(blocks, meta.title)
        if not blocks:
            raise ImportFailure("no article text found")
        yield ArticleDraft(
            blocks=blocks,
            title=meta.title or shorten_title(blocks[0].text),
            source=meta.outlet,
            author=meta.author,
            date=meta.date,
            url=meta.url,
            raw=data,
            warnings=[f"encoding guessed as {guessed}"] if guessed else [],
        )


def _check_memory(size: int, text: str, root: HtmlElement) -> None:
    """Refuse a page that trafilatura could not read in bounded memory: it costs ~25 times the
    page's text and ~3 KB an element (a 45 MB page once took 1.2 GB). Scripts and styles are
    dropped before it reads the text, so they only cost their share of the file."""
    wide = memory.char_width(text) > 1
    fixed = _MEMORY_PER_BYTE * size

    def count(limit: int) -> int:
        elements = chars = 0
        for element in root.iter():
            elements += 1
            if element.tag not in _UNREAD:
                chars += len(element.text or "")
            chars += len(element.tail or "")
            if elements > limit:
                break
        memory.require(size, fixed + int(chars * _MEMORY_PER_CHAR[wide]))
        return elements

    memory.require_pieces(size, fixed, _MEMORY_PER_ELEMENT, count, "HTML elements")


def parse_page(text: str) -> HtmlElement:
    """The page's tree; lxml's HTML parser never loads DTDs or anything else from outside.

    Comments are dropped as trafilatura's own loader drops them: left in, a comment inside a
    paragraph ends that paragraph's text for trafilatura, and trips its readability fallback.
    """
    # lxml refuses str input that declares an encoding; the text is already decoded.
    text = _XML_DECLARATION.sub("", text, count=1)
    parser = lxml.html.HTMLParser(no_network=True, remove_pis=True, remove_comments=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ImportFailure(f"unreadable HTML: {exc}") from None
    if not isinstance(root, HtmlElement):
        raise ImportFailure("unreadable HTML")
    return root


def _base_url(root: HtmlElement, canonical: str) -> str:
    """Where the page's relative links point from: its <base href>, else its own address."""
    base = root.find(".//base[@href]")
    href = resolve(canonical, str(base.get("href"))) if base is not None else ""
    return href if href.lower().startswith(("http://", "https://")) else canonical
