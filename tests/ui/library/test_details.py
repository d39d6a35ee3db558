"""Editing an article's details from the list's context menu, checked in the library."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu

from models import articles, search
from tests.ui.shell.test_main_window import keep_app_palette, make_window, settings_file
from ui.library.details import ArticleDetailsDialog
from ui.library.model import TITLE

__all__ = ["keep_app_palette", "settings_file"]  # pytest fixtures, used by name


def _visible(kind: type, name: str):  # type: ignore[no-untyped-def]
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    found = [w for w in found if w.objectName() == name]
    assert len(found) == 1, name
    return found[0]


def _retype(qtbot, edit: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def test_edit_details_from_the_context_menu_then_undo(
    qtbot, add_article, library: Path, settings_file: Path
) -> None:
    article = add_article("body words", title="Old title")
    window = make_window(qtbot, library, settings_file)
    table = window.article_list.table
    rect = table.visualRect(window.article_list.model().index(0, TITLE))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, rect.center(), table.viewport().mapToGlobal(rect.center())
    )
    QApplication.sendEvent(table.viewport(), event)
    menu = _visible(QMenu, "articleListMenu")
    [action] = [a for a in menu.actions() if a.text() == "Edit details…"]
    menu.setActiveAction(action)
    qtbot.keyClick(menu, Qt.Key.Key_Return)

    dialog = _visible(ArticleDetailsDialog, "articleDetailsDialog")
    _retype(qtbot, dialog.edits["title"], "Quokka council")
    _retype(qtbot, dialog.edits["source"], "BBC")
    _retype(qtbot, dialog.edits["date"], "2022-02-30")
    qtbot.keyClick(dialog.edits["date"], Qt.Key.Key_Return)
    assert dialog.isVisible() and "not a date" in dialog.error.text()
    assert articles.get_article(article).title == "Old title"  # nothing saved

    _retype(qtbot, dialog.edits["date"], "2022-02-28")
    qtbot.keyClick(dialog.edits["date"], Qt.Key.Key_Return)
    assert not dialog.isVisible()
    stored = articles.get_article(article)
    assert (stored.title, stored.source, stored.date) == ("Quokka council", "BBC", "2022-02-28")
    assert search.matching_article_ids("quokka") == [article]
    model = window.article_list.model()
    assert model.data(model.index(0, TITLE)) == "Quokka council"

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    stored = articles.get_article(article)
    assert (stored.title, stored.source, stored.date) == ("Old title", "", None)
