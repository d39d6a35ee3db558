"""An article body given as one string (a dataset cell, a feed item) turned into blocks.

Plain text splits into paragraphs at blank lines only: a text without them stays one paragraph,
since inventing breaks would put words into the source's mouth. Text that carries HTML tags is
split at its block elements, each converted by `html_fragments` so marks survive.
"""

from __future__ import annotations

import html
import re

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, ProcessingInstruction
from bs4.element import NavigableString, PageElement, Tag
from bs4.exceptions import ParserRejectedMarkup

from importers.decoding import strip_controls
from importers.draft import Block, ImportFailure, make_block, shorten_title
from importers.html_fragments import fragment_to_block

_HTML_TAG = re.compile(
    r"<(?:p|br|div|h[1-6]|li|ul|ol|blockquote|b|i|em|strong|span|section|article|figure|table"
    r"|a\s[^>]*\bhref)\b[^>]*>",
    re.IGNORECASE,
)
BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_DROPPED = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg", "head"})
_KINDS = {f"h{n}": "heading" for n in range(1, 7)} | {"blockquote": "quote", "li": "list-item"}
# Elements that end the paragraph before them and start a new one after.
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "figure"}
    | {"figcaption", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr"}
    | {"td", "th", "pre", "address", "center", "details", "summary", "hr", "body", "html"}
    | set(_KINDS)
)
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st gen gov sen rep lt col sgt capt cpt jr sr inc co corp ltd no vs"
    " jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+")


def looks_like_html(text: str) -> bool:
    return _HTML_TAG.search(text) is not None


def text_blocks(text: str, kind: str = "paragraph") -> list[Block]:
    """Blocks from a body that may be plain text or HTML."""
    return html_blocks(text, kind) if looks_like_html(text) else plain_blocks(text, kind)


def plain_blocks(text: str, kind: str = "paragraph") -> list[Block]:
    """Paragraphs at blank lines; the lines of one paragraph are joined."""
    text = strip_controls(text).replace("\r\n", "\n").replace("\r", "\n")
    pieces = BLANK_LINE.split(text)
    return [block for block in (make_block(kind, piece) for piece in pieces) if block]


def html_blocks(markup: str, kind: str = "paragraph") -> list[Block]:
    """One block per paragraph-like element; headings, quotes and list items keep their kind."""
    try:
        soup = BeautifulSoup(markup, "html.parser")
    except ParserRejectedMarkup as exc:
        raise ImportFailure(f"unreadable HTML: {exc}") from None
    out = _Paragraphs()
    # An explicit stack (None closes a block element): hostile input may nest thousands deep.
    stack: list[tuple[PageElement | None, str]] = [(soup, kind)]
    while stack:
        node, context = stack.pop()
        if node is None:
            out.flush(context)
        elif isinstance(node, NavigableString):
            if not isinstance(node, _NOT_TEXT):
                out.add_text(str(node))
        elif isinstance(node, Tag):
            name = node.name.lower()
            if name in _DROPPED:
                continue
            if name == "br":
                out.add_break(context)
            elif name in _BLOCKS or node is soup:
                out.flush(context)
                inner = _KINDS.get(name, context)
                stack.append((None, inner))
                stack.extend((child, inner) for child in reversed(node.contents))
            else:
                out.add_inline(node)
    return out.blocks


class _Paragraphs:
    """Inline markup gathered until a block boundary, then converted to one block."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._breaks = 0  # consecutive <br>: two of them end a paragraph

    def add_text(self, text: str) -> None:
        if text.strip():
            self._breaks = 0
        self._parts.append(html.escape(text, quote=False))

    def add_inline(self, tag: Tag) -> None:
        if tag.get_text().strip():
            self._breaks = 0
        self._parts.append(str(tag))

    def add_break(self, kind: str) -> None:
        self._breaks += 1
        if self._breaks >= 2:
            self.flush(kind)
        else:
            self._parts.append("<br>")

    def flush(self, kind: str) -> None:
        self._breaks = 0
        markup = "".join(self._parts)
        self._parts.clear()
        if markup.strip():
            block = fragment_to_block(markup, kind)
            if block is not None:
                self.blocks.append(block)


def first_sentence(text: str) -> str:
    """The text up to its first sentence end, not fooled by "Mr." or "U.S." before a name."""
    for match in _SENTENCE_END.finditer(text):
        after = text[match.end() :].lstrip("\"'“‘([")[:1]
        if not (after.isupper() or after.isdigit()):
            continue
        before = text[: match.start() + 1].rsplit(None, 1)[-1]
        if before.endswith(".") and _is_abbreviation(before[:-1]):
            continue
        return text[: match.end()].strip()
    return text


def fallback_title(blocks: list[Block]) -> str:
    """A title for an article that has none: its lead, or its first sentence."""
    first = blocks[0]
    return shorten_title(first.text if first.kind == "lead" else first_sentence(first.text))


def _is_abbreviation(word: str) -> bool:
    word = word.lstrip("\"'“‘([")
    return word.lower() in _ABBREVIATIONS or bool(_INITIALS.fullmatch(word + ".")) or len(word) == 1
