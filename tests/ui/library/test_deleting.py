"""Deleting articles from the window: keys and the menu, the confirmation, undo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from models import articles, search
from models.annotating import annotate_quote, list_annotations
from tests.ui.shell.test_main_window import keep_app_palette, make_window, settings_file
from ui.library.deleting import confirmation_text
from ui.library.model import TITLE

__all__ = ["keep_app_palette", "settings_file"]  # pytest fixtures, used by name


def _box() -> QMessageBox:
    boxes = [
        w
        for w in QApplication.topLevelWidgets()
        if w.objectName() == "deleteArticlesBox" and w.isVisible()
    ]
    assert len(boxes) == 1
    return boxes[0]  # type: ignore[return-value]


def _click(qtbot, box: QMessageBox, label: str) -> None:  # type: ignore[no-untyped-def]
    [button] = [b for b in box.buttons() if b.text().replace("&", "") == label]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_confirmation_names_the_highlights() -> None:
    assert confirmation_text(1, 0) == "Delete 1 article?"
    assert confirmation_text(1, 1) == "Delete 1 article and its 1 highlight?"
    assert confirmation_text(2, 5) == "Delete 2 articles and their 5 highlights?"


def test_select_two_delete_confirm_then_undo(
    qtbot, add_article, library: Path, settings_file: Path
) -> None:
    keep = add_article("a walrus on the beach", title="Keep")
    one = add_article("the zebra crossed", title="One")
    two = add_article("the zebra ran with a walrus", title="Two")
    first = annotate_quote(one, "zebra")
    annotate_quote(two, "walrus")
    window = make_window(qtbot, library, settings_file)
    table = window.article_list.table
    model = window.article_list.model()
    rows = {model.article_id(r): r for r in range(model.rowCount())}

    def click(article_id: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
        rect = table.visualRect(model.index(rows[article_id], TITLE))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())

    click(one)
    click(two, Qt.KeyboardModifier.ControlModifier)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    box = _box()
    assert box.text() == "Delete 2 articles and their 2 highlights?"
    _click(qtbot, box, "Cancel")
    assert articles.count_articles() == 3

    qtbot.keyClick(table, Qt.Key.Key_Delete)
    _click(qtbot, _box(), "Delete")
    assert articles.count_articles() == 1 and list_annotations(one) == []
    assert search.matching_article_ids("zebra") == []
    assert model.rowCount() == 1 and window.status_label.text() == "1 article"
    assert window.session.article_id == keep  # the open article went: the next one opens

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert articles.count_articles() == 3 and list_annotations(one) == [first]
    assert sorted(search.matching_article_ids("zebra")) == [one, two]
    assert model.rowCount() == 3 and window.status_label.text() == "3 articles"
