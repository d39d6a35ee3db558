"""Window commands from anywhere, keys where they belong, and H on a highlight already there."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLineEdit

from models.annotating import list_annotations
from ui.session.session import Session
from ui.shell import settings as keys
from ui.shell.main_window import MainWindow
from ui.shell.settings import Settings

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, qapp, tmp_path: Path, add_article):  # type: ignore[no-untyped-def]
    palette = qapp.palette()  # a window's theme recolours the application: put it back
    article = add_article("The council said no to the plan.", "A second paragraph here.")
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    session = Session()  # outlives the window: its undo stack must not go first
    window = MainWindow(session, Settings(store), tmp_path / "library.sqlite")
    qtbot.addWidget(window)
    with qtbot.waitActive(window):  # shortcuts only reach an active window
        window.show()
        window.activateWindow()
    window.session.open_article(article)
    yield window
    window.close()
    window.deleteLater()
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.setPalette(palette)


def spy_export(window: MainWindow) -> list[bool]:
    """Count Ctrl+E without opening the export's file dialog."""
    action = window.actions_by_name["export"]
    action.triggered.disconnect()
    fired: list[bool] = []
    action.triggered.connect(lambda *_args: fired.append(True))
    return fired


def select_text(window: MainWindow, needle: str) -> None:
    cursor = window.pane.document().find(needle)
    assert not cursor.isNull(), needle
    window.pane.setTextCursor(cursor)


class X11LineEdit(QLineEdit):
    """A line edit as under X11, where Ctrl+E means "end of line" and the box claims it."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if QKeySequence(event.keyCombination()) == QKeySequence("Ctrl+E"):
                event.accept()
                return True
        return super().event(event)


def test_ctrl_e_exports_from_the_search_box_and_the_pane(qtbot, window: MainWindow) -> None:
    fired = spy_export(window)
    search = window.article_list.search
    search.setFocus()
    qtbot.keyClicks(search, "council")
    qtbot.keyClick(search, Qt.Key.Key_E, CTRL)
    assert fired == [True]
    assert search.text() == "council"
    window.pane.setFocus()
    qtbot.keyClick(window.pane, Qt.Key.Key_E, CTRL)
    assert len(fired) == 2


def test_a_text_box_that_claims_ctrl_e_lets_the_export_through(qtbot, window: MainWindow) -> None:
    fired = spy_export(window)
    box = X11LineEdit(window)
    window.statusBar().addWidget(box)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_E, CTRL)
    assert fired == [True]


def test_ctrl_e_exports_from_a_floating_dock(qtbot, window: MainWindow) -> None:
    fired = spy_export(window)
    dock = window.findChildren(QDockWidget)[0]
    dock.show()
    dock.setFloating(True)
    with qtbot.waitActive(dock):
        dock.activateWindow()
    target = dock.widget().focusWidget() or dock.widget()
    qtbot.keyClick(target, Qt.Key.Key_E, CTRL)
    assert fired == [True]


def test_typing_in_the_search_box_never_lands_in_the_pane(qtbot, window: MainWindow) -> None:
    article = window.session.article_id
    select_text(window, "council")
    search = window.article_list.search
    search.setFocus()
    qtbot.keyClicks(search, "h2tn")
    assert search.text() == "h2tn"
    assert list_annotations(article) == []
    assert window.pane.textCursor().selectedText() == "council"


def test_h_on_an_identical_highlight_selects_it_instead(qtbot, window: MainWindow) -> None:
    article = window.session.article_id
    pane = window.pane
    pane.setFocus()
    select_text(window, "council")
    qtbot.keyClick(pane, Qt.Key.Key_H)
    [first] = list_annotations(article)
    window.sidebar.select_annotation(-1)
    select_text(window, "council")
    with qtbot.waitSignal(window.session.annotationSelected) as selected:
        qtbot.keyClick(pane, Qt.Key.Key_H)
    assert selected.args == [first.id]
    assert list_annotations(article) == [first]
    assert window.sidebar.current_annotation_id() == first.id
    select_text(window, "council")
    qtbot.keyClick(pane, Qt.Key.Key_2)  # another colour is another highlight
    assert sorted(r.color for r in list_annotations(article)) == ["green", "yellow"]


def test_the_view_menu_toggles_the_code_margin_and_remembers(qtbot, window: MainWindow) -> None:
    action = window.actions_by_name["code_margin"]
    assert action in window.menuBar().actions()[2].menu().actions()  # View
    assert not window.pane.marks.margin
    window.pane.setFocus()
    qtbot.keyClick(window.pane, Qt.Key.Key_M, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert action.isChecked() and window.pane.marks.margin
    assert window.settings.get(keys.CODE_MARGIN) == 1
