"""The window keeps its hold on the library through an import (issue 11, the lost highlights).

Opening and closing any descriptor on the library's files drops every POSIX lock this process
holds on them. When the file dialog of File ▸ Import read the library's files to guess their
type, the window lost its locks; a `gloss list` in a terminal then thought it was alone,
checkpointed and deleted the WAL, and the window's next highlights went to a deleted file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from models import annotating, articles
from models.db import close_library, open_library
from tests.conftest import REPO_ROOT, SEEDS
from tests.sqlite_locks import library_files_locked, needs_proc_locks
from tests.ui.common.test_file_dialogs import (
    browse_past_the_library,
    type_names_and_accept,
    when_file_dialog_opens,
)
from tests.ui.shell.test_main_window import make_window, select_text

pytestmark = needs_proc_locks


@pytest.fixture
def bare_library(tmp_path: Path) -> Iterator[Path]:
    """A library named like the issue's `--library L`: no extension for a type to match."""
    path = tmp_path / "L"
    open_library(path)
    yield path
    close_library()


def gloss(library: Path, *args: str) -> str:
    """Run the command line as a second process (a terminal beside the window)."""
    done = subprocess.run(
        [sys.executable, str(REPO_ROOT / "main.py"), "--library", str(library), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def choose_files(qtbot, dialog: QFileDialog, library: Path, chosen: list[Path]) -> None:  # type: ignore[no-untyped-def]
    """Pass through the library's folder (as a user browsing might), then pick `chosen`."""
    browse_past_the_library(qtbot, dialog, library)
    type_names_and_accept(qtbot, dialog, chosen)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repository")
def test_highlights_survive_an_import_through_the_window_and_a_second_process(
    qtbot, bare_library: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr("ui.codebook.tag_picker.pick_tags", lambda *_args: ["Actors/UN"])
    window = make_window(qtbot, bare_library, tmp_path / "settings.ini")
    held = library_files_locked(bare_library)
    assert held == {"main", "-shm"}  # the connection's read locks, as SQLite's WAL mode keeps

    seeds = sorted(SEEDS.glob("*.txt"))
    when_file_dialog_opens(lambda dialog: choose_files(qtbot, dialog, bare_library, seeds))
    with qtbot.waitSignal(window.imports.importFinished, timeout=30000) as finished:
        window.imports.import_files()  # File ▸ Import files…
    assert len(finished.args[0].imported) == len(seeds)
    assert library_files_locked(bare_library) == held

    if window.imports.last_report_dialog is not None:
        window.imports.last_report_dialog.close()
    qtbot.waitUntil(lambda: window.session.article_id is not None)
    article_id = window.session.article_id
    text = articles.get_article(article_id).text
    first, second = text.split()[0], text.split()[-1]
    select_text(window, first)
    qtbot.keyClick(window.pane, Qt.Key.Key_H)

    gloss(bare_library, "list")  # a terminal beside the window
    assert library_files_locked(bare_library) == held

    select_text(window, second)
    qtbot.keyClick(window.pane, Qt.Key.Key_T)  # highlight and tag
    assert len(annotating.list_annotations(article_id)) == 2

    on_disk = json.loads(gloss(bare_library, "show", str(article_id), "--json"))["annotations"]
    assert sorted((a["quote"], a["tags"]) for a in on_disk) == sorted(
        [(first, []), (second, ["Actors/UN"])]
    )
    assert library_files_locked(bare_library) == held
