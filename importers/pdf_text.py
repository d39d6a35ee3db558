"""The text of a PDF as paragraphs, with pypdfium2 (PDFium, Chrome's PDF engine; loaded on first
use): fast enough for a 1,000-page export, and it reports where each line of text sits.

PDF has no paragraphs, only positioned text, so they are rebuilt from the layout: PDFium's text
rectangles are merged into lines, a line starts a new paragraph when the space above it is
clearly larger than the line spacing, a paragraph that runs on to the next page is joined to it
again, and words hyphenated at a line end are mended. Page furniture goes: "Page 3 of 12" and
bare page numbers in the top or bottom margin, and the running title printed under a page
number at the top of a page (Nexis prints the document's title there on every page).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from importers.document_text import Paragraph
from importers.draft import ImportFailure
from importers.pdf_bound import PageCosts, require_bounded_pdf

KIND = "PDF"
PDF_MAGIC = b"%PDF-"
_MARGIN = 0.08  # share of the page height at the top and bottom where page numbers live
_PAGE_NUMBER = re.compile(r"(?:Page\s+)?\d{1,5}(?:\s*(?:of|/)\s*\d{1,5})?", re.I)
# From one line's top to the next, in font sizes: a paragraph's lines are set 1.2-1.5 apart, a
# blank line or paragraph spacing puts the next paragraph 2.2 or more away.
_PARAGRAPH_PITCH = 1.8
_RUNNING_TITLE_PITCH = 2.5  # a running title sits right under the page number
_RUNS_ON = 0.2  # text reaching this low (share of the page height) may go on over the page
_HEADING_SIZE = 1.25  # a short paragraph set this much larger than the page's text is a heading
_SENTENCE_END = tuple(".!?:\"'”’)»")
_HYPHENS = ("-", "\u00ad", "\x02")


@dataclass(frozen=True)
class PdfText:
    paragraphs: list[Paragraph]
    title: str


@dataclass
class _Line:
    top: float
    bottom: float
    text: str
    size: float  # the font size of its text, in points


def is_pdf(head: bytes) -> bool:
    """The magic number, which the standard lets a few bytes of junk precede."""
    return PDF_MAGIC in head[:1024]


def read_pdf(data: bytes) -> PdfText:
    require_bounded_pdf(data)
    import pypdfium2 as pdfium  # ~30 ms: only when a PDF is imported

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = str(exc)
        if "password" in reason.lower():
            raise ImportFailure(f"the {KIND} is password-protected") from None
        raise ImportFailure(f"not a readable {KIND} ({reason})") from None
    try:
        paragraphs: list[Paragraph] = []
        runs_on = False  # the page before ran down to its foot
        costs = PageCosts(len(data))
        for index in range(len(document)):
            try:
                page, reaches_foot = _page_paragraphs(document, index, costs)
            except pdfium.PdfiumError as exc:
                raise ImportFailure(f"broken {KIND}: page {index + 1}: {exc}") from None
            _add_page(paragraphs, page, runs_on)
            runs_on = reaches_foot if page else runs_on
        title = str(document.get_metadata_dict().get("Title", "") or "")
    finally:
        document.close()
    if not any(paragraph.text.strip() for paragraph in paragraphs):
        raise ImportFailure(f"the {KIND} has no text layer (a scan? Gloss does not read images)")
    return PdfText(paragraphs, title)


def _page_paragraphs(document: Any, index: int, costs: PageCosts) -> tuple[list[Paragraph], bool]:
    """The page's paragraphs, and whether its text runs down to the bottom margin (so that
    its last paragraph may go on over the page)."""
    page = document[index]
    textpage = page.get_textpage()
    try:
        costs.add_lines(textpage.count_rects(), textpage.count_chars())
        height = page.get_height()
        lines = _without_furniture(_lines(textpage), height)
    finally:
        textpage.close()
        page.close()
    if not lines:
        return [], False
    body_size = statistics.median(line.size for line in lines)
    paragraphs = [
        Paragraph(text, 1 if size >= _HEADING_SIZE * body_size and len(text) <= 200 else 0)
        for text, size in _paragraphs(lines)
    ]
    return paragraphs, lines[-1].bottom < height * _RUNS_ON


def _paragraphs(lines: list[_Line]) -> Iterator[tuple[str, float]]:
    """(text, largest font size) of each run of lines set closer than a paragraph apart."""
    current: list[_Line] = []
    for line in lines:
        if current:
            previous = current[-1]
            size = max(line.size, previous.size)
            if previous.top - line.top > _PARAGRAPH_PITCH * size:
                yield _joined([x.text for x in current]), max(x.size for x in current)
                current = []
        current.append(line)
    yield _joined([x.text for x in current]), max(x.size for x in current)


def _lines(textpage: Any) -> list[_Line]:
    """PDFium's text rectangles merged into lines, top to bottom (left to right in a line)."""
    import pypdfium2.raw as pdfium_c

    boxes: list[tuple[float, float, float, str, float]] = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = textpage.get_text_bounded(left, bottom, right, top)
        if text.strip():
            middle = (top + bottom) / 2
            char = textpage.get_index((left + right) / 2, middle, right - left, top - bottom)
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, char) if char >= 0 else 0.0
            boxes.append((top, bottom, left, text.strip("\r\n"), size or (top - bottom)))
    boxes.sort(key=lambda box: (-box[0], box[2]))
    lines: list[_Line] = []
    for top, bottom, _left, text, size in boxes:
        last = lines[-1] if lines else None
        if last is not None and last.bottom <= (top + bottom) / 2 <= last.top:
            last.text = f"{last.text} {text}"
            last.size = max(last.size, size)
        else:
            lines.append(_Line(top, bottom, text, size))
    return lines


def _without_furniture(lines: list[_Line], height: float) -> list[_Line]:
    """Without page numbers in the margins and the running title under a top page number."""
    kept = [
        line
        for line in lines
        if not (
            _PAGE_NUMBER.fullmatch(line.text.strip())
            and (line.top > height * (1 - _MARGIN) or line.bottom < height * _MARGIN)
        )
    ]
    if kept and lines[0] is not kept[0] and lines[0].top > height * (1 - _MARGIN):
        # A page number headed the page: a line set right under it is a running title.
        number, first = lines[0], kept[0]
        if number.top - first.top < _RUNNING_TITLE_PITCH * (number.top - number.bottom):
            kept = kept[1:]
    return kept


def _joined(lines: list[str]) -> str:
    """A paragraph's lines as one text: mended where a word was hyphenated at a line end."""
    text = lines[0]
    for line in lines[1:]:
        if text.endswith(_HYPHENS) and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}"
    return text.replace("\x02", "-")  # PDFium's mark for a hyphen that ended a line


def _add_page(paragraphs: list[Paragraph], page: list[Paragraph], runs_on: bool) -> None:
    """A page's paragraphs; its first continues the last one when that was cut mid-sentence
    at the foot of the page before (`runs_on`), else it starts a new page."""
    if not page:
        return
    first, last = page[0], paragraphs[-1] if paragraphs else None
    cut = last is not None and not last.text.rstrip().endswith(_SENTENCE_END)
    if runs_on and cut and last is not None and first.text[:1].islower():
        paragraphs[-1] = Paragraph(_joined([last.text, first.text]), last.heading, last.new_page)
        paragraphs.extend(page[1:])
        return
    paragraphs.append(Paragraph(first.text, first.heading, new_page=True))
    paragraphs.extend(page[1:])
