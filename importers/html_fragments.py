"""One HTML fragment (a paragraph's worth of markup) to one block with bold/italic/link marks."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, ProcessingInstruction
from bs4.element import NavigableString, PageElement, Tag
from bs4.exceptions import ParserRejectedMarkup

from importers.decoding import strip_controls
from importers.draft import Block, ImportFailure, Mark, make_block
from importers.simple_markup import Event, tokenize

MarkKinds = tuple[tuple[str, str | None], ...]

_DROPPED = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg"})
_STYLES = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic"}
# Elements that separate words even without whitespace around them in the source.
_BREAKS = frozenset(
    {"br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "blockquote", "hr"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "figure", "figcaption"}
)
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
# Only links a reader can follow safely; javascript:, data: and relative links are dropped.
_SAFE_HREF = re.compile(r"(?:https?://|mailto:)\S", re.IGNORECASE)


def fragment_to_block(html: str, kind: str = "paragraph") -> Block | None:
    """The fragment's readable text as one block, or None when it has no text at all."""
    if "<" not in html and "&" not in html:
        return make_block(kind, strip_controls(html))  # plain text: no parser at all
    events = tokenize(html)
    if isinstance(events, list):
        return _simple_to_block(events, kind)
    return _parsed_fragment_to_block(html, kind)


def _simple_to_block(events: list[Event], kind: str) -> Block | None:
    """The same walk as the parser's below, over simple_markup's events."""
    runs = _Runs()
    runs.add(" ", ())  # the <div> wrapper of the parsed path
    inside: list[MarkKinds] = [()]  # the styles in force within each open element
    for event, value, href in events:
        kinds = inside[-1]
        if event == "text":
            runs.add(strip_controls(value), kinds)
        elif event == "open":
            if value in _BREAKS:
                runs.add(" ", kinds)
            inside.append(_inner(kinds, _marks_for_name(value, href)))
        else:
            inside.pop()
            if value in _BREAKS:
                runs.add(" ", inside[-1])
    runs.add(" ", ())
    return runs.build(kind)


def _parsed_fragment_to_block(html: str, kind: str) -> Block | None:
    # The wrapper keeps bs4 from mistaking a bare URL or file name for a locator (a warning)
    # and from treating a leading "<?xml" as a document.
    try:
        soup = BeautifulSoup(f"<div>{html}</div>", "html.parser")
    except ParserRejectedMarkup as exc:
        raise ImportFailure(f"unreadable HTML: {exc}") from None
    runs = _Runs()
    # An explicit stack rather than recursion: hostile input may nest tags thousands deep.
    stack: list[tuple[PageElement | str, MarkKinds]] = [(soup, ())]
    while stack:
        node, kinds = stack.pop()
        if isinstance(node, str) and not isinstance(node, NavigableString):
            runs.add(node, kinds)  # a separator pushed below
        elif isinstance(node, NavigableString):
            if not isinstance(node, _NOT_TEXT):
                runs.add(strip_controls(str(node)), kinds)
        elif isinstance(node, Tag):
            name = node.name.lower()
            if name in _DROPPED:
                continue
            if name in _BREAKS:
                runs.add(" ", kinds)
                stack.append((" ", kinds))
            raw = node.get("href") if name == "a" else None
            inner = _inner(kinds, _marks_for_name(name, raw if isinstance(raw, str) else None))
            stack.extend((child, inner) for child in reversed(node.contents))
    return runs.build(kind)


class _Runs:
    """Text runs with their styles; a style held over consecutive runs becomes one mark.

    Joining runs before `make_block` trims whitespace matters: "<a>mail <b>us</b></a>" must
    give one link over "mail us", not two links split at the space.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._open: dict[tuple[str, str | None], int] = {}  # style -> where it started
        self._marks: list[Mark] = []

    def add(self, text: str, kinds: MarkKinds) -> None:
        if not text:
            return
        for style in [style for style in self._open if style not in kinds]:
            self._close(style)
        for style in kinds:
            self._open.setdefault(style, self._length)
        self._parts.append(text)
        self._length += len(text)

    def build(self, kind: str) -> Block | None:
        for style in list(self._open):
            self._close(style)
        return make_block(kind, "".join(self._parts), self._marks)

    def _close(self, style: tuple[str, str | None]) -> None:
        start = self._open.pop(style)
        self._marks.append(Mark(style[0], start, self._length, style[1]))


def is_all_bold(block: Block) -> bool:
    """Whether every visible character is bold: a lead paragraph set in bold by the publisher."""
    covered = 0  # everything before this offset is bold or whitespace
    for mark in sorted((m for m in block.marks if m.kind == "bold"), key=lambda m: m.start):
        if mark.start > covered and not block.text[covered : mark.start].isspace():
            return False
        covered = max(covered, mark.end)
    rest = block.text[covered:]
    return not rest or rest.isspace()


def as_lead(block: Block) -> Block:
    """The block as the lead; its all-over bold mark says nothing once the kind says lead."""
    return Block("lead", block.text, tuple(m for m in block.marks if m.kind != "bold"))


def safe_href(href: str) -> str | None:
    href = href.strip()
    return href if _SAFE_HREF.match(href) else None


def _inner(kinds: MarkKinds, added: MarkKinds) -> MarkKinds:
    """The styles in force inside an element that adds `added` to `kinds`."""
    if any(kind == "link" for kind, _ in added):
        kinds = tuple(k for k in kinds if k[0] != "link")  # the innermost link wins
    # Nested repeats of a style add nothing; skipping them keeps deep nesting linear.
    return kinds + tuple(k for k in added if k not in kinds)


def _marks_for_name(name: str, raw_href: str | None) -> MarkKinds:
    if name in _STYLES:
        return ((_STYLES[name], None),)
    if name == "a" and raw_href is not None:
        href = safe_href(raw_href)
        if href:
            return (("link", href),)
    return ()
