"""Importing from the window: pick files or a folder (or drop them), watch progress, read a report.

The import itself runs on a worker thread (ui.transfer.workers.ImportWorker); this module only asks
for paths, shows a cancellable progress dialog and the report, and announces the new articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.common import file_dialogs, folders
from ui.session.session import Session
from ui.transfer.import_progress import ImportProgress
from ui.transfer.progress import close_progress, progress_dialog
from ui.transfer.workers import ImportWorker

if TYPE_CHECKING:  # the importers load with the first import, not at start-up
    from models.import_report import ImportReport

IMPORTABLE_PATTERNS = (
    "*.txt *.html *.htm *.xhtml *.csv *.tsv *.json *.jsonl *.ndjson *.gz *.md *.markdown"
    " *.xml *.rss *.atom *.rdf *.docx *.odt *.rtf *.pdf"
)
FILE_FILTER = f"Articles ({IMPORTABLE_PATTERNS});;All files (*)"


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def summarize(report: ImportReport) -> str:
    """Problems first: '2 files failed; 3,784 imported, 4 duplicates, 36 rows skipped (no
    text)' (only the parts that happened; prefixed when the import was cancelled or
    stopped)."""
    problems = [_plural(len(report.failed), "file") + " failed"] if report.failed else []
    parts = [f"{len(report.imported):,} imported"]
    if report.duplicates:
        parts.append(_plural(len(report.duplicates), "duplicate"))
    rows = report.rows_skipped()
    if rows:
        parts.append(f"{_plural(rows, 'row')} skipped (no text)")
    if report.skipped:
        parts.append(f"{_plural(len(report.skipped), 'file')} skipped (not articles)")
    if report.updated:
        parts.append(f"{len(report.updated):,} updated")
    text = "; ".join([*problems, ", ".join(parts)])
    if report.stopped:
        return f"Import stopped ({report.stopped}): {text}"
    return f"Import cancelled: {text}" if report.cancelled else text


def report_details(report: ImportReport) -> str:
    """The report as plain text, one file per line, grouped (shown and copied as is)."""
    sections: list[str] = []
    if report.failed:
        lines = [f"  {Path(f.path).name} — {f.error}" for f in report.failed]
        sections.append("\n".join([f"Failed ({len(report.failed):,})", *lines]))
    rows = report.rows_without_text()
    if rows:
        lines = [f"  {note}" for note in rows]
        sections.append("\n".join([f"Rows skipped, no text ({report.rows_skipped():,})", *lines]))
    if report.duplicates:
        lines = [
            f"  {Path(d.path).name} — already in the library as #{d.id}" for d in report.duplicates
        ]
        sections.append("\n".join([f"Duplicates ({len(report.duplicates):,})", *lines]))
    if report.updated:
        lines = [
            f"  {u.title or '(untitled)'} — #{u.id}: "
            + ", ".join(f"{n} {state}" for state, n in u.annotations.items())
            for u in report.updated
        ]
        sections.append(
            "\n".join([f"Updated, highlights carried over ({len(report.updated):,})", *lines])
        )
    if report.skipped:
        lines = [f"  {Path(f.path).name} — {f.error}" for f in report.skipped]
        title = f"Skipped, not a format Gloss reads ({len(report.skipped):,})"
        sections.append("\n".join([title, *lines]))
    if report.exchanged:
        lines = [f"  {line}" for line in report.exchanged]
        sections.append("\n".join(["Projects and annotation files", *lines]))
    listed = set(rows)
    others = [warning for warning in report.warnings if warning not in listed]
    if others:
        lines = [f"  {warning}" for warning in others]
        sections.append("\n".join([f"Warnings ({len(others):,})", *lines]))
    if report.imported:
        lines = [f"  {i.title or '(untitled)'} — {Path(i.path).name}" for i in report.imported]
        sections.append("\n".join([f"Imported ({len(report.imported):,})", *lines]))
    if report.cancelled:
        sections.append("The import was cancelled; files not listed here were not imported.")
    if report.stopped:
        sections.insert(
            0,
            f"The import stopped: {report.stopped}. Only the files listed as "
            "imported are in the library.",
        )
    return "\n\n".join(sections) or "No files were found to import."


class ImportReportDialog(QDialog):
    """What an import did, file by file, in selectable text with a Copy button."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setObjectName("importReport")
        self.setWindowTitle("Import cancelled" if report.cancelled else "Import finished")
        self.summary = QLabel(summarize(report), self)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.details = QPlainTextEdit(report_details(report), self)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)  # no sideways scroll
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton("Copy", self)
        self.copy_button.setToolTip("Copy the report to the clipboard")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def text(self) -> str:
        return f"{self.summary.text()}\n\n{self.details.toPlainText()}"

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())


class ImportController(QObject):
    """Runs one import at a time for the window; tests call `import_paths` (no dialogs first)."""

    importStarted = Signal()
    importFinished = Signal(object)  # ImportReport
    importFailed = Signal(str)
    statusMessage = Signal(str)  # a line for the status bar

    def __init__(self, parent_widget: QWidget, session: Session) -> None:
        super().__init__(parent_widget)
        self._parent = parent_widget
        self._session = session
        self._worker: ImportWorker | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.last_report_dialog: ImportReportDialog | None = None
        self.progress = ImportProgress()  # what the progress dialog shows
        self._show_report = True
        # File ▸ "New versions update their articles" (import --update): an incoming article
        # the library has in another version updates it, its highlights re-anchored.
        self.update_existing = False

    def import_files(self) -> None:
        paths = file_dialogs.open_file_names(
            self._parent, "Import articles", folders.last_folder(), FILE_FILTER
        )
        if paths:
            folders.remember(paths[0])
            self.import_paths(paths)

    def import_folder(self) -> None:
        folder = file_dialogs.existing_directory(
            self._parent, "Import a folder of articles", folders.last_folder()
        )
        if folder:
            folders.remember(folder, is_folder=True)
            self.import_paths([folder])

    def is_busy(self) -> bool:
        return self._worker is not None

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def import_paths(
        self, paths: Sequence[Path | str], format: str | None = None, *, report: bool = True
    ) -> bool:
        """Start importing files and folders; False when an import is already running.

        `report=False` (the samples: a few small files) shows neither a progress dialog nor
        the report; a status message says enough.
        """
        if self._worker is not None or not paths:
            return False
        self._show_report = report
        worker = ImportWorker(paths, format, update=self.update_existing)
        dialog = None
        if report:
            dialog = progress_dialog(
                self._parent,
                "importProgress",
                "Importing articles",
                "Looking for files…",
                worker.cancel,
            )
        self.progress = ImportProgress()
        worker.progress.connect(self._on_progress)
        worker.itemsProgress.connect(self._on_items)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        self._worker, self.progress_dialog = worker, dialog
        if dialog is not None:
            dialog.setValue(0)  # starts the minimum-duration clock
        worker.start()
        self.importStarted.emit()
        return True

    def _on_progress(self, done: int, total: int, path: str) -> None:
        self.progress.set_file(done, total, path)
        self._show_progress()

    def _on_items(self, stage: str, done: int, total: int) -> None:
        self.progress.set_items(stage, done, total)
        self._show_progress()

    def _show_progress(self) -> None:
        dialog = self.progress_dialog
        if dialog is None or dialog.wasCanceled():
            return
        dialog.setLabelText(self.progress.label())
        value, maximum = self.progress.bar()
        dialog.setMaximum(maximum)
        dialog.setValue(value)  # may process events (modal dialog): keep this call last

    def _end(self) -> None:
        self._worker = None
        dialog, self.progress_dialog = self.progress_dialog, None
        close_progress(dialog)

    def _on_finished(self, report: ImportReport) -> None:
        self._end()
        if report.imported:
            self._session.articles_added()
        self._session.articles_updated([item.id for item in report.updated])
        self.statusMessage.emit(summarize(report))
        if not self._show_report and not report.failed:
            self.importFinished.emit(report)
            return
        dialog = ImportReportDialog(report, self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # not exec(): the window (and the tests) keep running
        self.last_report_dialog = dialog
        self.importFinished.emit(report)

    def _on_failed(self, message: str) -> None:
        self._end()
        self._session.articles_added()  # files before the failure may have been imported
        self.statusMessage.emit("The import stopped with an error")
        QMessageBox.warning(self._parent, "Import stopped", f"The import stopped: {message}.")
        self.importFailed.emit(message)


class ImportDropFilter(QObject):
    """Event filter that turns files dropped on a widget into an import."""

    def __init__(self, controller: ImportController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._controller = controller

    @staticmethod
    def local_paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[str]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent | QDragMoveEvent)
            if self.local_paths(event) and not self._controller.is_busy():
                event.acceptProposedAction()
                return True
            return False
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            paths = self.local_paths(event)
            if not paths:
                return False
            event.acceptProposedAction()
            # Start after the drop returns: the file manager waits for it to finish.
            QTimer.singleShot(0, lambda: self._controller.import_paths(paths))
            return True
        return False


def accept_drops(widget: QWidget, controller: ImportController) -> ImportDropFilter:
    """Let `widget` (and its viewport, for lists and text views) take dropped files."""
    drop_filter = ImportDropFilter(controller, widget)
    targets: list[QWidget] = [widget]
    if isinstance(widget, QAbstractScrollArea):
        targets.append(widget.viewport())
    for target in targets:
        target.setAcceptDrops(True)
        target.installEventFilter(drop_filter)
    return drop_filter
