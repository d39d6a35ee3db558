"""The window's file dialogs: Qt's own, made never to open the files they list.

Qt's file dialog guesses each listed file's type from its first bytes (QMimeDatabase), and a
native dialog (GTK's, loaded into this process) does the same. Opening and closing the library
file, its -wal or its -shm drops every POSIX lock this process holds on it, so a dialog that
merely showed the library's folder left the window without its SQLite locks: another process
then believed it was alone, removed the WAL, and the window's next highlights were lost. These
dialogs name file types from the file name alone and draw generic icons.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileInfo, QMimeDatabase
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names for a file dialog, from file names only (no file is opened)."""

    def __init__(self) -> None:
        super().__init__()
        self.setOptions(QAbstractFileIconProvider.Option.DontUseCustomDirectoryIcons)
        self._mimes = QMimeDatabase()
        # Made here, on the GUI thread: the dialog asks from its file-information thread.
        kinds = QAbstractFileIconProvider.IconType
        self._folder_icon = super().icon(kinds.Folder)
        self._file_icon = super().icon(kinds.File)

    def icon(self, which: QFileInfo | QAbstractFileIconProvider.IconType) -> QIcon:
        if isinstance(which, QFileInfo):
            return self._folder_icon if which.isDir() else self._file_icon
        return super().icon(which)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        mime = self._mimes.mimeTypeForFile(info.fileName(), QMimeDatabase.MatchMode.MatchExtension)
        return mime.comment() or mime.name()


def _dialog(parent: QWidget | None, caption: str, folder: str, filters: str) -> QFileDialog:
    dialog = QFileDialog(parent, caption, folder, filters)
    # Qt's dialog, not the platform's: only this one takes the icon provider.
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    provider = NameOnlyIconProvider()
    dialog.setIconProvider(provider)
    dialog.setProperty("nameOnlyIconProvider", provider)  # Qt does not keep it alive
    return dialog


def _run(dialog: QFileDialog) -> tuple[list[str], str]:
    """The files chosen (none when cancelled) and the name filter they were chosen with."""
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return [], ""
        return dialog.selectedFiles(), dialog.selectedNameFilter()
    finally:
        dialog.deleteLater()


def open_file_names(parent: QWidget | None, caption: str, folder: str, filters: str) -> list[str]:
    """Existing files the user picks (none when cancelled)."""
    dialog = _dialog(parent, caption, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _run(dialog)[0]


def open_file_name(parent: QWidget | None, caption: str, folder: str, filters: str) -> str:
    """One existing file ("" when cancelled)."""
    dialog = _dialog(parent, caption, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return next(iter(_run(dialog)[0]), "")


def existing_directory(parent: QWidget | None, caption: str, folder: str) -> str:
    """A folder ("" when cancelled)."""
    dialog = _dialog(parent, caption, folder, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    return next(iter(_run(dialog)[0]), "")


def save_file_name(
    parent: QWidget | None, caption: str, suggested: str, filters: str
) -> tuple[str, str]:
    """Where to write (a file name, maybe new) and the filter chosen; ("", "") when cancelled."""
    folder, name = suggested, ""
    if suggested and not Path(suggested).is_dir():
        folder, name = str(Path(suggested).parent), Path(suggested).name
    dialog = _dialog(parent, caption, folder, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if name:
        dialog.selectFile(name)
    files, chosen_filter = _run(dialog)
    return (files[0], chosen_filter) if files else ("", "")
