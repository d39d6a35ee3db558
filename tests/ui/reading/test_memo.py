"""The article memo in the window: typed above the text, saved, undone, kept per article."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from models import articles
from tests.ui.shell.test_main_window import keep_app_palette, make_window, settings_file

__all__ = ["keep_app_palette", "settings_file"]  # fixtures, shared


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
