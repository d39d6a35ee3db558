"""Nexis Uni Word exports: one article per document, the furniture kept out of the text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nexis_fixtures import DOC, Doc, assert_built_from, nexis_docx

from importers.draft import ImportFailure
from importers.registry import parse_file

FURNITURE = ("End of Document", "Section:", "Length:", "Byline:", "Copyright", "Load-Date")
DOCS = [
    Doc(
        "Storm hits the coast",
        "The Guardian (London)",
        dt.date(2019, 7, 1),
        "POLITICS",
        "Mattha Busby",
        ("The storm arrived at dawn 😀.", "Thousands lost power."),
        highlight="Residents were warned to stay indoors",
    ),
    Doc(
        "Council votes on budget",
        "The Times (London)",
        dt.date(2020, 2, 29),
        "NEWS",
        "By Anna Smith",
        ("The council voted 12 to 3.",),
        extra_header=("Late Edition - Final",),
    ),
]


def write(tmp_path: Path, data: bytes, name: str = "export.docx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_each_document_is_an_article_with_its_metadata(tmp_path: Path) -> None:
    name, drafts = parse_file(write(tmp_path, nexis_docx(DOCS)))
    assert name == "nexis-docx"
    assert [d.title for d in drafts] == ["Storm hits the coast", "Council votes on budget"]
    assert [d.source for d in drafts] == ["The Guardian (London)", "The Times (London)"]
    assert [d.date for d in drafts] == [dt.date(2019, 7, 1), dt.date(2020, 2, 29)]
    assert [d.author for d in drafts] == ["Mattha Busby", "Anna Smith"]
    assert [(d.section, d.reported_words) for d in drafts] == [
        (doc.section, doc.words) for doc in DOCS
    ]
    first = drafts[0]
    assert [(b.kind, b.text) for b in first.blocks] == [
        ("lead", "Residents were warned to stay indoors"),
        ("paragraph", "The storm arrived at dawn 😀."),
        ("paragraph", "Thousands lost power."),
    ]
    assert [b.text for b in drafts[1].blocks] == ["The council voted 12 to 3."]


def test_furniture_stays_out_of_the_text_and_in_the_stored_original(tmp_path: Path) -> None:
    _, drafts = parse_file(write(tmp_path, nexis_docx(DOCS)))
    for draft in drafts:
        text = "\n".join(block.text for block in draft.blocks)
        assert not any(word in text for word in FURNITURE)
        assert "Search Terms" not in text and "Page 1 of 1" not in text
        raw = draft.raw.decode("utf-8")
        assert raw.startswith(draft.title) and raw.endswith("End of Document")
        assert "Length:\u00a0" in raw and "Copyright" in raw


def test_an_export_without_cover_page_splits_too(tmp_path: Path) -> None:
    _, drafts = parse_file(write(tmp_path, nexis_docx(DOCS, cover=False)))
    assert [d.title for d in drafts] == [doc.title for doc in DOCS]


def test_a_cover_page_without_documents_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="^no articles in this export$"):
        parse_file(write(tmp_path, nexis_docx([])))


def test_a_document_without_text_refuses_the_file_naming_it(tmp_path: Path) -> None:
    empty = Doc("Photo", "The Times", dt.date(2020, 1, 1), "NEWS", "A B", ("Classification",))
    with pytest.raises(ImportFailure, match="^Nexis document 2 has no text; nothing imported$"):
        parse_file(write(tmp_path, nexis_docx([DOCS[0], empty])))


def test_a_cover_count_that_does_not_match_refuses_the_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="lists 3 documents but 2 were found"):
        parse_file(write(tmp_path, nexis_docx(DOCS, count=3)))


def test_a_document_cut_short_refuses_the_whole_file(tmp_path: Path) -> None:
    import docx

    path = write(tmp_path, nexis_docx(DOCS))
    document = docx.Document(str(path))
    last = [p for p in document.paragraphs if p.text == "End of Document"][-1]
    last._element.getparent().remove(last._element)
    document.save(str(path))
    with pytest.raises(ImportFailure, match="document 2: no 'End of Document'"):
        parse_file(path)


def test_importing_the_same_export_twice_reports_duplicates(tmp_path: Path, library: Path) -> None:
    from models.importing import import_paths

    path = write(tmp_path, nexis_docx(DOCS))
    first = import_paths([path])
    again = import_paths([path])
    assert len(first.imported) == 2 and not first.failed
    assert len(again.duplicates) == 2 and not again.imported


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs=st.lists(DOC, min_size=1, max_size=6))
def test_an_export_of_n_documents_imports_as_n_articles(
    tmp_path_factory: pytest.TempPathFactory, docs: list[Doc]
) -> None:
    path = write(tmp_path_factory.mktemp("nexis"), nexis_docx(docs))
    _, drafts = parse_file(path)
    assert len(drafts) == len(docs)
    for draft, doc in zip(drafts, docs, strict=True):
        assert_built_from(draft, doc)
