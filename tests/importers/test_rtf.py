"""RTF files: single documents as one article, Nexis exports as one article per document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nexis_fixtures import DOC, Doc, assert_built_from, nexis_rtf, rtf_escape

from importers.draft import ImportFailure
from importers.registry import parse_file
from importers.rtf_text import read_rtf

SIMPLE = (
    r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times;}}{\info{\title Clipping \'e9t\'e9}}"
    r"{\header Page 1}\pard Storm \u8217?hits\par\par Second \b bold\b0  line \u-10179?\u-8704?"
    r"\page Third {\*\generator Word;}paragraph\par}"
)


def write(tmp_path: Path, data: bytes, name: str = "file.rtf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_an_rtf_document_is_one_article(tmp_path: Path) -> None:
    name, (draft,) = parse_file(write(tmp_path, SIMPLE.encode("ascii")))
    assert name == "rtf"
    assert draft.title == "Clipping été"
    assert [b.text for b in draft.blocks] == [
        "Storm \u2019hits",
        "Second bold line \U0001f600",
        "Third paragraph",
    ]
    assert draft.raw == SIMPLE.encode("ascii")


def test_without_a_title_property_a_short_first_line_is_the_title(tmp_path: Path) -> None:
    data = rb"{\rtf1\ansi {\b Floods in the north}\par Rivers rose. Many left.\par Second.\par}"
    _, (draft,) = parse_file(write(tmp_path, data))
    assert draft.title == "Floods in the north"
    assert [b.text for b in draft.blocks] == ["Rivers rose. Many left.", "Second."]
    sentence = rb"{\rtf1\ansi Rivers rose. Many left.\par Second.\par}"
    _, (draft,) = parse_file(write(tmp_path, sentence))
    assert draft.title == "Rivers rose." and len(draft.blocks) == 2


def test_page_breaks_are_marked_for_the_nexis_reader() -> None:
    paragraphs = read_rtf(SIMPLE.encode("ascii")).paragraphs
    assert [(p.text, p.new_page) for p in paragraphs][-2:] == [
        ("", True),
        ("Third paragraph", False),
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"{\\rtf1 {\\*\\generator x;}}", "has no text"),
        (b"{\\rtf1 " + b"{" * 100_000, "has no text"),
    ],
)
def test_rtf_without_text_is_refused(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(ImportFailure, match=reason):
        parse_file(write(tmp_path, data))


DOCS = [
    Doc("Storm hits the coast", "The Guardian", dt.date(2019, 7, 1), "UK", "A B", ("One é.",)),
    Doc("Budget 😀", "Le Monde", dt.date(2021, 3, 3), "Économie", "C D", ("Deux.", "Trois.")),
]


def test_a_nexis_rtf_export_is_one_article_per_document(tmp_path: Path) -> None:
    name, drafts = parse_file(write(tmp_path, nexis_rtf(DOCS)))
    assert name == "nexis-rtf"
    for draft, doc in zip(drafts, DOCS, strict=True):
        assert_built_from(draft, doc)
        assert draft.raw.decode("utf-8").endswith("End of Document")


def test_a_nexis_rtf_cover_page_without_documents_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="^no articles in this export$"):
        parse_file(write(tmp_path, nexis_rtf([])))


def test_a_nexis_rtf_export_cut_short_is_refused_whole(tmp_path: Path) -> None:
    data = nexis_rtf(DOCS)
    cut = data[: data.rindex(b"End of Document")] + b"}"
    with pytest.raises(ImportFailure, match="document 2: no 'End of Document'"):
        parse_file(write(tmp_path, cut))


def test_rtf_escape_round_trips(tmp_path: Path) -> None:
    text = "a\\b{c}é€😀"
    data = ("{\\rtf1\\ansi " + rtf_escape(text) + "\\par}").encode("ascii")
    assert [p.text for p in read_rtf(data).paragraphs] == [text]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs=st.lists(DOC, min_size=1, max_size=6), cover=st.booleans())
def test_an_rtf_export_of_n_documents_imports_as_n_articles(
    tmp_path_factory: pytest.TempPathFactory, docs: list[Doc], cover: bool
) -> None:
    path = write(tmp_path_factory.mktemp("nexis"), nexis_rtf(docs, cover=cover))
    _, drafts = parse_file(path)
    assert len(drafts) == len(docs)
    for draft, doc in zip(drafts, docs, strict=True):
        assert_built_from(draft, doc)
