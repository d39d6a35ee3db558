"""PDFs: paragraphs rebuilt from the layout; Nexis PDF exports split into their documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nexis_fixtures import Doc, assert_built_from, nexis_pdf

from importers import memory
from importers.draft import ImportFailure
from importers.registry import HEAD_BYTES, choose_importer, parse_file

LONG = " ".join(f"word{n}" for n in range(700))  # runs over a page break


def pdf_file(*paragraphs: str, title: str = "", heading: str = "", text: bool = True) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.add_page()
    if heading:
        pdf.set_font("Helvetica", style="B", size=18)
        pdf.multi_cell(0, 8, heading)
        pdf.ln(4)
    pdf.set_font("Helvetica", size=11)
    if not text:
        pdf.rect(20, 20, 100, 100)  # a scan has pictures, not text
    for paragraph in paragraphs:
        pdf.multi_cell(0, 5.5, paragraph)
        pdf.ln(4)
    return bytes(pdf.output())


def write(tmp_path: Path, data: bytes, name: str = "file.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_pdf_is_one_article_with_its_paragraphs_rebuilt(tmp_path: Path) -> None:
    path = write(tmp_path, pdf_file("Short first one.", LONG, "Über den Fluss.", title="Report"))
    name, (draft,) = parse_file(path)
    assert name == "pdf" and draft.title == "Report"
    assert [b.text for b in draft.blocks] == ["Short first one.", LONG, "Über den Fluss."]
    assert draft.raw == path.read_bytes()


def test_a_pdf_without_title_property_is_titled_by_its_headline(tmp_path: Path) -> None:
    path = write(tmp_path, pdf_file("The text.", "More text.", heading="Floods in the north"))
    _, (draft,) = parse_file(path)
    assert draft.title == "Floods in the north"
    assert [b.text for b in draft.blocks] == ["The text.", "More text."]


def test_pdfs_are_claimed_by_their_magic_number() -> None:
    assert choose_importer(Path("scan.bin"), pdf_file("x")[:HEAD_BYTES]).name == "nexis-pdf"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (pdf_file(text=False), "has no text layer"),
        (b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF", "not a readable PDF"),
    ],
)
def test_pdfs_without_text_are_refused(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(ImportFailure, match=reason):
        parse_file(write(tmp_path, data))


def test_pages_sharing_one_page_of_lines_are_refused_once_over_the_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages can share one content stream, so paragraphs are counted as pages are read: with
    2 MB of headroom, 40 pages of 250 paragraphs (~8 MB of them) outgrow a file of 17 KB."""
    from tests.ui.hostile_documents import pdf_shared_pages

    data = pdf_shared_pages(40 * 170)
    parse_file(write(tmp_path, pdf_shared_pages(170)))  # one page fits
    monkeypatch.setattr(memory, "HEADROOM", memory.RESERVED + 2_000_000)
    with pytest.raises(ImportFailure, match="^too large to import in bounded memory"):
        parse_file(write(tmp_path, data))


DOCS = [
    Doc("Storm hits the coast", "The Guardian", dt.date(2019, 7, 1), "UK", "A B", ("Un é.", LONG)),
    Doc("Budget vote", "Le Monde", dt.date(2021, 3, 3), "Économie", "C D", ("Deux.", "Trois.")),
]


def test_a_nexis_pdf_is_one_article_per_document_without_page_furniture(tmp_path: Path) -> None:
    name, drafts = parse_file(write(tmp_path, nexis_pdf(DOCS)))
    assert name == "nexis-pdf"
    for draft, doc in zip(drafts, DOCS, strict=True):
        assert_built_from(draft, doc)  # no "Page 2 of 4", no running title inside the text


def test_a_nexis_pdf_without_documents_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="^no articles in this export$"):
        parse_file(write(tmp_path, nexis_pdf([])))


LATIN = st.sampled_from(["Storm", "über", "Façade", "vote", "Élan", "zéro", "día", "1984"])
LATIN_TEXT = st.lists(LATIN, min_size=1, max_size=12).map(" ".join).filter(lambda s: s[0].isalpha())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    docs=st.lists(
        st.builds(
            Doc,
            title=LATIN_TEXT,
            outlet=LATIN_TEXT,
            date=st.dates(dt.date(1980, 1, 1), dt.date(2030, 12, 31)),
            section=LATIN_TEXT,
            byline=LATIN_TEXT,
            paragraphs=st.lists(LATIN_TEXT, min_size=1, max_size=3).map(tuple),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_a_pdf_export_of_n_documents_imports_as_n_articles(
    tmp_path_factory: pytest.TempPathFactory, docs: list[Doc]
) -> None:
    _, drafts = parse_file(write(tmp_path_factory.mktemp("pdf"), nexis_pdf(docs)))
    assert len(drafts) == len(docs)
    for draft, doc in zip(drafts, docs, strict=True):
        assert_built_from(draft, doc)
