"""Every export and every reader of annotations after a new version of the article: orphans
(start and end NULL) are handled, and the anchor state travels (issue 15)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from models.agreement import ARTICLE, CHARACTER, compute_agreement
from models.annotating import AnnotationRecord, annotate_quote, get_annotation, list_annotations
from models.compare import disagreements
from models.export_formats import write_export
from models.merging import merge_library
from models.qdpx_import import import_qdpx
from models.schema import Article
from models.search import search_annotations
from models.storing import prepare_draft
from models.tags import list_tags
from models.updating import update_article
from tests.conftest import draft
from tests.models.test_export_formats import SCHEMA_PATH
from tests.models.test_merging import add, build

FIRST = "The minister said the plan would cut emissions by half before the end of 2030."
SECOND = "Critics from three parties disagreed strongly with that claim in parliament today."
THIRD = "The vote on the bill is expected on Tuesday evening, officials said on Monday."
URL = "https://news.example/plan"
Q = "{urn:QDA-XML:project:1.0}"


def updated_marks(article: int, coder: str | None = None) -> dict[str, AnnotationRecord]:
    """Exact, fuzzy and orphaned highlights, made by a real update of `article`."""
    made = {
        "exact": annotate_quote(
            article, "expected on Tuesday evening", tags=["Timing"], coder=coder
        ),
        "fuzzy": annotate_quote(article, "cut emissions by half", tags=["Claims"], coder=coder),
        "orphaned": annotate_quote(
            article, "disagreed strongly", tags=["Claims"], note="who?", coder=coder
        ),
    }
    new = draft(FIRST.replace("by half", "by a half"), THIRD, title="Plan", url=URL)
    update_article(article, prepare_draft(new), "test", "new.txt")
    marks = {state: get_annotation(mark.id) for state, mark in made.items()}
    assert {state: mark.anchor for state, mark in marks.items()} == {s: s for s in marks}
    return marks


@pytest.fixture
def states(add_article) -> tuple[int, dict[str, AnnotationRecord]]:  # type: ignore[no-untyped-def]
    article = add_article(FIRST, SECOND, THIRD, title="Plan", url=URL)
    return article, updated_marks(article)


def export_text(fmt: str) -> str:
    out = io.StringIO(newline="")
    write_export(out, fmt)
    return out.getvalue()


def test_w3c_gives_an_orphan_its_quote_and_no_position(states) -> None:
    article, marks = states
    items = {item["target"]["selector"][0]["exact"]: item for item in _w3c_items()}
    orphan = items["disagreed strongly"]
    assert [s["type"] for s in orphan["target"]["selector"]] == ["TextQuoteSelector"]
    assert orphan["target"]["source"] == URL
    assert {"type": "TextualBody", "purpose": "commenting", "value": "who?"} == {
        k: v for k, v in orphan["body"][0].items() if k != "format"
    }
    fuzzy = items["cut emissions by a half"]
    quote, position = fuzzy["target"]["selector"]
    text = Article.get_by_id(article).text
    assert text[position["start"] : position["end"]] == quote["exact"]


def _w3c_items() -> list[dict]:
    return json.loads(export_text("w3c"))["items"]


def test_markdown_lists_orphans_under_not_placed(states) -> None:
    text = export_text("markdown")
    assert text.index("> expected on Tuesday") < text.index("### Not placed")
    assert text.index("> cut emissions by a half") < text.index("### Not placed")
    assert text.index("### Not placed") < text.index("> disagreed strongly")
    assert (
        "> cut emissions by a half\n\nChanged since highlighted; was: “cut emissions by half”\n"
        in text
    )


def test_qdpx_carries_an_orphan_as_a_coded_note_and_validates(states, tmp_path: Path) -> None:
    article, marks = states
    target = tmp_path / "out.qdpx"
    with target.open("w", encoding="utf-8", newline="") as out:
        assert write_export(out, "qdpx") == 3
    project = etree.fromstring(zipfile.ZipFile(target).read("project.qde"))
    etree.XMLSchema(etree.parse(str(SCHEMA_PATH))).assertValid(project)
    [source] = project.iter(f"{Q}TextSource")
    quotes = [s.get("name") for s in source.iter(f"{Q}PlainTextSelection")]
    assert quotes == ["cut emissions by a half", "expected on Tuesday evening"]
    [note] = project.findall(f"{Q}Notes/{Q}Note")
    assert [ref.get("targetGUID") for ref in source.findall(f"{Q}NoteRef")] == [note.get("guid")]
    content = note.findtext(f"{Q}PlainTextContent")
    assert "Quote: “disagreed strongly”" in content and "Note: who?" in content
    codes = {c.get("guid"): c.get("name") for c in project.iter(f"{Q}Code")}
    assert [codes[r.get("targetGUID")] for r in note.iter(f"{Q}CodeRef")] == ["Claims"]
    back = import_qdpx(target)  # the placed ones are there already; the orphan is reported
    assert (back.duplicates, back.already) == ([article], 2)
    assert back.not_held == [
        "a note on the whole text “Plan” (Gloss notes mark passages; a Gloss project's are"
        " highlights no longer placed in the text)"
    ]


def test_tag_counts_and_annotation_search_keep_orphans(states) -> None:
    article, marks = states
    counts = {tag.path: tag.annotations for tag in list_tags()}
    assert counts == {"Claims": 2, "Timing": 1}  # an orphan is still a coded quote
    [found] = search_annotations('"disagreed strongly"')
    assert (found.anchor, found.start, found.end) == ("orphaned", None, None)
    assert found.as_json()["original_quote"] == "disagreed strongly"


def test_agreement_and_compare_take_an_orphan_as_covering_no_text(add_article) -> None:
    article = add_article(FIRST, SECOND, THIRD, title="Plan", url=URL)
    updated_marks(article, coder="bob")
    annotate_quote(article, "cut emissions by a half", tags=["Claims"], coder="ann")
    by_unit = {
        unit: {row.tag: row.agreement for row in compute_agreement(unit).tags}
        for unit in (CHARACTER, ARTICLE)
    }
    assert by_unit[ARTICLE]["Claims"] == 100.0  # both applied Claims in the article
    assert by_unit[CHARACTER]["Timing"] < 100.0  # only bob's placed Timing covers text
    assert all(d.tag != "Claims" for d in disagreements(article, ["ann", "bob"]))


def test_merging_carries_the_state_and_an_orphan_stays_one(library, tmp_path: Path) -> None:
    other = tmp_path / "bob.sqlite"

    def fill() -> None:
        updated_marks(add(FIRST, SECOND, THIRD, title="Plan", url=URL), coder="bob")

    build(other, fill)
    report = merge_library(other)
    assert report.annotations.added == 3
    [article] = Article.select()
    marks = {mark.anchor: mark for mark in list_annotations(article.id)}
    assert (marks["orphaned"].start, marks["orphaned"].quote) == (None, "disagreed strongly")
    assert marks["fuzzy"].original_quote == "cut emissions by half"
    assert article.text[marks["fuzzy"].start : marks["fuzzy"].end] == "cut emissions by a half"
    again = merge_library(other)
    assert (again.annotations.added, again.annotations.matched) == (0, 3)
