"""Nexis Uni exports built for the tests, in the layout the real downloads have (a cover page,
then each document on a new section: title, outlet, date line, copyright, Section/Length/Byline,
Body, text, classification, Load-Date, End of Document), as Word, RTF and PDF."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from hypothesis import strategies as st

from importers.draft import ArticleDraft

NBSP = "\u00a0"


@dataclass(frozen=True)
class Doc:
    title: str
    outlet: str
    date: dt.date
    section: str
    byline: str
    paragraphs: tuple[str, ...]
    highlight: str = ""
    extra_header: tuple[str, ...] = field(default=())  # edition lines after the date

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


def date_line(date: dt.date) -> str:
    return f"{date:%B} {date.day}, {date.year} {date:%A} 9:20 AM GMT"


def document_lines(doc: Doc) -> list[tuple[str, str]]:
    """(kind, text): "title" lines are bold, "label" lines bold labels, "text" plain."""
    lines = [("title", doc.title), ("text", doc.outlet), ("text", date_line(doc.date))]
    lines += [("text", extra) for extra in doc.extra_header]
    lines += [
        ("text", f"Copyright {doc.date.year} {doc.outlet} All Rights Reserved"),
        ("label", f"Section:{NBSP}{doc.section}; Version:3"),
        ("label", f"Length:{NBSP}{doc.words} words"),
        ("label", f"Byline:{NBSP}{doc.byline}"),
    ]
    if doc.highlight:
        lines.append(("label", f"Highlight:{NBSP}{doc.highlight}"))
    lines.append(("label", "Body"))
    lines += [("text", paragraph) for paragraph in doc.paragraphs]
    lines += [
        ("label", "Classification"),
        ("label", f"Language:{NBSP}ENGLISH"),
        ("label", f"Publication-Type:{NBSP}Newspaper"),
        ("label", f"Subject:{NBSP}ELECTIONS (90%); POLITICS (89%)"),
        ("label", f"Load-Date:{NBSP}{doc.date:%B} {doc.date.day}, {doc.date.year}"),
        ("label", "End of Document"),
    ]
    return lines


def cover_lines(docs: Sequence[Doc], count: int | None = None) -> list[tuple[str, str]]:
    lines = [
        ("label", "Date and Time: Friday, July 5, 2019 9:31:00 AM CEST"),
        ("label", "Job Number: 92277501"),
        ("label", f"Documents ({len(docs) if count is None else count})"),
    ]
    lines += [("text", f"{n}. {doc.title}") for n, doc in enumerate(docs, 1)]
    lines += [
        ("label", "Client/Matter: -None-"),
        ("label", "Search Terms: climate AND election"),
        ("label", "Search Type: Terms and Connectors"),
        ("label", "Narrowed by: "),
        ("text", "Content Type"),
        ("text", "News"),
    ]
    return lines


def nexis_docx(docs: Sequence[Doc], *, cover: bool = True, count: int | None = None) -> bytes:
    """A Word export: cover page, then each document in a section of its own with a running
    header ("Page 1 of 1" and the title), as Nexis writes them."""
    import docx
    from docx.enum.section import WD_SECTION

    document = docx.Document()
    if cover:
        _docx_lines(document, cover_lines(docs, count))
    for number, doc in enumerate(docs):
        if cover or number:
            section = document.add_section(WD_SECTION.NEW_PAGE)
        else:
            section = document.sections[0]
        if number < 20:  # a header part per section: enough to show they stay out
            header = section.header
            header.is_linked_to_previous = False
            header.paragraphs[0].text = "Page 1 of 1"
            header.add_paragraph(doc.title)
        _docx_lines(document, document_lines(doc))
    document.core_properties.title = docs[-1].title if docs else ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_lines(document: object, lines: list[tuple[str, str]]) -> None:
    for kind, text in lines:
        paragraph = document.add_paragraph()  # type: ignore[attr-defined]
        run = paragraph.add_run(text)
        run.bold = kind != "text"


def rtf_escape(text: str) -> str:
    out: list[str] = []
    for char in text:
        code = ord(char)
        if char in "\\{}":
            out.append("\\" + char)
        elif code < 128:
            out.append(char)
        elif code < 0x10000:
            out.append(f"\\u{code if code < 32768 else code - 65536}?")
        else:  # a surrogate pair, each half a signed 16-bit number
            code -= 0x10000
            for half in (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)):
                out.append(f"\\u{half - 65536}?")
    return "".join(out)


def nexis_rtf(docs: Sequence[Doc], *, cover: bool = True) -> bytes:
    """An RTF export: the same lines, each document after a section break."""
    parts = [
        r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss\fcharset0 Arial;}}",
        r"{\colortbl;\red0\green0\blue0;}{\info{\title Nexis Uni export}}",
    ]
    if cover:
        parts += [_rtf_line(kind, text) for kind, text in cover_lines(docs)]
    for number, doc in enumerate(docs):
        if cover or number:
            parts.append(r"\sect\sectd")
        header = r"{\header\pard\qr Page 1 of 1\par\pard\qc " + rtf_escape(doc.title)
        parts.append(header + r"\par}")
        parts += [_rtf_line(kind, text) for kind, text in document_lines(doc)]
    parts.append("}")
    return "\n".join(parts).encode("ascii")


def _rtf_line(kind: str, text: str) -> str:
    body = rtf_escape(text)
    return r"\pard\plain " + (r"{\b " + body + "}" if kind != "text" else body) + r"\par"


def nexis_pdf(docs: Sequence[Doc], *, cover: bool = True, title: str = "") -> bytes:
    """A PDF export: each document from a new page, "Page N of M" and its title atop each page.
    Core fonts only (Latin-1), as fpdf2 has no other without a font file."""
    from fpdf import FPDF

    running = {"title": ""}

    class Export(FPDF):  # type: ignore[misc]
        def header(self) -> None:
            self.set_font("Helvetica", size=9)
            self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")
            self.ln(6)
            self.cell(0, 5, running["title"], align="C")
            self.ln(14)

    pdf = Export(format="A4")
    pdf.set_title(title)
    pdf.set_auto_page_break(True, margin=20)
    pages = ([cover_lines(docs)] if cover else []) + [document_lines(doc) for doc in docs]
    titles = ([""] if cover else []) + [doc.title for doc in docs]
    for lines, page_title in zip(pages, titles, strict=True):
        running["title"] = page_title
        pdf.add_page()
        for kind, text in lines:
            pdf.set_font("Helvetica", style="" if kind == "text" else "B", size=10)
            pdf.multi_cell(0, 5, text.replace(NBSP, " "))
            pdf.ln(3)
    return bytes(pdf.output())


# Lines that are the export's own structure: a paragraph of exactly these is read as such.
FURNITURE_LINES = frozenset(
    {"End of Document", "Dokumentende", "Fin du document", "Body", "Classification"}
    | {"Graphic", "Notes", "Klassifikation"}
)
TEXT = (
    st.text(
        st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"], exclude_characters=":"),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: unicodedata.normalize("NFC", " ".join(s.split())))
    .filter(lambda s: s and s[0].isalpha() and s not in FURNITURE_LINES)
    # A line that opens with "Copyright" is the notice the reader drops, as exports mean it.
    .filter(lambda s: not s.casefold().startswith("copyright"))
)
DOC = st.builds(
    Doc,
    title=TEXT,
    outlet=TEXT,
    date=st.dates(dt.date(1980, 1, 1), dt.date(2030, 12, 31)),
    section=TEXT,
    byline=TEXT.filter(lambda s: not s.lower().startswith("by ")),
    paragraphs=st.lists(TEXT, min_size=1, max_size=4).map(tuple),
)


def assert_built_from(draft: ArticleDraft, doc: Doc) -> None:
    """The article has the metadata and text its document was built with, nothing more."""
    fields = (draft.title, draft.source, draft.author, draft.date)
    assert fields == (doc.title, doc.outlet, doc.byline, doc.date)
    texts = [block.text for block in draft.blocks]
    assert texts == list(doc.paragraphs)
