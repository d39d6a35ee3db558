"""Opening a library without holding up the window (File ▸ Open library…, a start on a server).

A thread opens it (models.opening): a server may take seconds to answer, or never answer until
the connect timeout. Meanwhile the window keeps running and shows that it is connecting, with
Cancel; Cancel gives the window back at once, and what the abandoned thread opens later is
closed when it arrives. The outcome reaches the GUI thread as a signal.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QProgressDialog, QWidget

from models.errors import DATABASE_ERRORS, LibraryError
from models.opening import OpenedLibrary, open_elsewhere
from models.paths import display_location, is_server_url
from ui.transfer.progress import close_progress, progress_dialog

log = logging.getLogger(__name__)

OPEN_FAILURES: tuple[type[Exception], ...] = (LibraryError, *DATABASE_ERRORS)
_pending: set[LibraryOpening] = set()  # kept until their thread reports, whatever happened


class LibraryOpening(QObject):
    """One attempt to open a library; each outcome signal comes once, on the GUI thread."""

    opened = Signal(object)  # an OpenedLibrary, for the receiver to take (or discard)
    failed = Signal(str)  # the one-line reason
    cancelled = Signal()
    # Whoever handles the outcome says when all that follows it is done (the new window, or
    # None): `settle`.
    settled = Signal(object)
    _reported = Signal(object, str)  # from the thread

    def __init__(self, location: str | Path, upgrade: bool = False) -> None:
        super().__init__()
        self.location = location
        self.upgrade = upgrade
        self.shown = display_location(location)
        self.is_settled = False
        self.result: object = None  # what settle() was given
        self.thread_done = threading.Event()  # the thread has ended (it may outlive a Cancel)
        self._over = False  # an outcome was signalled (or Cancel pressed)
        self._progress: QProgressDialog | None = None
        self._status_of: QMainWindow | None = None
        self._reported.connect(self._arrive)  # a method of a GUI-thread object: queued there

    def start(self, parent: QWidget | None) -> None:
        """Start the thread; show progress over `parent` (a main window gets a status line)."""
        verb = "Connecting to" if is_server_url(self.location) else "Opening"
        label = f"{verb} {self.shown}…"
        title = "Open library"
        self._progress = progress_dialog(parent, "openingLibrary", title, label, self.cancel)
        self._progress.setValue(0)  # starts its clock: shown after PROGRESS_DELAY_MS
        if isinstance(parent, QMainWindow):
            self._status_of = parent
            parent.statusBar().showMessage(label)
        _pending.add(self)
        threading.Thread(target=self._run, name="gloss-open-library", daemon=True).start()

    def cancel(self) -> None:
        """Stop waiting: the window is free at once; the thread is left to end by itself."""
        if self._over:
            return
        self._end(f"Stopped opening {self.shown}")
        self.cancelled.emit()

    def settle(self, result: object) -> None:
        self.result, self.is_settled = result, True
        self.settled.emit(result)

    def _run(self) -> None:
        opened: OpenedLibrary | None = None
        reason = ""
        try:
            opened = open_elsewhere(self.location, self.upgrade)
        except OPEN_FAILURES as exc:
            reason = str(exc)
        except Exception as exc:  # a bug reaches the user as a sentence, not a dead thread
            log.exception("opening %s failed", self.shown)
            reason = f"{type(exc).__name__}: {exc}"
        try:
            self._reported.emit(opened, reason)
        except RuntimeError:  # the application is gone
            if opened is not None:
                opened.discard()
        finally:
            self.thread_done.set()

    def _arrive(self, opened: OpenedLibrary | None, reason: str) -> None:
        _pending.discard(self)
        if self._over:  # cancelled: nobody wants it any more
            if opened is not None:
                opened.discard()
            return
        self._end("")
        if opened is None:
            log.warning("cannot open %s: %s", self.shown, reason)
            self.failed.emit(reason)
        else:
            self.opened.emit(opened)

    def _end(self, message: str) -> None:
        self._over = True
        close_progress(self._progress)
        self._progress = None
        if self._status_of is not None:
            self._status_of.statusBar().showMessage(message, 5000)


def open_at_start(location: str | Path, upgrade: bool = False) -> str:
    """Open a server library before the window exists, with the progress dialog and Cancel:
    "" when it is open (and bound), else the one-line reason it is not."""
    opening = LibraryOpening(location, upgrade)
    loop = QEventLoop()
    outcome = [f"{opening.shown}: not opened (cancelled)"]

    def opened(library: OpenedLibrary) -> None:
        library.take()
        outcome[0] = ""
        loop.quit()

    def failed(reason: str) -> None:
        outcome[0] = reason
        loop.quit()

    opening.opened.connect(opened)
    opening.failed.connect(failed)
    opening.cancelled.connect(loop.quit)
    app = QCoreApplication.instance()
    quits = isinstance(app, QApplication) and app.quitOnLastWindowClosed()
    if isinstance(app, QApplication):
        app.setQuitOnLastWindowClosed(False)  # the progress dialog is no window to quit on
    try:
        opening.start(None)
        loop.exec()
    finally:
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(quits)
    return outcome[0]
