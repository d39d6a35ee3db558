"""The variables bar above the article, in the whole window: several articles picked with the
mouse, a value typed, undo and redo, a chip cleared; each step checked in the library."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from models.attributes import attributes_for, set_attributes
from ui.library.model import TITLE
from ui.reading.article_attributes import MIXED, chip_texts
from ui.session.session import Session
from ui.shell.main_window import MainWindow
from ui.shell.settings import Settings

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


@pytest.fixture
def window(qtbot, library: Path, add_article, tmp_path: Path):  # type: ignore[no-untyped-def]
    for title in ("One", "Two", "Three"):
        add_article(f"{title} article text.", title=title, source="BBC")
    set_attributes([1], {"country": "DE"})
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Session(), Settings(store), library)
    qtbot.addWidget(win)
    with qtbot.waitActive(win):
        win.show()
        win.activateWindow()
    return win


def click_row(qtbot, win: MainWindow, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    table = win.article_list.table
    rect = table.visualRect(table.model().index(row, TITLE))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def type_value(qtbot, win: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    edit = win.attributes.edit
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def undo(qtbot, win: MainWindow, redo: bool = False) -> None:  # type: ignore[no-untyped-def]
    win.article_list.table.setFocus()  # the line edit keeps Ctrl+Z for its own text
    shift = Qt.KeyboardModifier.ShiftModifier if redo else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(
        win.article_list.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | shift
    )


def test_the_open_article_shows_and_takes_its_variables(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ids = [window.article_list.model().article_id(r) for r in range(3)]
    click_row(qtbot, window, ids.index(1))
    assert window.session.article_id == 1
    assert window.attributes.chips.texts() == ["country=DE"]
    type_value(qtbot, window, "wave = 2")
    assert attributes_for([1]) == {1: {"country": "DE", "wave": 2}}
    assert window.attributes.chips.texts() == ["country=DE", "wave=2"]
    assert window.attributes.edit.text() == ""


def test_several_selected_articles_at_once_undo_and_redo(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    click_row(qtbot, window, 0)
    click_row(qtbot, window, 2, Qt.KeyboardModifier.ShiftModifier)
    assert sorted(window.article_list.selected_article_ids()) == [1, 2, 3]
    assert window.attributes.label.text() == "Variables (3 articles):"
    assert window.attributes.chips.texts() == [f"country={MIXED}"]

    type_value(qtbot, window, "country=UA")
    assert attributes_for() == {i: {"country": "UA"} for i in (1, 2, 3)}
    undo(qtbot, window)
    assert attributes_for() == {1: {"country": "DE"}}
    assert window.attributes.chips.texts() == [f"country={MIXED}"]
    undo(qtbot, window, redo=True)
    assert attributes_for() == {i: {"country": "UA"} for i in (1, 2, 3)}

    chip = window.attributes.chips.chip("country=UA")
    assert chip is not None
    qtbot.mouseClick(chip.remove_button, Qt.MouseButton.LeftButton)
    assert attributes_for() == {}
    undo(qtbot, window)
    assert attributes_for() == {i: {"country": "UA"} for i in (1, 2, 3)}


def test_a_bad_value_says_why_and_changes_nothing(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: said.append(box.text()))
    click_row(qtbot, window, 0)
    type_value(qtbot, window, "no equals sign")
    assert said and "NAME=VALUE" in said[0]
    assert attributes_for() == {1: {"country": "DE"}}
    assert window.session.undo_stack.count() == 0


def test_chip_texts_show_common_values_and_mixed_ones() -> None:
    assert chip_texts([{"a": 1, "b": "x"}, {"a": 1}]) == ["a=1", f"b={MIXED}"]
    assert chip_texts([{"a": 1}, {"a": 1.0}]) == [f"a={MIXED}"]  # 1 and 1.0 print differently
