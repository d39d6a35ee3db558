"""RSS (0.9x, 1.0, 2.0) and Atom feeds saved to disk: one article per item or entry.

The XML is parsed by lxml with entity expansion, DTD loading and the network all off, and a
file that declares its own entities is refused before parsing: feeds never need them, while
"billion laughs" bombs and external-entity tricks do. Elements are matched by local name, so
the many RSS dialects and namespace prefixes read alike.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import urljoin

from lxml import etree

from importers import memory
from importers.base import Importer
from importers.body_text import fallback_title, html_blocks, looks_like_html, plain_blocks
from importers.dataset import domain_of
from importers.dates import DateError, parse_date
from importers.decoding import decode_text, sniff_text
from importers.draft import ArticleDraft, Block, ImportFailure, collapse_whitespace, web_url

_FEED_START = re.compile(r"<(?:\w+:)?(?:rss|feed|RDF)\b", re.IGNORECASE)
# Declaration, comments, processing instructions and a DOCTYPE before the root element.
_PROLOG = re.compile(r"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)+", re.S)
_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)
_FIRST_ELEMENT = re.compile(r"<[A-Za-z_]")
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*\bencoding\s*=", re.IGNORECASE)
_PERSON_IN_EMAIL = re.compile(r"\S+@\S+\s*\((?P<name>[^)]+)\)")
_MAX_REASON = 120


class FeedImporter(Importer):
    name: ClassVar[str] = "feed"
    description: ClassVar[str] = "RSS or Atom feed saved to disk, one article per item"
    patterns: ClassVar[tuple[str, ...]] = ("*.xml", "*.rss", "*.atom", "*.rdf")

    def sniff(self, head: bytes, path: Path) -> float:
        """Sure when the first element, past the prolog, is <rss>, <feed> or <rdf:RDF>."""
        text = sniff_text(head)
        prolog = _PROLOG.match(text)
        return 0.95 if _FEED_START.match(text, prolog.end() if prolog else 0) else 0.0

    def parse(self, data: bytes, path: Path) -> Iterator[ArticleDraft]:
        if not _XML_ENCODING.match(data):
            decode_text(data)  # the plain reason for an empty, binary or undecodable file
        # Measured (importers/memory.py): lxml's tree and the text, a byte; an element; an item.
        item_tags = data.count(b"<item") + data.count(b"<entry")
        memory.require(len(data), 7 * len(data) + 400 * data.count(b"<") + 1_500 * item_tags)
        root = _parse_xml(data)
        kind = _local(root)
        if kind not in ("rss", "feed", "RDF"):
            raise ImportFailure(f"not an RSS or Atom feed (the root element is <{kind}>)")
        channel = _child(root, "channel") if kind != "feed" else root
        outlet = _text(_child(channel, "title")) if channel is not None else ""
        feed_author = _person(root) if kind == "feed" else ""
        items = [el for el in root.iter() if _local(el) in ("item", "entry")]
        if not items:
            raise ImportFailure("the feed has no items")
        drafts: list[ArticleDraft] = []
        skipped: list[str] = []
        for number, item in enumerate(items, 1):
            draft = _draft(item, f"item {number}", outlet, feed_author)
            if draft is None:
                skipped.append(f"item {number}: no text, skipped")
            else:
                drafts.append(draft)
        if not drafts:
            raise ImportFailure("no item of the feed has any text")
        drafts[0].warnings[:0] = skipped
        yield from drafts


def _parse_xml(data: bytes) -> etree._Element:
    text = sniff_text(data)
    first = _FIRST_ELEMENT.search(text)
    if _ENTITY_DECLARATION.search(text, 0, first.start() if first else len(text)):
        raise ImportFailure("refused: the file declares XML entities, which feeds never need")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        reason = str(exc.msg or exc).split(", line")[0]
        line = f" at line {exc.lineno}" if exc.lineno else ""
        raise ImportFailure(f"invalid XML{line}: {_short(reason)}") from None
    except (ValueError, etree.LxmlError) as exc:
        raise ImportFailure(f"invalid XML: {_short(str(exc))}") from None
    if root is None:
        raise ImportFailure("invalid XML: no root element")
    return root


def _draft(item: etree._Element, origin: str, outlet: str, feed_author: str) -> ArticleDraft | None:
    link = _link(item)
    blocks = _body(item)
    if not blocks:
        return None
    warnings: list[str] = []
    date = None
    for name in ("published", "pubDate", "date", "issued", "created", "updated", "modified"):
        value = _text(_child(item, name))
        if value:
            try:
                date = _read_date(value)
            except DateError as exc:
                warnings.append(f"{origin}: {exc}; no date set")
            break
    title = _child(item, "title")
    return ArticleDraft(
        blocks=blocks,
        title=(_title(title) if title is not None else "") or fallback_title(blocks),
        source=outlet or domain_of(link),
        author=_person(item) or feed_author,
        date=date,
        url=link,
        raw=etree.tostring(item, encoding="utf-8", with_tail=False),
        origin=origin,
        warnings=warnings,
    )


def _body(item: etree._Element) -> list[Block]:
    """content:encoded or Atom content first, then description or summary."""
    for name in ("encoded", "content", "description", "summary"):
        element = _child(item, name)
        if element is None:
            continue
        kind = (element.get("type") or "").lower()
        if kind == "xhtml":
            markup = "".join(etree.tostring(child, encoding="unicode") for child in element)
            blocks = html_blocks((element.text or "") + markup)
        else:
            blocks = _blocks(_text(element, strip=False), kind)
        if blocks:
            return blocks
    return []


def _blocks(text: str, kind: str) -> list[Block]:
    """Atom says what its text is; RSS text is HTML by custom, though often plain."""
    if kind in ("text", "text/plain"):
        return plain_blocks(text)
    if kind in ("html", "text/html") or looks_like_html(text) or "&" in text:
        return html_blocks(text)
    return plain_blocks(text)


def _title(element: etree._Element) -> str:
    blocks = _blocks(_text(element), (element.get("type") or "").lower())
    return blocks[0].text if blocks else ""


def _link(item: etree._Element) -> str:
    for element in item:
        if _local(element) != "link":
            continue
        href = element.get("href")
        if href is None:
            text = web_url(_text(element))  # never a javascript: or data: address
            if text:
                return text
        elif (element.get("rel") or "alternate") == "alternate":
            url = web_url(urljoin(str(element.base or ""), str(href).strip()))
            if url:
                return url
    guid = _child(item, "guid")
    if guid is not None and (guid.get("isPermaLink") or "true") == "true":
        return web_url(_text(guid))
    return ""


def _person(element: etree._Element) -> str:
    """An author: Atom's <author><name>, dc:creator, or RSS's "mail@x.org (Name)"."""
    names: list[str] = []
    for child in element:
        if _local(child) == "author":
            name = _child(child, "name")
            text = _text(name) if name is not None else _text(child)
            match = _PERSON_IN_EMAIL.fullmatch(text)
            names.append(match["name"].strip() if match else text)
        elif _local(child) == "creator":
            names.append(_text(child))
    return ", ".join(dict.fromkeys(name for name in names if name))


def _read_date(value: str) -> dt.date | None:
    """RFC 822 as RSS wants it, else whatever `dates` reads (Atom's ISO 8601)."""
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return parse_date(value)


def _child(element: etree._Element, name: str) -> etree._Element | None:
    for child in element:
        if _local(child) == name:
            return child
    return None


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _text(element: etree._Element | None, *, strip: bool = True) -> str:
    if element is None:
        return ""
    text = "".join(element.itertext())
    return collapse_whitespace(text) if strip else text


def _short(reason: str) -> str:
    reason = " ".join(reason.split())  # one line, for the report
    return reason if len(reason) <= _MAX_REASON else reason[: _MAX_REASON - 1] + "…"
