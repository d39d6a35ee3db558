"""Factiva "Article Format" pages: one article per document, metadata kept out of the text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from news_exports import INTERFACES, Spec, check_export, factiva_html, specs

from importers.draft import ImportFailure
from importers.factiva_html import FactivaHtmlImporter
from importers.registry import choose_importer, parse_file

FIXTURE = Path(__file__).parent / "fixtures" / "news" / "factiva_en.html"
FURNITURE = ("Document ", "words", "FTCOM", "Copyright", "Search Summary", "English", "GMT")


@pytest.fixture(scope="module")
def drafts():  # type: ignore[no-untyped-def]
    name, found = parse_file(FIXTURE)
    assert name == "factiva-html"
    return found


def test_each_document_is_an_article_with_its_metadata(drafts) -> None:  # type: ignore[no-untyped-def]
    assert [(d.title, d.source, d.date, d.author, d.section, d.reported_words) for d in drafts] == [
        (
            "Banks brace for Brexit bill",
            "Financial Times (FT.Com)",
            dt.date(2017, 11, 13),
            "Jane Doe in London",
            "Companies",
            1024,
        ),
        ("Ministers split over customs plan", "The Guardian", dt.date(2017, 11, 14), "", "", 412),
        ("Letters: the border question", "The Times", dt.date(2017, 11, 15), "", "", 88),
    ]
    assert [d.document_id for d in drafts] == [
        "factiva:FTCOM00020171113edbd0001f",
        "factiva:GRDN000020171114edbe0003a",
        "factiva:TIMEUK0020171115edbf000ab",
    ]
    assert all(not d.warnings for d in drafts)


def test_the_text_is_the_paragraphs_only(drafts) -> None:  # type: ignore[no-untyped-def]
    for draft in drafts:
        text = "\n\n".join(block.text for block in draft.blocks)
        assert draft.title not in text
        assert not any(piece in text for piece in FURNITURE), text
    letter = "Sir, Your report on the border misses the point."
    assert [b.text for b in drafts[2].blocks] == [letter]


def test_search_hits_neither_split_nor_drop_words_nor_become_bold(drafts) -> None:  # type: ignore[no-untyped-def]
    first = drafts[0].blocks
    assert first[1].text.startswith("The so-called Brexitproofing of balance sheets")
    assert "cost-of-Brexit estimates" in first[1].text
    assert "for the Brexit transition" in first[0].text
    assert all(not block.marks for block in first)


def test_a_line_break_inside_a_paragraph_keeps_words_apart(drafts) -> None:  # type: ignore[no-untyped-def]
    assert "arrangement, officials said" in drafts[1].blocks[0].text


def test_each_article_keeps_its_own_document_as_the_original(drafts) -> None:  # type: ignore[no-untyped-def]
    raw = drafts[1].raw.decode("utf-8")
    assert "GRDN000020171114edbe0003a" in raw and "FTCOM" not in raw
    assert "© 2017 Guardian News" in raw  # the furniture stays in the stored original


def test_a_page_with_scripts_before_its_title_is_still_known(tmp_path: Path) -> None:
    page = factiva_html([_spec()])
    padded = page.replace(b"<script>", b"<script>" + b"/*" + b"x" * 40_000 + b"*/", 1)
    path = tmp_path / "saved.html"
    path.write_bytes(padded)
    assert parse_file(path)[0] == "factiva-html"
    assert choose_importer(path, padded[:4096]).name == "html-page"  # what 4 KB would say
    assert FactivaHtmlImporter().sniff(b"<html><title>News</title>", Path("a.html")) == 0.0


def test_a_page_without_documents_is_refused(tmp_path: Path) -> None:
    page = factiva_html([])
    path = tmp_path / "empty.html"
    path.write_bytes(page)
    with pytest.raises(ImportFailure, match="^no articles in this export$"):
        parse_file(path)


def test_a_document_without_text_fails_the_whole_file(tmp_path: Path) -> None:
    page = factiva_html([_spec("A"), _spec("B", paragraphs=()), _spec("C")])
    path = tmp_path / "broken.html"
    path.write_bytes(page)
    with pytest.raises(ImportFailure, match="Factiva document 2 has no text"):
        parse_file(path)


def test_a_date_in_an_unknown_language_is_reported_and_the_outlet_still_found(
    tmp_path: Path,
) -> None:
    page = factiva_html([_spec()]).replace(b"28 May 2018", b"28 Toukokuu 2018")
    path = tmp_path / "fi.html"
    path.write_bytes(page)
    _, [draft] = parse_file(path)
    assert (draft.date, draft.source) == (None, "Outlet")
    assert draft.warnings == ["document 1: unreadable date '28 Toukokuu 2018'; no date set"]


def test_the_plus_indexing_table_is_read_by_its_codes(tmp_path: Path) -> None:
    rows = [
        ("SE", "Politik"),
        ("HD", "Koalition <b>streitet</b> weiter"),
        ("BY", "Von Anna Muster"),
        ("WC", "1.234 Wörter"),
        ("PD", "13 November 2017"),
        ("SN", "Süddeutsche Zeitung"),
        ("SC", "SDDZ"),
        ("LA", "Deutsch"),
        ("CY", "(c) 2017 Süddeutsche Zeitung"),
        ("LP", '<p class="articleParagraph dearticleParagraph">Erster Absatz.</p>'),
        ("TD", '<p class="articleParagraph dearticleParagraph">Zweiter <b>Absatz</b>.</p>'),
        ("NS", "gpol : Innenpolitik"),
        ("AN", "Dokument SDDZ000020171113edbd0002k"),
    ]
    table = "".join(
        f"<tr><td><b>{code}&nbsp;</b></td><td>{value}</td></tr>" for code, value in rows
    )
    page = tmp_path / "indexed.html"
    page.write_text(
        "<html><head><title>Factiva</title></head><body>"
        f'<div class="article deArticle"><table>{table}</table></div></body></html>',
        encoding="utf-8",
    )
    _, [draft] = parse_file(page)
    assert (draft.title, draft.author, draft.date, draft.source, draft.section) == (
        "Koalition streitet weiter",
        "Anna Muster",
        dt.date(2017, 11, 13),
        "Süddeutsche Zeitung",
        "Politik",
    )
    assert (draft.reported_words, draft.document_id) == (1234, "factiva:SDDZ000020171113edbd0002k")
    assert [block.text for block in draft.blocks] == ["Erster Absatz.", "Zweiter Absatz."]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents=specs(), language=st.sampled_from(sorted(INTERFACES)), data=st.data())
def test_n_documents_give_n_articles_with_their_metadata(
    tmp_path_factory: pytest.TempPathFactory,
    documents: list[Spec],
    language: str,
    data: st.DataObject,
) -> None:
    words = sorted({w for spec in documents for p in spec.paragraphs for w in p.split()})
    hits = tuple(data.draw(st.lists(st.sampled_from(words), max_size=3)))
    path = tmp_path_factory.mktemp("factiva") / "export.html"
    path.write_bytes(factiva_html(documents, language, hits))
    name, drafts = parse_file(path)
    assert name == "factiva-html"
    check_export(drafts, documents)


def _spec(title: str = "T", paragraphs: tuple[str, ...] = ("Some text.",)) -> Spec:
    return Spec(title, "Outlet", dt.date(2018, 5, 28), "", "", 10, f"ID{title}" * 6, paragraphs)
