"""Coded passages: the list a query finds, read lazily, opened and exported; and the
Analysis table's cells leading to the passages behind them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from models import passages as passages_model
from models.annotating import annotate_quote
from models.attributes import set_attributes
from models.crosstab import cooccurrence
from models.search import search_annotations
from ui.analysis.panel import CO_OCCURRENCE, cell_query
from ui.analysis.passages import PassagesView
from ui.common import file_dialogs

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


@pytest.fixture
def view(library, add_article, qtbot) -> PassagesView:  # type: ignore[no-untyped-def]
    for i in range(210):  # more than a page
        article = add_article(
            f"Report {i}: the grain deal was signed.\n\nNo one 🎉 objected.",
            source="BBC" if i % 3 else "Reuters",
            date=dt.date(2022, 1 + i % 12, 1),
        )
        tags = ["Frames/Economy"] if i % 2 else ["Frames/Conflict", "Actors/Turkey"]
        annotate_quote(article, "grain deal", 1, tags=tags, note="first" if i == 1 else "")
        annotate_quote(article, "objected", 1, tags=["Tone/Negative"])
    set_attributes([1, 2, 3], {"wave": 2})
    widget = PassagesView()
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    return widget


def type_query(view: PassagesView, qtbot, query: str) -> None:  # type: ignore[no-untyped-def]
    view.query.clear()
    qtbot.keyClicks(view.query, query)
    qtbot.keyClick(view.query, Qt.Key.Key_Return)


def test_typed_query_lists_what_search_finds(view: PassagesView, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    type_query(view, qtbot, "tag:Frames source:bbc")
    expected = search_annotations("tag:Frames source:bbc")
    assert len(view.model.ids) == len(expected) == 140
    qtmodeltester.check(view.model)
    last = view.model.rowCount() - 1
    assert (
        view.model.data(view.model.index(last, 4))
        == passages_model.passages([expected[-1].id])[0].context
    )
    assert len(view.model._pages) <= 3  # only pages that were shown were read
    assert view.count.text() == "140 passage(s)"


def test_and_or_and_variables(view: PassagesView, qtbot) -> None:  # type: ignore[no-untyped-def]
    type_query(view, qtbot, "(tag:Actors OR tag:Tone) attr:wave=2")
    rows = [view.model.passage(r) for r in range(view.model.rowCount())]
    assert {(p.record.article_id, p.record.tags) for p in rows} == {
        (1, ("Tone/Negative",)),
        (2, ("Tone/Negative",)),
        (3, ("Tone/Negative",)),
        (1, ("Actors/Turkey", "Frames/Conflict")),
        (3, ("Actors/Turkey", "Frames/Conflict")),
    }


def test_activating_a_row_asks_to_open_it(view: PassagesView, qtbot) -> None:  # type: ignore[no-untyped-def]
    type_query(view, qtbot, "tag:Tone")
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(0, 0))
    with qtbot.waitSignal(view.passageActivated) as opened:
        qtbot.keyClick(view.table.viewport(), Qt.Key.Key_Return)
    first = search_annotations("tag:Tone")[0]
    assert opened.args == [first.article_id, first.start, first.end]


def test_exports_csv_and_markdown(view: PassagesView, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    type_query(view, qtbot, "tag:Frames/Economy date:2022-02")
    target = tmp_path / "out.csv"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(view.csv_button, Qt.MouseButton.LeftButton)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == len(view.model.ids) > 0
    assert {r["tags"] for r in rows} == {"Frames/Economy"} and rows[0]["date"] == "2022-02-01"
    markdown = tmp_path / "out.md"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(markdown), ""))
    qtbot.mouseClick(view.markdown_button, Qt.MouseButton.LeftButton)
    text = markdown.read_text(encoding="utf-8")
    assert text.startswith("# tag:Frames/Economy date:2022-02\n")
    assert text.count("\n> grain deal\n") == len(rows)


def test_a_bad_query_shows_an_error_and_keeps_the_list(
    view: PassagesView, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    type_query(view, qtbot, "tag:Tone")
    shown: list[str] = []
    monkeypatch.setattr("ui.analysis.passages.show_error", lambda _w, text: shown.append(text))
    type_query(view, qtbot, '"open')
    assert shown and "unbalanced quotes" in shown[0]
    assert len(view.model.ids) == 210


@pytest.mark.parametrize(
    ("columns", "value", "query"),
    [
        ("source", "The Guardian", 'tag:Frames source:"The Guardian"'),
        ("month", "2022-03", "tag:Frames date:2022-03"),
        ("year", None, "tag:Frames -date:0001..9999"),
        ("attr:wave", 2, "tag:Frames attr:wave=2"),
        ("attr:wave", None, "tag:Frames -attr:wave"),
        (CO_OCCURRENCE, "Tone", "(tag:Frames overlaps:Tone) OR (tag:Tone overlaps:Frames)"),
    ],
)
def test_cell_queries(columns: str, value: object, query: str) -> None:
    assert cell_query(columns, "Frames", value) == query


def test_a_cooccurrence_cell_lists_the_overlapping_passages(library, add_article) -> None:  # type: ignore[no-untyped-def]
    article = add_article("Alpha beta gamma delta. Lone words here. Both tags on this one.")
    x_only = annotate_quote(article, "Alpha beta", tags=["X"])
    y_overlapping = annotate_quote(article, "beta gamma", tags=["Y"])
    annotate_quote(article, "Lone words", tags=["Y"])  # touches no X
    both = annotate_quote(article, "Both tags", tags=["X", "Y"])
    table = cooccurrence()
    assert table.cells[table.tags.index("X")][table.tags.index("Y")] == 2
    found = passages_model.passage_ids(cell_query(CO_OCCURRENCE, "X", "Y"))
    assert sorted(found) == sorted([x_only.id, y_overlapping.id, both.id])
