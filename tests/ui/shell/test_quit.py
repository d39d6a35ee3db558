"""Quitting is clean whatever was just done: no dialog, no exception, our threads stopped,
every edit on disk, the library closed. (Its time is a benchmark: tests/perf.)"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from models import annotating
from models.db import open_library
from models.schema import database
from ui.shell import app, errors
from ui.shell.settings import Settings
from ui.transfer import workers


@pytest.fixture
def dialogs(monkeypatch) -> list[str]:
    """Every error dialog that would have been shown, and every error logged instead."""
    shown: list[str] = []
    monkeypatch.setattr(errors.log, "error", lambda *a: shown.append(str(a)))
    monkeypatch.setattr(errors, "show_error", lambda _parent, message, *_a: shown.append(message))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()))
    monkeypatch.setattr(errors, "_dialogs", True)
    return shown


@pytest.fixture
def start(qtbot, tmp_path: Path, add_article, dialogs, monkeypatch):  # type: ignore[no-untyped-def]
    """The window as run_app opens it (the error hook installed) on a library of one article."""
    path = tmp_path / "library.sqlite"
    article = add_article("Officials denied the report on Monday.", "Critics disagreed.")
    monkeypatch.setattr(app, "_warm_up", None)

    def make(warm_up_ms: int = 60_000):  # type: ignore[no-untyped-def]
        monkeypatch.setattr(app, "WARM_UP_MS", warm_up_ms)
        errors.install_exception_hook()
        settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        window = app.open_window(path, article, settings=settings)
        with qtbot.waitActive(window):
            window.activateWindow()
        return window, article

    return make


def quit_like_run_app(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+Q, then what run_app does once the loop ends (no more events), the window freed."""
    qtbot.keyClick(window.pane, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    app.shutdown()
    # The window freed with its session in Python's order (the session first), as when the
    # interpreter tears down: nothing it emits then may reach the deleted undo stack.
    shiboken6.delete(window.session)
    shiboken6.delete(window)


def assert_clean(dialogs: list[str]) -> None:
    assert dialogs == []
    assert database.is_closed()
    assert all(worker.wait(0) for worker in workers._ACTIVE)  # their threads have ended
    ours = [t.name for t in threading.enumerate() if t.name.startswith("gloss")]
    assert ours == [], ours


@pytest.mark.parametrize("last", ["undo", "redo"])
def test_quit_right_after_an_undo_or_a_redo(qtbot, start, dialogs, last: str) -> None:
    window, article = start()
    cursor = window.pane.document().find("denied the report")
    window.pane.setTextCursor(cursor)
    qtbot.keyClick(window.pane, Qt.Key.Key_H)
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(window.pane, Qt.Key.Key_Z, ctrl)
    if last == "redo":
        qtbot.keyClick(window.pane, Qt.Key.Key_Y, ctrl)
    quit_like_run_app(qtbot, window)
    assert_clean(dialogs)
    open_library(window_path := Path(database.database))
    assert len(annotating.list_annotations(article)) == (1 if last == "redo" else 0), window_path


def test_quit_right_after_start_while_the_importers_load(qtbot, start, dialogs) -> None:
    window, _article = start(warm_up_ms=0)
    qtbot.waitUntil(lambda: app._warm_up is not None)
    quit_like_run_app(qtbot, window)
    assert not app._warm_up.is_alive()  # joined, not left importing while Python shuts down
    assert_clean(dialogs)


def test_quit_during_an_import(qtbot, start, dialogs, tmp_path: Path) -> None:
    window, _article = start()
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(400):
        (folder / f"{n:03}.txt").write_text(f"Article {n}\n\n" + "Some words here. " * 200)
    window.imports.import_paths([folder])
    qtbot.waitUntil(window.imports.is_busy)
    quit_like_run_app(qtbot, window)
    assert_clean(dialogs)
