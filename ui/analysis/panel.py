"""View ▸ Analysis: tags by outlet, month, year or variable, tag co-occurrence, and charts.

Nothing is counted until the dock is shown, and matplotlib (with its Qt canvas) is imported
only when a chart is first drawn, so opening the window costs nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.attributes import attribute_names
from models.charts import KINDS as CHART_KINDS
from models.crosstab import Filters, cooccurrence, crosstab
from models.errors import LibraryError
from ui.analysis.table_model import MODES, SORT_ROLE, CountTableModel
from ui.common import file_dialogs
from ui.session.session import Session
from ui.shell.errors import show_error

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CO_OCCURRENCE = "co-occurrence"
_COLUMNS = ("source", "month", "year", "coder")


class AnalysisPanel(QWidget):
    """A table (crosstab or co-occurrence) and a chart tab, refreshed when codes change.
    Activating a cell asks for the coded passages behind it (`passagesWanted`, a query)."""

    passagesWanted = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._stale = True
        self.columns = QComboBox()
        self.columns.setAccessibleName("Columns")
        self.count = QComboBox()
        self.count.addItems(["annotations", "articles"])
        self.level = QSpinBox()
        self.level.setRange(0, 9)
        self.level.setSpecialValueText("all levels")
        self.mode = QComboBox()
        self.mode.addItems(list(MODES))
        self.model = CountTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setObjectName("analysisTable")
        self.chart_kind = QComboBox()
        self.chart_kind.addItems(list(CHART_KINDS))
        self.save_button = QPushButton("Save as PNG, SVG or PDF…")
        self.chart_box = QVBoxLayout()
        self.figure: Figure | None = None
        self._canvas: QWidget | None = None
        self._build()
        session.annotationsChanged.connect(self._mark_stale)
        session.tagsChanged.connect(self._mark_stale)

    def _build(self) -> None:
        controls = QHBoxLayout()
        for label, widget in (
            ("Columns", self.columns),
            ("Count", self.count),
            ("Tag levels", self.level),
            ("Show", self.mode),
        ):
            controls.addWidget(QLabel(label))
            controls.addWidget(widget)
        controls.addStretch(1)
        table_page = QWidget()
        table_layout = QVBoxLayout(table_page)
        table_layout.addLayout(controls)
        table_layout.addWidget(self.table)
        chart_page = QWidget()
        chart_controls = QHBoxLayout()
        chart_controls.addWidget(QLabel("Chart"))
        chart_controls.addWidget(self.chart_kind)
        chart_controls.addStretch(1)
        chart_controls.addWidget(self.save_button)
        chart_layout = QVBoxLayout(chart_page)
        chart_layout.addLayout(chart_controls)
        chart_layout.addLayout(self.chart_box, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(table_page, "Table")
        self.tabs.addTab(chart_page, "Chart")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        for combo in (self.columns, self.count, self.chart_kind):
            combo.currentIndexChanged.connect(self.refresh)
        self.level.valueChanged.connect(self.refresh)
        self.mode.currentTextChanged.connect(self.model.set_mode)
        self.tabs.currentChanged.connect(self.refresh)
        self.save_button.clicked.connect(self.save_chart)
        self.table.activated.connect(self._cell_activated)

    def _cell_activated(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        tag = self.model.row_label(source.row())
        value = self.model.column_value(source.column())
        self.passagesWanted.emit(cell_query(self.columns.currentText(), tag, value))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _mark_stale(self, *_args: object) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def filters(self) -> Filters:
        return Filters(level=self.level.value() or None)

    def refresh(self) -> None:
        """Count again (and redraw the chart when its tab is showing)."""
        self._stale = False
        self._fill_columns()
        choice = self.columns.currentText()
        try:
            if choice == CO_OCCURRENCE:
                found = cooccurrence(self.filters())
                self.model.set_table(found.tags, found.tags, found.cells)
            else:
                table = crosstab(choice, self.count.currentText(), self.filters())
                self.model.set_table(table.rows, table.cols, table.cells)
            if self.tabs.currentIndex() == 1:
                self._draw_chart()
        except LibraryError as exc:
            show_error(self, str(exc))

    def _fill_columns(self) -> None:
        wanted = [*_COLUMNS, *(f"attr:{n}" for n in attribute_names()), CO_OCCURRENCE]
        current = [self.columns.itemText(i) for i in range(self.columns.count())]
        if wanted != current:
            chosen = self.columns.currentText()
            self.columns.blockSignals(True)
            self.columns.clear()
            self.columns.addItems(wanted)
            self.columns.setCurrentText(chosen if chosen in wanted else wanted[0])
            self.columns.blockSignals(False)

    def _draw_chart(self) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from models.charts import build_chart

        self.figure = build_chart(
            self.chart_kind.currentText(), self.count.currentText(), self.filters()
        )
        canvas = FigureCanvasQTAgg(self.figure)  # type: ignore[no-untyped-call]
        if self._canvas is not None:
            self.chart_box.removeWidget(self._canvas)
            self._canvas.deleteLater()
        self._canvas = canvas
        self.chart_box.addWidget(canvas)

    def save_chart(self) -> None:
        path, _filter = file_dialogs.save_file_name(
            self, "Save chart", f"{self.chart_kind.currentText()}.png", "Charts (*.png *.svg *.pdf)"
        )
        if not path:
            return
        from models.charts import save_chart

        try:
            save_chart(
                self.chart_kind.currentText(), Path(path), self.count.currentText(), self.filters()
            )
        except LibraryError as exc:
            show_error(self, f"Could not save the chart: {exc}")


def cell_query(columns: str, tag: str, value: object) -> str:
    """The search-language query for the passages behind a cell. Outlets match as `source:`
    does (contains); a co-occurrence cell finds the passages of either tag that share a
    character with one of the other (one passage carrying both among them)."""
    query = [_field("tag", tag)]
    if columns == CO_OCCURRENCE:
        if value != tag:
            other = _field("tag", str(value))
            overlaps = _field("overlaps", str(value)), _field("overlaps", tag)
            return f"({query[0]} {overlaps[0]}) OR ({other} {overlaps[1]})"
    elif columns == "source" and value:
        query.append(_field("source", str(value)))
    elif columns in ("month", "year"):
        query.append(_field("date", str(value)) if value else "-date:0001..9999")
    elif columns == "coder":
        query.append(_field("coder", str(value)))
    elif columns.startswith("attr:"):
        name = columns.removeprefix("attr:")
        query.append(f"attr:{name}={value}" if value is not None else f"-attr:{name}")
    return " ".join(query)


def _field(name: str, value: str) -> str:
    return (
        f'{name}:"{value}"' if any(c.isspace() or c in '()"' for c in value) else f"{name}:{value}"
    )
