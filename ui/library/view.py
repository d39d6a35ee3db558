"""The article list's widget: a debounced filter box above the lazily paged table.

The current row is the article being read, so arrowing through the list reads article after
article.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.library.model import DATE, NOTES, OUTLET, TITLE, ArticleTableModel
from ui.session import Session

FILTER_DELAY_MS = 200


class _Table(QTableView):
    """A table that says something useful when it has no rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = ""

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
    """Filter box above the article table; the current row is the article being read."""

    articleActivated = Signal(int)  # the user moved to this article (click, arrow keys)
    filterChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None, session: Session | None = None) -> None:
        super().__init__(parent)
        self._silent = False  # set while the code (not the user) moves the current row
        self._model = ArticleTableModel(self)

        self.search = QLineEdit(self)
        self.search.setObjectName("librarySearch")
        self.search.setPlaceholderText("Filter by title or outlet")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(FILTER_DELAY_MS)
        self._debounce.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.search.returnPressed.connect(self._apply_filter)

        self.table = _Table(self)
        self.table.setObjectName("articleList")
        self._setup_table()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search)
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
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
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
        header.resizeSection(OUTLET, digits)
        header.resizeSection(DATE, digits)
        header.resizeSection(NOTES, table.fontMetrics().horizontalAdvance("8888") + 22)
        header.setSortIndicator(DATE, Qt.SortOrder.DescendingOrder)  # newest first
        table.setSortingEnabled(True)
        table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

    # -- API ------------------------------------------------------------------------------

    def model(self) -> ArticleTableModel:
        return self._model

    def refresh(self) -> None:
        self._model.refresh()

    def refresh_counts(self, article_id: int | None = None) -> None:
        """After annotation edits: re-count one article cheaply, or (no id) refresh all."""
        if article_id is None:
            self.refresh()
        else:
            self._model.update_counts(article_id)

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
        """'3,824 articles', or '12 of 3,824 articles match 'bbc'' while filtered."""
        total = self._model.library_count()
        noun = "article" if total == 1 else "articles"
        if not self._model.filter_text():
            return f"{total:,} {noun}"
        verb = "matches" if total == 1 else "match"
        shown = self._model.total_count()
        return f"{shown:,} of {total:,} {noun} {verb} '{self._model.filter_text()}'"

    # -- internals ------------------------------------------------------------------------

    def _apply_filter(self) -> None:
        self._debounce.stop()
        text = self.search.text().strip()
        if text == self._model.filter_text():
            return
        self._model.set_filter(text)
        self.table.scrollToTop()
        self.filterChanged.emit(text)

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
        if self._silent or not current.isValid():
            return
        article_id = self._model.article_id(current.row())
        if article_id is not None:
            self.articleActivated.emit(article_id)

    def _on_article_opened(self, article_id: int) -> None:
        self._model.set_read(article_id)
        if self.current_article_id() != article_id:
            self.select_article(article_id)

    def _remember_current(self) -> None:
        self._current_before_reset = self.current_article_id()

    def _restore_current(self) -> None:
        """Keep the open article selected across a re-sort or re-filter, if it is loaded."""
        article_id, self._current_before_reset = self._current_before_reset, None
        row = self._model.loaded_row(article_id) if article_id is not None else -1
        if row >= 0:
            self._set_current_row(row)

    def _update_placeholder(self) -> None:
        if self._model.filter_text():
            text = f"No article's title or outlet contains '{self._model.filter_text()}'."
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
                self.table.selectionModel().setCurrentIndex(
                    self._model.index(0, TITLE),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
            return True
        return super().eventFilter(watched, event)
