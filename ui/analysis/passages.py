"""View ▸ Coded passages: every passage a query finds (tags with their descendants, AND/OR,
outlet, date, coder, variables: the search language), with its article, context and note.

The model keeps only the ids and reads a page of passages when a row is first shown, so a
query matching 300,000 passages costs one id list. Activating a row opens the passage in
place; the list exports as CSV or Markdown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models import passages as passages_model
from models.errors import LibraryError
from models.files import write_text_atomically
from models.passages import PAGE, Passage
from ui.analysis.passage_filters import PassageFilterBar
from ui.common import file_dialogs
from ui.shell.errors import show_error

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Article", "Outlet", "Date", "Tags", "Passage in context", "Note")


class PassageModel(QAbstractTableModel):
    """Coded passages, read a page at a time as rows are shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ids: list[int] = []
        self._pages: dict[int, list[Passage]] = {}

    def set_query(self, query: str) -> None:
        """Find the passages; QueryError (and no change) for a malformed query."""
        ids = passages_model.passage_ids(query)
        self.beginResetModel()
        self.ids, self._pages = ids, {}
        self.endResetModel()

    def passage(self, row: int) -> Passage | None:
        page = row // PAGE
        if page not in self._pages:
            found = passages_model.passages(self.ids[page * PAGE : (page + 1) * PAGE])
            self._pages[page] = found
        rows = self._pages[page]
        offset = row - page * PAGE
        return rows[offset] if offset < len(rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.parent().isValid():
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        p = self.passage(index.row())
        if p is None:  # deleted since the query ran
            return None
        values = (
            p.title,
            p.source,
            p.date or "",
            ", ".join(p.record.tags),
            p.context,
            p.record.note,
        )
        return values[index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None


class PassagesView(QWidget):
    """A query box, the passages, and export buttons; `passageActivated` opens one."""

    passageActivated = Signal(int, int, int)  # article id, start, end

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filters = PassageFilterBar(self)
        self.query = QLineEdit()
        self.query.setPlaceholderText("tag:Frames/Economy OR tag:Actors  source:bbc  attr:wave=2")
        self.query.setToolTip("The filters above write this query; it can be edited too")
        self.count = QLabel()
        self.model = PassageModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.csv_button = QPushButton("Export CSV…")
        self.markdown_button = QPushButton("Export Markdown…")
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.count)
        top.addWidget(self.csv_button)
        top.addWidget(self.markdown_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.query.returnPressed.connect(self.run)
        self.filters.queryChanged.connect(self.show_query)
        self.table.activated.connect(self._activated)
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.markdown_button.clicked.connect(lambda: self.export("md"))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.filters.refresh_choices()

    def show_query(self, query: str) -> None:
        self.query.setText(query)
        self.run()

    def run(self) -> None:
        try:
            self.model.set_query(self.query.text())
        except LibraryError as exc:
            show_error(self, str(exc))
            return
        self.count.setText(f"{len(self.model.ids):,} passage(s)")

    def _activated(self, index: QModelIndex) -> None:
        p = self.model.passage(index.row())
        if p is not None:
            self.passageActivated.emit(p.record.article_id, p.record.start, p.record.end)

    def export(self, kind: str) -> None:
        name, _filter = file_dialogs.save_file_name(
            self,
            "Export coded passages",
            f"passages.{kind}",
            "CSV (*.csv)" if kind == "csv" else "Markdown (*.md)",
        )
        if not name:
            return
        ids, heading = list(self.model.ids), self.query.text()
        try:
            write_text_atomically(
                Path(name),
                (lambda f: passages_model.write_csv(f, ids))
                if kind == "csv"
                else (lambda f: passages_model.write_markdown(f, ids, heading)),
            )
        except (LibraryError, OSError) as exc:
            show_error(self, f"Could not export to {name}: {exc}")
