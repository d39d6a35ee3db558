"""Deleting articles from the list: a confirmation that names what goes, then one undo step."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from models.errors import LibraryError
from ui.session.session import Session


def confirmation_text(articles: int, highlights: int) -> str:
    """'Delete 2 articles and their 5 highlights?' — the numbers a user must see first."""
    noun = "article" if articles == 1 else "articles"
    what = f"Delete {articles:,} {noun}"
    if highlights:
        marks = "highlight" if highlights == 1 else "highlights"
        owner = "its" if articles == 1 else "their"
        what += f" and {owner} {highlights:,} {marks}"
    return what + "?"


def ask_to_delete(parent: QWidget, session: Session, article_ids: Sequence[int]) -> QMessageBox:
    """Open (window-modal, not blocking) the confirmation; Delete deletes. Returned so that a
    caller or a test can reach the box."""
    ids = list(article_ids)
    found, highlights = session.deletion_counts(ids)
    box = QMessageBox(QMessageBox.Icon.Warning, "Delete articles", "", parent=parent)
    box.setObjectName("deleteArticlesBox")
    box.setText(confirmation_text(found, highlights))
    box.setInformativeText("Edit ▸ Undo (Ctrl+Z) brings them back.")
    delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)

    def finished() -> None:
        if box.clickedButton() is delete:
            try:
                session.delete_articles(ids)
            except LibraryError:
                pass  # the session said why on writeFailed
        box.deleteLater()

    box.finished.connect(finished)
    box.open()
    return box
