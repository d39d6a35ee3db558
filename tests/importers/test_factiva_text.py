"""Factiva RTF and text downloads with field codes: one article per document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from news_exports import INTERFACES, Spec, check_export, factiva_rtf, factiva_text, specs

from importers.draft import ImportFailure
from importers.registry import parse_file

FIXTURES = Path(__file__).parent / "fixtures" / "news"


def _texts(draft) -> list[str]:  # type: ignore[no-untyped-def]
    return [block.text for block in draft.blocks]


def test_text_download_gives_each_document_with_its_fields() -> None:
    name, drafts = parse_file(FIXTURES / "factiva_en.txt")
    assert name == "factiva-text"
    first, second = drafts
    assert (first.title, first.source, first.author, first.date, first.reported_words) == (
        "Banks brace for Brexit bill",
        "Financial Times (FT.Com)",
        "Jane Doe in London",
        dt.date(2017, 11, 13),
        1024,
    )
    assert first.document_id == "factiva:FTCOM00020171113edbd0001f"
    assert (second.section, second.title, second.source) == (
        "Letters",
        "Letters: the border question",
        "The Times",
    )
    assert _texts(second) == ["Sir, Your report on the border misses the point."]


def test_only_the_lead_and_text_fields_are_text() -> None:
    _, (first, second) = parse_file(FIXTURES / "factiva_en.txt")
    # Lines that merely start like a code ("BY then", "IN the City") stay text.
    assert _texts(first) == [
        "Britain's largest lenders are setting aside money for the Brexit transition, "
        "people familiar with the plans said.",
        "The move follows months of talks.",
        "BY then, the so-called Brexit-proofing of balance sheets had begun in the spring.",
        "IN the City, estimates have risen since.",
        "Regulators declined to comment.",
    ]
    raw = first.raw.decode("utf-8")
    assert raw.startswith("HD\t") and raw.endswith("AN\tDocument FTCOM00020171113edbd0001f")
    assert "Factiva, Inc." not in second.raw.decode("utf-8")  # Factiva's page line is no field
    assert "Search Summary" not in second.raw.decode("utf-8")


def test_rtf_download_reads_the_same_fields() -> None:
    name, drafts = parse_file(FIXTURES / "factiva_fr.rtf")
    assert name == "factiva-text"
    first = drafts[0]
    assert (first.title, first.section, first.author, first.date) == (
        "Café “crème” 😀",
        "Économie",
        "Jean Dupont",
        dt.date(2017, 11, 13),
    )
    assert _texts(first) == ["Premier paragraphe — déjà.", "Second paragraphe.", "Troisième."]
    assert [d.document_id for d in drafts] == [
        "factiva:LEMOND0020171113edbd000ab",
        "factiva:DIEZEI0020180528ee5s0001q",
    ]


def test_codes_on_their_own_lines_are_read_too(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text(
        "HD\nA headline\n\nWC\n12 words\n\nPD\n28 May 2018\n\nSN\nThe Paper\n\n"
        "LP\nFirst paragraph.\n\nTD\nSecond paragraph.\n\nAN\nDocument PAPER00020180528ee5s0001q\n"
    )
    _, [draft] = parse_file(path)
    assert (draft.title, draft.source, draft.date) == (
        "A headline",
        "The Paper",
        dt.date(2018, 5, 28),
    )
    assert _texts(draft) == ["First paragraph.", "Second paragraph."]


def test_a_cut_off_download_is_refused_whole(tmp_path: Path) -> None:
    data = (FIXTURES / "factiva_en.txt").read_bytes()
    path = tmp_path / "cut.txt"
    path.write_bytes(data[: data.index(b"AN\tDocument TIMEUK")])
    with pytest.raises(ImportFailure, match="document 2 .*has no AN line"):
        parse_file(path)


def test_a_document_without_its_an_line_is_refused_whole(tmp_path: Path) -> None:
    data = (FIXTURES / "factiva_en.txt").read_bytes()
    path = tmp_path / "broken.txt"
    path.write_bytes(data.replace(b"AN\tDocument FTCOM00020171113edbd0001f\n", b""))
    with pytest.raises(ImportFailure, match="document 1 \\(line 1\\) ends without its AN line"):
        parse_file(path)


def test_a_search_summary_without_documents_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "summary.txt"
    path.write_text("Search Summary\nText\tBrexit\nResults Found\t0\n© 2017 Factiva, Inc.\n")
    with pytest.raises(ImportFailure, match="^no articles in this export$"):
        parse_file(path)


@pytest.mark.parametrize(
    ("notice", "sniffed"),
    [
        ("SEARCH SUMMARY", True),
        ("Search summary", True),
        ("© 2017 FACTIVA, INC.", True),
        ("Factiva, Inc.", True),
        ("Search Sümmary", False),  # another word
        ("Factiva Inc.", False),
    ],
)
def test_a_notice_is_seen_in_any_case_beside_accented_text(notice: str, sniffed: bool) -> None:
    """The notice's words are looked for in ASCII-lowered bytes: a text with accents, curly
    quotes and emoji around it is sniffed as str.lower() would have it."""
    from importers.factiva_text import SNIFF_NOTICE, FactivaTextImporter

    text = f"Überblick – «Café» 😀\n{notice}\nRésultats\t0\n"
    for encoded in (text.encode("utf-8"), text.encode("utf-16")):
        score = FactivaTextImporter().sniff(encoded, Path("x.txt"))
        assert score == (SNIFF_NOTICE if sniffed else 0.0)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    documents=specs(),
    language=st.sampled_from(sorted(INTERFACES)),
    layout=st.sampled_from(["rtf", "txt"]),
)
def test_n_documents_give_n_articles_with_their_metadata(
    tmp_path_factory: pytest.TempPathFactory, documents: list[Spec], language: str, layout: str
) -> None:
    build = factiva_rtf if layout == "rtf" else factiva_text
    path = tmp_path_factory.mktemp("factiva") / f"export.{layout}"
    path.write_bytes(build(documents, language))
    name, drafts = parse_file(path)
    assert name == "factiva-text"
    check_export(drafts, documents)
