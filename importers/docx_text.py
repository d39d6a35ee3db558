"""The paragraphs of a Word (.docx) file, read with python-docx (loaded on first use).

python-docx opens the package and parses its XML without expanding entities; the paragraphs are
then walked on its lxml tree directly (the proxy objects cost more than the reading), in body
order, table cells included. Headers, footers and footnotes are not text of the article, and
deleted tracked changes are not text at all (`w:delText` is never read).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from importers.document_text import Paragraph, page_break
from importers.draft import ImportFailure, Mark
from importers.zip_package import (
    ZIP_MAGIC,
    member_names_in,
    open_package,
    require_bounded_markup,
)

if TYPE_CHECKING:
    from lxml.etree import _Element

KIND = "Word document"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _SDT = f"{_W}p", f"{_W}tbl", f"{_W}sdt"
_T, _TAB, _BR, _CR = f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"
_NO_BREAK_HYPHEN = f"{_W}noBreakHyphen"
_VAL, _TYPE = f"{_W}val", f"{_W}type"
_TEXT_TAGS = frozenset({_T, _TAB, _BR, _CR, _NO_BREAK_HYPHEN})
_R, _RPR, _BOLD, _ITALIC = f"{_W}r", f"{_W}rPr", f"{_W}b", f"{_W}i"
_HYPERLINK = f"{_W}hyperlink"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_LINK_SCHEMES = ("http://", "https://", "mailto:")
# Measured (importers/memory.py): a byte of unpacked XML (python-docx's copy, lxml's tree, the
# text) and a tag (lxml's nodes and the paragraphs and runs built from them: ~1 KB a paragraph).
_MEMORY_PER_XML_BYTE, _MEMORY_PER_TAG = 10, 200


@dataclass(frozen=True)
class WordDocument:
    paragraphs: list[Paragraph]
    title: str  # the document's title property ("" when unset)


def sniff_docx(head: bytes, named: bool, sure: float) -> float:
    """`sure` for a ZIP whose first members are a Word package's (`word/...`); less for an
    Office package whose Word part comes later than the head, named .docx; else 0."""
    names = member_names_in(head)
    if any(name.startswith("word/") for name in names):
        return sure
    office = head.startswith(ZIP_MAGIC) and "[Content_Types].xml" in names
    return sure - 0.3 if office and named else 0.0


def read_docx(data: bytes, *, marks: bool = True) -> WordDocument:
    """The document's paragraphs and title, or ImportFailure with the reason. `marks=False`
    skips bold, italic and links (the Nexis reader reads text only: a quarter faster)."""
    with open_package(data, KIND) as archive:  # checked before python-docx unpacks anything
        require_bounded_markup(len(data), archive, _MEMORY_PER_XML_BYTE, _MEMORY_PER_TAG)
    import docx  # ~50 ms: only when a Word file is imported
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document: Any = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError) as exc:
        raise ImportFailure(f"not a readable {KIND} ({exc})") from None
    except ValueError as exc:  # "content type is ... not a Word file" (a .xlsx, a .dotx)
        raise ImportFailure(f"not a {KIND}: {exc}") from None
    except Exception as exc:  # lxml's and zipfile's errors for broken parts
        raise ImportFailure(f"broken {KIND}: {type(exc).__name__}: {exc}") from None
    headings = _heading_styles(document)
    links = _external_links(document) if marks else None
    paragraphs = list(_paragraphs(document.element.body, headings, links))
    title = document.core_properties.title or ""
    return WordDocument(paragraphs, title)


def _heading_styles(document: Any) -> dict[str, int]:
    """Style id → heading level (Title and Heading 1 are 1) for the styles that are headings."""
    levels: dict[str, int] = {}
    for style in document.styles:
        name = (style.name or "").lower()
        if name == "title":
            levels[style.style_id] = 1
        elif name.startswith("heading ") and name[8:].isdigit():
            levels[style.style_id] = int(name[8:])
    return levels


def _paragraphs(
    body: _Element, headings: dict[str, int], links: dict[str, str] | None
) -> Iterator[Paragraph]:
    """Body paragraphs in order; a section break ends its paragraph and starts a new page."""
    break_next = False
    for element in _block_elements(body):
        properties = element.find(f"{_W}pPr")
        style, section_end, break_before = "", False, False
        if properties is not None:
            style_element = properties.find(f"{_W}pStyle")
            style = style_element.get(_VAL, "") if style_element is not None else ""
            section_end = properties.find(f"{_W}sectPr") is not None
            break_before = _is_on(properties.find(f"{_W}pageBreakBefore"))
        level = headings.get(style, 0)
        text = _RunText(links)
        for node in element.iter(*_TEXT_TAGS):
            tag = node.tag
            if tag == _T:
                text.add(node.text or "", node.getparent())
            elif tag == _TAB:
                text.add("\t", None)
            elif tag == _NO_BREAK_HYPHEN:
                text.add("-", node.getparent())
            elif tag == _BR and node.get(_TYPE) == "page":
                if text.has_text():
                    yield text.paragraph(level, break_next)
                    break_next = False
                text = _RunText(links)
                break_before = True
            else:
                text.add("\n", None)
        if text.has_text():
            yield text.paragraph(level, break_next or break_before)
            break_next = False
        elif break_before:
            break_next = True
        if section_end:
            break_next = True
    if break_next:
        yield page_break()


class _RunText:
    """A paragraph's text gathered run by run, with bold, italic and links as marks (none
    when `links` is None)."""

    def __init__(self, links: dict[str, str] | None) -> None:
        self._links = links
        self._pieces: list[str] = []
        self._length = 0
        self._marks: list[Mark] = []
        self._formats: dict[_Element, tuple[tuple[str, str | None], ...]] = {}

    def add(self, piece: str, run: _Element | None) -> None:
        if not piece:
            return
        start = self._length
        self._pieces.append(piece)
        self._length += len(piece)
        if run is None or run.tag != _R or self._links is None:
            return
        formats = self._formats.get(run)
        if formats is None:
            formats = self._formats[run] = _run_formats(run, self._links)
        self._marks.extend(Mark(kind, start, self._length, href) for kind, href in formats)

    def has_text(self) -> bool:
        return any(piece.strip() for piece in self._pieces)

    def paragraph(self, level: int, new_page: bool) -> Paragraph:
        return Paragraph("".join(self._pieces), level, new_page, tuple(self._marks))


def _run_formats(run: _Element, links: dict[str, str]) -> tuple[tuple[str, str | None], ...]:
    formats: list[tuple[str, str | None]] = []
    properties = run.find(_RPR)
    if properties is not None:
        if _is_on(properties.find(_BOLD)):
            formats.append(("bold", None))
        if _is_on(properties.find(_ITALIC)):
            formats.append(("italic", None))
    parent = run.getparent()
    if parent is not None and parent.tag == _HYPERLINK:
        href = links.get(parent.get(_RELATIONSHIP_ID, ""), "")
        if href:
            formats.append(("link", href))
    return tuple(formats)


def _external_links(document: Any) -> dict[str, str]:
    """Relationship id → web or mail address, for the document's hyperlinks."""
    links: dict[str, str] = {}
    for key, relationship in document.part.rels.items():
        if relationship.is_external and str(relationship.target_ref).startswith(_LINK_SCHEMES):
            links[key] = str(relationship.target_ref)
    return links


def _block_elements(body: _Element) -> Iterator[_Element]:
    """Paragraphs of the body, of tables' cells and of content controls, in document order."""
    stack = list(reversed(body))
    while stack:
        element = stack.pop()
        tag = element.tag
        if tag == _P:
            yield element
        elif tag == _TBL or tag == _SDT or tag.startswith(_W):
            # Rows, cells and content controls hold paragraphs further down.
            stack.extend(reversed([child for child in element if isinstance(child.tag, str)]))


def _is_on(element: _Element | None) -> bool:
    if element is None:
        return False
    return element.get(_VAL, "true").lower() not in ("0", "false", "off")
