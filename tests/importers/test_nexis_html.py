"""Nexis UK HTML downloads: the text layout in markup, read back per document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from news_exports import Spec, check_export, nexis_html, specs

from importers.draft import ImportFailure
from importers.registry import parse_file

FIXTURE = Path(__file__).parent / "fixtures" / "news" / "nexis_uk.html"


@pytest.fixture(scope="module")
def drafts():  # type: ignore[no-untyped-def]
    name, found = parse_file(FIXTURE)
    assert name == "nexis-html"
    return found


def test_each_document_is_an_article_with_its_fields(drafts) -> None:  # type: ignore[no-untyped-def]
    fields = [(d.title, d.source, d.date, d.author, d.section, d.reported_words) for d in drafts]
    assert fields == [
        (
            "Banks brace for Brexit bill",
            "The Guardian (London)",
            dt.date(2017, 11, 13),
            "Jane Doe",
            "FINANCIAL PAGES; Pg. 24",
            412,
        ),
        (
            "Ministers split over customs plan",
            "The Times (London)",
            dt.date(2017, 11, 14),
            "",
            "",
            120,
        ),
        (
            "Letters: the border question",
            "Daily Mail (London)",
            dt.date(2017, 11, 15),
            "Our readers",
            "LETTERS",
            88,
        ),
    ]


def test_the_text_is_the_paragraphs_with_search_hits_in_line(drafts) -> None:  # type: ignore[no-untyped-def]
    assert [b.text for b in drafts[0].blocks] == [
        "Britain's largest lenders are setting aside money for the Brexit transition.",
        "Cost-of-Brexit estimates have risen since.",
        "Regulators declined to comment.",
    ]
    for draft in drafts:
        text = " ".join(block.text for block in draft.blocks)
        for furniture in ("DOCUMENTS", "LOAD-DATE", "Copyright", "Return to List", "Edition"):
            assert furniture not in text
        assert all(not block.marks for block in draft.blocks)


def test_each_article_keeps_its_documents_markup(drafts) -> None:  # type: ignore[no-untyped-def]
    raw = drafts[1].raw.decode("utf-8")
    assert raw.startswith('<p class="c1"><span class="c2">2 of 3 DOCUMENTS</span>')
    assert "LOAD-DATE" in raw and "The Guardian" not in raw and "Daily Mail" not in raw


def test_a_download_without_documents_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(nexis_html([]).replace(b"<BODY>", b"<BODY><!-- <DOC NUMBER=1> -->"))
    with pytest.raises(ImportFailure, match="^no articles in this export$"):
        parse_file(path)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents=specs(), data=st.data())
def test_n_documents_give_n_articles_with_their_metadata(
    tmp_path_factory: pytest.TempPathFactory, documents: list[Spec], data: st.DataObject
) -> None:
    words = sorted({w for spec in documents for p in spec.paragraphs for w in p.split()})
    hits = tuple(data.draw(st.lists(st.sampled_from(words), max_size=3)))
    path = tmp_path_factory.mktemp("nexis") / "export.html"
    path.write_bytes(nexis_html(documents, hits))
    name, drafts = parse_file(path)
    assert name == "nexis-html"
    check_export(drafts, documents, id_prefix=None)


def test_ordinary_pages_are_not_taken_for_downloads(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Archive</title></head><body><article>"
        "<p class='articleParagraph'>Showing</p><p>1 of 3 documents</p>"
        "<p>A long enough paragraph of an ordinary saved page about the archive.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    assert parse_file(page)[0] == "html-page"
