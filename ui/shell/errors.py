"""Errors reach the user as dialogs with a plain sentence; the app keeps running."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

log = logging.getLogger(__name__)
_dialogs = True  # False once the app is quitting: an error then is logged, never a dialog


def stop_dialogs() -> None:
    """From now on errors are only logged: a modal dialog during the exit would hold it."""
    global _dialogs
    _dialogs = False


def show_error(parent: QWidget | None, message: str, details: str = "") -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, "Gloss", message, parent=parent)
    if details:
        box.setDetailedText(details)  # selectable, so the user can copy it into a report
    box.exec()


def install_exception_hook(log_file: Path | None = None) -> None:
    """An unexpected exception shows a dialog with the details instead of killing the app;
    the dialog names the log file the details went to, for a bug report."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        details = "".join(traceback.format_exception(kind, value, tb))
        log.error("unexpected error\n%s", details)
        if QApplication.instance() is None or QApplication.closingDown() or not _dialogs:
            sys.__excepthook__(kind, value, tb)
            return
        logged = f" The details are in the log file {log_file}." if log_file else ""
        show_error(
            QApplication.activeWindow(),
            f"Something went wrong: {value}. Everything you saw saved is in the library; "
            f"check the last change and try it again.{logged}",
            details,
        )

    sys.excepthook = hook
