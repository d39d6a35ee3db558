"""The team's menu entries: File ▸ Merge library…, File ▸ Coder…, View ▸ Coder agreement…."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from models.coders import current_coder, set_coder
from models.merging import MergeReport
from ui.common import file_dialogs, folders
from ui.reading.pane import ReadingPane
from ui.shell.errors import show_error
from ui.sidebar.panel import AnnotationSidebar
from ui.team.agreement_dialog import AgreementDialog
from ui.team.coder import CoderDialog
from ui.team.operations import TeamOperations
from ui.transfer.workers import Worker, run_in_thread

MAX_CONFLICTS_SHOWN = 20


class TeamMenus:
    """Adds the entries to the window's File and View menus and runs what they ask for."""

    def __init__(
        self,
        window: QMainWindow,
        operations: TeamOperations,
        pane: ReadingPane,
        sidebar: AnnotationSidebar,
    ) -> None:
        self.window, self.pane, self.sidebar = window, pane, sidebar
        self.operations = operations
        self.dialog: AgreementDialog | None = None
        self.worker: Worker | None = None
        self.merge_action = _action(
            window, "&Merge library…", "mergeLibrary", "Bring another coder's library into this one"
        )
        self.merge_action.triggered.connect(self.choose_and_merge)
        self.coder_action = _action(
            window, "&Coder…", "chooseCoder", "The name recorded on the highlights you make"
        )
        self.coder_action.triggered.connect(self.choose_coder)
        self.agreement_action = _action(
            window,
            "Coder &agreement…",
            "coderAgreement",
            "Krippendorff's α per tag, and where coders disagree",
        )
        self.agreement_action.triggered.connect(self.show_agreement)
        self.blind_action = _action(
            window,
            "&Hide other coders' highlights",
            "blindCoding",
            "Blind coding: see only the highlights you made",
        )
        self.blind_action.setCheckable(True)
        self.blind_action.toggled.connect(self.set_blind)
        file_menu, view_menu = _menu(window, "&File"), _menu(window, "&View")
        if file_menu is not None and file_menu.actions():
            last = file_menu.actions()[-1]  # Quit stays last
            file_menu.insertActions(last, [self.merge_action, self.coder_action])
            file_menu.insertSeparator(last)
        if view_menu is not None:
            view_menu.addSeparator()
            view_menu.addActions([self.blind_action, self.agreement_action])

    def show_agreement(self) -> AgreementDialog:
        if self.dialog is None:
            self.dialog = AgreementDialog(self.operations, self.window)
        else:
            self.dialog.refresh()
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def set_blind(self, on: bool) -> None:
        """Show only the current coder's highlights in the text and the sidebar."""
        coder = current_coder() if on else None
        self.pane.set_only_coder(coder)
        self.sidebar.set_blind_coder(coder)

    def choose_coder(self) -> None:
        dialog = CoderDialog(self.window, current_coder())
        if dialog.exec() == CoderDialog.DialogCode.Accepted:
            set_coder(dialog.name_edit.text())
            if self.blind_action.isChecked():
                self.set_blind(True)

    def choose_and_merge(self) -> None:
        path = file_dialogs.open_file_name(
            self.window,
            "Merge library",
            folders.last_folder(),
            "Gloss libraries (*.sqlite *.db *.gloss);;All files (*)",
        )
        if path:
            folders.remember(path)
            self.merge(Path(path))

    def merge(self, path: Path) -> Worker:
        """Merge on a worker thread; the report (or the error) shows in a dialog."""
        self.merge_action.setEnabled(False)
        self.worker = run_in_thread(
            lambda: self.operations.merge(path), self._merged, self._merge_failed
        )
        return self.worker

    def _merged(self, report: object) -> None:
        assert isinstance(report, MergeReport)
        self.merge_action.setEnabled(True)
        self.operations.merged()
        text = report.summary()
        if report.conflicts:
            shown = report.conflicts[:MAX_CONFLICTS_SHOWN]
            more = len(report.conflicts) - len(shown)
            text += "\n\nConflicts (this library's version was kept):\n" + "\n".join(shown)
            if more:
                text += f"\n… and {more} more"
        QMessageBox.information(self.window, "Library merged", text)

    def _merge_failed(self, reason: str) -> None:
        self.merge_action.setEnabled(True)
        show_error(self.window, reason)


def _action(window: QMainWindow, text: str, name: str, tip: str) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    action.setStatusTip(tip)
    return action


def _menu(window: QMainWindow, title: str) -> QMenu | None:
    for action in window.menuBar().actions():
        if action.text() == title and action.menu() is not None:
            menu = action.menu()
            return menu if isinstance(menu, QMenu) else None
    return None
