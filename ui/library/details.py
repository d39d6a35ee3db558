"""Editing an article's details (title, outlet, author, date, URL) as one undo step."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from models.errors import LibraryError
from ui.session.session import Session

FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "&Title"),
    ("source", "&Outlet"),
    ("author", "&Author"),
    ("date", "&Date"),
    ("url", "&URL"),
)


class ArticleDetailsDialog(QDialog):
    """A form over the stored details; OK saves through the Session, and a refused value (a
    date that is not YYYY-MM-DD, an empty title) is said under the form, nothing saved."""

    def __init__(self, session: Session, article_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleDetailsDialog")
        self.setWindowTitle("Article details")
        self._session, self._article_id = session, article_id
        current = session.article_fields(article_id)
        form = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for field, label in FIELDS:
            edit = QLineEdit(current[field] or "", self)
            edit.setObjectName(f"details_{field}")
            if field == "date":
                edit.setPlaceholderText("YYYY-MM-DD, or empty when unknown")
            self.edits[field] = edit
            form.addRow(label, edit)
        self.error = QLabel(self)
        self.error.setObjectName("detailsError")
        self.error.setWordWrap(True)
        self.error.hide()
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        changes = {field: edit.text() for field, edit in self.edits.items()}
        try:
            self._session.edit_article(self._article_id, **changes)
        except LibraryError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()


def edit_details(parent: QWidget, session: Session, article_id: int) -> ArticleDetailsDialog:
    """Open the form (window-modal, not blocking) and return it."""
    dialog = ArticleDetailsDialog(session, article_id, parent)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
