"""File dialogs open in the folder used last, in this run and the next."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from models import articles
from tests.ui.shell.test_main_window import keep_app_palette, make_window, settings_file
from ui.common import file_dialogs, folders

__all__ = ["keep_app_palette", "settings_file"]  # pytest fixtures, used by name


def test_import_dialogs_start_where_the_last_one_was_used(
    qtbot, library: Path, settings_file: Path, tmp_path: Path, monkeypatch
) -> None:
    source = tmp_path / "downloads" / "story.md"
    source.parent.mkdir()
    source.write_text("# Walrus\n\nThe walrus spoke.\n", encoding="utf-8")
    asked: list[str] = []

    def open_files(_parent, _caption, folder, _filter):  # type: ignore[no-untyped-def]
        asked.append(folder)
        return [str(source)]

    def open_folder(_parent, _caption, folder):  # type: ignore[no-untyped-def]
        asked.append(folder)
        return ""

    monkeypatch.setattr(file_dialogs, "open_file_names", open_files)
    monkeypatch.setattr(file_dialogs, "existing_directory", open_folder)
    window = make_window(qtbot, library, settings_file)
    with qtbot.waitSignal(window.imports.importFinished, timeout=20000):
        qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert articles.count_articles() == 1
    window.actions_by_name["import_folder"].trigger()  # File ▸ Import folder…
    assert asked[1] == str(source.parent)
    window.close()

    folders.bind(None)  # a new run: only the settings file remembers
    folders._memory.clear()
    again = make_window(qtbot, library, settings_file)
    again.actions_by_name["import_folder"].trigger()
    assert asked[2] == str(source.parent)
