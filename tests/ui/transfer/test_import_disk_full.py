"""An import from the window onto a disk that fills up: the report says so and matches the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QWidget

from models.db import close_library, open_library
from tests.filesystems import small_tmpfs, write_articles
from ui.session.session import Session
from ui.transfer.import_flow import ImportController


def test_the_report_says_disk_full_and_lists_what_was_stored(qtbot, tmp_path: Path) -> None:
    files = write_articles(tmp_path / "in", 3000)
    with small_tmpfs(tmp_path / "disk", "12m") as disk:
        library = disk / "lib.sqlite"
        open_library(library)
        try:
            parent = QWidget()
            qtbot.addWidget(parent)
            imports = ImportController(parent, Session())
            with qtbot.waitSignal(imports.importFinished, timeout=120_000) as finished:
                imports.import_paths([files])
            report = finished.args[0]
            dialog = imports.last_report_dialog
            assert dialog is not None
            assert dialog.summary.text().startswith("Import stopped (disk full): ")
            assert "The import stopped: disk full." in dialog.details.toPlainText()
            conn = sqlite3.connect(library)  # this process's SQLite: the locks stay
            stored = {row[0] for row in conn.execute("SELECT id FROM article")}
            conn.close()
        finally:
            close_library()
    assert report.imported and stored == {i.id for i in report.imported}
    assert len(report.imported) + len(report.failed) == 3000
    assert not [f for f in report.failed if "rollback" in f.error]
