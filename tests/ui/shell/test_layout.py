"""The window's layout: docks take their room from the reading pane; it is all remembered."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget

from tests.ui.shell.test_main_window import keep_app_palette, make_window, settings_file

__all__ = ["keep_app_palette", "settings_file"]  # pytest fixtures, used by name


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


def test_sort_and_the_outlet_column_are_kept_across_runs(
    qtbot, add_article, library: Path, settings_file: Path
) -> None:
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QMenu

    from ui.library.model import OUTLET

    for outlet in ("Reuters", "AP", "Le Monde"):
        add_article(f"Text from {outlet}.", title=outlet, source=outlet)
    window = make_window(qtbot, library, settings_file)
    window.resize(1400, 860)
    header = window.article_list.table.horizontalHeader()
    at = header.sectionViewportPosition(OUTLET) + 5
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(at, 5))
    model = window.article_list.model()
    assert model.sort_key() == ("source", False)
    assert [model.data(model.index(r, OUTLET)) for r in range(3)] == ["AP", "Le Monde", "Reuters"]

    point = QPoint(at, 5)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, header.mapToGlobal(point))
    QApplication.sendEvent(header.viewport(), event)
    [menu] = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMenu) and w.objectName() == "articleHeaderMenu" and w.isVisible()
    ]
    [action] = menu.actions()
    menu.setActiveAction(action)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    assert window.article_list.table.isColumnHidden(OUTLET)
    window.close()

    again = make_window(qtbot, library, settings_file)
    again.resize(1400, 860)
    QApplication.processEvents()
    model = again.article_list.model()
    assert model.sort_key() == ("source", False)
    assert [model.data(model.index(r, OUTLET)) for r in range(3)] == ["AP", "Le Monde", "Reuters"]
    assert again.article_list.table.isColumnHidden(OUTLET)


def test_each_article_reopens_where_it_was_left(
    qtbot, add_article, library: Path, settings_file: Path
) -> None:
    paragraphs = [f"Paragraph {n} says something worth reading twice." for n in range(600)]
    long_one = add_article(*paragraphs, title="Long")
    other = add_article("Short.", title="Short")
    window = make_window(qtbot, library, settings_file)
    window.session.open_article(long_one)
    pane = window.pane
    pane.setFocus()
    for _ in range(4):  # well inside the text: its end cannot scroll to the top
        qtbot.keyClick(pane, Qt.Key.Key_PageDown)
    window.session.open_article(other)
    place = window.places.place(long_one)  # read as the pane left it
    assert place and place > 200
    assert pane.top_offset() is None
    window.session.open_article(long_one)
    qtbot.waitUntil(lambda: pane.top_offset() == place, timeout=2000)
    window.close()

    again = make_window(qtbot, library, settings_file)
    again.session.open_article(long_one)
    qtbot.waitUntil(lambda: again.pane.top_offset() == place, timeout=2000)


def test_the_open_docks_come_back_after_a_restart(
    qtbot, add_article, library: Path, settings_file: Path
) -> None:
    add_article("Some text to read.", title="One")
    window = make_window(qtbot, library, settings_file)
    both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_B, both)  # Codebook
    qtbot.keyClick(window, Qt.Key.Key_K, both)  # Keyword in context
    qtbot.keyClick(window, Qt.Key.Key_K, both)  # … and closed again
    shown = {dock.objectName() for dock in window.findChildren(QDockWidget) if dock.isVisible()}
    assert shown == {"codebookDock"}
    window.close()

    again = make_window(qtbot, library, settings_file)
    docks = {dock.objectName(): dock.isVisible() for dock in again.findChildren(QDockWidget)}
    assert {"codebookDock", "kwicDock"} <= set(docks)
    assert {name for name, visible in docks.items() if visible} == {"codebookDock"}
