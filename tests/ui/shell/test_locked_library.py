"""Another process holds the library's write lock: the window never waits for it. Edits queue
(the status bar says so), the event loop keeps running, and each edit lands on disk once the
lock is released, also when the user quits meanwhile and when the window starts locked."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer

from models import annotating, articles
from models.db import open_library
from ui.shell import app
from ui.shell.main_window import MainWindow
from ui.shell.settings import Settings

# Holds BEGIN IMMEDIATE until told on stdin, or for 8 s at most: less than the 10 s a
# connection waits for a lock, so a window that waited would see it released, not hang.
HOLDER = """
import select, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
select.select([sys.stdin], [], [], 8)
db.execute("COMMIT")
"""


class Holder:
    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "locked"

    def holding(self) -> bool:
        return self.process.poll() is None

    def release(self) -> None:
        if self.holding():
            assert self.process.stdin is not None
            self.process.stdin.write("\n")
            self.process.stdin.flush()
        self.process.communicate(timeout=10)  # (closes its pipes)


@pytest.fixture
def holder(library: Path) -> Iterator[Holder]:
    held: list[Holder] = []

    def take() -> Holder:
        held.append(Holder(library))
        return held[-1]

    yield take  # type: ignore[misc]
    for one in held:
        one.release()


@pytest.fixture
def ticks(qtbot) -> list[int]:  # type: ignore[no-untyped-def]
    """A timer's ticks: they come only while the event loop runs."""
    fired: list[int] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: fired.append(1))
    timer.start()
    yield fired
    timer.stop()


def make_window(qtbot, library: Path, tmp_path: Path, article: int) -> MainWindow:  # type: ignore[no-untyped-def]
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = app.open_window(library, article, settings=settings)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    return window


def highlight(qtbot, window: MainWindow, needle: str) -> None:  # type: ignore[no-untyped-def]
    window.pane.setTextCursor(window.pane.document().find(needle))
    qtbot.keyClick(window.pane, Qt.Key.Key_H)


def still_running(qtbot, ticks: list[int], holder: Holder) -> None:  # type: ignore[no-untyped-def]
    seen = len(ticks)
    qtbot.waitUntil(lambda: len(ticks) >= seen + 5, timeout=3000)
    assert holder.holding()  # the loop ran while the lock was still held


ARTICLE = ("Officials denied the report on Monday.", "Critics disagreed at once.")


def highlighted_while_locked(qtbot, library, tmp_path, add_article, holder):  # type: ignore[no-untyped-def]
    """A window on an article, another process holding the lock, then H on a passage."""
    article = add_article(*ARTICLE)
    window = make_window(qtbot, library, tmp_path, article)
    lock = holder()
    highlight(qtbot, window, "denied the report")
    return window, article, lock


def test_h_while_another_process_writes_queues_and_lands_after(
    qtbot, library: Path, tmp_path: Path, add_article, holder, ticks
) -> None:
    window, article, lock = highlighted_while_locked(qtbot, library, tmp_path, add_article, holder)
    highlight(qtbot, window, "Critics")
    still_running(qtbot, ticks, lock)
    assert window.waiting_label.isVisible()
    assert "Waiting for the library" in window.waiting_label.text()
    assert "2 changes" in window.waiting_label.text()
    assert not window.undo_redo.undo.isEnabled()  # steps join the stack when they land
    assert annotating.list_annotations(article) == []
    lock.release()
    qtbot.waitUntil(lambda: not window.session.writer.is_busy(), timeout=15000)
    assert [r.quote for r in annotating.list_annotations(article)] == [
        "denied the report",
        "Critics",
    ]
    assert window.sidebar.count_label.text() == "2 highlights"
    assert not window.waiting_label.isVisible()
    assert window.undo_redo.undo.isEnabled()


def test_the_window_starts_on_a_locked_library_without_waiting(
    qtbot, library: Path, tmp_path: Path, add_article, holder, ticks
) -> None:
    article = add_article(*ARTICLE)
    lock = holder()
    window = make_window(qtbot, library, tmp_path, article)  # marks the article read
    still_running(qtbot, ticks, lock)
    assert window.session.article_id == article and window.waiting_label.isVisible()
    assert articles.get_article(article).read_at is None
    lock.release()
    qtbot.waitUntil(lambda: articles.get_article(article).read_at is not None, timeout=15000)


def test_quit_with_queued_writes_waits_for_them_and_says_so(
    qtbot, library: Path, tmp_path: Path, add_article, holder, ticks
) -> None:
    window, article, lock = highlighted_while_locked(qtbot, library, tmp_path, add_article, holder)
    qtbot.keyClick(window.pane, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    still_running(qtbot, ticks, lock)
    assert window.isVisible() and "quit once saved" in window.waiting_label.text()
    lock.release()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=15000)
    assert [r.quote for r in annotating.list_annotations(article)] == ["denied the report"]


def test_an_exit_past_the_window_still_saves_what_was_queued(
    qtbot, library: Path, tmp_path: Path, add_article, holder, monkeypatch
) -> None:
    monkeypatch.setattr(app, "_warm_up", None)
    window, article, lock = highlighted_while_locked(qtbot, library, tmp_path, add_article, holder)
    threading.Timer(0.5, lock.release).start()  # the other program finishes meanwhile
    app.shutdown()  # as after QApplication.quit(): the loop ended without closing the window
    open_library(library)
    assert [r.quote for r in annotating.list_annotations(article)] == ["denied the report"]


def test_codebook_and_article_tag_edits_while_locked_queue_and_land_after(
    qtbot, library: Path, tmp_path: Path, add_article, holder, ticks
) -> None:
    from models import article_tags
    from models.tags import list_tags

    article = add_article(*ARTICLE)
    window = make_window(qtbot, library, tmp_path, article)
    qtbot.keyClick(
        window,
        Qt.Key.Key_B,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    panel = window.docks.codebook
    qtbot.waitUntil(panel.isVisible)
    panel.ask_text = lambda *_args: "Frames/War"
    lock = holder()
    qtbot.mouseClick(panel.buttons["new"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.article_tags.include_button, Qt.MouseButton.LeftButton)
    still_running(qtbot, ticks, lock)
    assert "2 changes" in window.waiting_label.text()
    assert list_tags() == [] and article_tags.article_tags(article) == []
    lock.release()
    qtbot.waitUntil(lambda: not window.session.writer.is_busy(), timeout=15000)
    assert [t.path for t in list_tags()] == ["Frames/War", "screening/include"]
    assert article_tags.article_tags(article) == ["screening/include"]
    assert window.article_tags.include_button.isChecked()
    assert panel.current_node() is not None and panel.current_node().path == "Frames/War"
    assert window.session.undo_stack.count() == 2
