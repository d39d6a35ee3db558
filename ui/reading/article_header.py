"""The slim header above the article: its tags and variables on one row, the memo below.

Side by side while the pane is wide enough for both bars, one above the other when it is not,
so neither is cut off when docks narrow the pane.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from ui.reading.article_attributes import AttributesBar
from ui.reading.article_tags import ArticleTagsBar
from ui.reading.memo import MemoBox
from ui.session.session import Session

BAR_GAP = 12  # between the tags and the variables when they share the row


class ArticleBarsRow(QWidget):
    """The tags bar and the variables bar: one row when they fit, else two."""

    def __init__(self, tags: QWidget, variables: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleBars")
        self._tags, self._variables = tags, variables
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(BAR_GAP)
        self._layout.addWidget(tags, 3)
        self._layout.addWidget(variables, 2)

    def one_row(self) -> bool:
        return self._layout.direction() == QBoxLayout.Direction.LeftToRight

    def _needed_width(self) -> int:
        widths = (w.minimumSizeHint().width() for w in (self._tags, self._variables))
        return sum(widths) + BAR_GAP

    def minimumSizeHint(self) -> QSize:
        # As narrow as the wider bar alone: below the width of both it stacks them.
        stacked = max(w.minimumSizeHint().width() for w in (self._tags, self._variables))
        return QSize(stacked, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wide = self.width() >= self._needed_width()
        if wide != self.one_row():  # only the height changes, so this settles at once
            self._layout.setDirection(
                QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
            )
            self._layout.setSpacing(BAR_GAP if wide else 2)


class ArticleHeader(QWidget):
    """What is written about the whole article, above its text."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleHeader")
        # never taller than its rows: all the room left over is the article's
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.article_tags = ArticleTagsBar(session, self)
        self.attributes = AttributesBar(session, self)
        self.bars = ArticleBarsRow(self.article_tags, self.attributes, self)
        self.memo = MemoBox(session, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 0, 2)
        layout.setSpacing(2)
        layout.addWidget(self.bars)
        layout.addWidget(self.memo)
