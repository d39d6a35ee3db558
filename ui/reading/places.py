"""Where the reader was in each article: reopening one scrolls back to the passage that was at
the top, as a canonical offset (so it holds across zoom, themes and window sizes).

The place is an anchor, not a scroll value: after it is restored the pane may still change
(the rest of a long text is laid out lazily, the window settles, a scroll bar appears and the
text rewraps), so until the reader or a command scrolls, every change of the scroll range
brings the same character back to the top.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QTextDocument

from ui.reading.document import ArticleView
from ui.session.session import Session

KEPT_PLACES = 500  # the most recently read articles; older places are forgotten


def line_at(document: QTextDocument, y: float) -> int | None:
    """Document position of the start of the line at height y (None: below the text).

    Each block is laid out before it is measured: a hit test on a long document that is
    still being laid out lazily can answer the end of the text instead."""
    layout = document.documentLayout()
    low, high = 0, document.blockCount()
    while low < high:  # the first block that ends below y
        middle = (low + high) // 2
        if layout.blockBoundingRect(document.findBlockByNumber(middle)).bottom() > y:
            high = middle
        else:
            low = middle + 1
    block = document.findBlockByNumber(low)
    while block.isValid():
        top = layout.blockBoundingRect(block).top()
        lines = block.layout()
        for index in range(lines.lineCount()):
            line = lines.lineAt(index)
            if top + line.y() + line.height() > y:
                return block.position() + line.textStart()
        block = block.next()  # y is in the space below the block's last line
    return None


def top_place(pane: ArticleView) -> int | None:
    """Canonical offset of the line at the top of the pane (None: at the very top)."""
    dmap = pane.document_map()
    top = pane.verticalScrollBar().value()
    position = line_at(pane.document(), top) if dmap is not None and top > 0 else None
    return None if position is None or dmap is None else dmap.to_canonical(position)


class ReadingPlaces(QObject):
    """Create before the reading pane listens to the session (so that the place in the article
    being left is read before the pane changes), then `attach` the pane."""

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pane: ArticleView | None = None
        self._places: dict[int, int] = {}
        self._pending: int | None = None
        self._anchor: tuple[int, int] | None = None  # (article, offset) held at the top
        self._scrolling = False  # the scroll comes from here, not from the reader
        session.articleOpened.connect(self._leaving)

    def attach(self, pane: ArticleView) -> None:
        self._pane = pane
        pane.articleShown.connect(self._shown)
        bar = pane.verticalScrollBar()
        bar.rangeChanged.connect(self._range_changed)
        bar.valueChanged.connect(self._scrolled)

    def place(self, article_id: int) -> int | None:
        return self._places.get(article_id)

    def anchored(self) -> bool:
        """Whether a restored place is still held at the top (nothing has scrolled since)."""
        return self._anchor is not None

    def remember_current(self) -> None:
        pane = self._pane
        article_id = pane.article_id() if pane is not None else None
        if pane is None or article_id is None:
            return
        anchor = self._anchor
        offset = anchor[1] if anchor and anchor[0] == article_id else top_place(pane)
        self._places.pop(article_id, None)  # most recent last
        if offset:
            self._places[article_id] = offset
        while len(self._places) > KEPT_PLACES:
            del self._places[next(iter(self._places))]

    def to_text(self) -> str:
        self.remember_current()
        return json.dumps([[k, v] for k, v in self._places.items()])

    def load_text(self, text: str) -> None:
        try:
            pairs = json.loads(text) if text else []
            self._places = {int(k): int(v) for k, v in pairs}
        except (ValueError, TypeError):
            self._places = {}  # a damaged setting costs the places, nothing else

    def _leaving(self, article_id: int) -> None:
        if self._pane is not None and self._pane.article_id() != article_id:
            self.remember_current()
            self._anchor = None
            self._pending = article_id

    def _shown(self, article_id: int) -> None:
        if article_id != self._pending or self._pane is None:
            return
        self._pending = None
        offset = self._places.get(article_id)
        if offset is not None:
            # After the pane has laid out the new document and set its scroll range.
            QTimer.singleShot(0, lambda: self._restore(article_id, offset))

    def _restore(self, article_id: int, offset: int) -> None:
        if self._pane is not None and self._pane.article_id() == article_id:
            self._anchor = (article_id, offset)
            self._apply()

    def _apply(self) -> None:
        pane, anchor = self._pane, self._anchor
        if pane is None or anchor is None or pane.article_id() != anchor[0]:
            self._anchor = None
            return
        self._scrolling = True
        try:
            pane.scroll_to_offset(anchor[1])
        finally:
            self._scrolling = False

    def _range_changed(self) -> None:
        # The text was laid out further or rewrapped, or the pane changed size: the pixel
        # value of the place has moved, its character has not.
        if self._anchor is not None:
            self._apply()

    def _scrolled(self) -> None:
        if not self._scrolling:
            self._anchor = None  # the reader (or a jump to a hit or a note) moved on
