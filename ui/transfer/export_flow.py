"""Exporting annotations from the window: choose what and in which format, choose where, write
off-thread (CSV, REFI-QDA project, W3C Web Annotation, Markdown).

The file is written by ui.transfer.workers.ExportWorker through models.export, the same writer
as the command line, into a temporary file that replaces the target only when complete.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models.export_formats import FORMATS, LABELS, SUFFIXES
from ui.common import file_dialogs, folders
from ui.library.view import ArticleListView
from ui.session.session import Session
from ui.transfer.progress import close_progress, progress_dialog
from ui.transfer.workers import ExportWorker

ARTICLE, FILTER, LIBRARY = "article", "filter", "library"
SCOPES = (ARTICLE, FILTER, LIBRARY)
CSV_FILTER = "CSV files (*.csv);;All files (*)"
FILE_FILTERS = {
    "csv": CSV_FILTER,
    "qdpx": "REFI-QDA projects (*.qdpx);;All files (*)",
    "w3c": "JSON-LD files (*.jsonld *.json);;All files (*)",
    "markdown": "Markdown files (*.md);;All files (*)",
}


def default_file_name(today: dt.date | None = None, fmt: str = "csv") -> str:
    return f"gloss-annotations-{(today or dt.date.today()).isoformat()}{SUFFIXES[fmt]}"


class ExportDialog(QDialog):
    """Which annotations to export, and whether to make the file safe for spreadsheets."""

    def __init__(
        self,
        *,
        article_open: bool,
        filter_text: str,
        filter_count: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export annotations")
        self.buttons_by_scope = {
            ARTICLE: QRadioButton("&This article", self),
            FILTER: QRadioButton(f"Articles &matching the current filter ({filter_count:,})", self),
            LIBRARY: QRadioButton("&Whole library", self),
        }
        self.buttons_by_scope[ARTICLE].setEnabled(article_open)
        self.buttons_by_scope[FILTER].setEnabled(bool(filter_text))
        if filter_text:
            self.buttons_by_scope[FILTER].setToolTip(
                f"Articles matching this search: {filter_text}"
            )
        group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Export the highlights and notes of:", self))
        for button in self.buttons_by_scope.values():
            group.addButton(button)
            layout.addWidget(button)
        default = FILTER if filter_text else ARTICLE if article_open else LIBRARY
        self.buttons_by_scope[default].setChecked(True)

        self.format = QComboBox(self)
        self.format.setObjectName("exportFormat")
        for fmt in FORMATS:
            self.format.addItem(LABELS[fmt], fmt)
        format_label = QLabel("&Format:", self)
        format_label.setBuddy(self.format)
        layout.addSpacing(8)
        layout.addWidget(format_label)
        layout.addWidget(self.format)

        self.safe = QCheckBox("&Spreadsheet-safe (recommended)", self)
        self.safe.setChecked(True)
        self.safe.setToolTip(
            "Adds a byte-order mark so Excel reads accents correctly, and stops cells that "
            "start with = + - @ from running as formulas. Untick for plain UTF-8, values as is."
        )
        layout.addWidget(self.safe)
        self.variables = QCheckBox("Article &variables as columns", self)
        self.variables.setToolTip(
            "Adds an attr:NAME column per article variable (country, wave…) after the usual "
            "columns, as `export --attributes` does. The other formats always carry them."
        )
        layout.addWidget(self.variables)
        self.format.currentIndexChanged.connect(self._format_chosen)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def scope(self) -> str:
        return next(s for s, b in self.buttons_by_scope.items() if b.isChecked())

    def raw(self) -> bool:
        return not self.safe.isChecked()

    def with_variables(self) -> bool:
        return self.variables.isChecked() and self.variables.isEnabled()

    def _format_chosen(self) -> None:
        csv = self.export_format() == "csv"  # the options only a CSV has
        self.safe.setEnabled(csv)
        self.variables.setEnabled(csv)

    def export_format(self) -> str:
        return str(self.format.currentData())


class ExportController(QObject):
    """Runs one export at a time; tests call `export_to` (no dialogs before the work)."""

    exportFinished = Signal(str, int)  # path, annotations written
    exportFailed = Signal(str)  # the message shown
    exportCancelled = Signal()
    statusMessage = Signal(str)

    def __init__(
        self, parent_widget: QWidget, session: Session, article_list_view: ArticleListView
    ) -> None:
        super().__init__(parent_widget)
        self._parent = parent_widget
        self._session = session
        self._view = article_list_view
        self._worker: ExportWorker | None = None
        self.progress_dialog: QProgressDialog | None = None

    def is_busy(self) -> bool:
        return self._worker is not None

    def export_annotations(self) -> None:
        """The menu action: scope dialog, then a file name, then the export."""
        if self.is_busy():
            return
        model = self._view.model()
        dialog = ExportDialog(
            article_open=self._session.article_id is not None,
            filter_text=model.filter_text(),
            filter_count=model.total_count(),
            parent=self._parent,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        path, _ = file_dialogs.save_file_name(
            self._parent,
            "Export annotations",
            str(Path(folders.last_folder()) / default_file_name(fmt=dialog.export_format())),
            FILE_FILTERS[dialog.export_format()],
        )
        if not path:
            return
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(SUFFIXES[dialog.export_format()])
        folders.remember(target)
        self.export_to(
            target,
            dialog.scope(),
            raw=dialog.raw(),
            fmt=dialog.export_format(),
            variables=dialog.with_variables(),
        )

    def export_to(
        self,
        path: Path | str,
        scope: str,
        raw: bool = False,
        fmt: str = "csv",
        variables: bool = False,
    ) -> bool:
        """Start writing the scope's annotations to `path` (`variables`: the CSV's attr:NAME
        columns); False if an export is running."""
        if self._worker is not None:
            return False
        target = Path(path)
        if scope == ARTICLE:
            if self._session.article_id is None:
                raise ValueError("no article is open")
            ids = [self._session.article_id]
            worker = ExportWorker(target, article_ids=ids, raw=raw, fmt=fmt, variables=variables)
        elif scope == FILTER and self._view.model().filter_text():
            text = self._view.model().filter_text()
            worker = ExportWorker(target, filter_text=text, raw=raw, fmt=fmt, variables=variables)
        elif scope in (FILTER, LIBRARY):
            worker = ExportWorker(target, raw=raw, fmt=fmt, variables=variables)
        else:
            raise ValueError(f"unknown export scope '{scope}'")
        dialog = progress_dialog(
            self._parent,
            "exportProgress",
            "Exporting annotations",
            "Writing annotations…",
            worker.cancel,
        )
        worker.progress.connect(self._on_progress)
        worker.finished.connect(lambda count: self._on_finished(target, count))
        worker.failed.connect(self._on_failed)
        worker.cancelled.connect(self._on_cancelled)
        self._worker, self.progress_dialog = worker, dialog
        dialog.setValue(0)
        worker.start()
        return True

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def _on_progress(self, count: int, _total: int, _item: str) -> None:
        dialog = self.progress_dialog
        if dialog is not None and not dialog.wasCanceled():
            dialog.setLabelText(f"Writing annotations… {count:,} so far")
            dialog.setValue(0)  # keeps the busy indicator moving

    def _end(self) -> None:
        self._worker = None
        dialog, self.progress_dialog = self.progress_dialog, None
        close_progress(dialog)

    def _on_finished(self, target: Path, count: int) -> None:
        self._end()
        noun = "annotation" if count == 1 else "annotations"
        message = f"{count:,} {noun} written to {target}"
        self.statusMessage.emit(message)  # no dialog: nothing needs acknowledging
        self.exportFinished.emit(str(target), count)

    def _on_failed(self, reason: str) -> None:
        self._end()
        message = f"The annotations could not be exported: {reason}."
        self.statusMessage.emit("Export failed")
        QMessageBox.warning(self._parent, "Export failed", message)
        self.exportFailed.emit(message)

    def _on_cancelled(self) -> None:
        self._end()
        self.statusMessage.emit("Export cancelled; no file was written")
        self.exportCancelled.emit()
