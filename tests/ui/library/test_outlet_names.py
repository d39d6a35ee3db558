"""The outlet names dialog: an alias typed in the window renames its articles."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from models.articles import get_article
from models.facets import distinct_sources
from tests.ui.shell.test_main_window import keep_app_palette, make_window, settings_file

__all__ = ["keep_app_palette", "settings_file"]  # pytest fixtures, used by name


def test_add_and_remove_an_alias(qtbot, add_article, library: Path, settings_file: Path) -> None:
    first = add_article("One.", source="Beeb")
    add_article("Two.", source="BBC")
    window = make_window(qtbot, library, settings_file)
    [action] = [a for a in window.menuBar().actions()[0].menu().actions() if "Outlet" in a.text()]
    action.trigger()
    dialog = window.findChild(object, "outletNames")
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.alias, "Beeb")
    qtbot.keyClicks(dialog.canonical, "BBC")
    qtbot.keyClick(dialog.canonical, Qt.Key.Key_Return)
    assert get_article(first).source == "BBC"
    assert [(s.name, s.articles) for s in distinct_sources()] == [("BBC", 2)]
    bbc = next(
        dialog.tree.topLevelItem(i)
        for i in range(dialog.tree.topLevelItemCount())
        if dialog.tree.topLevelItem(i).text(0) == "BBC"
    )
    beeb = next(bbc.child(i) for i in range(bbc.childCount()) if bbc.child(i).text(0) == "Beeb")
    dialog.tree.setCurrentItem(beeb)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert add_article("Three.", source="Beeb") and get_article(first + 2).source == "Beeb"
