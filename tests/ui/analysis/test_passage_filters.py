"""Coded passages' filters, driven with the keyboard: tags joined by AND or OR, outlet, coder,
a variable and dates, each checked against the passages the library holds."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from models.annotating import annotate_quote
from models.attributes import set_attributes
from ui.analysis.passage_filters import PassageFilters, compose
from ui.analysis.passages import PassagesView

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

# (outlet, date, [(quote, tags, coder)])
ARTICLES = [
    ("BBC", dt.date(2022, 1, 5), [("grain", ["Frames/Economy", "Actors/Turkey"], "alice"),
                                   ("deal", ["Tone"], "bob")]),
    ("Reuters", dt.date(2022, 6, 1), [("grain", ["Frames/Conflict"], "alice"),
                                       ("deal", ["Actors/Russia"], "bob")]),
    ("BBC", dt.date(2023, 1, 1), [("grain", ["Frames/Economy"], "bob")]),
]  # fmt: skip


@pytest.fixture
def view(library, add_article, qtbot) -> PassagesView:  # type: ignore[no-untyped-def]
    for source, date, marks in ARTICLES:
        article = add_article(
            f"The grain deal was signed in {source}, {date}.", source=source, date=date
        )
        for quote, tags, coder in marks:
            annotate_quote(article, quote, tags=tags, coder=coder)
    set_attributes([1], {"wave": 1})
    set_attributes([2], {"wave": 2})
    widget = PassagesView()
    qtbot.addWidget(widget)
    widget.resize(1200, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown(view: PassagesView) -> list[int]:
    return sorted(view.model.ids)


def type_into(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_tags_all_of_then_any_of(view: PassagesView, qtbot) -> None:  # type: ignore[no-untyped-def]
    type_into(qtbot, view.filters.tags, "Frames, Actors")
    assert view.query.text() == 'tag:"Frames" tag:"Actors"'
    assert shown(view) == [1]  # the one passage carrying both (with descendants)
    view.filters.join.setFocus()
    qtbot.keyClick(view.filters.join, Qt.Key.Key_Down)
    assert view.query.text() == '(tag:"Frames" OR tag:"Actors")'
    assert shown(view) == [1, 3, 4, 5]
    assert view.count.text() == "4 passage(s)"


def test_outlet_coder_and_variable(view: PassagesView, qtbot) -> None:  # type: ignore[no-untyped-def]
    view.filters.source.setFocus()
    qtbot.keyClicks(view.filters.source, "Reuters")
    assert shown(view) == [3, 4]
    view.filters.coder.setFocus()
    qtbot.keyClicks(view.filters.coder, "bob")
    assert shown(view) == [4]
    qtbot.keyClick(view.filters.source, Qt.Key.Key_Home)  # back to Any outlet
    assert shown(view) == [2, 4, 5]
    view.filters.variable.setFocus()
    qtbot.keyClicks(view.filters.variable, "wave")
    assert shown(view) == [2, 4]  # bob's passages in articles with a wave
    type_into(qtbot, view.filters.value, "1")
    assert view.query.text() == 'coder:"bob" attr:"wave=1"'
    assert shown(view) == [2]


def test_dates_bound_the_articles(view: PassagesView, qtbot) -> None:  # type: ignore[no-untyped-def]
    view.filters.date_from.set_value(dt.date(2022, 3, 1))
    view.filters.date_from.setFocus()
    qtbot.keyClick(view.filters.date_from, Qt.Key.Key_Return)
    assert shown(view) == [3, 4, 5]
    view.filters.date_to.set_value(dt.date(2022, 12, 31))
    view.filters.date_to.setFocus()
    qtbot.keyClick(view.filters.date_to, Qt.Key.Key_Return)
    assert shown(view) == [3, 4]


def test_compose_quotes_values_and_orders_dates() -> None:
    filters = PassageFilters(
        tags=("Frames/Economy", "Actors"),
        any_tag=True,
        source='The "Sun" online',  # no escape for '"': the longest piece still matches
        date_from=dt.date(2023, 1, 1),
        date_to=dt.date(2022, 1, 1),
        variable="genre",
        value="op ed",
    )
    assert compose(filters) == (
        '(tag:"Frames/Economy" OR tag:"Actors") source:"online" '
        'date:2022-01-01..2023-01-01 attr:"genre=op ed"'
    )
    assert compose(PassageFilters()) == ""
