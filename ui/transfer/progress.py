"""The progress dialog long work shows: window-modal, with Cancel, only after a short delay."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

PROGRESS_DELAY_MS = 300  # quick jobs finish without a dialog flashing up


def progress_dialog(
    parent: QWidget | None, name: str, title: str, label: str, on_cancel: Callable[[], None]
) -> QProgressDialog:
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(PROGRESS_DELAY_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(on_cancel)
    return dialog


def close_progress(dialog: QProgressDialog | None) -> None:
    """Take the dialog down for good: a late Cancel click must not reach finished work."""
    if dialog is not None:
        dialog.canceled.disconnect()
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()
