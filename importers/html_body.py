"""The article body of a parsed page as blocks, with the page's boilerplate left behind.

Telling the article from navigation, share bars, related links and comments is a field of its
own; trafilatura is its reference tool and beats any rules we would write, so it picks the
content. We then walk its XML (p, head, quote, list/item, hi, ref) into our blocks ourselves,
which keeps headings, quotes, list items, bold, italic and links. Nothing is fetched: the tree
is handed over already parsed, and no URL is ever given to trafilatura.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from copy import copy
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree
from lxml.etree import _Element
from lxml.html import HtmlElement

from importers.decoding import strip_controls
from importers.draft import Block, RunBuilder, whitespace_slices
from importers.html_fragments import safe_href

Marks = tuple[tuple[str, str | None], ...]

# trafilatura's output elements that start a block, and the kind of block they start.
_BLOCK_KINDS = {"head": "heading", "quote": "quote", "item": "list-item"}
_BLOCKS = frozenset({"p", "div", "list", "table", "row", "body", "doc", "main"})
# <code> is a block (from <pre>) directly in a container, and inline inside a paragraph.
_CODE_BLOCK_PARENTS = frozenset({"body", "doc", "main", "div", "quote"})
_SKIPPED = frozenset({"graphic", "fw", "note"})
_STYLES = {"#b": "bold", "#i": "italic"}
_REND = re.compile(r"#[a-z]+")
_WORD = re.compile(r"\w+")
# A link whose address is not kept (relative without a base, javascript:): counted, not marked.
_UNKEPT_LINK = ("unkept-link", None)
_MAX_LINK_SHARE = 0.8  # an article is prose; a page whose text is all links has none
FALLBACK_BELOW = 300  # characters: a body shorter than this is retried with the fallbacks
MIN_REPEATED_LENGTH = 50  # characters: shorter repeats ("Advertisement") are not restored
# What reads as a paragraph: a <p>, or a <div> that holds text and inline elements only.
_PARAGRAPHS = etree.XPath(
    "//p | //div[normalize-space(text())][not(address|article|aside|blockquote|div|dl|"
    "figure|footer|form|h1|h2|h3|h4|h5|h6|header|hr|main|nav|ol|p|pre|section|table|ul)]"
)


@dataclass
class Body:
    """The article body's blocks, and how much of each block's text is link text (counted in
    non-space characters, whether or not the link's address could be kept as a mark)."""

    blocks: list[Block] = field(default_factory=list)
    linked: list[int] = field(default_factory=list)


def extract_body(root: HtmlElement, base_url: str = "") -> Body:
    """The page's main text; no blocks when trafilatura finds no article in it."""
    xml = main_body(root)
    if xml is None:
        return Body()
    body = body_blocks(xml, base_url)
    return Body() if _mostly_link_text(body.blocks, root) else restore_repeats(body, root)


def restore_repeats(body: Body, root: HtmlElement) -> Body:
    """The body with the paragraphs the page repeats repeated as often as the page does.

    trafilatura keeps one copy of identical paragraphs (a <p>, or a <div> of text standing
    for one); an element that holds the same paragraph several times (a refrain, a repeated
    notice) says it that many times. Only repeats among one element's own paragraphs count,
    not a copy in a teaser elsewhere. Each copy kept stands for its run of consecutive copies
    in the page; runs with no copy left follow the last one kept.
    """
    runs = _repeated_runs(root)
    if not runs:
        return body
    kept = Counter(block.text for block in body.blocks if block.text in runs)
    done: Counter[str] = Counter()
    out = Body()
    for block, linked in zip(body.blocks, body.linked, strict=True):
        copies = 1
        text = block.text
        if block.kind == "paragraph" and text in runs and kept[text] < sum(runs[text]):
            index = done[text]
            done[text] += 1
            copies = runs[text][index] if index < len(runs[text]) else 1
            if done[text] == kept[text]:
                copies += sum(runs[text][index + 1 :])
        out.blocks.extend([block] * copies)
        out.linked.extend([linked] * copies)
    return out


def _repeated_runs(root: HtmlElement) -> dict[str, list[int]]:
    """For each paragraph text an element holds more than once: the lengths of its runs of
    consecutive copies there, in page order (the element that holds it most often)."""
    found: dict[tuple[_Element, str], list[int]] = {}
    previous: tuple[_Element, str] | None = None
    for paragraph in _PARAGRAPHS(root):
        text = _collapsed(paragraph.text_content())
        if len(text) <= MIN_REPEATED_LENGTH:
            previous = None
            continue
        key = (paragraph.getparent(), text)
        sibling = paragraph.getprevious()
        # The last paragraph seen, if it is the one just before: a run goes on.
        if previous == key and sibling is not None and sibling.tag == paragraph.tag:
            found[key][-1] += 1
        else:
            found.setdefault(key, []).append(1)
        previous = key
    runs: dict[str, list[int]] = {}
    for (_, text), lengths in found.items():
        if sum(lengths) > 1 and sum(lengths) > sum(runs.get(text, [])):
            runs[text] = lengths
    return runs


def _collapsed(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def main_body(root: HtmlElement) -> _Element | None:
    """trafilatura's XML body of the page: its fast mode, and its fallbacks only when that
    finds next to nothing.

    The fallbacks (readability, jusText) are compared with the main extraction by length
    alone, so on a page with a short article a listing of other stories can win just by
    being longer; and they cost as much again.
    """
    body = _trafilatura_body(root, fast=True)
    if body is None or len(_text(body)) < FALLBACK_BELOW:
        body = _trafilatura_body(root, fast=False)
    return body


def second_reading(root: HtmlElement) -> str:
    """The page's article text as an independent extractor reads it, for a vote on the edges.

    trafilatura's bundled readability scores the page's nodes by their text and commas, a
    different idea from trafilatura's own rules, and costs less than trafilatura's precision
    mode (which, as the other reading, also moved the evaluation less). It changes the tree it
    reads, so it gets a copy.
    """
    from trafilatura.external import try_readability

    return " ".join(try_readability(copy(root)).itertext())


def _trafilatura_body(root: HtmlElement, fast: bool) -> _Element | None:
    import trafilatura  # heavy (~200 ms of imports): only loaded once a page is imported

    # Its "discarding data" warnings only restate the plain failure we raise ourselves.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    document = trafilatura.bare_extraction(
        root,
        fast=fast,
        output_format="xml",  # keeps the body as a tree and skips rendering it as plain text
        include_comments=False,
        include_tables=True,
        include_images=False,  # a caption has no block kind and would read as prose
        include_formatting=True,
        include_links=True,
        with_metadata=False,
    )
    return getattr(document, "body", None)


def _text(element: _Element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def _mostly_link_text(blocks: list[Block], root: HtmlElement) -> bool:
    """Whether the text found is nearly all the page's link text: a menu, not an article.

    When nothing on a page looks like an article, trafilatura's last resort returns whatever
    text there is, which on a page of links is its navigation.
    """
    found: Counter[str] = Counter()
    for part in whitespace_slices(" ".join(block.text for block in blocks)):
        found.update(_WORD.findall(part.casefold()))  # a list of every word costs 12× the text
    links = Counter(
        word for link in root.iter("a") for word in _WORD.findall(link.text_content().casefold())
    )
    total = sum(found.values())
    return total > 0 and sum((found & links).values()) >= total * _MAX_LINK_SHARE


def body_blocks(body: _Element, base_url: str = "") -> Body:
    """trafilatura's XML body as blocks; relative links are resolved against `base_url`."""
    out = _Blocks()
    # Events on an explicit stack: an element to open, a block to close, or a text run.
    stack: list[tuple[str, _Element | str | None, str, Marks]] = [("open", body, "paragraph", ())]
    while stack:
        event, node, kind, marks = stack.pop()
        if event == "text":
            out.add(str(node), marks)
        elif event == "close":
            out.flush(kind)
        elif isinstance(node, _Element):
            _open(node, kind, marks, base_url, out, stack)
    out.flush("paragraph")
    return Body(out.blocks, out.linked)


def _open(
    node: _Element,
    kind: str,
    marks: Marks,
    base_url: str,
    out: _Blocks,
    stack: list[tuple[str, _Element | str | None, str, Marks]],
) -> None:
    """Push what an element holds; its tail text (after it, in the parent) goes first."""
    if node.tail:
        stack.append(("text", node.tail, kind, marks))
    tag = node.tag if isinstance(node.tag, str) else ""
    if not tag or tag in _SKIPPED:
        return
    inner_kind, inner_marks = kind, marks
    if tag in _BLOCK_KINDS or tag in _BLOCKS or _is_code_block(node, tag):
        out.flush(kind)
        if tag in _BLOCK_KINDS and not (tag == "head" and kind != "paragraph"):
            inner_kind = _BLOCK_KINDS[tag]
        stack.append(("close", None, inner_kind, marks))
    elif tag == "lb":
        out.add("\n", marks)
    elif tag == "cell":
        out.add(" ", marks)
    else:
        inner_marks = marks + tuple(m for m in _marks(node, tag, base_url) if m not in marks)
    for child in reversed(list(node)):
        stack.append(("open", child, inner_kind, inner_marks))
    if node.text:
        stack.append(("text", node.text, inner_kind, inner_marks))


def _is_code_block(node: _Element, tag: str) -> bool:
    parent = node.getparent()
    return tag == "code" and parent is not None and parent.tag in _CODE_BLOCK_PARENTS


def _marks(node: _Element, tag: str, base_url: str) -> Marks:
    if tag == "hi":
        rend = str(node.get("rend") or "")
        return tuple((_STYLES[r], None) for r in _REND.findall(rend) if r in _STYLES)
    if tag == "ref":
        href = safe_href(resolve(base_url, str(node.get("target") or "")))
        return (("link", href),) if href else (_UNKEPT_LINK,)
    return ()


def resolve(base: str, href: str) -> str:
    """`href` made absolute against `base`; empty when either is malformed ("http://[")."""
    href = href.strip()
    try:
        return urljoin(base, href) if base and href else href
    except ValueError:
        return ""


class _Blocks:
    """Text runs gathered until a block boundary, then made into one block."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.linked: list[int] = []
        self._runs = RunBuilder()
        self._linked = 0

    def add(self, text: str, marks: Marks) -> None:
        if any(kind in ("link", _UNKEPT_LINK[0]) for kind, _ in marks):
            self._linked += len("".join(text.split()))
            marks = tuple(mark for mark in marks if mark != _UNKEPT_LINK)
        self._runs.add(strip_controls(text), marks)

    def flush(self, kind: str) -> None:
        block = self._runs.build(kind)
        if block is not None:
            self.blocks.append(block)
            self.linked.append(self._linked)
        self._runs = RunBuilder()
        self._linked = 0
