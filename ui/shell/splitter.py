"""The main splitter: when the window's centre narrows (a dock opens) or widens, the reading
pane takes the change; the article list and the sidebar keep the widths the user gave them."""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter


class ReadingFirstSplitter(QSplitter):
    def resizeEvent(self, event: QResizeEvent) -> None:
        before = self.sizes()
        super().resizeEvent(event)
        if len(before) != 3 or event.oldSize().width() <= 0 or sum(before) <= 0:
            return
        total = sum(self.sizes())
        left, right = before[0], before[2]
        centre = self.widget(1)
        if centre is None:
            return
        room = centre.minimumWidth() or centre.minimumSizeHint().width()  # as Qt counts it
        squeeze = max(0, left + right + room - total)  # only when the pane would be too narrow
        if squeeze:
            cut_left = squeeze * left // max(1, left + right)
            left, right = left - cut_left, right - (squeeze - cut_left)
        self.setSizes([left, total - left - right, right])
