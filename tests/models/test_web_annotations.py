"""W3C and Hypothesis annotations land on the library's articles, or are listed with a reason."""

import io
import json
from pathlib import Path

import pytest

from models.annotating import annotate_quote
from models.errors import LibraryError
from models.export_formats import write_export
from models.schema import Annotation, AnnotationTag, Article, Tag
from models.web_annotations import HYPOTHESIS, W3C, import_web_annotations, sniff

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


def hypothesis_export(annotations: list[dict]) -> dict:
    """The shape of the Hypothesis client's JSON export (export_date, annotations, …)."""
    return {
        "export_date": "2024-05-01T10:00:00.000Z",
        "export_userid": "acct:reader@hypothes.is",
        "client_version": "1.1400.0",
        "annotations": annotations,
    }


def h_annotation(uri: str, exact: str, prefix: str = "", suffix: str = "", **extra) -> dict:
    return {
        "id": extra.pop("id", "AbC123"),
        "created": "2024-04-30T09:00:00.000000+00:00",
        "updated": "2024-04-30T09:00:00.000000+00:00",
        "user": "acct:reader@hypothes.is",
        "uri": uri,
        "text": extra.pop("text", ""),
        "tags": extra.pop("tags", []),
        "group": "__world__",
        "target": [
            {
                "source": uri,
                "selector": [
                    {
                        "type": "RangeSelector",
                        "startContainer": "/main[1]/p[2]",
                        "startOffset": 0,
                        "endContainer": "/main[1]/p[2]",
                        "endOffset": 9,
                    },
                    {"type": "TextPositionSelector", "start": 1200, "end": 1209},
                    {
                        "type": "TextQuoteSelector",
                        "exact": exact,
                        "prefix": prefix,
                        "suffix": suffix,
                    },
                ],
            }
        ],
        "document": {"title": ["A page"]},
        **extra,
    }


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_hypothesis_export_lands_on_the_matching_article(add_article, tmp_path) -> None:
    page = add_article(
        "The minister spoke.\n\nThe minister left early.",
        title="Page",
        url="https://www.example.org/news/story/?utm_source=x",
    )
    add_article("The minister elsewhere.", title="Other", url="https://example.org/other")
    file = write_json(
        tmp_path / "h.json",
        hypothesis_export(
            [
                h_annotation(
                    "http://example.org/news/story#section",
                    "The minister",
                    suffix=" left",
                    text="check this",
                    tags=["Actors", "bad\x07tag"],
                ),
                h_annotation("https://nowhere.example/x", "anything", id="Zz9"),
                h_annotation("https://example.org/news/story", "not in the text", id="Qq1"),
                h_annotation("https://example.org/news/story", "", id="Rr2", references=["AbC123"]),
            ]
        ),
    )
    assert sniff(file) == HYPOTHESIS
    report = import_web_annotations(file)
    [(article_id, annotation_id)] = report.placed
    stored = Annotation.get_by_id(annotation_id)
    text = Article.get_by_id(page).text
    assert article_id == page and stored.start == text.rindex("The minister")  # the second one
    assert text[stored.start : stored.end] == "The minister"
    tags = [
        t.path for t in Tag.select().join(AnnotationTag).where(AnnotationTag.annotation == stored)
    ]
    assert tags == ["Actors"]
    assert stored.note == "check this"
    assert stored.coder == "reader"  # acct:reader@hypothes.is
    text = "\n".join(report.unplaced)
    assert "annotation Zz9 (“A page”): no article" in text
    assert "annotation Qq1 (“A page”): the quote" in text
    assert "a reply" in text and "bad" in text
    assert Article.select().count() == 2  # never turned into articles
    again = import_web_annotations(file)
    assert again.placed == [] and again.already == 1


def test_a_quote_on_slightly_changed_text_lands_fuzzy_for_review(add_article, tmp_path) -> None:
    text = "Officials said on Monday that the budget would be cut by a third next year."
    page = add_article(text, title="Page", url="https://example.org/budget")
    changed = h_annotation(
        "https://example.org/budget",
        "the budget would be cut by one third",
        prefix="Officials said on Monday that ",
        suffix=" next year.",
    )
    report = import_web_annotations(write_json(tmp_path / "h.json", hypothesis_export([changed])))
    [(article_id, annotation_id)] = report.placed
    stored = Annotation.get_by_id(annotation_id)
    assert article_id == page and stored.anchor == "fuzzy"
    assert stored.quote == text[stored.start : stored.end] == "the budget would be cut by a third"
    assert stored.original_quote == "the budget would be cut by one third"


def test_w3c_round_trip_between_libraries(add_article, tmp_path, library) -> None:
    article = add_article("Smile 😀 at the ministry.  Then   more text.", title="A", url="")
    annotate_quote(article, "the ministry", note="why", tags=["Frames/Conflict"], coder="Ana")
    annotate_quote(article, "more", coder="Bo Li")
    annotate_quote(article, "more", coder="Cy")  # the same passage by another coder
    out = io.StringIO()
    write_export(out, "w3c")
    file = tmp_path / "w3c.jsonld"
    file.write_text(out.getvalue(), encoding="utf-8")
    assert sniff(file) == W3C
    Annotation.delete().execute()
    report = import_web_annotations(file)
    assert len(report.placed) == 3 and report.unplaced == []
    rows = sorted((a.quote, a.note, a.coder) for a in Annotation.select())
    assert rows == [("more", "", "Bo Li"), ("more", "", "Cy"), ("the ministry", "why", "Ana")]


def test_broken_or_foreign_json_is_refused(library, tmp_path) -> None:
    (tmp_path / "bad.json").write_text('{"@context": "http://www.w3.org/ns/anno.jsonld", ', "utf-8")
    with pytest.raises(LibraryError, match="bad.json: broken JSON"):
        import_web_annotations(tmp_path / "bad.json")
    assert sniff(write_json(tmp_path / "plain.json", {"title": "x"})) is None


def test_w3c_parts_gloss_cannot_hold_are_listed(add_article, tmp_path) -> None:
    add_article("The minister spoke.", title="A", url="https://example.org/a")
    item = {
        "type": "Annotation",
        "body": [{"type": "SpecificResource", "source": "https://example.org/img.png"}],
        "target": [
            {
                "source": "https://example.org/a",
                "selector": {"type": "TextQuoteSelector", "exact": "minister"},
            },
            "https://example.org/b",
        ],
    }
    file = write_json(
        tmp_path / "w.jsonld",
        {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "type": "AnnotationCollection",
            "items": [item],
        },
    )
    report = import_web_annotations(file)
    assert len(report.placed) == 1
    reasons = "\n".join(report.unplaced)
    assert "item 1: 2 targets; only the first imported" in reasons
    assert "item 1: a body that is not text" in reasons
