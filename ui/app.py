"""Starting the window: the application object, the library, the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from models.db import close_library, open_library
from models.errors import LibraryError
from ui.errors import install_exception_hook, show_error


def create_application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Gloss")
    app.setOrganizationName("Gloss")
    app.setApplicationDisplayName("Gloss")
    app.setStyle("Fusion")  # one look on every desktop; the themes recolour its palette
    return app


def run_app(library_path: Path, open_article: int | None = None) -> int:
    app = create_application()
    install_exception_hook()
    try:
        open_library(library_path)
    except LibraryError as exc:
        show_error(None, str(exc))
        return 1
    from ui.main_window import MainWindow  # after the library opened: errors show first
    from ui.session import Session
    from ui.settings import Settings

    window = MainWindow(Session(), Settings(), library_path)
    window.show()
    if open_article is not None:
        window.open_article(open_article)
    else:
        window.restore_last_article()
    try:
        return app.exec()
    finally:
        close_library()
