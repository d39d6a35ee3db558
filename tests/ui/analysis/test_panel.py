"""The Analysis dock, driven with the mouse and keyboard, against the library's counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from models.annotating import annotate_quote
from models.attributes import set_attributes
from models.crosstab import crosstab
from ui.analysis.panel import AnalysisPanel, cell_query
from ui.analysis.table_model import COLUMN_PERCENT, ROW_PERCENT, CountTableModel
from ui.common import file_dialogs
from ui.session.session import Session

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


@pytest.fixture
def panel(library, add_article, qtbot) -> AnalysisPanel:  # type: ignore[no-untyped-def]
    for i, (source, tags) in enumerate(
        [("BBC", ["Frames/Economy"]), ("BBC", ["Frames/Conflict"]), ("Reuters", ["Frames/Economy"])]
    ):
        article = add_article(
            f"The grain deal number {i} was signed.", source=source, date=dt.date(2022, 3 + i, 1)
        )
        annotate_quote(article, "grain deal", 1, tags=tags)
    set_attributes([1, 2], {"wave": 1})
    widget = AnalysisPanel(Session())
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def cells(model: CountTableModel) -> list[list[str]]:
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_shows_the_crosstab_by_outlet_when_opened(panel: AnalysisPanel, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(panel.model)
    table = crosstab("source")
    assert [panel.model.row_label(r) for r in range(panel.model.rowCount())] == table.rows
    assert cells(panel.model) == [[str(n) for n in line] for line in table.cells]


def test_percentages_and_columns_from_the_keyboard(panel: AnalysisPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.mode.setFocus()
    qtbot.keyClick(panel.mode, Qt.Key.Key_Down)  # counts → row %
    assert panel.mode.currentText() == ROW_PERCENT
    assert cells(panel.model) == [["100.0", "0.0"], ["50.0", "50.0"]]
    qtbot.keyClick(panel.mode, Qt.Key.Key_Down)
    assert panel.mode.currentText() == COLUMN_PERCENT
    assert cells(panel.model) == [["50.0", "0.0"], ["50.0", "100.0"]]
    panel.columns.setFocus()
    panel.columns.setCurrentText("attr:wave")
    assert panel.model.column_value(0) == 1 and panel.model.column_value(1) is None


def test_sorting_by_a_column_orders_the_tags(panel: AnalysisPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    header = panel.table.horizontalHeader()
    x = header.sectionViewportPosition(1) + 5  # Reuters
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(x, 5),
    )
    order = [panel.proxy.headerData(r, Qt.Orientation.Vertical) for r in range(2)]
    assert sorted(order) == ["Frames/Conflict", "Frames/Economy"]
    values = [panel.proxy.data(panel.proxy.index(r, 1)) for r in range(2)]
    assert values in (["0", "1"], ["1", "0"])
    assert values == sorted(
        values, reverse=header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    )


def test_chart_tab_draws_and_saves(
    panel: AnalysisPanel, qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    panel.tabs.setCurrentIndex(1)
    assert panel.figure is not None and panel.figure.axes
    target = tmp_path / "chart.pdf"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes().startswith(b"%PDF")


def test_coder_columns_and_their_cells_passages(panel: AnalysisPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.columns.setFocus()
    qtbot.keyClicks(panel.columns, "coder")
    assert panel.columns.currentText() == "coder"
    table = crosstab("coder")
    assert [panel.model.column_value(c) for c in range(panel.model.columnCount())] == table.cols
    assert cells(panel.model) == [[str(n) for n in line] for line in table.cells]
    assert cell_query("coder", "Frames/Economy", "Ann Lee") == 'tag:Frames/Economy coder:"Ann Lee"'
