"""The keyword-in-context rows as a table model: Left | Match | Right | Article.

KWIC lists are capped (see ui/research/kwic.py), so the model holds every row and sorts in Python.
Sorting keeps persistent indexes (and so the view's selection) on the same occurrences.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from models.kwic import KwicRow, article_key, left_key, match_key, right_key

LEFT, MATCH, RIGHT, ARTICLE = range(4)
HEADERS = ("Left", "Match", "Right", "Article")
RowRole = Qt.ItemDataRole.UserRole + 1
SORT_KEYS: dict[int, Callable[[KwicRow], tuple[object, ...]]] = {
    LEFT: left_key,
    MATCH: match_key,
    RIGHT: right_key,
    ARTICLE: article_key,
}
_ALIGN = {
    LEFT: Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
    MATCH: Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    RIGHT: Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    ARTICLE: Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
}

Index = QModelIndex | QPersistentModelIndex


def article_label(row: KwicRow) -> str:
    return " · ".join(part for part in (row.title, row.source, row.date or "") if part)


class KwicModel(QAbstractTableModel):
    """Left context right-aligned against the match, so the matches line up in one column."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._natural: list[KwicRow] = []  # the order kwic() returned: oldest article first
        self._rows: list[KwicRow] = []
        self._sort_column = -1
        self._descending = False
        self._bold = QFont()
        self._bold.setBold(True)

    # --- API ------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[KwicRow]) -> None:
        self.beginResetModel()
        self._natural = list(rows)
        self._rows = self._sorted(self._natural)
        self.endResetModel()

    def row_at(self, row: int) -> KwicRow:
        return self._rows[row]

    def rows(self) -> list[KwicRow]:
        return list(self._rows)

    def article_count(self) -> int:
        return len({row.article_id for row in self._rows})

    # --- Qt interface ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.checkIndex(index, QAbstractTableModel.CheckIndexOption.IndexIsValid):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.left, row.match, row.right, article_label(row))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_ALIGN[column].value)
        if role == Qt.ItemDataRole.FontRole and column == MATCH:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == ARTICLE:
                return article_label(row)
            return f"{row.left} [{row.match}] {row.right}"
        if role == RowRole:
            return row
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Column -1 (no sort indicator) restores kwic()'s order: by article date."""
        self._sort_column = column if column in SORT_KEYS else -1
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        old = self._rows
        self._rows = self._sorted(self._natural)
        where = {id(row): n for n, row in enumerate(self._rows)}
        before = self.persistentIndexList()
        after = [self.index(where[id(old[i.row()])], i.column()) for i in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _sorted(self, rows: list[KwicRow]) -> list[KwicRow]:
        if self._sort_column < 0:
            return list(reversed(rows)) if self._descending else list(rows)
        return sorted(rows, key=SORT_KEYS[self._sort_column], reverse=self._descending)
