"""LexisNexis Academic text downloads: documents, their fields, and unwrapped paragraphs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from news_exports import LEXIS_LANGUAGES, Spec, check_export, lexis_txt, specs

from importers.draft import ImportFailure
from importers.news_export import author_name
from importers.registry import parse_file

FIXTURE = Path(__file__).parent / "fixtures" / "news" / "lexisnexis_en.txt"


@pytest.fixture(scope="module")
def drafts():  # type: ignore[no-untyped-def]
    name, found = parse_file(FIXTURE)
    assert name == "lexisnexis-txt"
    return found


def test_each_document_is_an_article_with_its_fields(drafts) -> None:  # type: ignore[no-untyped-def]
    fields = [(d.source, d.date, d.author, d.section, d.reported_words) for d in drafts]
    assert fields == [
        (
            "The Guardian (London)",
            dt.date(2017, 11, 13),
            "Jane Doe, Banking correspondent",
            "FINANCIAL PAGES; Pg. 24",
            412,
        ),
        ("The Times (London)", dt.date(2017, 11, 14), "", "", 120),
        ("Daily Mail (London)", dt.date(2017, 11, 15), "Our readers", "LETTERS", 88),
    ]
    assert drafts[0].title == (
        "Banks brace for Brexit bill as lenders set aside money for the long transition period"
    )
    assert all(not d.warnings for d in drafts)


def test_wrapped_lines_are_joined_into_paragraphs(drafts) -> None:  # type: ignore[no-untyped-def]
    first = [block.text for block in drafts[0].blocks]
    assert first[0] == (
        "Britain's largest lenders are setting aside money for the Brexit transition, people "
        "familiar with the plans said, as regulators pressed them to prepare for every outcome."
    )
    assert first[1].startswith("BYLINE: was not a word")  # a label inside the text is text
    assert len(first) == 3


def test_cover_page_fields_and_copyright_stay_out_of_the_text(drafts) -> None:  # type: ignore[no-untyped-def]
    for draft in drafts:
        text = " ".join(block.text for block in draft.blocks)
        for furniture in ("DOCUMENTS", "LOAD-DATE", "LANGUAGE", "Copyright", "Rights Reserved"):
            assert furniture not in text
        for furniture in ("LENGTH:", "DATELINE", "Edition", "Download Request", draft.source):
            assert furniture not in text
    assert "DATELINE: LONDON" in drafts[1].raw.decode("utf-8")  # kept in the stored original
    assert "Download Request" not in drafts[0].raw.decode("utf-8")


def test_a_cover_page_without_documents_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    data = FIXTURE.read_bytes()
    path.write_bytes(data[: data.index(b"1 of 3 DOCUMENTS")].rstrip(b" "))
    with pytest.raises(ImportFailure, match="^no articles in this export$"):
        parse_file(path)


def test_documents_out_of_order_fail_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "damaged.txt"
    path.write_bytes(FIXTURE.read_bytes().replace(b"3 of 3 DOCUMENTS", b"2 of 3 DOCUMENTS"))
    with pytest.raises(ImportFailure, match="document 3 .* is numbered 2 after 2"):
        parse_file(path)


def test_a_document_cut_off_before_its_text_fails_the_whole_file(tmp_path: Path) -> None:
    data = FIXTURE.read_bytes()
    path = tmp_path / "cut.txt"
    path.write_bytes(data[: data.index(b"Sir, Your report")])
    with pytest.raises(ImportFailure, match="LexisNexis document 3 has no text"):
        parse_file(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents=specs(), language=st.sampled_from(sorted(LEXIS_LANGUAGES)))
def test_n_documents_give_n_articles_with_their_metadata(
    tmp_path_factory: pytest.TempPathFactory, documents: list[Spec], language: str
) -> None:
    path = tmp_path_factory.mktemp("lexis") / "export.txt"
    path.write_bytes(lexis_txt(documents, language))
    name, drafts = parse_file(path)
    assert name == "lexisnexis-txt"
    check_export(drafts, documents, id_prefix=None)


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("BY REUTERS", "REUTERS"),
        ("Von Anna Muster", "Anna Muster"),
        ("Von Trier", "Von Trier"),  # a name, not "by"
        ("Di Maria", "Di Maria"),
        ("di Mario Rossi", "Mario Rossi"),
        ("Jane  Doe\n", "Jane Doe"),
    ],
)
def test_bylines_lose_their_by_but_not_a_name(byline: str, author: str) -> None:
    assert author_name(byline) == author


def test_a_copy_that_lost_its_centring_reads_the_same(tmp_path: Path) -> None:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "flat.txt"
    path.write_text("\n".join(line.strip() for line in lines), encoding="utf-8")
    _, flat = parse_file(path)
    _, centred = parse_file(FIXTURE)

    def seen(draft):  # type: ignore[no-untyped-def]
        return (draft.source, draft.date, draft.title, draft.author, draft.blocks)

    assert [seen(d) for d in flat] == [seen(d) for d in centred]


def test_a_last_paragraph_starting_with_copyright_but_no_year_is_text(tmp_path):
    """Found by the property test: 'Copyright a a.' closing the text is not the notice."""
    spec = Spec(
        title="A",
        outlet="A",
        date=dt.date(2000, 1, 1),
        author="",
        section="",
        words=1,
        doc_id="0" * 25,
        paragraphs=("Document 1.", "A a a.", "Copyright a a."),
    )
    path = tmp_path / "export.txt"
    path.write_bytes(lexis_txt([spec], "de"))
    _name, [draft] = parse_file(path)
    assert [block.text for block in draft.blocks] == list(spec.paragraphs)
