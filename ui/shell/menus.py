"""The window's menu bar and main toolbar (which action sits where) and the Help menu's texts."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from models.paths import display_location
from ui.shell.actions import THEMES, add_toolbar

SHORTCUTS_HELP = """<table cellpadding=3>
<tr><td><b>H</b></td><td>highlight the selection in the current colour</td></tr>
<tr><td><b>1</b>–<b>8</b></td><td>highlight in colour 1–8</td></tr>
<tr><td><b>N</b></td><td>highlight and write a note (Ctrl+Enter saves, Esc cancels)</td></tr>
<tr><td><b>T</b></td><td>highlight and tag (Enter applies; Alt+1…9: a recent tag)</td></tr>
<tr><td><b>Shift</b>+arrows, <b>Shift+Ctrl</b>+arrows, <b>Shift+Home</b> / <b>End</b></td>
<td>select by character, word, to the line's start / end</td></tr>
<tr><td><b>S</b> / <b>P</b></td><td>select the sentence / paragraph around the caret</td></tr>
<tr><td><b>F7</b></td><td>caret browsing: arrow keys move a caret in the text</td></tr>
<tr><td><b>Alt</b>+drag</td><td>select exact characters (a drag takes whole words)</td></tr>
<tr><td><b>Ctrl+Shift+M</b></td><td>code margin: a stripe per tag beside the text</td></tr>
<tr><td><b>J</b> / <b>K</b>, F3 / Shift+F3</td><td>next / previous highlight</td></tr>
<tr><td><b>Delete</b></td><td>delete the selected highlight (in the list: articles)</td></tr>
<tr><td><b>Ctrl+Z</b> / <b>Ctrl+Shift+Z</b></td><td>undo / redo</td></tr>
<tr><td><b>Ctrl+F</b></td><td>find in the article</td></tr>
<tr><td><b>Ctrl+=</b> / <b>Ctrl+-</b> / <b>Ctrl+0</b></td>
<td>text size: larger / smaller / normal</td></tr>
<tr><td><b>Ctrl+click</b></td><td>open a link in your browser</td></tr>
</table>"""


@dataclass
class Menus:
    update_existing: QAction  # File ▸ Imported new versions update their articles (checkable)
    theme_actions: dict[str, QAction]  # View ▸ Theme: one checkable entry per theme


def add_menus(
    window: QMainWindow,
    act: Mapping[str, QAction],
    colors: Sequence[QAction],
    dock_toggles: Sequence[QAction],
    *,
    outlet_names: Callable[[], object],
    set_theme: Callable[[str], None],
) -> Menus:
    """File, Edit, View and Help, and the main toolbar, from the window's actions by name
    (the team's entries are added to File and View afterwards, by ui.team.menus)."""
    undo, redo = act["undo"], act["redo"]
    menu = window.menuBar()
    file_menu = menu.addMenu("&File")
    file_menu.addActions([act["import_files"], act["import_folder"]])
    update_existing = file_menu.addAction("Imported new &versions update their articles")
    update_existing.setCheckable(True)
    update_existing.setToolTip(
        "An imported article the library has in another version (same URL, document id or "
        "file) replaces that one's text, keeping its highlights, instead of being added"
    )
    file_menu.addActions([act["update_article"], act["export"]])
    file_menu.addAction("Outlet &names…", outlet_names)
    file_menu.addSeparator()
    file_menu.addAction(act["quit"])
    edit_menu = menu.addMenu("&Edit")
    edit_menu.addActions([undo, redo])
    edit_menu.addSeparator()
    edit_menu.addActions([act["find"], act["delete"]])
    colour_menu = edit_menu.addMenu("Highlight &colour")
    colour_menu.addActions(list(colors))
    view_menu = menu.addMenu("&View")
    view_menu.addActions([act["zoom_in"], act["zoom_out"], act["zoom_reset"]])
    theme_menu = view_menu.addMenu("&Theme")
    theme_actions = {}
    themes = QActionGroup(window)  # radio items: one theme at a time
    for theme in THEMES:
        theme_action = theme_menu.addAction(theme.capitalize())
        theme_action.setCheckable(True)
        themes.addAction(theme_action)
        theme_action.triggered.connect(lambda _c=False, t=theme: set_theme(t))
        theme_actions[theme] = theme_action
    act["code_margin"].setCheckable(True)
    view_menu.addAction(act["code_margin"])
    view_menu.addSeparator()
    view_menu.addActions([act["next"], act["previous"]])
    view_menu.addSeparator()
    view_menu.addActions(list(dock_toggles))
    help_menu = menu.addMenu("&Help")
    help_menu.addActions([act["shortcuts"], act["about"]])

    toolbar = add_toolbar(window, "Main")
    toolbar.addActions([act["import_files"], act["import_folder"], act["export"]])
    toolbar.addSeparator()
    toolbar.addActions(list(colors))
    toolbar.addSeparator()
    toolbar.addActions([undo, redo])
    toolbar.addSeparator()
    toolbar.addActions([act["zoom_out"], act["zoom_in"], act["find"]])
    return Menus(update_existing, theme_actions)


def show_shortcuts(parent: QWidget) -> None:
    QMessageBox.information(parent, "Keyboard shortcuts", SHORTCUTS_HELP)


def show_about(parent: QWidget, library_path: Path | str) -> None:
    QMessageBox.about(
        parent,
        "About Gloss",
        "<b>Gloss</b><br>An offline reader and annotator for people who study the news."
        f"<br><br>Library: {display_location(library_path)}",
    )
