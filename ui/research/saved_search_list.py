"""The saved searches: a list to click (apply), rename in place (F2) and delete (Delete).

Dialogs are injected (`ask_name`, `confirm`) so tests and other windows can answer them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.errors import LibraryError
from models.saved_searches import (
    SavedSearchInfo,
    delete_saved_search,
    find_saved_search,
    list_saved_searches,
    rename_saved_search,
    save_search,
)
from models.search import parse_query

AskName = Callable[[QWidget, str], str | None]  # (parent, suggested name) → name or None
Confirm = Callable[[QWidget, str], bool]  # (parent, question) → yes?
QueryRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


def _ask_name(parent: QWidget, suggested: str) -> str | None:
    name, ok = QInputDialog.getText(parent, "Save search", "Name of this search:", text=suggested)
    return name if ok else None


def _confirm(parent: QWidget, question: str) -> bool:
    answer = QMessageBox.question(parent, "Saved searches", question)
    return answer == QMessageBox.StandardButton.Yes


class SavedSearchModel(QAbstractListModel):
    """Saved searches by name; editing a name renames the search in the library."""

    renameFailed = Signal(str)  # the reason, a plain sentence

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._searches: list[SavedSearchInfo] = []

    def refresh(self) -> None:
        self.beginResetModel()
        self._searches = list_saved_searches()
        self.endResetModel()

    def search_at(self, row: int) -> SavedSearchInfo:
        return self._searches[row]

    def row_of(self, search_id: int) -> int:
        return next((n for n, s in enumerate(self._searches) if s.id == search_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._searches)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.checkIndex(index, QAbstractListModel.CheckIndexOption.IndexIsValid):
            return None
        search = self._searches[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return search.name
        if role in (Qt.ItemDataRole.ToolTipRole, QueryRole):
            return search.query
        if role == IdRole:
            return search.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.isValid() else flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        search = self._searches[index.row()]
        try:
            renamed = rename_saved_search(search.id, str(value))
        except LibraryError as exc:
            self.renameFailed.emit(str(exc))
            return False
        self._searches[index.row()] = renamed
        self.dataChanged.emit(index, index)
        QTimer.singleShot(0, self.refresh)  # the new name sorts elsewhere; not inside an edit
        return True


class SavedSearchList(QWidget):
    applied = Signal(str)  # the query of the saved search the user picked

    def __init__(
        self,
        current_query: Callable[[], str],
        parent: QWidget | None = None,
        *,
        ask_name: AskName | None = None,
        confirm: Confirm | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("savedSearches")
        self._current_query = current_query
        self._ask_name = ask_name or _ask_name
        self._confirm = confirm or _confirm
        self.model = SavedSearchModel(self)
        self.model.renameFailed.connect(self._say)
        self.view = QListView(self)
        self.view.setObjectName("savedSearchList")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.clicked.connect(lambda index: self.apply_row(index.row()))
        self.view.installEventFilter(self)
        self.save_button = QPushButton("Save current…", self)
        self.save_button.setObjectName("saveSearch")
        self.save_button.clicked.connect(self.save_current)
        rename = QPushButton("Rename", self)
        rename.setObjectName("renameSearch")
        rename.clicked.connect(self.rename_current)
        delete = QPushButton("Delete", self)
        delete.setObjectName("deleteSearch")
        delete.clicked.connect(self.delete_current)
        self.message = QLabel(self)
        self.message.setObjectName("savedSearchMessage")
        self.message.setWordWrap(True)

        buttons = QHBoxLayout()
        for button in (self.save_button, rename, delete):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.model.refresh()

    def save_current(self) -> SavedSearchInfo | None:
        """Ask a name and save the current query; a taken name is replaced only if confirmed."""
        query = self._current_query().strip()
        if not query:
            self._say("Nothing to save: type a search or choose a filter first.")
            return None
        try:
            parse_query(query)
        except LibraryError as exc:
            self._say(f"This search cannot be saved: {exc}")
            return None
        name = self._ask_name(self, query if len(query) <= 40 else query[:39] + "…")
        if name is None or not name.strip():
            return None
        try:
            taken = find_saved_search(name)
            if taken is not None and not self._confirm(
                self, f"Replace the saved search “{taken.name}”?\nIt searches for: {taken.query}"
            ):
                return None
            saved = save_search(name, query)
        except LibraryError as exc:
            self._say(str(exc))
            return None
        self.model.refresh()
        self.view.setCurrentIndex(self.model.index(self.model.row_of(saved.id)))
        self._say(f"Saved “{saved.name}”.")
        return saved

    def apply_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.applied.emit(self.model.search_at(row).query)

    def rename_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(index)

    def delete_current(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        search = self.model.search_at(index.row())
        if not self._confirm(self, f"Delete the saved search “{search.name}”?"):
            return
        try:
            delete_saved_search(search.id)
        except LibraryError as exc:
            self._say(str(exc))
        self.model.refresh()
        self._say(f"Deleted “{search.name}”.")

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and self.view.state() != QAbstractItemView.State.EditingState
        ):
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.delete_current()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.apply_row(self.view.currentIndex().row())
                return True
        return super().eventFilter(watched, event)
