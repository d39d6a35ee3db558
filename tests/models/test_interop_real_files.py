"""Files other tools wrote themselves (tests/models/interop/README.md says how each was made)
read into the library as their writers meant them."""

from pathlib import Path

import pytest

from models.codebook_io import import_codebook_csv, import_codebook_qdc
from models.qdpx_import import import_qdpx
from models.schema import Annotation, AnnotationTag, Article, Tag
from models.web_annotations import HYPOTHESIS, import_web_annotations, sniff

FILES = Path(__file__).parent / "interop"


def marks() -> list[tuple[str, str, tuple[str, ...], str]]:
    found = []
    for mark in Annotation.select().order_by(Annotation.start, Annotation.coder):
        tags = Tag.select().join(AnnotationTag).where(AnnotationTag.annotation == mark)
        found.append((mark.quote, mark.note, tuple(sorted(t.path for t in tags)), mark.coder))
    return found


@pytest.mark.parametrize("name", ["qualcoder-lf.qdpx", "qualcoder-crlf-maxqda.qdpx"])
def test_qualcoder_project(library, name) -> None:
    """QualCoder writes a BOM, CRLF for MAXQDA with positions counting it as one character,
    sub-codes twice, and a note on a passage as a Note holding the selection."""
    report = import_qdpx(FILES / name)
    [article_id] = report.articles
    article = Article.get_by_id(article_id)
    assert article.title == "bbc-minister.txt" and article.source == "BBC"
    assert article.text.startswith("Minister 😀 resigns")  # no BOM
    assert marks() == [
        ("weeks of protests", "the trigger", ("Frames/Conflict",), "colin"),
        ("fuel prices", "", ("Frames/Economy/Fuel",), "colin"),
        ("Critics said the move came too late.", "", ("Frames/Conflict",), "amira"),
        ("came too late", "a view, not a fact", (), "amira"),
    ]
    paths = sorted(t.path for t in Tag.select())
    assert paths == ["Frames", "Frames/Conflict", "Frames/Economy", "Frames/Economy/Fuel"]
    assert Tag.get(Tag.path == "Frames/Conflict").description == "Clashes & protest"
    assert any("“Fuel” appears twice" in p for p in report.problems)
    assert sorted(report.coders) == ["amira", "colin"]


def test_qualcoder_codebook(library) -> None:
    report = import_codebook_qdc(FILES / "qualcoder-codebook.qdc")  # starts with a BOM
    assert sorted(report.created) == [
        "Frames",
        "Frames/Conflict",
        "Frames/Economy",
        "Frames/Economy/Fuel",
    ]


def test_taguette_codebooks_keep_their_dotted_levels(library, tmp_path) -> None:
    """Taguette nests tags with dots in flat names, in its .qdc as in its CSV."""
    expected = ["actors/government", "frames", "frames/conflict", "frames/economy"]
    assert sorted(import_codebook_qdc(FILES / "taguette-codebook.qdc").created) == expected
    assert Tag.get(Tag.path == "frames/conflict").description == ""  # the .qdc has none
    report = import_codebook_csv(FILES / "taguette-codebook.csv")
    assert report.created == [] and not report.problems
    assert Tag.get(Tag.path == "frames/conflict").description == "Clashes, protest; riots"


def test_hypothesis_export_from_the_client(add_article) -> None:
    """Hypothesis's JSON export: quotes across line breaks, tracking parameters in the target,
    page notes, replies, image and PDF selectors, display names as coders."""
    page = add_article(
        "Minister 😀 resigns after protests",
        "The minister resigned on Monday after weeks of protests over fuel prices.",
        title="Minister resigns",
        url="https://example.org/news/minister-resigns",
    )
    path = FILES / "hypothesis-export.json"
    assert sniff(path) == HYPOTHESIS
    report = import_web_annotations(path)
    assert [article for article, _ in report.placed] == [page, page]
    assert marks() == [
        ("The minister", "", (), "Ana Reader"),
        (
            "weeks of protests",
            "The **trigger**: see [report](https://example.org)",
            ("frames.conflict", "protest"),
            "Ana Reader",
        ),
    ]
    reasons = "\n".join(report.unplaced)
    assert "hA3 (“Minister 😀 resigns after protests”): no TextQuoteSelector" in reasons
    assert "hA4" in reasons and "reply" in reasons
    assert "hA5" in reasons and "no TextQuoteSelector" in reasons
    assert "hA6 (“report.pdf”): no article" in reasons
    assert Article.select().count() == 1
