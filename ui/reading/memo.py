"""The article memo above the text: the researcher's note on the whole article.

Typed in place; saved (one undo step) when the box loses focus or on Ctrl+Enter, and Esc puts
back what is stored. Searchable as has:memo and with `search --annotations`; exported.

It takes one line while empty, grows with what is typed (up to TYPING_LINES) and, while the
reader is in the text, folds a long memo to READING_LINES so the article keeps the room.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QWidget

from models.errors import LibraryError, NotFound
from ui.session.session import Session

READING_LINES = 2  # a long memo, folded while the focus is elsewhere (it scrolls)
TYPING_LINES = 8  # the most it grows to while being typed in


class MemoBox(QPlainTextEdit):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleMemo")
        self.setAccessibleName("Article memo")
        self.setPlaceholderText("Memo: a note on the whole article (saved when you leave the box)")
        self.setTabChangesFocus(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.document().setDocumentMargin(2)
        # lines wrap; a horizontal bar would only take the room of a line
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.textChanged.connect(self._fit)
        self.session = session
        self.article_id: int | None = None
        self._stored = ""
        session.articleOpened.connect(self.load)
        session.articleEdited.connect(self._edited)
        self._fit()

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

    def shown_lines(self) -> int:
        """Lines of text the box has room for now."""
        return round((self.height() - self._chrome_height()) / self.fontMetrics().lineSpacing())

    def _text_lines(self) -> int:
        """Lines the text takes as wrapped at the box's width (at least one)."""
        spacing = self.fontMetrics().lineSpacing()
        block, height = self.document().firstBlock(), 0.0
        while block.isValid():
            height += self.blockBoundingRect(block).height()
            block = block.next()
        return max(1, round(height / spacing))

    def _chrome_height(self) -> int:
        return 2 * (self.frameWidth() + round(self.document().documentMargin()))

    def _fit(self) -> None:
        most = TYPING_LINES if self.hasFocus() else READING_LINES
        needed = self._text_lines()
        lines = min(needed, most)
        height = lines * self.fontMetrics().lineSpacing() + self._chrome_height()
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)
        fits = needed <= most
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if fits else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        if fits:
            self.verticalScrollBar().setValue(0)  # all of it shows: no line scrolled away

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():  # rewrapped
            self._fit()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._fit()

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
        self._fit()
