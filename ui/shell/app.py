"""Starting the window: the application object, the library, the main window."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from models.db import close_library, open_library
from models.errors import LibraryError
from ui.shell.errors import install_exception_hook, show_error

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
    library_path: Path,
    open_article: int | None = None,
    samples_if_new: bool = False,
    log_file: Path | None = None,
) -> int:
    """The window on the library; `samples_if_new`: a library this start creates gets the
    sample articles (the default library's first start, not one the user named). An
    unexpected error's dialog names `log_file`, where its details are."""
    app = create_application()
    install_exception_hook(log_file)
    new = not library_path.exists()
    try:
        open_library(library_path)
    except LibraryError as exc:
        show_error(None, str(exc))
        return 1
    # Held here: a window nothing refers to would be deleted before the loop shows it.
    _window = open_window(library_path, open_article, add_samples=new and samples_if_new)
    try:
        return app.exec()
    finally:
        close_library()


WARM_UP_MS = 1500


def _load_importers_in_background() -> None:
    threading.Thread(target=_load_importers, name="gloss-load-importers", daemon=True).start()


def _load_importers() -> None:
    import models.importing  # noqa: F401  (the import is the point)


def open_window(
    library_path: Path,
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
    # The importers and their parsers (~0.25 s of imports) stay out of the start, but load in
    # the background soon after: the first import then starts at once.
    QTimer.singleShot(WARM_UP_MS, _load_importers_in_background)
    if add_samples:
        window.add_samples()
    elif open_article is not None:
        window.session.open_article(open_article)
    else:
        window.restore_last_article()
    return window
