"""Starting the window: the application object, the library, the main window."""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from models.db import close_library, open_library
from models.errors import LibraryError
from models.paths import is_server_url
from ui.session.writer import join_writers
from ui.shell.errors import install_exception_hook, show_error, stop_dialogs
from ui.shell.open_library import set_window_opener
from ui.team.coder import ensure_coder

if TYPE_CHECKING:
    from ui.shell.main_window import MainWindow
    from ui.shell.settings import Settings


def create_application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Gloss")
    app.setOrganizationName("Gloss")
    app.setApplicationDisplayName("Gloss")
    app.setStyle("Fusion")  # one look on every desktop; the themes recolour its palette
    return app


def run_app(
    library_path: Path | str,
    open_article: int | None = None,
    samples_if_new: bool = False,
    log_file: Path | None = None,
    *,
    exit_when_done: bool = False,
) -> int:
    """The window on the library; `samples_if_new`: a library this start creates gets the
    sample articles (the default library's first start, not one the user named). An
    unexpected error's dialog names `log_file`, where its details are. `exit_when_done`
    (main.py): leave the process at once after a clean shutdown."""
    app = create_application()
    install_exception_hook(log_file)
    new = isinstance(library_path, Path) and not library_path.exists()  # a server: never
    ensure_coder()  # before the library opens: a migration gives old highlights this coder
    failure = _open_at_start(library_path)
    if failure:
        print(f"gloss: {failure}", file=sys.stderr)  # one line, for a start from a terminal
        show_error(None, failure)
        return 1
    window = open_window(library_path, open_article, add_samples=new and samples_if_new)
    try:
        code = app.exec()
    finally:
        shutdown(join_warm_up=not exit_when_done)  # os._exit ends it as well
    if exit_when_done:
        exit_now(code)
    del window  # (kept to here: a window nothing refers to is deleted before the loop shows it)
    return code


def _open_at_start(location: Path | str) -> str:
    """Open the library; the reason it cannot be ("" when it is open). A server is connected
    to with a progress dialog and Cancel (it may take seconds, or never answer); a file
    opens at once."""
    if is_server_url(location):
        from ui.shell.library_opening import open_at_start

        return open_at_start(location)
    try:
        open_library(location)
    except LibraryError as exc:
        return str(exc)
    return ""


def shutdown(*, join_warm_up: bool = True) -> None:
    """After the event loop (the window closed once its queued writes landed, with its edits
    saved and its workers stopped): no more error dialogs, the writer threads joined (a write
    still queued, when the loop was ended some other way, is waited for: never dropped), the
    importer warm-up joined unless the process leaves at once, the library closed."""
    stop_dialogs()
    join_writers(None)
    if join_warm_up and _warm_up is not None:
        _warm_up.join(5)  # an import of modules: a fraction of a second at most
    close_library()


def exit_now(code: int) -> NoReturn:
    """Leave without Python's own teardown, once everything is saved, closed and stopped.

    That teardown freed modules and Qt objects for 0.25–0.5 s (more on a slow desktop) in an
    order that let signals reach objects already deleted (an undo stack: "already deleted"
    dialogs that blocked the exit) and daemon threads import during shutdown.
    """
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


WARM_UP_MS = 1500
_warm_up: threading.Thread | None = None


def _load_importers_in_background() -> None:
    global _warm_up
    if QCoreApplication.closingDown():
        return
    _warm_up = threading.Thread(target=_load_importers, name="gloss-load-importers", daemon=True)
    _warm_up.start()


def _load_importers() -> None:
    import models.importing  # noqa: F401  (the import is the point)


def open_window(
    library_path: Path | str,
    open_article: int | None = None,
    *,
    add_samples: bool = False,
    settings: Settings | None = None,
) -> MainWindow:
    from ui.session.session import Session
    from ui.shell.main_window import MainWindow  # after the library opened: errors show first
    from ui.shell.settings import Settings

    window = MainWindow(Session(), settings or Settings(), library_path)
    window.show()
    window.session.live.start()  # others' highlights and codebook edits show as they land
    # The importers and their parsers (~0.25 s of imports) stay out of the start, but load in
    # the background soon after: the first import then starts at once.
    QTimer.singleShot(WARM_UP_MS, window, _load_importers_in_background)  # not once it closed
    if add_samples:
        window.add_samples()
    elif open_article is not None:
        window.session.open_article(open_article)
    else:
        window.restore_last_article()
    return window


# File ▸ Open library… opens the new library's window the way a start does (with the
# module's open_window looked up at call time, so a test can stand in for it).
set_window_opener(lambda *args, **kwargs: open_window(*args, **kwargs))
