"""The window's layout: docks take their room from the reading pane; it is all remembered."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.shell.test_main_window import keep_app_palette, make_window, settings_file

__all__ = ["keep_app_palette", "settings_file"]  # fixtures, shared


def test_docks_take_their_width_from_the_reading_pane(
    qtbot, add_article, library: Path, settings_file: Path
) -> None:
    add_article("Some text to read.", title="One")
    window = make_window(qtbot, library, settings_file)
    window.resize(1900, 900)  # room for the pane at its narrowest beside all three
    QApplication.processEvents()
    list_width, sidebar_width = window.article_list.width(), window.sidebar.width()
    centre_width = window.centre.width()
    for keys in ("Ctrl+Shift+L", "Ctrl+Shift+B", "Ctrl+Shift+K"):
        key = getattr(Qt.Key, f"Key_{keys[-1]}")
        mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        qtbot.keyClick(window, key, mods)
        QApplication.processEvents()
        assert window.article_list.width() == list_width, keys
        assert window.sidebar.width() == sidebar_width, keys
    assert window.centre.width() < centre_width
