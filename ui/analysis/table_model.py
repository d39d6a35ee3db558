"""A crosstab or co-occurrence table for a QTableView: counts or row/column percentages,
each cell shaded by its share of the biggest, sortable by number through SORT_ROLE."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

COUNTS, ROW_PERCENT, COLUMN_PERCENT = "counts", "row %", "column %"
MODES = (COUNTS, ROW_PERCENT, COLUMN_PERCENT)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_HEAT = QColor("#3b7dd8")  # shades from transparent (0) to 60% of this at the biggest value
Index = QModelIndex | QPersistentModelIndex


class CountTableModel(QAbstractTableModel):
    """Rows are tags; columns outlets, months, variables … or tags again (co-occurrence)."""

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[str] = []
        self._cols: list[object] = []
        self._cells: list[list[int]] = []
        self._mode = COUNTS
        self._values: list[list[float]] = []
        self._top = 1.0

    def set_table(
        self, rows: Sequence[str], cols: Sequence[object], cells: Sequence[Sequence[int]]
    ) -> None:
        self.beginResetModel()
        self._rows, self._cols = list(rows), list(cols)
        self._cells = [list(line) for line in cells]
        self._compute()
        self.endResetModel()

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        self._mode = mode
        self._compute()
        if self._rows and self._cols:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self._cols) - 1)
            )

    def _compute(self) -> None:
        cells = self._cells
        if self._mode == ROW_PERCENT:
            totals = [sum(line) for line in cells]
            self._values = [
                [100 * n / t if t else 0.0 for n in line]
                for line, t in zip(cells, totals, strict=True)
            ]
        elif self._mode == COLUMN_PERCENT:
            totals = [sum(line[j] for line in cells) for j in range(len(self._cols))]
            self._values = [
                [100 * n / t if t else 0.0 for n, t in zip(line, totals, strict=True)]
                for line in cells
            ]
        else:
            self._values = [[float(n) for n in line] for line in cells]
        self._top = max((v for line in self._values for v in line), default=0.0) or 1.0

    def row_label(self, row: int) -> str:
        return self._rows[row]

    def column_value(self, column: int) -> object:
        return self._cols[column]

    def count(self, row: int, column: int) -> int:
        return self._cells[row][column]

    # --- Qt ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cols)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.parent().isValid():
            return None
        value = self._values[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(round(value)) if self._mode == COUNTS else f"{value:.1f}"
        if role == SORT_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and value > 0:
            shade = QColor(_HEAT)
            shade.setAlphaF(0.6 * value / self._top)
            return shade
        if role == Qt.ItemDataRole.ToolTipRole:
            count = self._cells[index.row()][index.column()]
            return f"{self._rows[index.row()]} × {self._header(index.column())}: {count}"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return self._rows[section] if 0 <= section < len(self._rows) else None
        return self._header(section) if 0 <= section < len(self._cols) else None

    def _header(self, column: int) -> str:
        value = self._cols[column]
        return "(unknown)" if value is None or value == "" else str(value)
