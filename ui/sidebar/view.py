"""The sidebar's card list: one column of cards of their own heights.

A table, not a QListView: a list view lays every row out again after any insert or change,
calling into Python for each card's size (thousands of calls for a busy article). Here each
row's height is set when its card appears or changes (the delegate remembers the cards), and
the vertical header keeps the rows' positions in C++.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)


class _CardsOnly(QProxyStyle):
    """The application's style, minus the row fill a table paints under a selected cell: a
    card paints its own selection (a list view never painted that fill)."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element != QStyle.PrimitiveElement.PE_PanelItemViewRow:
            super().drawPrimitive(element, option, painter, widget)


class AnnotationListView(QTableView):
    """Delete/Backspace and Enter act on the current card; mouse presses are told apart."""

    deleteRequested = Signal()
    editRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mouse_pressing = False
        self._fitted_width = -1  # the viewport width all rows were last fitted to
        self.horizontalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        rows = self.verticalHeader()
        rows.hide()
        rows.setMinimumSectionSize(1)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # heights are set, not measured
        self.setShowGrid(False)
        self.setCornerButtonEnabled(False)
        self.setTabKeyNavigation(False)  # Tab leaves the list, as from a list view
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # On the application's style (a bare QProxyStyle would wrap the desktop's default);
        # a widget does not own its style, so it is kept here.
        self._style = _CardsOnly(QApplication.style().name())
        self._style.setParent(self)
        self.setStyle(self._style)

    # --- row heights --------------------------------------------------------------------
    def setModel(self, model: QAbstractItemModel | None) -> None:
        old = self.model()
        if old is not None:
            old.rowsInserted.disconnect(self._rows_inserted)
            old.dataChanged.disconnect(self._data_changed)
            old.modelReset.disconnect(self._refit)
            old.layoutChanged.disconnect(self._refit)
        super().setModel(model)
        if model is not None:  # connected after the header's own slots: the rows exist
            model.rowsInserted.connect(self._rows_inserted)
            model.dataChanged.connect(self._data_changed)
            model.modelReset.connect(self._refit)
            model.layoutChanged.connect(self._refit)
        self.fit_rows()

    def setItemDelegate(self, delegate: QAbstractItemDelegate) -> None:
        super().setItemDelegate(delegate)
        self.fit_rows()

    def fit_rows(self, first: int = 0, last: int | None = None) -> None:
        """Give rows first..last (all by default) their cards' heights."""
        model = self.model()
        if model is None:
            return
        if last is None:
            self._fitted_width = self.viewport().width()
        last = model.rowCount() - 1 if last is None else last
        if last < first:
            return
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        delegate, header = self.itemDelegate(), self.verticalHeader()
        for row in range(first, last + 1):
            index = model.index(row, 0)
            header.resizeSection(row, delegate.sizeHint(option, index).height())

    def _refit(self, *_changed: object) -> None:  # (layoutChanged tells parents and a hint)
        self.fit_rows()

    def _rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        self.fit_rows(first, last)

    def _data_changed(self, top: QModelIndex, bottom: QModelIndex, _roles: object = None) -> None:
        self.fit_rows(top.row(), bottom.row())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)  # (the viewport's resizes come here too)
        if self.viewport().width() != self._fitted_width:
            self.fit_rows()  # wrapped to the new width

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_rows()

    # --- keys and mouse -----------------------------------------------------------------
    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        if action in (
            QAbstractItemView.CursorAction.MoveHome,
            QAbstractItemView.CursorAction.MoveEnd,
        ):  # Home and End go to the first and last card, as in a list
            modifiers |= Qt.KeyboardModifier.ControlModifier
        return super().moveCursor(action, modifiers)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.deleteRequested.emit()
        elif plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.editRequested.emit()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.mouse_pressing = True
        try:
            super().mousePressEvent(event)
        finally:
            self.mouse_pressing = False
