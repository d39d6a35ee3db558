"""The window's team entries: agreement table, compare view, consensus, merging a library."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QTextEdit

from models import merging
from models.annotating import create_annotation, list_annotations
from models.db import close_library, open_library
from models.schema import Annotation, database
from models.storing import store_drafts
from tests.conftest import draft
from ui.session.session import Session
from ui.shell.main_window import MainWindow
from ui.shell.settings import Settings

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


@pytest.fixture
def make_window(qtbot, library: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Windows deleted before their Session: its undo stack outlives the widgets using it."""
    made: list[tuple[MainWindow, Session]] = []

    def make() -> MainWindow:
        store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        session = Session()
        window = MainWindow(session, Settings(store), library)
        window.show()
        made.append((window, session))
        return window

    yield make
    for window, _session in made:
        window.close()
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def add(*paragraphs: str, title: str = "Article") -> int:
    [result] = store_drafts([draft(*paragraphs, title=title)], "test", "t.txt")
    return result.article_id


def test_agreement_table_compare_view_and_consensus(qtbot, library, tmp_path, make_window) -> None:
    article = add("Alpha beta gamma delta.", title="Shared")
    create_annotation(article, 0, 10, tags=["Frame/war"], coder="ann")
    create_annotation(article, 0, 5, tags=["Frame/war"], coder="bob")
    window = make_window()
    assert window.team.agreement_action in window.menuBar().actions()[2].menu().actions()
    window.team.agreement_action.trigger()
    dialog = window.team.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=10000)
    index = dialog.model.index
    assert [index(r, 0).data().strip() for r in range(2)] == ["Frame", "war"]
    units = len("Alpha beta gamma delta.")
    assert index(1, 3).data() == str(units)
    assert index(1, 2).data() == f"{100 * (units - 5) / units:.1f}"
    panes = dialog.findChildren(QTextEdit)
    assert sorted(p.objectName() for p in panes) == ["coderPane:ann", "coderPane:bob"]
    assert dialog.compare.disagreements.item(0).text() == "Frame/war: ann not bob — ' beta'"
    # Take ann's version as the consensus: pick her in the combo, click the button.
    combo = dialog.compare.accept_coder
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    qtbot.keyClick(combo.view(), Qt.Key.Key_Home)
    qtbot.keyClick(combo.view(), Qt.Key.Key_Return)
    assert combo.currentData() == "ann"
    qtbot.mouseClick(dialog.compare.accept_button, Qt.MouseButton.LeftButton)
    consensus = [m for m in list_annotations(article) if m.coder == "consensus"]
    assert [(m.quote, m.tags) for m in consensus] == [("Alpha beta", ("Frame/war",))]
    # The unit combo recomputes by article.
    dialog.unit.setFocus()
    qtbot.keyClick(dialog.unit, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2 and index(0, 3).data() == "1")


def test_merge_library_from_the_file_menu(
    qtbot, library, tmp_path, monkeypatch, make_window
) -> None:
    other = tmp_path / "bob.sqlite"
    close_library()
    open_library(other)
    bobs = add("Only Bob coded this.", title="Bob's")
    create_annotation(bobs, 0, 4, coder="bob", tags=["Actor"])
    close_library()
    database.initialize(None)
    open_library(library)
    window = make_window()
    shown: list[str] = []
    monkeypatch.setattr("ui.team.menus.file_dialogs.open_file_name", lambda *a, **k: str(other))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    window.team.merge_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert shown[0].startswith(f"merged {other}: 1 article(s) added, 0 matched")
    assert [(a.coder, a.quote) for a in Annotation.select()] == [("bob", "Only")]
    assert window.article_list.model().rowCount() == 1  # the list heard of the new article
    assert merging.merge_library(other).annotations.added == 0


def test_sidebar_filters_by_coder_and_blind_coding_hides_the_others(
    qtbot, library, tmp_path, monkeypatch, make_window
) -> None:
    article = add("Alpha beta gamma delta.", title="Shared")
    create_annotation(article, 0, 5, coder="ann")
    create_annotation(article, 6, 10, coder="bob")
    window = make_window()
    window.session.open_article(article)
    sidebar = window.sidebar
    assert sidebar.proxy.rowCount() == 2
    combo = sidebar.coder_filter
    assert combo.isVisibleTo(window) and [combo.itemText(i) for i in range(3)] == [
        "All coders",
        "ann",
        "bob",
    ]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)  # bob
    assert [sidebar.proxy.record_at(r).coder for r in range(sidebar.proxy.rowCount())] == ["bob"]
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    assert sidebar.proxy.rowCount() == 2
    # Blind coding as ann: bob's highlight leaves the text and the sidebar.
    monkeypatch.setattr("ui.team.menus.current_coder", lambda: "ann")
    window.team.blind_action.trigger()
    assert [m.coder for m in window.pane.annotations()] == ["ann"]
    assert sidebar.proxy.rowCount() == 1 and not combo.isVisibleTo(window)
    # A highlight made while blind is the coder's own, and shows.
    cursor = window.pane.document().find("gamma")
    window.pane.setTextCursor(cursor)
    window.pane.setFocus()
    monkeypatch.setattr("models.coders._current", "ann")
    qtbot.keyClick(window.pane, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: sidebar.proxy.rowCount() == 2)
    assert sorted(m.coder for m in list_annotations(article)) == ["ann", "ann", "bob"]
    window.team.blind_action.trigger()
    assert len(window.pane.annotations()) == 3 and sidebar.proxy.rowCount() == 3


def test_the_search_box_finds_one_coders_articles(qtbot, library, make_window) -> None:
    first = add("Alpha beta gamma.", title="First")
    second = add("Delta epsilon zeta.", title="Second")
    create_annotation(first, 0, 5, coder="ann")
    create_annotation(second, 0, 5, coder="bob")
    window = make_window()
    view = window.article_list
    qtbot.waitUntil(lambda: view.model().total_count() == 2)
    qtbot.keyClicks(view.search, "coder:bob")
    qtbot.waitUntil(lambda: view.model().total_count() == 1, timeout=5000)
    assert view.model().summary(0).id == second
