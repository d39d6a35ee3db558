"""The article memo above the text: the researcher's note on the whole article.

Typed in place; saved (one undo step) when the box loses focus or on Ctrl+Enter, and Esc puts
back what is stored. Searchable as has:memo and with `search --annotations`; exported.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from models.errors import LibraryError, NotFound
from ui.session.session import Session

MEMO_LINES = 3  # tall enough to read a memo whole, small enough to leave the text the room


class MemoBox(QPlainTextEdit):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleMemo")
        self.setAccessibleName("Article memo")
        self.setPlaceholderText("Memo: a note on the whole article (saved when you leave the box)")
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * MEMO_LINES + 12)
        self.session = session
        self.article_id: int | None = None
        self._stored = ""
        session.articleOpened.connect(self.load)
        session.articleEdited.connect(self._edited)

    def load(self, article_id: int) -> None:
        self.save()  # a memo being typed belongs to the article it was typed on
        self.article_id = article_id
        self._show_stored()

    def save(self) -> None:
        """Store what is typed, if it differs (an undo step)."""
        if self.article_id is None or self.toPlainText().rstrip() == self._stored:
            return
        try:
            self.session.edit_article(self.article_id, memo=self.toPlainText())
        except NotFound:
            return  # the article was deleted meanwhile
        except LibraryError:
            return  # the session said why on writeFailed; the text stays to try again
        self._stored = self.toPlainText().rstrip()

    def _show_stored(self) -> None:
        try:
            memo = self.session.article_fields(self.article_id)["memo"] if self.article_id else ""
        except NotFound:
            memo = ""
        self._stored = memo or ""
        if self.toPlainText() != self._stored:
            self.setPlainText(self._stored)

    def _edited(self, article_id: int) -> None:
        if article_id == self.article_id:  # an undo or redo, or the details form
            self._show_stored()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.setPlainText(self._stored)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.save()
        super().focusOutEvent(event)
