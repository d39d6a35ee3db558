"""The text of a word-processor or PDF document as paragraphs, and one article made from it.

Word, OpenDocument, RTF and PDF readers all hand over `Paragraph`s: the text, whether it is a
heading (and so a title candidate), and whether a page or section break comes before it (Nexis
exports start each document on a new page or section). The single-document importers then build
one article; the Nexis importers split the same paragraphs into many.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from importers.body_text import fallback_title
from importers.draft import (
    ArticleDraft,
    Block,
    ImportFailure,
    Mark,
    collapse_whitespace,
    make_block,
)

_MAX_TITLE = 300
_MAX_HEADLINE = 120
_NOT_A_HEADLINE_END = ".,;:-–—"
# Title properties that name the tool or template, not the document.
_PLACEHOLDER_TITLES = frozenset({"untitled", "title", "document", "microsoft word document"})


@dataclass(frozen=True)
class Paragraph:
    text: str  # as the document has it; line breaks inside a paragraph are "\n"
    heading: int = 0  # 1 for a title or first-level heading, 2.. for lower ones, 0 for body
    new_page: bool = False  # a page or section break comes before it
    marks: tuple[Mark, ...] = ()  # bold, italic, links over offsets into `text`


def page_break() -> Paragraph:
    """An empty paragraph that carries only a break (the next text starts a new page)."""
    return Paragraph("", new_page=True)


def one_article(
    paragraphs: Iterable[Paragraph], title_property: str, kind: str, raw: bytes
) -> ArticleDraft:
    """The whole document as one article, titled by its title property or first heading.

    A first heading that repeats the title is dropped from the text, so the title is not read
    twice; any other heading stays as a heading block.
    """
    blocks: list[Block] = []
    first_heading = ""
    for paragraph in paragraphs:
        kind_of = "heading" if paragraph.heading else "paragraph"
        block = make_block(kind_of, paragraph.text, paragraph.marks)
        if block is None:
            continue
        if paragraph.heading and not first_heading and not blocks:
            first_heading = block.text
        blocks.append(block)
    if not blocks:
        raise ImportFailure(f"the {kind} has no text")
    title = _usable_title(title_property) or first_heading
    if blocks[0].kind == "heading" and title and blocks[0].text == title and len(blocks) > 1:
        blocks.pop(0)
    return ArticleDraft(blocks=blocks, title=title or fallback_title(blocks), raw=raw)


def first_line_as_heading(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """For formats whose headings are not marked (RTF): a short first line that does not end
    like a sentence, followed by more text, is taken as the headline."""
    texts = [index for index, paragraph in enumerate(paragraphs) if paragraph.text.strip()]
    if len(texts) < 2:
        return paragraphs
    first = paragraphs[texts[0]]
    line = collapse_whitespace(first.text)
    if len(line) >= _MAX_HEADLINE or line[-1] in _NOT_A_HEADLINE_END:
        return paragraphs
    marked = list(paragraphs)
    marked[texts[0]] = Paragraph(first.text, 1, first.new_page, first.marks)
    return marked


def _usable_title(value: str) -> str:
    title = collapse_whitespace(value or "")
    if title.lower() in _PLACEHOLDER_TITLES or len(title) > _MAX_TITLE:
        return ""
    return title
