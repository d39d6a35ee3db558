"""The article list's widget: a debounced search box above the lazily paged table.

The current row is the article being read, so arrowing through the list reads article after
article. The box takes the search language (models.search); a filter panel may add field
filters (`set_filter_query`), which are ANDed with what is typed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.search import QueryError
from ui.library.model import DATE, NOTES, OUTLET, RELEVANCE, TITLE, ArticleTableModel
from ui.library.search_box import SEARCH_DELAY_MS, SearchBox, icon_color
from ui.session.session import Session
from ui.session.store import AnnotationChange

FILTER_DELAY_MS = SEARCH_DELAY_MS
NARROW_WIDTH = 360  # below this the Outlet column is hidden: the title needs the room


class _Table(QTableView):
    """A table that says something useful when it has no rows, and knows when the user (not
    a reset, a focus change or the code) is moving its current row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = ""
        self.user_input = 0  # > 0 while a mouse press or key press is being handled
        self.deletePressed: Callable[[], None] | None = None

    def event(self, event: QEvent) -> bool:
        """Delete here deletes articles: take the key before the window's Delete shortcut."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
            and self.deletePressed is not None
        ):
            event.accept()
            return True
        return super().event(event)

    def _as_user(self, handler, event) -> None:  # type: ignore[no-untyped-def]
        self.user_input += 1
        try:
            handler(event)
        finally:
            self.user_input -= 1

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._as_user(super().mousePressEvent, event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._as_user(super().mouseMoveEvent, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.deletePressed is not None:
            self.deletePressed()
            return
        self._as_user(super().keyPressEvent, event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0 and self.placeholder:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            rect = self.viewport().rect().adjusted(16, 24, -16, -16)
            flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            painter.drawText(rect, int(flags) | int(Qt.TextFlag.TextWordWrap), self.placeholder)
            painter.end()


class ArticleListView(QWidget):
    """Search box above the article table; the current row is the article being read."""

    articleActivated = Signal(int)  # the user moved to this article (click, arrow keys)
    deleteRequested = Signal(list)  # ids of the selected articles (Delete key, context menu)
    editRequested = Signal(int)  # the current article's details (context menu)
    filterChanged = Signal(str)  # the search box text now applied
    searchChanged = Signal(str)  # the whole query now applied (box and filters); "" for none
    articlesSelected = Signal(list)  # ids of the selected articles (Shift/Ctrl pick several)

    def __init__(self, parent: QWidget | None = None, session: Session | None = None) -> None:
        super().__init__(parent)
        self._silent = False  # set while the code (not the user) moves the current row
        self._open_id: int | None = None  # the article being read, as the session last said
        self._model = ArticleTableModel(self)
        self._model.set_icon_color(icon_color(self.palette()))
        self._filters_query = ""
        self._outlet_wanted = True

        self.search_box = SearchBox(self)
        self.search: QLineEdit = self.search_box.edit
        self.search.installEventFilter(self)
        self.search_box.settled.connect(lambda _text: self._apply_filter())
        self.search_box.relevanceRequested.connect(self.sort_by_relevance)

        self.table = _Table(self)
        self.table.setObjectName("articleList")
        self._setup_table()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search_box)
        layout.addWidget(self.table)

        self._current_before_reset: int | None = None
        self._model.modelAboutToBeReset.connect(self._remember_current)
        self._model.modelReset.connect(self._restore_current)
        self._model.modelReset.connect(self._update_placeholder)
        self._update_placeholder()

        if session is not None:
            session.libraryChanged.connect(self.refresh)
            session.annotationsChanged.connect(self.refresh_counts)
            session.articleOpened.connect(self._on_article_opened)

    def _setup_table(self) -> None:
        table = self.table
        table.setModel(self._model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        table.deletePressed = self._request_delete
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setShowGrid(False)
        table.setAlternatingRowColors(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        # Fixed widths for the short columns: the title gets the room, and nothing has to
        # measure 100k rows' contents.
        digits = table.fontMetrics().horizontalAdvance("8888-88-88") + 18
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(OUTLET, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(OUTLET, table.fontMetrics().horizontalAdvance("Outlet name") + 12)
        header.resizeSection(DATE, digits)
        header.resizeSection(NOTES, table.fontMetrics().horizontalAdvance("8888") + 22)
        header.setSortIndicator(DATE, Qt.SortOrder.DescendingOrder)  # newest first
        table.setSortingEnabled(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.sortIndicatorChanged.connect(lambda *_sorted: self._sync_sort_display())
        table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        table.selectionModel().selectionChanged.connect(
            lambda *_changed: self.articlesSelected.emit(self.selected_article_ids())
        )

    # -- API ------------------------------------------------------------------------------

    def model(self) -> ArticleTableModel:
        return self._model

    def refresh(self) -> None:
        self._model.refresh()

    def refresh_counts(self, change: AnnotationChange) -> None:
        """After annotation writes: each article's highlight count moves by what the change
        made and deleted (no query)."""
        for article_id, delta in change.count_changes().items():
            if delta:
                self._model.add_to_count(article_id, delta)

    def selected_article_ids(self) -> list[int]:
        """The selected articles in list order (the current one when none is selected)."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        ids = [self._model.article_id(row) for row in rows]
        found = [i for i in ids if i is not None]
        current = self.current_article_id()
        return found or ([current] if current is not None else [])

    def _request_delete(self) -> None:
        ids = self.selected_article_ids()
        if ids:
            self.deleteRequested.emit(ids)

    def _context_menu(self, pos: QPoint) -> None:
        ids = self.selected_article_ids()
        if not ids:
            return
        menu = QMenu(self)
        menu.setObjectName("articleListMenu")
        current = self.current_article_id()
        if current is not None:
            menu.addAction("Edit details…", lambda: self.editRequested.emit(current))
        noun = "article" if len(ids) == 1 else f"{len(ids)} articles"
        menu.addAction(f"Delete {noun}…", self._request_delete)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def first_article_id(self) -> int | None:
        return self._model.article_id(0)

    def current_article_id(self) -> int | None:
        index = self.table.currentIndex()
        return self._model.article_id(index.row()) if index.isValid() else None

    def select_article(self, article_id: int) -> bool:
        """Make the article current and visible, without emitting articleActivated."""
        row = self._model.row_of(article_id)
        if row < 0:
            return False
        self._set_current_row(row)
        self.table.scrollTo(self._model.index(row, TITLE))
        return True

    def status_text(self) -> str:
        """'3,824 articles', or '12 of 3,824 articles match' while searching."""
        total = self._model.library_count()
        noun = "article" if total == 1 else "articles"
        if self._model.is_invalid():
            return f"Search not run (see the error under the box); {total:,} {noun} in all"
        if not self._model.filter_text():
            return f"{total:,} {noun}"
        shown = self._model.total_count()
        verb = "matches" if shown == 1 else "match"
        return f"{shown:,} of {total:,} {noun} {verb}"

    def search_query(self) -> str:
        """The query the list shows now (box and filters); "" when it shows everything."""
        return self._model.filter_text()

    def search_error(self) -> str:
        """Why the box's text cannot be searched ("" when it can)."""
        return self.search_box.error_text()

    def set_filter_query(self, query: str) -> None:
        """Field filters (search language) to AND with the box, e.g. from a filter panel."""
        self._filters_query = query.strip()
        self._apply_filter()

    def sort_by_relevance(self) -> None:
        self._model.sort_by_relevance()
        self._sync_sort_display()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._model.set_icon_color(icon_color(self.palette()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A narrow list drops the Outlet column so that titles stay readable."""
        super().resizeEvent(event)
        self._show_outlet()

    # -- layout kept across runs --------------------------------------------------------

    def outlet_shown(self) -> bool:
        """Whether the user wants the Outlet column (a narrow list hides it regardless)."""
        return self._outlet_wanted

    def set_outlet_shown(self, shown: bool) -> None:
        self._outlet_wanted = shown
        self._show_outlet()

    def sort_state(self) -> str:
        """The header sort as "column:asc|desc" (relevance is a search's, not kept)."""
        column, descending = self._model.header_sort()
        return f"{column}:{'desc' if descending else 'asc'}"

    def restore_sort_state(self, state: str) -> None:
        column_text, _sep, order = state.partition(":")
        if not column_text.lstrip("-").isdigit() or int(column_text) not in (
            TITLE,
            OUTLET,
            DATE,
            NOTES,
        ):
            return
        descending = order == "desc"
        sort_order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(int(column_text), sort_order)

    def _show_outlet(self) -> None:
        self.table.setColumnHidden(OUTLET, not self._outlet_wanted or self.width() < NARROW_WIDTH)

    def _header_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.setObjectName("articleHeaderMenu")
        outlet = menu.addAction("Outlet column")
        outlet.setCheckable(True)
        outlet.setChecked(self._outlet_wanted)
        outlet.toggled.connect(self.set_outlet_shown)
        menu.popup(self.table.horizontalHeader().mapToGlobal(pos))

    # -- internals ------------------------------------------------------------------------

    def _apply_filter(self) -> None:
        """Search for the box's text and the filters; a malformed query empties the list
        (and its count) and says what is wrong under the box."""
        text = self.search.text().strip()
        query = text
        if text and self._filters_query:  # brackets keep 'a OR b' from swallowing a filter
            query = f"({text}) {self._filters_query}"
        elif self._filters_query:
            query = self._filters_query
        if query == self._model.filter_text() and not self._model.is_invalid():
            self.search_box.clear_error()
            return
        try:
            self._model.set_filter(query)
        except QueryError as exc:
            self.search_box.show_error(str(exc))
            self._model.show_invalid(query)
            self.searchChanged.emit("")  # no hits marked for a search that did not run
            return
        self.search_box.clear_error()
        self._sync_sort_display()
        self.table.scrollToTop()
        self.filterChanged.emit(text)
        self.searchChanged.emit(query)

    def _sync_sort_display(self) -> None:
        """Header arrow for a column sort, none for relevance; offer relevance when it is not
        the order but could be."""
        model, header = self._model, self.table.horizontalHeader()
        relevance = model.sort_column() == RELEVANCE
        if not relevance:
            key_column, descending = model.sort_column(), model.sort_key()[1]
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            blocked = header.blockSignals(True)  # show the order; don't sort again
            header.setSortIndicator(key_column, order)
            header.blockSignals(blocked)
        header.setSortIndicatorShown(not relevance)
        self.search_box.offer_relevance(model.is_ranked() and not relevance)

    def _set_current_row(self, row: int) -> None:
        self._silent = True
        try:
            self.table.selectionModel().setCurrentIndex(
                self._model.index(row, TITLE),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        finally:
            self._silent = False

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Only the user opens articles: resets, focus changes and code never do."""
        if self._silent or not current.isValid() or not self.table.user_input:
            return
        article_id = self._model.article_id(current.row())
        if article_id is not None:
            self.articleActivated.emit(article_id)

    def _on_article_opened(self, article_id: int) -> None:
        self._open_id = article_id
        self._model.set_read(article_id)
        if self.current_article_id() != article_id:
            self.select_article(article_id)

    def _remember_current(self) -> None:
        current = self.current_article_id()
        self._current_before_reset = self._open_id if self._open_id is not None else current

    def _restore_current(self) -> None:
        """Keep the open article selected across a re-sort or re-filter, if it is loaded."""
        article_id, self._current_before_reset = self._current_before_reset, None
        row = self._model.loaded_row(article_id) if article_id is not None else -1
        if row >= 0:
            self._set_current_row(row)

    def _update_placeholder(self) -> None:
        if self._model.is_invalid():
            text = "This search cannot be run: fix the query above."
        elif self._model.filter_text():
            text = "No article matches this search."
        else:
            text = "No articles yet.\nImport files or folders, or drop them here."
        self.table.placeholder = text
        self.table.viewport().update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the filter box moves on to the list, so typing then arrowing just works."""
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self._model.rowCount() > 0
        ):
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.user_input += 1  # the user's Down key, forwarded
                try:
                    self.table.selectionModel().setCurrentIndex(
                        self._model.index(0, TITLE),
                        QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows,
                    )
                finally:
                    self.table.user_input -= 1
            return True
        return super().eventFilter(watched, event)
