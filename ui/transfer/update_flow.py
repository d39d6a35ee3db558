"""File ▸ Update article from file…: the open article gets the text of a new version."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir, QObject, Signal
from PySide6.QtWidgets import QWidget

from models.errors import LibraryError
from ui.common import file_dialogs
from ui.session.session import Session
from ui.shell.errors import show_error
from ui.transfer.import_flow import FILE_FILTER


class UpdateController(QObject):
    """Asks for the file, updates the open article through the Session, says what happened."""

    statusMessage = Signal(str)

    def __init__(self, parent_widget: QWidget, session: Session) -> None:
        super().__init__(parent_widget)
        self._parent = parent_widget
        self._session = session
        self._folder = QDir.homePath()

    def update_from_file(self) -> None:
        article_id = self._session.article_id
        if article_id is None:
            show_error(self._parent, "Open the article to update first.")
            return
        path = file_dialogs.open_file_name(
            self._parent, "Update the article from a new version", self._folder, FILE_FILTER
        )
        if path:
            self._folder = str(Path(path).parent)
            self.update_article(article_id, Path(path))

    def update_article(self, article_id: int, path: Path) -> bool:
        try:
            result = self._session.update_article(article_id, path)
        except LibraryError as exc:
            show_error(self._parent, f"The article was not updated: {exc}")
            return False
        counts = result.counts
        self.statusMessage.emit(
            f"Article updated: {counts['exact']} highlights in place, {counts['fuzzy']} to review,"
            f" {counts['orphaned']} whose passage is gone"
        )
        return True
