"""Search hits in the reading pane: where the library search matched the open article.

The hits are the view's HITS mark layer, in the faint tint of the find bar's matches, so they
read as "where your search matched" and never as highlights. While the find bar has a query
of its own, its FIND layer hides them (the view decides; neither side knows the other).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor

from models import search
from ui.reading.document import HITS, ArticleView
from ui.session.session import Session


def show_hits(pane: ArticleView, article_id: int, query: str) -> list[tuple[int, int]]:
    """Mark where the query's words occur in the article the pane shows (nothing when the
    query has no words or another article is shown); returns the document ranges marked."""
    document_map = pane.document_map()
    if pane.article_id() != article_id or document_map is None:
        return []
    try:
        matches = bool(query.strip()) and search.article_matches(article_id, query)
        ranges = search.match_ranges(article_id, query) if matches else []
    except search.QueryError:
        ranges = []
    marks = [
        piece  # a phrase across paragraphs: one mark per paragraph, none on the gap
        for start, end in ranges
        for piece in document_map.split_at_blocks(*document_map.range_to_document(start, end))
    ]
    pane.set_marks(HITS, marks)
    return marks


class SearchHitsController(QObject):
    """Keeps the reading pane's hit marks in step with the library search.

    Create once and feed it the search (`set_query`, e.g. from the list's searchChanged): it
    marks hits whenever the pane (re)builds an article or the search changes, and when an
    article is opened with its first hit out of sight, scrolls to that hit.
    """

    def __init__(self, session: Session, pane: ArticleView, query: str = "") -> None:
        super().__init__(pane)
        self._pane = pane
        self._query = query
        self._marks: list[tuple[int, int]] = []
        pane.articleShown.connect(self._article_shown)
        # After the pane's own articleOpened slot (connected when it was built): it shows first.
        session.articleOpened.connect(self._article_opened)

    def query(self) -> str:
        return self._query

    def marks(self) -> list[tuple[int, int]]:
        """Document ranges of the hits marked in the pane now."""
        return list(self._marks)

    def set_query(self, query: str) -> None:
        self._query = query
        article_id = self._pane.article_id()
        if article_id is not None:
            self._marks = show_hits(self._pane, article_id, query)

    def _article_shown(self, article_id: int) -> None:
        self._marks = show_hits(self._pane, article_id, self._query)

    def _article_opened(self, article_id: int) -> None:
        pane = self._pane
        if not self._marks or pane.article_id() != article_id or not pane.shows_layer(HITS):
            return
        first = self._marks[0][0]
        cursor = QTextCursor(pane.document())
        cursor.setPosition(first)
        rect = pane.cursorRect(cursor)
        if rect.top() < 0 or rect.bottom() > pane.viewport().height():
            pane.center_position(first)
