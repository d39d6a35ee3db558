"""Find in the article: case-insensitive, Enter / Shift+Enter step through the matches.

F3 belongs to stepping through annotations, so the bar uses Enter and its buttons only. The
matches are the view's FIND mark layer; while the bar has a query they hide the search hits.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from ui.common.icons import icon
from ui.reading.document import FIND, ArticleView

MAX_MATCHES = 5000  # counting further would stall the typing on a one-letter query


class FindBar(QWidget):
    def __init__(self, pane: ArticleView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._pane = pane
        self._matches: list[tuple[int, int]] = []
        self._current = -1
        self._article_id = pane.article_id()
        self.edit = QLineEdit(self)
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText("Find in article")
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(self._search)
        self.edit.installEventFilter(self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("findCount")
        self.previous_button = self._button("previous", "Previous match (Shift+Enter)")
        self.next_button = self._button("next", "Next match (Enter)")
        self.close_button = self._button("mdi6.close", "Close (Escape)")
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button.clicked.connect(self.find_next)
        self.close_button.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count_label)
        for button in (self.previous_button, self.next_button, self.close_button):
            layout.addWidget(button)
        pane.articleShown.connect(self._refresh)
        self.hide()

    def _button(self, icon_name: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon(icon_name))
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        return button

    def open(self) -> None:
        """Show the bar with the pane's selected words (if any) as the query."""
        selected = self._pane.textCursor().selectedText()
        if selected and "\u2029" not in selected and len(selected) < 100:
            self.edit.setText(selected)
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self._pane.set_marks(FIND, None)
        self._pane.setFocus(Qt.FocusReason.OtherFocusReason)

    def matches(self) -> list[tuple[int, int]]:
        """Document positions of the matches, in document order."""
        return list(self._matches)

    def current_index(self) -> int:
        return self._current

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and isinstance(event, QKeyEvent):
            if event.type() == QEvent.Type.KeyPress:
                if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                    self._step(-1 if shift else 1)
                    return True
                if event.key() == Qt.Key.Key_Escape:
                    self.close_bar()
                    return True
        return super().eventFilter(watched, event)

    def _refresh(self, article_id: int) -> None:
        """The pane rebuilt its document: a new article starts from the top."""
        if article_id != self._article_id:
            self._article_id, self._current, self._matches = article_id, -1, []
        if self.isVisible():
            self._search(self.edit.text())

    def _search(self, query: str) -> None:
        """Find every match; make the first one at or after the reading position current."""
        doc = self._pane.document()
        if 0 <= self._current < len(self._matches):  # typing on, or the same article rebuilt
            here = self._matches[self._current][0]
        else:
            here = self._pane.textCursor().selectionStart()
        self._matches = []
        if query:
            cursor = QTextCursor(doc)
            while len(self._matches) < MAX_MATCHES:
                cursor = doc.find(query, cursor)
                if cursor.isNull():
                    break
                self._matches.append((cursor.selectionStart(), cursor.selectionEnd()))
        self._pane.set_marks(FIND, self._matches if query else None)
        self._current = -1
        if self._matches:
            later = [i for i, (start, _end) in enumerate(self._matches) if start >= here]
            self._select(later[0] if later else 0)
        self._show_count()

    def _step(self, direction: int) -> None:
        if not self._matches:
            return
        self._select((self._current + direction) % len(self._matches))

    def _select(self, index: int) -> None:
        self._current = index
        start, end = self._matches[index]
        cursor = QTextCursor(self._pane.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self._pane.setTextCursor(cursor)
        self._pane.center_position(start)
        self._show_count()

    def _show_count(self) -> None:
        if not self.edit.text():
            self.count_label.setText("")
        elif not self._matches:
            self.count_label.setText("No matches")
        else:
            more = "+" if len(self._matches) >= MAX_MATCHES else ""
            self.count_label.setText(f"{self._current + 1} of {len(self._matches)}{more}")
