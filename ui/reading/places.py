"""Where the reader was in each article: reopening one scrolls back to the passage that was at
the top, as a canonical offset (so it holds across zoom, themes and window sizes)."""

from __future__ import annotations

import json

from PySide6.QtCore import QObject, QTimer

from ui.reading.document import ArticleView
from ui.session.session import Session

KEPT_PLACES = 500  # the most recently read articles; older places are forgotten


class ReadingPlaces(QObject):
    """Create before the reading pane listens to the session (so that the place in the article
    being left is read before the pane changes), then `attach` the pane."""

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pane: ArticleView | None = None
        self._places: dict[int, int] = {}
        self._pending: int | None = None
        session.articleOpened.connect(self._leaving)

    def attach(self, pane: ArticleView) -> None:
        self._pane = pane
        pane.articleShown.connect(self._shown)

    def place(self, article_id: int) -> int | None:
        return self._places.get(article_id)

    def remember_current(self) -> None:
        pane = self._pane
        article_id = pane.article_id() if pane is not None else None
        if pane is None or article_id is None:
            return
        offset = pane.top_offset()
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
            self._pane.scroll_to_offset(offset)
