"""An undone highlight's id is never given to the next one (exports and notes may cite it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractItemView

from models import annotating, articles
from tests.ui.shell.test_main_window import (
    add_samples,
    keep_app_palette,
    make_window,
    settings_file,
)

__all__ = ["keep_app_palette", "settings_file"]  # pytest fixtures, used by name
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def test_highlight_undo_highlight_gives_a_new_id_and_undo_of_a_delete_the_old(
    qtbot, library: Path, settings_file: Path
) -> None:
    window = make_window(qtbot, library, settings_file)
    add_samples(qtbot, window)
    qtbot.waitUntil(lambda: window.session.article_id is not None)
    article = window.session.article_id
    text = articles.get_article(article).text
    opening = " ".join(text.split("\n\n")[1].split()[:4])  # unique enough to find
    word = opening.split()[0]

    def highlight_first_word() -> annotating.AnnotationRecord:
        cursor = window.pane.document().find(opening, 0, QTextDocument.FindFlag.FindCaseSensitively)
        assert not cursor.isNull()
        cursor.setPosition(cursor.selectionStart())
        window.pane.setTextCursor(cursor)  # the caret before the word, then keys select it
        qtbot.keyClick(window.pane, Qt.Key.Key_Right, CTRL | SHIFT)
        qtbot.keyClick(window.pane, Qt.Key.Key_H)
        [record] = annotating.list_annotations(article)
        assert record.quote.strip() == word
        return record

    first = highlight_first_word()
    qtbot.keyClick(window.pane, Qt.Key.Key_Z, CTRL)
    assert annotating.list_annotations(article) == []
    again = highlight_first_word()
    assert again.id > first.id  # not SQLite's max(id) + 1, which was first.id again

    annotation_list = window.findChild(QAbstractItemView, "annotationList")
    annotation_list.setFocus()
    qtbot.keyClick(annotation_list, Qt.Key.Key_Delete)
    assert annotating.list_annotations(article) == []
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)  # the undo of a delete brings back its id
    assert [r.id for r in annotating.list_annotations(article)] == [again.id]
