"""Damaged Word, OpenDocument, RTF and PDF files and Nexis exports import or fail plainly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import mutated
from nexis_fixtures import Doc, document_lines, nexis_docx, nexis_pdf, nexis_rtf
from test_odt import odt_file
from test_word import word_file

from importers.document_text import Paragraph
from importers.draft import ImportFailure
from importers.nexis import split_export
from importers.registry import parse_file

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
DOCS = [
    Doc("Storm", "The Guardian", dt.date(2019, 7, 1), "UK", "A B", ("One.", "Two.")),
    Doc("Budget", "Le Monde", dt.date(2021, 3, 3), "Eco", "C D", ("Trois.",)),
]
SEEDS = {
    "nexis.docx": nexis_docx(DOCS),
    "nexis.rtf": nexis_rtf(DOCS),
    "nexis.pdf": nexis_pdf(DOCS),
    "clip.docx": word_file("A paragraph.", heading="Title"),
    "clip.odt": odt_file("A paragraph.", heading="Title"),
}
FORMATS = [None, "nexis-docx", "word", "nexis-rtf", "rtf", "odt", "nexis-pdf", "pdf"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("document-fuzz")


def check(path: Path, data: bytes, fmt: str | None) -> None:
    path.write_bytes(data)
    try:
        _, drafts = parse_file(path, fmt)
    except ImportFailure as exc:
        assert str(exc) and " failed: " not in str(exc), str(exc)  # a refusal, not a crash
        return
    for draft in drafts:
        assert draft.blocks and all(block.text == block.text.strip() for block in draft.blocks)


@FUZZ
@given(st.data())
def test_damaged_documents_import_or_fail_plainly(folder: Path, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(SEEDS)))
    damaged = data.draw(mutated(SEEDS[name], edits=3, span=256, insert=32))
    check(folder / name, damaged, data.draw(st.sampled_from(FORMATS)))


LINES = st.sampled_from(
    [text for doc in DOCS for _kind, text in document_lines(doc)]
    + ["Documents (2)", "Job Number: 1", "Body", "End of Document", "", "Graphic", "x: y"]
)


@FUZZ
@given(st.lists(st.tuples(LINES, st.booleans()), max_size=60))
def test_any_sequence_of_export_lines_splits_or_fails_plainly(
    lines: list[tuple[str, bool]],
) -> None:
    paragraphs = [Paragraph(text, new_page=new_page) for text, new_page in lines]
    try:
        drafts = split_export(paragraphs, "test file")
    except ImportFailure as exc:
        assert str(exc)
        return
    ends = sum(text == "End of Document" for text, _ in lines)
    assert 1 <= len(drafts) <= ends
    for draft in drafts:
        assert draft.blocks and draft.raw.decode("utf-8").endswith("End of Document")
        assert not any(block.text == "End of Document" for block in draft.blocks)
