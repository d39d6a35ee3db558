"""The window's file dialogs list the library's folder without opening the library's files.

Any descriptor this process opens and closes on the library, its -wal or -shm drops SQLite's
POSIX locks there (see ui.file_dialogs); Qt's own dialog read each file's first bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QFileInfo, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel, QLineEdit, QPushButton

from tests.conftest import REPO_ROOT
from tests.sqlite_locks import library_files_locked, needs_proc_locks
from ui.common import file_dialogs


def when_file_dialog_opens(act: Callable[[QFileDialog], None]) -> None:
    """Call `act` with the file dialog once it is open (it runs its own event loop)."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, poll)
            return
        try:
            act(dialog)
        except BaseException:
            dialog.reject()  # the test then fails on what it asserts next, instead of hanging
            raise

    QTimer.singleShot(0, poll)


def browse_past_the_library(qtbot, dialog: QFileDialog, library: Path) -> QFileSystemModel:  # type: ignore[no-untyped-def]
    """Show the library's folder and wait until the dialog has described every file there."""
    dialog.setDirectory(str(library.parent))
    model = dialog.findChild(QFileSystemModel)
    assert model is not None
    files = [p for p in (library, Path(f"{library}-wal"), Path(f"{library}-shm")) if p.exists()]
    assert len(files) == 3  # the open library in WAL mode
    qtbot.waitUntil(lambda: all(model.index(str(p), 2).data() for p in files), timeout=10000)
    return model


def type_names_and_accept(qtbot, dialog: QFileDialog, chosen: list[Path]) -> None:  # type: ignore[no-untyped-def]
    """Go to the chosen files' folder (one the dialog has not shown yet), type their names,
    click the default button."""
    model = dialog.findChild(QFileSystemModel)
    assert model is not None
    with qtbot.waitSignal(model.directoryLoaded):  # typed names are read against the listing
        dialog.setDirectory(str(chosen[0].parent))
    name_box = dialog.findChild(QLineEdit, "fileNameEdit")
    assert name_box is not None
    name_box.clear()
    names = [p.name for p in chosen]
    qtbot.keyClicks(name_box, names[0] if len(names) == 1 else " ".join(f'"{n}"' for n in names))
    qtbot.waitUntil(lambda: dialog.selectedFiles() == [str(p) for p in chosen])
    [default] = [b for b in dialog.findChildren(QPushButton) if b.isDefault()]
    qtbot.mouseClick(default, Qt.MouseButton.LeftButton)


ASK = {
    "open files": lambda folder: file_dialogs.open_file_names(None, "Open", folder, "All (*)"),
    "open file": lambda folder: file_dialogs.open_file_name(None, "Open", folder, "All (*)"),
    "folder": lambda folder: file_dialogs.existing_directory(None, "Folder", folder),
    "save": lambda folder: file_dialogs.save_file_name(None, "Save", folder, "All (*)")[0],
}


@needs_proc_locks
@pytest.mark.parametrize("kind", list(ASK))
def test_a_dialog_showing_the_library_keeps_its_locks(qtbot, library: Path, kind: str) -> None:
    held = library_files_locked(library)
    assert held == {"main", "-shm"}
    seen: list[str] = []

    def look(dialog: QFileDialog) -> None:
        browse_past_the_library(qtbot, dialog, library)
        seen.append(dialog.windowTitle())
        dialog.reject()

    when_file_dialog_opens(look)
    assert not ASK[kind](str(library.parent))  # cancelled
    assert seen and library_files_locked(library) == held


def test_types_come_from_names_and_icons_are_generic(qtbot, tmp_path: Path) -> None:
    provider = file_dialogs.NameOnlyIconProvider()
    unknown = tmp_path / "L-wal"
    unknown.write_bytes(b"SQLite format 3\x00")
    text = tmp_path / "a.txt"
    text.write_text("hello", encoding="utf-8")
    assert provider.type(QFileInfo(str(text))) != provider.type(QFileInfo(str(unknown)))
    assert provider.type(QFileInfo(str(tmp_path))) == "Folder"
    assert "SQLite" not in provider.type(QFileInfo(str(unknown)))  # the bytes were not read
    assert not provider.icon(QFileInfo(str(unknown))).isNull()


def test_save_returns_the_typed_name_and_the_chosen_filter(qtbot, tmp_path: Path) -> None:
    target = tmp_path / "out" / "new.csv"
    target.parent.mkdir()
    suggested = str(tmp_path / "suggested.csv")
    when_file_dialog_opens(lambda dialog: type_names_and_accept(qtbot, dialog, [target]))
    path, chosen = file_dialogs.save_file_name(None, "Save", suggested, "CSV (*.csv)")
    assert (path, chosen) == (str(target), "CSV (*.csv)")


def test_the_window_asks_for_files_only_through_these_dialogs() -> None:
    """Qt's static QFileDialog functions (native or not) read the files they list."""
    users = [
        p.relative_to(REPO_ROOT).as_posix()
        for p in (REPO_ROOT / "ui").rglob("*.py")
        if "QFileDialog.get" in p.read_text(encoding="utf-8")
    ]
    assert users == []
