"""The keyword-in-context view, driven like a user would, checked against the library."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from models.annotating import list_annotations
from models.articles import article_text
from models.kwic import kwic, sort_by_right
from ui.research import kwic as kwic_ui
from ui.research.kwic import ARTICLE, LEFT, MATCH, RIGHT, KwicView
from ui.research.kwic_model import KwicModel, RowRole
from ui.session.session import Session

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


@pytest.fixture
def articles(add_article) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {
        "old": add_article(
            "Leaders talked about Climate change in Paris.",
            "Nobody mentioned climate.",
            title="Old",
            source="BBC",
            date=dt.date(2015, 12, 12),
        ),
        "new": add_article(
            "The climate change debate, zealous and loud, went on. Even more climate  change!",
            title="New",
            source="Guardian",
            date=dt.date(2022, 9, 1),
        ),
    }


@pytest.fixture
def view(library, articles, qtbot) -> KwicView:  # type: ignore[no-untyped-def]
    session = Session()
    widget = KwicView(session)
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def search(qtbot, view: KwicView, term: str) -> None:  # type: ignore[no-untyped-def]
    view.term.clear()
    qtbot.keyClicks(view.term, term)
    qtbot.keyClick(view.term, Qt.Key.Key_Return)


def shown(view: KwicView, column: int) -> list[str]:
    model = view.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def select_rows(view: KwicView, *rows: int) -> None:
    selection = view.table.selectionModel()
    selection.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        selection.select(view.model.index(row, 0), flags)
    selection.setCurrentIndex(
        view.model.index(rows[-1], 0), QItemSelectionModel.SelectionFlag.NoUpdate
    )


def test_model_passes_qmodeltester(library, articles, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = KwicModel()
    model.set_rows(kwic("climate"))
    assert model.rowCount() == 4
    qtmodeltester.check(model)
    model.sort(RIGHT, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_typing_a_term_lists_its_occurrences(qtbot, view: KwicView, articles) -> None:  # type: ignore[no-untyped-def]
    search(qtbot, view, "climate change")
    assert shown(view, MATCH) == ["Climate change", "climate change", "climate change"]
    assert shown(view, LEFT)[0] == "Leaders talked about"
    assert shown(view, RIGHT)[0] == "in Paris. ¶ Nobody mentioned climate."
    assert shown(view, ARTICLE)[0] == "Old · BBC · 2015-12-12"
    assert view.count_label.text() == "3 occurrences in 2 articles"
    assert view.model.index(0, LEFT).data(Qt.ItemDataRole.TextAlignmentRole) & int(
        Qt.AlignmentFlag.AlignRight.value
    )
    assert view.model.index(0, MATCH).data(Qt.ItemDataRole.FontRole).bold()
    search(qtbot, view, "weather")
    assert view.model.rowCount() == 0
    assert view.count_label.text() == "No occurrences"


def test_typing_searches_after_a_pause(qtbot, view: KwicView) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(view.term, "paris")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)


def test_clicking_headers_sorts(qtbot, view: KwicView) -> None:  # type: ignore[no-untyped-def]
    search(qtbot, view, "climate")
    natural = view.model.rows()
    header = view.table.horizontalHeader()

    def click(column: int) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(
            header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
        )

    click(RIGHT)
    assert view.model.rows() == sort_by_right(natural)
    assert shown(view, RIGHT)[:2] == [".", "change!"]  # no words first, then word by word
    assert view.model.rows() != natural
    click(RIGHT)
    assert view.model.rows() == sort_by_right(natural, descending=True)
    click(ARTICLE)
    assert [r.article_id for r in view.model.rows()] == sorted(r.article_id for r in natural)[::-1]
    click(ARTICLE)
    click(ARTICLE)  # third click: no sort indicator, back to date order
    assert view.model.rows() == natural


def test_sorting_keeps_the_selection_on_the_same_occurrence(qtbot, view: KwicView) -> None:  # type: ignore[no-untyped-def]
    search(qtbot, view, "climate")
    select_rows(view, 0)
    chosen = view.model.row_at(0)
    view.table.sortByColumn(RIGHT, Qt.SortOrder.DescendingOrder)
    assert [view.model.row_at(r) for r in view.selected_rows()] == [chosen]


def test_enter_and_double_click_open_the_passage(qtbot, view: KwicView, articles) -> None:  # type: ignore[no-untyped-def]
    search(qtbot, view, "paris")
    row = view.model.row_at(0)
    assert article_text(row.article_id)[row.start : row.end] == "Paris"
    select_rows(view, 0)
    view.table.setFocus()
    with qtbot.waitSignal(view.passageActivated) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert blocker.args == [articles["old"], row.start, row.end]
    rect = view.table.visualRect(view.model.index(0, MATCH))
    with qtbot.waitSignal(view.passageActivated) as blocker:
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [articles["old"], row.start, row.end]


def test_h_highlights_the_selected_rows_as_one_undo_step(qtbot, view: KwicView, articles) -> None:  # type: ignore[no-untyped-def]
    view.session.set_current_color("green")
    search(qtbot, view, "climate change")
    view.table.sortByColumn(RIGHT, Qt.SortOrder.AscendingOrder)
    # Right-context order: "! ", "debate, …", "in Paris"; take the last two.
    assert shown(view, RIGHT)[0] == "!"
    qtbot.keyClicks(view.tag_box, "Frames/Climate")
    select_rows(view, 1, 2)
    view.table.setFocus()
    changes: list[object] = []
    view.session.annotationsChanged.connect(changes.append)
    qtbot.keyClick(view.table, Qt.Key.Key_H)
    assert len(changes) == 1  # the batch is one write and one signal, carrying both records

    old, new = list_annotations(articles["old"]), list_annotations(articles["new"])
    assert {r.id: r for _, r in changes[0].pairs} == {r.id: r for r in old + new}
    assert [(a.quote, a.color, a.tags) for a in old] == [
        ("Climate change", "green", ("Frames/Climate",))
    ]
    assert [(a.quote, a.tags) for a in new] == [("climate change", ("Frames/Climate",))]
    assert new[0].start == article_text(articles["new"]).index("climate change")
    assert view.message.text() == "Highlighted 2 passages."

    qtbot.keyClick(view.table, Qt.Key.Key_H)  # again: nothing new
    assert len(list_annotations(articles["old"]) + list_annotations(articles["new"])) == 2
    assert view.message.text() == "Those passages are highlighted already."

    view.session.undo_stack.undo()
    assert len(changes) == 2 and view.session.undo_stack.index() == 0  # one step, one signal
    assert list_annotations(articles["old"]) == list_annotations(articles["new"]) == []
    view.session.undo_stack.redo()
    assert len(list_annotations(articles["old"]) + list_annotations(articles["new"])) == 2


def test_h_in_the_table_wins_over_a_window_shortcut(qtbot, library, articles) -> None:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    fired: list[bool] = []
    action = QAction("Other H", window)
    action.setShortcut("H")
    action.triggered.connect(lambda: fired.append(True))
    window.addAction(action)
    view = KwicView(Session(), window)
    window.setCentralWidget(view)
    window.show()
    qtbot.waitExposed(window)
    view.set_term("Paris")
    select_rows(view, 0)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_H)
    assert [a.quote for a in list_annotations(articles["old"])] == ["Paris"]
    assert fired == []


def test_highlight_button_and_bad_tag(qtbot, view: KwicView, articles) -> None:  # type: ignore[no-untyped-def]
    search(qtbot, view, "Paris")
    qtbot.mouseClick(view.highlight_button, Qt.MouseButton.LeftButton)
    assert view.message.text() == "Select the rows to highlight first."
    select_rows(view, 0)
    view.tag_box.setText(" / ")
    qtbot.mouseClick(view.highlight_button, Qt.MouseButton.LeftButton)
    assert "is not a tag name" in view.message.text()
    assert list_annotations(articles["old"]) == []
    view.tag_box.setText("Places, Places/Europe")
    qtbot.mouseClick(view.highlight_button, Qt.MouseButton.LeftButton)
    [made] = list_annotations(articles["old"])
    assert set(made.tags) == {"Places", "Places/Europe"}


def test_tag_picker_fills_the_tag_box(qtbot, library, articles) -> None:  # type: ignore[no-untyped-def]
    calls: list[list[str]] = []

    def picker(parent: object, initial: list[str]) -> list[str]:
        calls.append(list(initial))
        return ["Actors/Leaders", "Places"]

    view = KwicView(Session(), tag_picker=picker)
    qtbot.addWidget(view)
    view.tag_box.setText("Old")
    button = view.findChild(type(view.highlight_button), "kwicChooseTags")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert calls == [["Old"]]
    assert view.tag_box.text() == "Actors/Leaders, Places"


def test_filters_and_the_row_cap(qtbot, view: KwicView, articles, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    search(qtbot, view, "climate")
    assert view.model.rowCount() == 4
    view.set_article_ids([articles["new"]])
    assert {view.model.row_at(r).article_id for r in range(2)} == {articles["new"]}
    assert view.model.rowCount() == 2
    view.set_article_ids(None)
    monkeypatch.setattr(kwic_ui, "MAX_ROWS", 3)
    view.search()
    assert view.model.rowCount() == 3
    assert view.count_label.text() == "Showing the first 3 occurrences"
    assert view.model.index(0, LEFT).data(RowRole).article_id == articles["old"]


def test_new_articles_rerun_the_search(qtbot, view: KwicView, add_article) -> None:  # type: ignore[no-untyped-def]
    search(qtbot, view, "Paris")
    add_article("Back in Paris again.", title="Later")
    view.session.libraryChanged.emit()
    assert view.model.rowCount() == 2


def test_search_language_filter_and_its_errors(qtbot, view: KwicView, articles) -> None:  # type: ignore[no-untyped-def]
    search(qtbot, view, "climate")
    view.set_query('source:"guardian"')
    assert {r.article_id for r in view.model.rows()} == {articles["new"]}
    assert view.count_label.text() == "2 occurrences in 1 article"
    view.set_query('source:"guardian')
    assert "quotes" in view.message.text()
    assert view.model.rowCount() == 2  # the last good list stays


def test_h_beside_an_orphan_highlights_the_passage(qtbot, view: KwicView, articles) -> None:  # type: ignore[no-untyped-def]
    from models.annotating import annotate_quote
    from models.storing import prepare_draft
    from models.updating import update_article
    from tests.conftest import draft

    gone = annotate_quote(articles["old"], "Nobody mentioned")
    new = draft("Leaders talked about Climate change in Paris.", title="Old", source="BBC")
    update_article(articles["old"], prepare_draft(new), "test", "old.txt")
    search(qtbot, view, "Climate change in")
    select_rows(view, 0)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_H)
    marks = list_annotations(articles["old"])
    assert [(m.quote, m.anchor) for m in marks] == [
        ("Climate change in", "exact"),
        ("Nobody mentioned", "orphaned"),  # still there, still nowhere
    ]
    assert marks[1].id == gone.id and view.message.text() == "Highlighted 1 passage."
