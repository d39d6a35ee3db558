"""The menu bar and toolbar the window is built with, and the Help menu's dialogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QMenu, QToolBar

from ui.session.session import Session
from ui.shell import menus
from ui.shell.main_window import MainWindow
from ui.shell.settings import Settings


@pytest.fixture
def window(qtbot, qapp, tmp_path: Path, library: Path):  # type: ignore[no-untyped-def]
    palette = qapp.palette()  # a theme recolours the application: put it back
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    session = Session()
    window = MainWindow(session, Settings(store), library)
    qtbot.addWidget(window)
    yield window
    window.close()
    window.deleteLater()
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.setPalette(palette)


def entries(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_menus_in_order_with_quit_last_and_the_teams_entries_in_file(window) -> None:
    bar = [a.menu() for a in window.menuBar().actions()]
    assert [m.title() for m in bar] == ["&File", "&Edit", "&View", "&Help"]
    file_menu = entries(bar[0])
    assert file_menu[:2] == ["Open &library…", "Open &recent"]  # a line, the imports
    assert file_menu[2:4] == ["&Import files…", "Import &folder…"]
    assert file_menu[-1] == "&Quit"  # the team's Merge and Coder go before it
    assert {"&Merge library…", "&Coder…", "Outlet &names…"} <= set(file_menu)
    assert entries(bar[3]) == ["&Keyboard shortcuts", "&About Gloss"]
    [toolbar] = window.findChildren(QToolBar, "mainToolbar")
    assert window.actions_by_name["export"] in toolbar.actions()


def test_one_theme_is_checked_and_choosing_another_applies_it(window) -> None:
    window.theme_actions["dark"].trigger()
    assert [t for t, a in window.theme_actions.items() if a.isChecked()] == ["dark"]
    window.theme_actions["light"].trigger()
    assert [t for t, a in window.theme_actions.items() if a.isChecked()] == ["light"]


def test_help_shows_the_keys_and_the_library(window, library: Path, monkeypatch) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(menus.QMessageBox, "information", lambda _p, t, s: shown.append((t, s)))
    monkeypatch.setattr(menus.QMessageBox, "about", lambda _p, t, s: shown.append((t, s)))
    window.actions_by_name["shortcuts"].trigger()
    window.actions_by_name["about"].trigger()
    assert shown[0] == ("Keyboard shortcuts", menus.SHORTCUTS_HELP)
    assert "<b>Ctrl+F</b>" in shown[0][1]
    assert shown[1][0] == "About Gloss" and str(library) in shown[1][1]
