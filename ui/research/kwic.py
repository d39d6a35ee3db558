"""Keyword in context: every occurrence of a word or phrase in the (filtered) library.

Researchers read a term's uses side by side, sort them by the words around it, open one in its
article (`passageActivated`), and highlight many at once: H highlights the selected rows'
matches in the current colour with the tags in the tag box, as one undo step.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFontMetrics, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.annotating import NewAnnotation, list_annotations, span
from models.colors import color_hex
from models.errors import LibraryError
from models.kwic import kwic
from models.tags import list_tags, normalize_tag_path
from ui.codebook.tag_picker import TagPicker
from ui.research.kwic_model import ARTICLE, LEFT, MATCH, RIGHT, KwicModel
from ui.session.session import Session
from ui.shell.actions import color_swatch

MAX_ROWS = 10_000
SEARCH_DELAY_MS = 300


class _ElideLeft(QStyledItemDelegate):
    """The left context loses its far end, not the words next to the match."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


class _Table(QTableView):
    """Enter opens the current row's passage; H highlights the selected rows' matches."""

    def __init__(self, view: KwicView) -> None:
        super().__init__(view)
        self._view = view

    def event(self, event: QEvent) -> bool:
        # A single-key window shortcut must not take H from the table.
        if event.type() == QEvent.Type.ShortcutOverride and _is_highlight_key(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _is_highlight_key(event):
            self._view.highlight_selected()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._view.activate_row(self.currentIndex().row())
        else:
            super().keyPressEvent(event)


def _is_highlight_key(event: QEvent) -> bool:
    return (
        isinstance(event, QKeyEvent)
        and event.key() == Qt.Key.Key_H
        and event.modifiers()
        in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
    )


class KwicView(QWidget):
    passageActivated = Signal(int, int, int)  # article id, canonical start, end

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        *,
        tag_picker: TagPicker | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kwicView")
        self.session = session
        self._tag_picker = tag_picker
        self._query = ""
        self._article_ids: list[int] | None = None
        self.model = KwicModel(self)

        self.term = QLineEdit(self)
        self.term.setObjectName("kwicTerm")
        self.term.setPlaceholderText("Word or phrase, e.g. climate change, migra*")
        self.term.setClearButtonEnabled(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.search)
        self.term.textEdited.connect(lambda _text: self._debounce.start())
        self.term.returnPressed.connect(self.search)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("kwicCount")

        self.table = _Table(self)
        self.table.setObjectName("kwicTable")
        self._setup_table()

        self.tag_box = QLineEdit(self)
        self.tag_box.setObjectName("kwicTag")
        self.tag_box.setPlaceholderText("Tags for highlights (optional, comma-separated)")
        self._tag_model = QStringListModel(self)
        completer = QCompleter(self._tag_model, self.tag_box)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tag_box.setCompleter(completer)
        self.highlight_button = QPushButton("Highlight", self)
        self.highlight_button.setObjectName("kwicHighlight")
        self.highlight_button.setToolTip("Highlight the selected rows' matches (H)")
        self.highlight_button.clicked.connect(self.highlight_selected)
        self.message = QLabel(self)
        self.message.setObjectName("kwicMessage")

        top = QHBoxLayout()
        top.addWidget(self.term, 1)
        top.addWidget(self.count_label)
        bottom = QHBoxLayout()
        bottom.addWidget(self.tag_box, 1)
        if tag_picker is not None:
            choose = QPushButton("Choose…", self)
            choose.setObjectName("kwicChooseTags")
            choose.clicked.connect(self.choose_tags)
            bottom.addWidget(choose)
        bottom.addWidget(self.highlight_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.message)

        session.libraryChanged.connect(self._library_changed)
        session.currentColorChanged.connect(self._show_color)
        self._show_color(session.current_color)
        self._update_count(False)

    def _setup_table(self) -> None:
        table = self.table
        table.setModel(self.model)
        table.setItemDelegateForColumn(LEFT, _ElideLeft(table))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(LEFT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(RIGHT, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(ARTICLE, 220)
        header.setSortIndicatorClearable(True)  # a third click goes back to date order
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        table.doubleClicked.connect(lambda index: self.activate_row(index.row()))

    # --- API ------------------------------------------------------------------------------
    def set_query(self, query_text: str) -> None:
        """Limit the list to the articles a search-language query matches ("" = all)."""
        if query_text != self._query:
            self._query = query_text
            self._rerun()

    def set_article_ids(self, article_ids: Sequence[int] | None) -> None:
        """Limit the list to these articles (None = no limit), on top of the query."""
        self._article_ids = None if article_ids is None else list(article_ids)
        self._rerun()

    def set_term(self, term: str) -> None:
        self.term.setText(term)
        self.search()

    def search(self) -> None:
        self._debounce.stop()
        self.message.clear()
        term = self.term.text()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a common word in a big library
        try:
            rows = kwic(term, self._query, limit=MAX_ROWS + 1, article_ids=self._article_ids)
        except LibraryError as exc:  # a malformed filter query: say why, keep the old rows
            self.message.setText(str(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.model.set_rows(rows[:MAX_ROWS])
        self._fit_match_column()
        self._update_count(len(rows) > MAX_ROWS)

    def activate_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            found = self.model.row_at(row)
            self.passageActivated.emit(found.article_id, found.start, found.end)

    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.table.selectionModel().selectedRows())

    def chosen_tags(self) -> list[str]:
        """The tag box's paths, normalised; raises ValueError for one that is not a tag."""
        return [normalize_tag_path(part) for part in self.tag_box.text().split(",") if part.strip()]

    def choose_tags(self) -> None:
        if self._tag_picker is None:
            return
        try:
            current = self.chosen_tags()
        except ValueError:
            current = []
        chosen = self._tag_picker(self, current)
        if chosen is not None:
            self.tag_box.setText(", ".join(chosen))

    def highlight_selected(self) -> int:
        """Highlight each selected row's match (skipping exact repeats); returns how many."""
        rows = [self.model.row_at(r) for r in self.selected_rows()]
        if not rows:
            self.message.setText("Select the rows to highlight first.")
            return 0
        try:
            tags = self.chosen_tags()
        except ValueError as exc:
            self.message.setText(str(exc))
            return 0
        existing: dict[int, set[tuple[int, int]]] = {}
        for row in rows:
            if row.article_id not in existing:
                marks = list_annotations(row.article_id)
                existing[row.article_id] = {span(a) for a in marks if a.start is not None}
        todo = [r for r in rows if (r.start, r.end) not in existing[r.article_id]]
        if not todo:
            self.message.setText("Those passages are highlighted already.")
            return 0
        label = f"Highlight {len(todo)} passage{'s' if len(todo) > 1 else ''}"
        color = self.session.current_color
        new = [NewAnnotation(r.article_id, r.start, r.end, "", color, tuple(tags)) for r in todo]
        try:
            self.session.create_annotations(new, label)  # one write, one undo step, one signal
        except LibraryError as exc:
            self.message.setText(str(exc))
            return 0
        skipped = len(rows) - len(todo)
        done = f"Highlighted {len(todo)} passage{'s' if len(todo) > 1 else ''}"
        self.message.setText(done + (f" ({skipped} already were)." if skipped else "."))
        self._refresh_tags()
        return len(todo)

    # --- internals ------------------------------------------------------------------------
    def _rerun(self) -> None:
        if self.term.text().strip():
            self.search()

    def _library_changed(self) -> None:
        self._refresh_tags()
        self._rerun()

    def _update_count(self, truncated: bool) -> None:
        count, articles = self.model.rowCount(), self.model.article_count()
        if not self.term.text().strip():
            text = ""
        elif truncated:
            text = f"Showing the first {MAX_ROWS:,} occurrences"
        elif count == 0:
            text = "No occurrences"
        else:
            noun = "occurrence" if count == 1 else "occurrences"
            text = f"{count:,} {noun} in {articles:,} article{'s' if articles != 1 else ''}"
        self.count_label.setText(text)

    def _fit_match_column(self) -> None:
        """Wide enough for the longest match (within reason): the matches are the point."""
        font = self.table.font()
        font.setBold(True)
        metrics = QFontMetrics(font)
        matches = {self.model.row_at(r).match for r in range(self.model.rowCount())}
        widest = max((metrics.horizontalAdvance(m) for m in matches), default=60)
        self.table.horizontalHeader().resizeSection(MATCH, min(widest + 20, 320))

    def _show_color(self, color: str) -> None:
        self.highlight_button.setIcon(color_swatch(color_hex(color)))

    def _refresh_tags(self) -> None:
        self._tag_model.setStringList([tag.path for tag in list_tags()])

    def showEvent(self, event: QShowEvent) -> None:
        self._refresh_tags()  # tags may have been made elsewhere since
        super().showEvent(event)


__all__ = ["ARTICLE", "LEFT", "MATCH", "RIGHT", "KwicModel", "KwicView"]
