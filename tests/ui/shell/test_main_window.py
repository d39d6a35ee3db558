"""The whole window as a new user meets it: samples, read, highlight, undo, export, restart."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from models import annotating, articles
from models.db import close_library, open_library
from ui.session.session import Session
from ui.shell import settings as keys
from ui.shell.main_window import MainWindow
from ui.shell.settings import Settings
from ui.shell.welcome import sample_files
from ui.transfer.export_flow import LIBRARY

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


@pytest.fixture(autouse=True)
def keep_app_palette(qapp):  # type: ignore[no-untyped-def]
    """A window's theme recolours the whole application: put it back for the next tests."""
    palette = qapp.palette()
    yield
    qapp.setPalette(palette)


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


def make_window(qtbot, library: Path, settings_file: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    store = QSettings(str(settings_file), QSettings.Format.IniFormat)
    window = MainWindow(Session(), Settings(store), library)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):  # shortcuts only reach an active window
        window.show()
        window.activateWindow()
    return window


def add_samples(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.centre.currentWidget() is window.welcome
    with qtbot.waitSignal(window.imports.importFinished, timeout=20000):
        qtbot.mouseClick(window.welcome.samples_button, Qt.MouseButton.LeftButton)
    assert window.imports.last_report_dialog is None  # samples need no report


def select_text(window: MainWindow, needle: str) -> None:
    cursor = window.pane.document().find(needle)
    assert not cursor.isNull(), needle
    window.pane.setTextCursor(cursor)


def test_object_names_for_accessibility(qtbot, library: Path, settings_file: Path) -> None:
    window = make_window(qtbot, library, settings_file)
    assert isinstance(window.findChild(QTableView, "articleList"), QTableView)
    assert window.findChild(QAbstractItemView, "annotationList") is not None
    for name in ("readingPane", "annotationSidebar", "librarySearch"):
        assert window.findChild(object, name) is not None, name


def test_first_start_offers_samples_then_read_highlight_undo(
    qtbot, library: Path, settings_file: Path
) -> None:
    window = make_window(qtbot, library, settings_file)
    add_samples(qtbot, window)
    assert articles.count_articles() == len(sample_files()) >= 5
    qtbot.waitUntil(lambda: window.session.article_id is not None)
    assert window.centre.currentWidget() is window.reading_box
    article_id = window.session.article_id
    assert article_id is not None

    text = articles.get_article(article_id).text
    needle = text.split("\n\n")[1][:40].rsplit(" ", 1)[0]
    select_text(window, needle)
    qtbot.keyClick(window.pane, Qt.Key.Key_H)
    [mark] = annotating.list_annotations(article_id)
    assert mark.quote == needle and text[mark.start : mark.end] == needle
    assert window.sidebar.current_annotation_id() == mark.id

    qtbot.keyClick(window.pane, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert annotating.list_annotations(article_id) == []
    qtbot.keyClick(
        window.pane,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert [m.id for m in annotating.list_annotations(article_id)] == [mark.id]
    qtbot.keyClick(window.pane, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.pane, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert [m.id for m in annotating.list_annotations(article_id)] == [mark.id]


def test_keyboard_moves_through_articles_and_highlights(
    qtbot, library: Path, settings_file: Path, add_article
) -> None:
    first = add_article("Alpha one. Alpha two. Alpha three.", title="A first", date=None)
    add_article("Beta text.", title="B second")
    for quote in ("one", "two", "three"):
        annotating.annotate_quote(first, quote)
    window = make_window(qtbot, library, settings_file)
    window.session.open_article(first)
    marks = annotating.list_annotations(first)
    window.sidebar.select_annotation(marks[0].id)
    window.pane.setFocus()
    qtbot.keyClick(window.pane, Qt.Key.Key_J)
    assert window.sidebar.current_annotation_id() == marks[1].id
    qtbot.keyClick(window.pane, Qt.Key.Key_F3)
    assert window.sidebar.current_annotation_id() == marks[2].id
    qtbot.keyClick(window.pane, Qt.Key.Key_K)
    assert window.sidebar.current_annotation_id() == marks[1].id

    table = window.article_list.table
    table.setFocus()
    row = window.article_list.model().row_of(first)
    table.setCurrentIndex(window.article_list.model().index(row, 0))
    other = 1 - row
    key = Qt.Key.Key_Down if other > row else Qt.Key.Key_Up
    qtbot.keyClick(table, key)
    assert window.session.article_id != first


def test_export_whole_library_from_the_window(
    qtbot, library: Path, settings_file: Path, add_article, tmp_path: Path
) -> None:
    article = add_article("Text with =formula inside.", title="T")
    annotating.annotate_quote(article, "=formula", tags=["Frames"], note="n")
    window = make_window(qtbot, library, settings_file)
    target = tmp_path / "out.csv"
    with qtbot.waitSignal(window.exports.exportFinished, timeout=10000):
        window.exports.export_to(target, LIBRARY)
    [row] = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig"), newline="")))
    assert row["quote"] == "'=formula" and row["tags"] == "Frames"


def test_settings_and_last_article_survive_a_restart(
    qtbot, library: Path, settings_file: Path, add_article
) -> None:
    add_article("First article text.", title="One")
    second = add_article("Second article text.", title="Two")
    window = make_window(qtbot, library, settings_file)
    window.session.open_article(second)
    window.set_theme("dark")
    window.pane.zoom_in()
    size = window.pane.font_size()
    window.splitter.setSizes([300, 800, 300])
    sizes = window.splitter.sizes()
    window.close()
    close_library()

    open_library(library)
    again = make_window(qtbot, library, settings_file)
    again.restore_last_article()
    qtbot.waitUntil(lambda: again.session.article_id == second)
    assert again.pane.theme().name == "dark"
    assert again.pane.font_size() == pytest.approx(size)
    # The offscreen screen is smaller than the saved window, so the stretching centre pane
    # absorbs the difference; the sidebar keeps the width the user gave it.
    assert again.splitter.sizes()[2] == sizes[2]
    assert again.theme_actions["dark"].isChecked()


@pytest.mark.parametrize("last_article", [None, 999])  # never read one; one deleted since
def test_a_filled_library_opens_on_its_first_article_not_the_welcome(
    qtbot, library: Path, settings_file: Path, add_article, last_article: int | None
) -> None:
    """A library filled elsewhere (the command line, a co-coder on a server) and opened
    with no article to go back to shows the list's first article, not "library is empty"."""
    add_article("Zebra text.", title="Zebra")
    add_article("Aardvark text.", title="Aardvark")
    if last_article is not None:
        store = QSettings(str(settings_file), QSettings.Format.IniFormat)
        Settings(store).set(keys.LAST_ARTICLE, last_article)
        store.sync()
    window = make_window(qtbot, library, settings_file)
    window.restore_last_article()
    first = window.article_list.first_article_id()
    assert first is not None
    qtbot.waitUntil(lambda: window.session.article_id == first)
    assert window.centre.currentWidget() is window.reading_box
    title, _, text = window.pane.toPlainText().strip().partition("\n\n")
    assert text == f"{title} text."  # the article, whole, not an empty pane


def test_main_opens_the_app_on_the_requested_article(
    qtbot, tmp_path: Path, monkeypatch, settings_file: Path
) -> None:
    from PySide6.QtWidgets import QApplication

    import main

    library = tmp_path / "lib.sqlite"
    open_library(library)
    from models.storing import store_drafts
    from tests.conftest import draft

    [result] = store_drafts([draft("Opened from the command line.")], "test", "x.txt")
    close_library()
    seen: dict[str, object] = {}

    def fake_exec() -> int:  # the event loop would block: look at the window instead
        [window] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        seen["article"] = window.session.article_id
        seen["title"] = window.windowTitle()
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    ini = QSettings.Format.IniFormat
    monkeypatch.setattr("ui.shell.settings.QSettings", lambda: QSettings(str(settings_file), ini))
    # The real exit leaves the process at once (after a clean shutdown): here it is told.
    monkeypatch.setattr("ui.shell.app.exit_now", lambda code: seen.setdefault("exit", code))
    assert main.main(["--library", str(library), "--open", str(result.article_id)]) == 0
    assert seen == {"article": result.article_id, "title": "lib.sqlite", "exit": 0}


def test_an_unreadable_library_is_a_dialog_not_a_crash(tmp_path: Path, monkeypatch) -> None:
    import main

    bogus = tmp_path / "bogus.sqlite"
    bogus.write_bytes(b"not a database" * 100)
    shown: list[str] = []
    monkeypatch.setattr(
        "ui.shell.app.show_error", lambda _parent, message, *_: shown.append(message)
    )
    assert main.main(["--library", str(bogus)]) == 1
    assert len(shown) == 1 and "bogus.sqlite" in shown[0]


def test_undo_right_after_typing_a_note_undoes_that_note(
    qtbot, library: Path, settings_file: Path, add_article
) -> None:
    article = add_article("Alpha beta gamma.")
    mark = annotating.annotate_quote(article, "beta", note="first")
    window = make_window(qtbot, library, settings_file)
    window.session.open_article(article)
    window.sidebar.select_annotation(mark.id)
    editor = window.sidebar.findChild(object, "noteEditor")
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "second")
    window.actions_by_name["undo"].trigger()  # before the save delay has passed
    assert annotating.get_annotation(mark.id).note == "first"
    window.actions_by_name["redo"].trigger()
    assert annotating.get_annotation(mark.id).note == "second"


def test_keyword_in_context_opens_the_passage(
    qtbot, library: Path, settings_file: Path, add_article
) -> None:
    add_article("Nothing here.", title="Other")
    target = add_article("The port strike ended. Dockers voted.", title="Port")
    window = make_window(qtbot, library, settings_file)
    window.docks.kwic.set_term("dockers")
    window.docks.kwic.search()
    qtbot.waitUntil(lambda: window.docks.kwic.model.rowCount() == 1)
    row = window.docks.kwic.model.index(0, 0)
    window.docks.kwic.table.doubleClicked.emit(row)
    assert window.session.article_id == target
    assert window.pane.textCursor().selectedText() == "Dockers"
    assert articles.get_article(target).read_at is not None  # opened through the Session
    assert window.article_list.current_article_id() == target
    assert window.settings.get(keys.LAST_ARTICLE) == target
