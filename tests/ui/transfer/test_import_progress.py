"""One big file moves the import's progress: by its articles, not by files done."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt

from models import articles
from tests.models.test_item_progress import write_dataset
from tests.ui.shell.test_main_window import keep_app_palette, make_window, settings_file
from ui.common import file_dialogs
from ui.transfer.import_progress import STEPS_PER_FILE

__all__ = ["keep_app_palette", "settings_file"]  # pytest fixtures, used by name


def test_a_single_big_file_moves_the_bar_by_its_rows(
    qtbot, library: Path, settings_file: Path, tmp_path: Path, monkeypatch
) -> None:
    rows, empty = 1_200, (5, 600, 1_100)
    big = write_dataset(tmp_path / "big.csv", rows, empty)
    monkeypatch.setattr(file_dialogs, "open_file_names", lambda *_args: [str(big)])
    window = make_window(qtbot, library, settings_file)
    imports = window.imports
    shown: list[tuple[int, int, str]] = []

    def record(*_args: object) -> None:  # after the controller's own slot: what it showed
        dialog = imports.progress_dialog  # None: its setValue() ran the end of the import
        if dialog is not None:
            shown.append((dialog.value(), dialog.maximum(), dialog.labelText()))

    with qtbot.waitSignal(imports.importFinished, timeout=60000) as finished:
        qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
        imports._worker.itemsProgress.connect(record)
    assert articles.count_articles() == rows - len(empty)
    assert imports.last_report_dialog.summary.text() == "1,197 imported, 3 rows skipped (no text)"
    assert finished.args[0].rows_skipped() == len(empty)
    details = imports.last_report_dialog.details.toPlainText()
    assert details.startswith("Rows skipped, no text (3)\n")
    assert details.count(": no text, skipped") == len(empty)  # each row listed

    reading = [label for value, maximum, label in shown if maximum == 0]
    assert reading and all(re.search(r"\n[\d,]+ articles? read$", text) for text in reading)
    counted = [(value, label) for value, maximum, label in shown if maximum == STEPS_PER_FILE]
    values = [value for value, _ in counted]
    assert values == sorted(values) and len(set(values)) > 100  # moving, forward only
    assert values[0] < STEPS_PER_FILE // 3 < 2 * STEPS_PER_FILE // 3 < values[-1]
    labels = "\n".join(label for _, label in counted)
    for verb in ("prepared", "stored", "indexed for search"):
        assert f"of 1,197 articles {verb}" in labels
    assert "file 1 of 1" not in labels and "big.csv" in labels
