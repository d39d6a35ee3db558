"""The article list's model: summaries fetched lazily in pages, sorted and filtered in SQL.

A library of 100,000 articles costs one page of memory and one query to show; the view asks
for more pages (canFetchMore/fetchMore) as it scrolls. The filter is a query in the search
language (models.search): with one, rows are search hits, by relevance unless a header says
otherwise, and each carries a snippet for the title's tooltip.
"""

from __future__ import annotations

import dataclasses
import html

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QIcon

from models import articles, search
from models.articles import ArticleSummary
from models.search import END, START

ArticleIdRole = Qt.ItemDataRole.UserRole + 1
SnippetRole = Qt.ItemDataRole.UserRole + 2  # the hit's snippet, START/END-marked ("" if none)
RELEVANCE = -2  # the sort "column" of a search by words: best match first

TITLE, OUTLET, DATE, NOTES = range(4)
_HEADERS = ("Title", "Outlet", "Date", "")
_SORT_KEYS = {TITLE: "title", OUTLET: "source", DATE: "date", NOTES: "annotations"}
PAGE_SIZE = 200

_Index = QModelIndex | QPersistentModelIndex


def snippet_html(title: str, snippet: str) -> str:
    """Rich text for a hit's tooltip: the title, then the snippet with the hits in bold."""
    body = html.escape(snippet).replace(START, "<b>").replace(END, "</b>")
    return f"<qt><b>{html.escape(title)}</b><br>{body}</qt>"


class ArticleTableModel(QAbstractTableModel):
    """Article summaries, fetched on demand in pages; `sort()` and `set_filter()` re-query.

    Rows are models.articles.ArticleSummary without a query, models.search.ArticleHit (a
    summary with a snippet and a score) with one.
    """

    def __init__(self, parent: QObject | None = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._page_size = page_size
        self._filter = ""
        self._invalid = False  # the filter is a malformed query: no rows, not the old ones
        self._ranked = False  # the filter has words to rank by
        self._sort_column = DATE
        self._descending = True
        self._header_sort = (DATE, True)  # what to go back to when a search stops ranking
        self._rows: list[ArticleSummary] = []
        self._row_of: dict[int, int] = {}
        self._total = 0
        self._library_total = 0
        self._bold: QFont | None = None
        self._notes_icon: QIcon | None = None
        self._icon_color: str | None = None  # the header's ink (set by the view's palette)
        self._load(page_size)

    # -- Qt overrides ---------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TITLE:
                return row.title or "(untitled)"
            if column == OUTLET:
                return row.source
            if column == DATE:
                return row.date[:10] if row.date else "—"
            return str(row.annotations) if row.annotations else ""
        if role == ArticleIdRole:
            return row.id
        if role == Qt.ItemDataRole.FontRole and not row.read:
            if self._bold is None:
                self._bold = QFont()
                self._bold.setBold(True)
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and column in (TITLE, OUTLET):
            snippet = getattr(row, "snippet", "")
            if column == TITLE and snippet:
                return snippet_html(row.title or "(untitled)", snippet)
            return row.title if column == TITLE else row.source
        if role == SnippetRole:
            return getattr(row, "snippet", "")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == NOTES:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(_HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == NOTES:
            return "Highlights and notes"
        if role == Qt.ItemDataRole.DecorationRole and section == NOTES:
            if self._notes_icon is None:
                from ui.common.icons import icon  # qtawesome loads its fonts on first use

                self._notes_icon = icon("mdi6.marker", self._icon_color)
            return self._notes_icon
        return None

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index) -> None:
        if not parent.isValid():
            self._append(self._page_size)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        if column not in _SORT_KEYS:
            column = -1  # Qt's "unsorted": import order
        self._header_sort = (column, descending)
        if (column, descending) == (self._sort_column, self._descending):
            return
        self._sort_column, self._descending = column, descending
        self._reorder()

    def sort_by_relevance(self) -> None:
        """Best match first (only while the filter has words to rank by)."""
        if self._ranked and self._sort_column != RELEVANCE:
            self._sort_column, self._descending = RELEVANCE, False
            self._reorder()

    # -- API ------------------------------------------------------------------------------

    def set_filter(self, text: str) -> None:
        """Show only the articles a search-language query matches ("" for all).

        A malformed query raises models.search.QueryError and changes nothing, so the rows
        stay as they were while someone is still typing. A query with words switches to
        relevance order; one without (only filters) goes back to the last header sort.
        """
        text = text.strip()
        if text == self._filter and not self._invalid:
            return
        ranked = search.check_query(text).ranked if text else False
        self._invalid = False
        if ranked and not self._ranked:
            self._sort_column, self._descending = RELEVANCE, False
        elif not ranked and self._sort_column == RELEVANCE:
            self._sort_column, self._descending = self._header_sort
        self._filter, self._ranked = text, ranked
        self._reset(self._page_size)

    def show_invalid(self, text: str) -> None:
        """A malformed query: list nothing (the rows of the last good query would pass for
        its results) until a query that can run."""
        self._filter, self._invalid, self._ranked = text.strip(), True, False
        self._reset(self._page_size)

    def is_invalid(self) -> bool:
        return self._invalid

    def set_icon_color(self, color: str) -> None:
        """Paint header icons in this colour (the palette's ButtonText), e.g. after a theme
        change: black icons vanish on a dark header."""
        if color != self._icon_color:
            self._icon_color = color
            self._notes_icon = None
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, NOTES, NOTES)

    def filter_text(self) -> str:
        return self._filter

    def is_ranked(self) -> bool:
        """Whether the filter has words, so that relevance is a meaningful order."""
        return self._ranked

    def header_sort(self) -> tuple[int, bool]:
        """The last sort chosen by a header click: (column, descending)."""
        return self._header_sort

    def sort_column(self) -> int:
        """The header column sorted by, -1 for import order, RELEVANCE for best match."""
        return self._sort_column

    def sort_key(self) -> tuple[str, bool]:
        """(models.search sort key, descending) currently applied."""
        if self._sort_column == RELEVANCE:
            return "rank", False
        return _SORT_KEYS.get(self._sort_column, "imported"), self._descending

    def refresh(self) -> None:
        """Re-query as many rows as are loaded, keeping sort and filter (after imports, edits).

        When the same articles come back in the same order only their cells change, so the
        view keeps its selection and scroll position.
        """
        keep = max(len(self._rows), self._page_size)
        self._library_total = articles.count_articles()
        total = self._count()
        rows = self._query(0, keep)
        if [r.id for r in rows] != [r.id for r in self._rows]:
            self._reset(keep, rows=rows, total=total)
            return
        self._rows, self._total = rows, total
        if rows:
            last = self.index(len(rows) - 1, len(_HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def set_read(self, article_id: int, read: bool = True) -> None:
        """Show a loaded row as (un)read without a query, e.g. right after opening it."""
        row = self._row_of.get(article_id)
        if row is None or self._rows[row].read == read:
            return
        self._rows[row] = dataclasses.replace(self._rows[row], read=read)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(_HEADERS) - 1))

    def add_to_count(self, article_id: int, delta: int) -> None:
        """Move one article's highlight count by `delta` (a write made or deleted some).

        The row stays where it is even when sorted by that count: rows do not jump under the
        reader's cursor; the next sort or refresh puts it in place.
        """
        row = self._row_of.get(article_id)
        if row is None:
            return
        count = self._rows[row].annotations + delta
        self._rows[row] = dataclasses.replace(self._rows[row], annotations=count)
        index = self.index(row, NOTES)
        self.dataChanged.emit(index, index)

    def article_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def summary(self, row: int) -> ArticleSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, article_id: int) -> int:
        """The article's row, fetching more pages if needed; -1 when the filter excludes it."""
        row = self._row_of.get(article_id)
        if row is not None:
            return row
        if len(self._rows) >= self._total or self._invalid:
            return -1
        # With a filter, rule out hidden articles before loading pages; without one, every
        # article matches and the (costly at 100k) id list would tell nothing.
        if self._filter and article_id not in set(search.matching_article_ids(self._filter)):
            return -1
        chunk = self._page_size
        while article_id not in self._row_of and len(self._rows) < self._total:
            self._append(chunk)
            chunk *= 2  # few queries even deep down a big library
        return self._row_of.get(article_id, -1)

    def loaded_row(self, article_id: int) -> int:
        """The article's row if it is already loaded, else -1 (never queries)."""
        return self._row_of.get(article_id, -1)

    def total_count(self) -> int:
        """Articles matching the filter (loaded or not)."""
        return self._total

    def library_count(self) -> int:
        """Articles in the whole library, as of the last query."""
        return self._library_total

    # -- internals ------------------------------------------------------------------------

    def _query(self, offset: int, limit: int) -> list[ArticleSummary]:
        if self._invalid:
            return []
        key, descending = self.sort_key()
        if self._filter:
            hits = search.search_articles(self._filter, key, descending, offset, limit)
            return list[ArticleSummary](hits)
        return articles.query_articles("", key, descending, offset, limit)

    def _count(self) -> int:
        if self._invalid:
            return 0
        return search.count_matching_articles(self._filter) if self._filter else self._library_total

    def _load(self, limit: int) -> None:
        self._library_total = articles.count_articles()
        self._total = self._count()
        self._set_rows(self._query(0, limit))

    def _set_rows(self, rows: list[ArticleSummary]) -> None:
        self._rows = rows
        self._row_of = {r.id: i for i, r in enumerate(rows)}

    def _reset(
        self, limit: int, rows: list[ArticleSummary] | None = None, total: int | None = None
    ) -> None:
        self.beginResetModel()
        if rows is None or total is None:
            self._load(limit)
        else:
            self._total = total
            self._set_rows(rows)
        self.endResetModel()

    def _reorder(self) -> None:
        """The first page in the new order. The same articles match, so the counts stay (a
        count(*) is most of a sort's time on a server at 100,000 articles): a change to the
        library comes with a refresh(), which counts again, and _append notices a shrink."""
        self._reset(self._page_size, rows=self._query(0, self._page_size), total=self._total)

    def _append(self, limit: int) -> None:
        start = len(self._rows)
        rows = self._query(start, min(limit, self._total - start))
        if not rows:
            self._total = start  # the library shrank under us
            return
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._rows.extend(rows)
        self._row_of.update((r.id, start + i) for i, r in enumerate(rows))
        self.endInsertRows()
