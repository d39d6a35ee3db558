"""Markdown articles: the common subset people write notes and clippings in.

Headings, paragraphs, block quotes, list items (nesting flattened), fenced code (kept as plain
paragraphs), thematic breaks (dropped), reference link definitions and a leading YAML front
matter block whose `title`, `date`, `author`, `source` and `url` lines fill the metadata. A
level-one heading at the top is the title rather than a block of text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from importers import memory
from importers.base import Importer
from importers.body_text import fallback_title
from importers.dataset import domain_of
from importers.dates import DateError, parse_date
from importers.decoding import decode_text, sniff_text
from importers.draft import ArticleDraft, Block, ImportFailure, make_block
from importers.markdown_inline import Refs, normalise_label, parse_inline

_PLAIN_SUFFIXES = (".txt", ".text", "")
_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd")
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*))?")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*")
_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_QUOTE = re.compile(r"(?: {0,3}> ?)+")
_ITEM = re.compile(r"[ \t]*(?:[-*+]|(?P<number>\d{1,9})[.)])(?:[ \t]+(?P<rest>.*))?")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_DEFINITION = re.compile(
    r" {0,3}\[(?P<label>[^\[\]]{1,999})\]:[ \t]*<?(?P<url>[^\s<>]+)>?"
    r"(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?[ \t]*"
)
_FRONT_KEY = re.compile(r"(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<value>.*)")
_MAX_FRONT_LINES = 200
# Sniffing: what marks text as markdown rather than plain prose.
_SNIFF_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)
_SNIFF_LINK = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)")
# Bounded: a scraped file may be one long line full of "__", and an unbounded lazy match
# would rescan that line from each of them.
_SNIFF_STRONG = re.compile(r"(\*\*|__)\S[^\n]{0,300}?\S\1")


class MarkdownImporter(Importer):
    name: ClassVar[str] = "markdown"
    description: ClassVar[str] = "Markdown article: # headings, *emphasis*, [links](…), > quotes"
    patterns: ClassVar[tuple[str, ...]] = ("*.md", "*.markdown")

    def sniff(self, head: bytes, path: Path) -> float:
        suffix = path.suffix.lower()
        if suffix not in _EXTENSIONS and suffix not in _PLAIN_SUFFIXES:
            return 0.0  # a code file, a page, a table: never Markdown, whatever it holds
        text = sniff_text(head)
        if not text or text.isspace() or "\x00" in text:
            return 0.0
        # Each pattern only where its marker occurs: most files sniffed here are not Markdown.
        score = 0.35 if "#" in text and _SNIFF_HEADING.search(text) else 0.0
        score += 0.25 if "](" in text and _SNIFF_LINK.search(text) else 0.0
        score += 0.1 if ("**" in text or "__" in text) and _SNIFF_STRONG.search(text) else 0.0
        if suffix in _EXTENSIONS:
            return min(0.5 + score, 0.9)
        if score >= 0.35:
            return min(score, 0.7)  # beats plain-text (0.25), loses to dated-text and lists
        return 0.0

    def parse(self, data: bytes, path: Path) -> Iterator[ArticleDraft]:
        text = decode_text(data)
        memory.require(len(data), _memory_needed(len(data), text))
        document = read_markdown(text)
        blocks = document.blocks
        # The heading is what a reader of the file sees; front matter may say the same.
        title = document.title_heading or document.meta.get("title", "")
        if not blocks:
            raise ImportFailure("no text below the title" if title else "no text")
        warnings: list[str] = []
        try:
            date = parse_date(document.meta.get("date"))
        except DateError as exc:
            date, warnings = None, [f"front matter: {exc}; no date set"]
        meta = document.meta
        url = meta.get("url", "") or meta.get("link", "")
        yield ArticleDraft(
            blocks=blocks,
            title=title or fallback_title(blocks),
            source=meta.get("source", "") or meta.get("publisher", "") or domain_of(url),
            author=meta.get("author", "") or meta.get("authors", ""),
            date=date,
            url=url,
            raw=data,
            warnings=warnings,
        )


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)
    title_heading: str | None = None  # a level-one heading that opened the text
    meta: dict[str, str] = field(default_factory=dict)


def _memory_needed(size: int, text: str) -> int:
    """Measured (importers/memory.py): copies of the text, a byte of the file, narrow or wide;
    a line's blocks, and what a marker may open (a quote, an emphasis, a link)."""
    markers = sum(text.count(marker) for marker in _MARKERS)
    lines = text.count("\n") + 1
    return memory.text_cost(size, text, (10.0, 19.0)) + 2_200 * lines + 250 * markers


_MARKERS = (">", "*", "_", "[", "`")


def read_markdown(text: str) -> Document:
    lines = text.split("\n")
    document = Document()
    start = _front_matter(lines, document.meta)
    refs: Refs = {}
    for index in range(start, len(lines)):
        definition = _DEFINITION.fullmatch(lines[index])
        if definition:
            refs.setdefault(normalise_label(definition["label"]), definition["url"])
            lines[index] = ""
    _Blocks(document, refs).read(lines[start:])
    return document


class _Blocks:
    """Line by line: a paragraph (or quote or list item) gathers lines until something ends it."""

    def __init__(self, document: Document, refs: Refs) -> None:
        self.document = document
        self.refs = refs
        self.lines: list[str] = []
        self.kind = "paragraph"
        self.seen_text = False

    def read(self, lines: list[str]) -> None:
        index = 0
        while index < len(lines):
            index = self._line(lines, index)
        self.flush()

    def _line(self, lines: list[str], index: int) -> int:
        line = lines[index]
        fence = _FENCE.match(line)
        if not line.strip():
            self.flush()
        elif fence:
            self.flush()
            marker = fence.group(1)
            end = index + 1
            while end < len(lines) and not lines[end].strip().startswith(marker):
                end += 1
            self.add_block("paragraph", "\n".join(lines[index + 1 : end]), inline=False)
            return end + 1
        elif (heading := _ATX.fullmatch(line)) is not None:
            self.flush()
            self.add_heading(len(heading.group(1)), _without_closing_hashes(heading.group(2) or ""))
        elif self.lines and self.kind == "paragraph" and (setext := _SETEXT.fullmatch(line)):
            text, self.lines = "\n".join(self.lines), []
            self.add_heading(1 if setext.group(1)[0] == "=" else 2, text)
        elif _BREAK.fullmatch(line):
            self.flush()
        elif (quote := _QUOTE.match(line)) is not None:
            if self.kind != "quote":
                self.flush()
            self.kind = "quote"
            rest = line[quote.end() :]
            if rest.strip():
                self.lines.append(rest)
            else:
                self.flush()
                self.kind = "quote"
        elif (item := _ITEM.fullmatch(line)) is not None and self._starts_item(item):
            self.flush()
            self.kind = "list-item"
            self.lines.append(item["rest"] or "")
        else:
            if not self.lines and self.kind != "list-item":
                self.kind = "paragraph"
            self.lines.append(line)
        return index + 1

    def _starts_item(self, item: re.Match[str]) -> bool:
        """As in CommonMark: inside a paragraph only "1." or a bullet with text starts a list."""
        if not self.lines or self.kind != "paragraph":
            return True
        return bool(item["rest"]) and item["number"] in (None, "1")

    def flush(self) -> None:
        if self.lines:
            text = "\n".join(line.rstrip().removesuffix("\\") for line in self.lines)
            self.add_block(self.kind, text)
        self.lines = []
        self.kind = "paragraph"

    def add_heading(self, level: int, source: str) -> None:
        if level == 1 and not self.seen_text and self.document.title_heading is None:
            text, _ = parse_inline(source, self.refs)
            block = make_block("heading", text)
            if block is not None:
                self.document.title_heading = block.text
                self.seen_text = True
                return
        self.add_block("heading", source)

    def add_block(self, kind: str, source: str, *, inline: bool = True) -> None:
        text, marks = parse_inline(source, self.refs) if inline else (source, [])
        block = make_block(kind, text, marks)
        if block is not None:
            self.document.blocks.append(block)
            self.seen_text = True


def _front_matter(lines: list[str], meta: dict[str, str]) -> int:
    """Reads a leading `---` … `---` block of `key: value` lines; where the text starts."""
    if not lines or lines[0].strip() != "---":
        return 0
    for end in range(1, min(len(lines), _MAX_FRONT_LINES)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return 0
    key = ""
    for line in lines[1:end]:
        pair = _FRONT_KEY.fullmatch(line)
        if pair:
            key = pair["key"].lower()
            meta[key] = _unquote(pair["value"])
        elif key and line.strip().startswith("- "):  # a YAML list under the last key
            item = _unquote(line.strip()[2:])
            meta[key] = f"{meta[key]}, {item}" if meta.get(key) else item
    return end + 1


def _without_closing_hashes(text: str) -> str:
    """ "Title ##" is "Title" (the closing sequence must follow a space)."""
    text = text.rstrip(" \t")
    bare = text.rstrip("#")
    return bare.rstrip(" \t") if bare != text and (not bare or bare[-1] in " \t") else text


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return value.strip()
