"""Search hits outside the list: bold hits in a snippet tooltip, marked hits in the reading pane.

The pane marks hits with its find marks (`set_find_matches`), the faint tint the find bar
uses, so they read as "where your search matched" and never as highlights. While the find
bar is open with a query of its own, its matches win.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor

from models import search
from models.search import END, START

if TYPE_CHECKING:
    from ui.library.view import ArticleListView
    from ui.reading.document import ArticleView
    from ui.session.session import Session


def snippet_html(title: str, snippet: str) -> str:
    """Rich text for a hit's tooltip: the title, then the snippet with the hits in bold."""
    body = html.escape(snippet).replace(START, "<b>").replace(END, "</b>")
    return f"<qt><b>{html.escape(title)}</b><br>{body}</qt>"


def _find_bar_busy(pane: object) -> bool:
    finder = getattr(pane, "find_bar", None)
    bar = finder() if callable(finder) else None
    return bar is not None and bar.isVisible() and bool(bar.edit.text())


def show_hits(pane: ArticleView, article_id: int, query: str) -> list[tuple[int, int]]:
    """Mark where the query's words occur in the article the pane shows (nothing when the
    query has no words or another article is shown); returns the document ranges marked."""
    document_map = pane.document_map()
    if pane.article_id() != article_id or document_map is None or _find_bar_busy(pane):
        return []
    try:
        ranges = search.match_ranges(article_id, query) if query.strip() else []
    except search.QueryError:
        ranges = []
    marks = [
        piece  # a phrase across paragraphs: one mark per paragraph, none on the gap
        for start, end in ranges
        for piece in document_map.split_at_blocks(*document_map.range_to_document(start, end))
    ]
    pane.set_find_matches(marks)
    return marks


class SearchHitsController(QObject):
    """Keeps the reading pane's hit marks in step with the library search.

    Create once (`SearchHitsController(session, article_list, pane)`): it marks hits whenever
    the pane (re)builds an article or the search changes, and when an article is opened with
    its first hit out of sight, scrolls to that hit.
    """

    def __init__(self, session: Session, view: ArticleListView, pane: ArticleView) -> None:
        super().__init__(view)
        self._pane = pane
        self._query = view.search_query()
        self._marks: list[tuple[int, int]] = []
        view.searchChanged.connect(self._search_changed)
        pane.articleShown.connect(self._article_shown)
        # After the pane's own articleOpened slot (connected when it was built): it shows first.
        session.articleOpened.connect(self._article_opened)

    def query(self) -> str:
        return self._query

    def marks(self) -> list[tuple[int, int]]:
        """Document ranges of the hits marked in the pane now."""
        return list(self._marks)

    def _search_changed(self, query: str) -> None:
        self._query = query
        article_id = self._pane.article_id()
        if article_id is not None:
            self._marks = show_hits(self._pane, article_id, query)

    def _article_shown(self, article_id: int) -> None:
        self._marks = show_hits(self._pane, article_id, self._query)

    def _article_opened(self, article_id: int) -> None:
        if not self._marks or self._pane.article_id() != article_id:
            return
        pane, first = self._pane, self._marks[0][0]
        cursor = QTextCursor(pane.document())
        cursor.setPosition(first)
        rect = pane.cursorRect(cursor)
        if rect.top() < 0 or rect.bottom() > pane.viewport().height():
            pane.center_position(first)
