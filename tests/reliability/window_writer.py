"""The window as a writer, for the concurrency trials: open Gloss's main window (offscreen) on a
library, import a folder through the window's import flow (as File ▸ Import does), then make
highlights through the window's Session, one per step, printing each as it is saved:

    python -m tests.reliability.window_writer LIBRARY FOLDER STEPS STEP_FILE_PREFIX [--dialog]

--dialog: import FOLDER's files through the File ▸ Import dialog, as a person does.

After highlight k it waits (bounded) for the file STEP_FILE_PREFIX-k, which the harness
creates once it has run another command on the library; after the last it prints "done" and
waits to be killed (kill -9: what the window had saved must already be on disk).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

STEP_WAIT_SECONDS = 30.0
IMPORT_WAIT_SECONDS = 120.0
SETTLE_SECONDS = 2.5
DIALOG_SECONDS = 1.5
SAVE_WAIT_SECONDS = 30.0


def _wait(seconds: float) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)


def _say(line: str) -> None:
    print(line, flush=True)


def _import_through_dialog(window: object, files: list[Path]) -> None:
    """File ▸ Import files…: the dialog opens in the home folder (where the library is, in
    the trial), stays a moment as a person reads it, then goes to the files and picks them."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

    def pick() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(100, pick)
            return
        dialog.setDirectory(str(files[0].parent))
        name_edit = dialog.findChild(QLineEdit, "fileNameEdit")  # typed, as a person does
        name_edit.setText(" ".join(f'"{f.name}"' for f in files))
        dialog.accept()

    QTimer.singleShot(int(DIALOG_SECONDS * 1000), pick)
    window.imports.import_files()  # type: ignore[attr-defined]


def _saved(article_id: int, note: str, failures: list[str]) -> int | None:
    """The id of the annotation with `note` once the window has saved it (at once, or after
    a queue of writes drains); None if saving failed or took too long."""
    from PySide6.QtWidgets import QApplication

    from models.annotating import list_annotations

    deadline = time.monotonic() + SAVE_WAIT_SECONDS
    while not failures and time.monotonic() < deadline:
        found = [mark.id for mark in list_annotations(article_id) if mark.note == note]
        if found:
            return found[0]
        QApplication.processEvents()
        time.sleep(0.01)
    return None


def main(argv: list[str]) -> int:
    library, folder, steps, step_prefix = Path(argv[0]), argv[1], int(argv[2]), argv[3]
    dialog = "--dialog" in argv[4:]
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from models.db import open_library
    from ui.shell.app import create_application, open_window
    from ui.shell.settings import Settings

    _app = create_application()  # held: the window needs it alive
    open_library(library)
    settings = Settings(QSettings(str(library.with_suffix(".ini")), QSettings.Format.IniFormat))
    window = open_window(library, settings=settings)
    reports: list[object] = []
    window.imports.importFinished.connect(reports.append)
    window.imports.importFailed.connect(lambda reason: reports.append(reason))
    _wait(SETTLE_SECONDS)  # as a person would: the importers load in the background meanwhile
    if dialog:
        _import_through_dialog(window, sorted(Path(folder).iterdir()))
    elif not window.imports.import_paths([folder], report=False):
        _say("import did not start")
        return 1
    deadline = time.monotonic() + IMPORT_WAIT_SECONDS
    while not reports and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    if not reports or isinstance(reports[0], str):
        _say(f"import failed: {reports[0] if reports else 'timed out'}")
        return 1
    report = reports[0]
    _say(f"imported {len(report.imported)}")  # type: ignore[attr-defined]
    failures: list[str] = []
    window.session.writeFailed.connect(failures.append)
    article_id = report.imported[0].id  # type: ignore[attr-defined]
    from models.articles import get_article

    text = get_article(article_id).text
    for step in range(steps):
        start = (step * 7) % max(1, len(text) - 20)
        note = f"window {step}"
        window.session.create_annotation(
            article_id, start, start + 12, note=note, tags=[f"Window/W{step}"]
        )
        annotation_id = _saved(article_id, note, failures)
        if annotation_id is None:
            _say(f"write failed: {failures[-1] if failures else 'not saved in time'}")
            return 1
        _say(f"highlight #{annotation_id} on article #{article_id} at {start}-{start + 12}")
        go = Path(f"{step_prefix}-{step}")
        deadline = time.monotonic() + STEP_WAIT_SECONDS
        while not go.exists() and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.01)
    _say("done")
    while True:  # until killed: nothing may depend on a clean close
        QApplication.processEvents()
        time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
