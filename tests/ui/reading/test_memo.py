"""The article memo in the window: typed above the text, saved, undone, kept per article."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from models import articles, managing
from tests.ui.shell.test_main_window import keep_app_palette, make_window, settings_file
from ui.reading.memo import READING_LINES, TYPING_LINES

__all__ = ["keep_app_palette", "settings_file"]  # pytest fixtures, used by name


def test_type_a_memo_save_it_undo_it_and_switch_articles(
    qtbot, add_article, library: Path, settings_file: Path
) -> None:
    first = add_article("First body.", title="First")
    second = add_article("Second body.", title="Second")
    window = make_window(qtbot, library, settings_file)
    window.session.open_article(first)
    memo = window.memo
    assert memo.isVisible() and memo.toPlainText() == ""
    qtbot.mouseClick(memo.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(memo, "Frames the strike as chaos")
    qtbot.keyClick(memo, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert articles.get_article(first).memo == "Frames the strike as chaos"

    qtbot.keyClicks(memo, " and disruption")  # unsaved: opening another article saves it
    window.session.open_article(second)
    assert articles.get_article(first).memo == "Frames the strike as chaos and disruption"
    assert memo.toPlainText() == ""
    window.session.open_article(first)
    assert memo.toPlainText() == "Frames the strike as chaos and disruption"

    window.pane.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert articles.get_article(first).memo == "Frames the strike as chaos"
    assert memo.toPlainText() == "Frames the strike as chaos"

    qtbot.mouseClick(memo.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(memo, "!!")
    qtbot.keyClick(memo, Qt.Key.Key_Escape)  # Esc: what is stored comes back
    window.pane.setFocus()
    assert memo.toPlainText() == "Frames the strike as chaos"
    assert articles.get_article(first).memo == "Frames the strike as chaos"


def test_the_search_box_finds_articles_by_their_memo(
    qtbot, add_article, library: Path, settings_file: Path
) -> None:
    first = add_article("First body.", title="First")
    add_article("Second body.", title="Second")
    window = make_window(qtbot, library, settings_file)
    window.session.open_article(first)
    qtbot.mouseClick(window.memo.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(window.memo, "Frames the strike as chaos")
    qtbot.keyClick(window.memo, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    view = window.article_list
    qtbot.mouseClick(view.search, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(view.search, "has:memo")
    view.search_box.settle()
    model = view.model()
    assert [model.article_id(row) for row in range(model.rowCount())] == [first]


LONG_MEMO = " ".join(["Frames the strike as chaos, quotes no worker, leans on the minister."] * 4)


@pytest.fixture
def one_open(qtbot, add_article, library: Path, settings_file: Path):  # type: ignore[no-untyped-def]
    """(window, article): a window with one article open."""
    first = add_article("First body.", title="First")
    window = make_window(qtbot, library, settings_file)
    window.session.open_article(first)
    return window, first


def test_an_empty_memo_takes_one_line_and_says_what_it_is_for(one_open) -> None:
    window, _first = one_open
    memo = window.memo
    assert memo.shown_lines() == 1
    assert memo.height() < 2 * memo.fontMetrics().lineSpacing()
    assert memo.placeholderText().startswith("Memo:")
    # the tags and the variables share one row above it
    tags, variables = window.article_tags, window.attributes
    assert tags.geometry().top() == variables.geometry().top()
    assert tags.geometry().right() < variables.geometry().left()
    assert window.header.height() < 3 * memo.fontMetrics().lineSpacing() + 30


def test_a_long_memo_grows_while_typed_saves_on_leaving_and_folds(qtbot, one_open) -> None:
    window, first = one_open
    memo, pane = window.memo, window.pane
    qtbot.mouseClick(memo.viewport(), Qt.MouseButton.LeftButton)
    assert memo.hasFocus() and memo.shown_lines() == 1
    qtbot.keyClicks(memo, LONG_MEMO[:60])
    assert memo.shown_lines() == 1
    pane_height = pane.height()
    qtbot.keyClicks(memo, LONG_MEMO[60:])
    qtbot.waitUntil(lambda: memo.shown_lines() > READING_LINES)
    assert memo.shown_lines() <= TYPING_LINES
    qtbot.waitUntil(lambda: pane.height() < pane_height)  # the pane gave the memo its room

    qtbot.keyClick(memo, Qt.Key.Key_Tab)  # Tab leaves the box (it does not type a tab)
    assert not memo.hasFocus()
    assert articles.get_article(first).memo == LONG_MEMO
    assert memo.shown_lines() == READING_LINES  # folded while reading

    qtbot.mouseClick(memo.viewport(), Qt.MouseButton.LeftButton)  # back in: whole again
    assert memo.shown_lines() > READING_LINES


def test_the_memo_fits_the_memo_of_the_article_opened(
    qtbot, add_article, library: Path, settings_file: Path
) -> None:
    first = add_article("First body.", title="First")
    second = add_article("Second body.", title="Second")
    managing.edit_article(first, memo=LONG_MEMO)
    window = make_window(qtbot, library, settings_file)
    window.session.open_article(first)
    qtbot.waitUntil(lambda: window.memo.shown_lines() == READING_LINES)
    window.session.open_article(second)
    assert window.memo.toPlainText() == "" and window.memo.shown_lines() == 1
