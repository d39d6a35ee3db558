"""View ▸ Coder agreement: α per tag, and one article compared coder by coder.

The table is `models.agreement` on a worker thread. The compare view shows each coder's
highlights of one article side by side, lists where they split on a tag, and can take one
coder's version as the consensus.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from models.agreement import ARTICLE, CHARACTER, AgreementReport, TagAgreement, compute_agreement
from models.colors import NAMED_COLORS
from models.errors import LibraryError
from ui.reading.offsets import display_text, utf16_length
from ui.team.operations import TeamOperations
from ui.transfer.workers import Worker, run_in_thread

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Tag", "α", "Agreement %", "Units")


class AgreementModel(QAbstractTableModel):
    """One row per tag of an AgreementReport."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: tuple[TagAgreement, ...] = ()

    def set_report(self, report: AgreementReport | None) -> None:
        self.beginResetModel()
        self.rows = report.tags if report is not None else ()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return "    " * row.tag.count("/") + row.tag.rsplit("/", 1)[-1]
            value = (row.alpha, row.agreement, row.units)[index.column() - 1]
            if value is None:
                return "—"
            return ("{:.3f}", "{:.1f}", "{}")[index.column() - 1].format(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tag
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class AgreementDialog(QDialog):
    def __init__(self, operations: TeamOperations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agreementDialog")
        self.setWindowTitle("Coder agreement")
        self.operations = operations
        self.report: AgreementReport | None = None
        self.unit = QComboBox(self)
        self.unit.setObjectName("agreementUnit")
        self.unit.addItem("Characters", CHARACTER)
        self.unit.addItem("Articles", ARTICLE)
        self.unit.currentIndexChanged.connect(self.refresh)
        self.status = QLabel(self)
        self.status.setObjectName("agreementStatus")
        self.status.setWordWrap(True)
        self.model = AgreementModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("agreementTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.compare = CompareView(operations, self)

        top = QHBoxLayout()
        top.addWidget(QLabel("Unit:", self))
        top.addWidget(self.unit)
        top.addWidget(self.status, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.compare)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.resize(900, 700)
        self.worker: Worker | None = None
        self.refresh()

    def refresh(self) -> None:
        """Compute the table again (on a worker thread)."""
        unit = self.unit.currentData()
        self.status.setText("Computing…")
        self.worker = run_in_thread(lambda: compute_agreement(unit), self._show, self._failed)

    def _show(self, report: object) -> None:
        assert isinstance(report, AgreementReport)
        self.report = report
        self.model.set_report(report)
        self.status.setText(
            f"{len(report.coders)} coders ({', '.join(report.coders)}), "
            f"{len(report.articles)} article(s) coded by all of them"
        )
        self.compare.set_articles(report.articles)

    def _failed(self, reason: str) -> None:
        self.report = None
        self.model.set_report(None)
        self.status.setText(reason)
        self.compare.set_articles(())


class CompareView(QWidget):
    """One article, each coder's highlights in a pane of their own, and the disagreements."""

    def __init__(self, operations: TeamOperations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.operations = operations
        self.article = QComboBox(self)
        self.article.setObjectName("compareArticle")
        self.article.currentIndexChanged.connect(self.show_article)
        self.accept_coder = QComboBox(self)
        self.accept_coder.setObjectName("acceptCoder")
        self.accept_button = QPushButton("Accept as consensus", self)
        self.accept_button.setObjectName("acceptVersion")
        self.accept_button.setToolTip("Copy this coder's highlights of the article to 'consensus'")
        self.accept_button.clicked.connect(self.accept_version)
        self.panes = QHBoxLayout()
        self.disagreements = QListWidget(self)
        self.disagreements.setObjectName("disagreements")
        row = QHBoxLayout()
        row.addWidget(QLabel("Compare article:", self))
        row.addWidget(self.article, 1)
        row.addWidget(self.accept_coder)
        row.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addLayout(self.panes, 3)
        layout.addWidget(QLabel("Where the coders split:", self))
        layout.addWidget(self.disagreements, 1)
        self.editors: dict[str, QTextEdit] = {}

    def set_articles(self, article_ids: tuple[int, ...] | list[int]) -> None:
        self.article.blockSignals(True)
        self.article.clear()
        for article_id in article_ids:
            self.article.addItem(self.operations.article_title(article_id), article_id)
        self.article.blockSignals(False)
        self.show_article()

    def show_article(self) -> None:
        for editor in self.editors.values():
            self.panes.removeWidget(editor)
            editor.deleteLater()
        self.editors = {}
        self.disagreements.clear()
        self.accept_coder.clear()
        article_id = self.article.currentData()
        self.accept_button.setEnabled(article_id is not None)
        if article_id is None:
            return
        view = self.operations.compare(article_id)
        for coder in view.coders:
            editor = QTextEdit(self)
            editor.setObjectName(f"coderPane:{coder}")
            editor.setReadOnly(True)
            editor.setPlainText(display_text(view.text))
            _paint(editor, view.text, [m for m in view.marks if m.coder == coder])
            editor.setToolTip(f"{coder}'s highlights")
            box = editor
            self.panes.addWidget(box)
            self.editors[coder] = editor
            self.accept_coder.addItem(coder, coder)
        for line in view.lines:
            self.disagreements.addItem(line)
        if not view.lines:
            self.disagreements.addItem("No disagreements: every coder tagged the same text.")

    def accept_version(self) -> None:
        article_id, coder = self.article.currentData(), self.accept_coder.currentData()
        if article_id is not None and coder is not None:
            try:
                self.operations.accept_version(article_id, coder)
            except LibraryError:
                pass  # the Session said why (writeFailed)
            self.show_article()


def _paint(editor: QTextEdit, text: str, marks: list[Any]) -> None:
    cursor = QTextCursor(editor.document())
    for mark in marks:
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(NAMED_COLORS.get(mark.color, "#ffe066")))
        fmt.setToolTip(", ".join(mark.tags) or "(no tags)")
        cursor.setPosition(utf16_length(text[: mark.start]))
        cursor.setPosition(utf16_length(text[: mark.end]), QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)
