"""Selection → annotation in the reading pane (ui/reading/annotate.py): H, N, T and 1–8, the
context menus, and annotation keys winning over single-key window shortcuts; then ask the
library."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QTextCursor

from models.annotating import list_annotations
from models.articles import get_article
from tests.ui.reading.pane_actions import only, point_of, select, select_found, text_of


def test_h_highlights_with_exact_quote_and_code_point_offsets(qtbot, pane, article_id) -> None:
    text = text_of(pane)
    assert "q\u0301" in text  # the combining accent before the passage stayed two code points
    start = text.index("Kyiv")
    select(pane, start, start + len("Kyiv said"))
    qtbot.keyClick(pane, Qt.Key.Key_H)
    record = only(article_id)
    assert (record.start, record.end, record.quote) == (start, start + 9, "Kyiv said")
    assert record.color == "yellow"
    assert not pane.textCursor().hasSelection()


def test_selection_found_by_qt_search_lands_on_the_same_code_points(
    qtbot, pane, article_id
) -> None:
    select_found(pane, "flags and q\u0301")
    qtbot.keyClick(pane, Qt.Key.Key_H)
    record = only(article_id)
    text = get_article(article_id).text
    assert record.quote == "flags and q\u0301"
    assert record.start == text.index("flags") and record.end == record.start + 12  # q + U+0301


def test_number_key_picks_the_nth_colour(qtbot, pane, article_id) -> None:
    select_found(pane, "passage we")
    qtbot.keyClick(pane, Qt.Key.Key_3)
    assert only(article_id).color == "blue"


def test_selection_across_paragraphs_quotes_the_blank_line(qtbot, pane, article_id) -> None:
    start = select_found(pane, "accent").selectionStart()
    end = select_found(pane, "The passage").selectionEnd()
    cursor = QTextCursor(pane.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    pane.setTextCursor(cursor)
    qtbot.keyClick(pane, Qt.Key.Key_H)
    assert only(article_id).quote == "accent.\n\nThe passage"


def test_title_only_or_blank_selection_is_not_highlighted(qtbot, pane, article_id) -> None:
    select_found(pane, "Title")
    assert pane.selected_range() is None
    qtbot.keyClick(pane, Qt.Key.Key_H)
    start = text_of(pane).index(" we")
    select(pane, start, start + 1)
    assert pane.selected_range() is None
    qtbot.keyClick(pane, Qt.Key.Key_H)
    assert list_annotations(article_id) == []


def test_n_asks_for_the_note_first_and_one_undo_removes_it(
    qtbot, open_view, article_id, session
) -> None:
    calls = []

    def editor(parent, initial, anchor):
        calls.append(initial)
        return "my note"

    pane = open_view(article_id, note_editor=editor).pane
    select_found(pane, "Kyiv")
    qtbot.keyClick(pane, Qt.Key.Key_N)
    assert calls == [""]
    assert only(article_id).note == "my note"
    session.undo_stack.undo()
    assert list_annotations(article_id) == []


def test_cancelled_note_creates_nothing(qtbot, open_view, article_id) -> None:
    pane = open_view(article_id, note_editor=lambda parent, initial, anchor: None).pane
    select_found(pane, "Kyiv")
    qtbot.keyClick(pane, Qt.Key.Key_N)
    assert list_annotations(article_id) == []


def test_t_tags_through_the_injected_picker(qtbot, open_view, article_id) -> None:
    pane = open_view(article_id, tag_picker=lambda parent, initial, anchor: ["Actors/Russia"]).pane
    select_found(pane, "Kyiv")
    qtbot.keyClick(pane, Qt.Key.Key_T)
    assert only(article_id).tags == ("Actors/Russia",)


def test_context_menus(pane, article_id, open_view) -> None:
    select_found(pane, "Kyiv")
    menu = pane.context_menu(QPoint(0, 0))
    titles = [a.text() for a in menu.actions()]
    assert titles[:3] == ["Highlight", "Highlight with note…\tN", "Tag…\tT"] and "Copy" in titles
    colours = menu.actions()[0].menu().actions()
    assert len(colours) == 8
    colours[6].trigger()  # red
    record = only(article_id)
    assert record.color == "red"
    point = point_of(pane, pane.document_map().to_document(record.start + 1))
    menu = pane.context_menu(point)
    actions = {a.text(): a for a in menu.actions()}
    assert set(actions) == {"Delete highlight", "Change colour", "Edit note…", "Edit tags…"}
    [purple] = [a for a in actions["Change colour"].menu().actions() if a.text() == "Purple"]
    purple.trigger()
    assert only(article_id).color == "purple"
    pane.context_menu(point).actions()[0].trigger()
    assert list_annotations(article_id) == []


def test_annotation_keys_win_over_single_key_window_shortcuts(qtbot, pane, article_id) -> None:
    fired: list[bool] = []
    action = QAction("Three", pane.window())
    action.setShortcut(QKeySequence("3"))
    action.triggered.connect(lambda: fired.append(True))
    pane.window().addAction(action)
    pane.window().activateWindow()
    pane.setFocus()
    qtbot.waitUntil(pane.hasFocus)
    select_found(pane, "Kyiv")
    qtbot.keyClick(pane, Qt.Key.Key_3)
    assert only(article_id).color == "blue" and fired == []
    qtbot.keyClick(pane, Qt.Key.Key_3)  # no selection now: the window's shortcut gets it
    assert fired == [True]
