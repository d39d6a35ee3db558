"""The window's actions, menus and toolbar, kept out of the window class itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPixmap,
    QUndoStack,
)
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QToolBar, QWidget

from models.colors import NAMED_COLORS
from ui.common.icons import icon

THEMES = ("light", "sepia", "dark")
ICON_PROPERTY = "glossIcon"  # the icon's name, so a theme change can recolour it
Keys = QKeySequence | QKeySequence.StandardKey | str


@dataclass
class ActionSpec:
    text: str
    slot: Callable[[], object]
    shortcut: Keys | list[Keys] | None = None
    icon_name: str | None = None
    tip: str = ""


def make_action(parent: QObject, spec: ActionSpec) -> QAction:
    action = QAction(spec.text, parent)
    if spec.icon_name:
        action.setIcon(icon(spec.icon_name))
        action.setProperty(ICON_PROPERTY, spec.icon_name)
    if spec.shortcut is not None:
        keys = spec.shortcut if isinstance(spec.shortcut, list) else [spec.shortcut]
        action.setShortcuts([QKeySequence(k) for k in keys])
    if spec.tip:
        action.setStatusTip(spec.tip)
        action.setToolTip(spec.tip)
    action.triggered.connect(spec.slot)
    return action


def color_swatch(hex_value: str, size: int = 16) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(hex_value))
    return QIcon(pixmap)


def color_actions(
    parent: QObject, current: str, choose: Callable[[str], None]
) -> tuple[QActionGroup, dict[str, QAction]]:
    """One checkable action per highlight colour: the colour H paints with."""
    group = QActionGroup(parent)
    group.setExclusive(True)
    actions: dict[str, QAction] = {}
    for number, (name, hex_value) in enumerate(NAMED_COLORS.items(), start=1):
        action = QAction(color_swatch(hex_value), name.capitalize(), group)
        action.setCheckable(True)
        action.setChecked(name == current)
        action.setToolTip(f"Highlight colour: {name} (select text and press {number})")
        action.triggered.connect(lambda _checked=False, n=name: choose(n))
        actions[name] = action
    return group, actions


def add_toolbar(window: QMainWindow, name: str) -> QToolBar:
    toolbar = window.addToolBar(name)
    toolbar.setObjectName(f"{name.lower()}Toolbar")
    toolbar.setMovable(False)
    toolbar.setIconSize(toolbar.iconSize() * 0.9)
    return toolbar


def recolor_icons(actions: list[QAction], color: str) -> None:
    for action in actions:
        name = action.property(ICON_PROPERTY)
        if name:
            action.setIcon(icon(name, color))


class UndoRedo(QObject):
    """Undo/Redo that first save what is being typed, so the step undone is the right one.

    (QUndoStack's own actions would undo before a pending note save and then re-apply it.)
    Redo is Ctrl+Shift+Z and Ctrl+Y, given once each: the platform's Redo key repeats one of
    them, and a shortcut given twice is ambiguous to Qt and fires neither. Typing not yet
    saved counts as undoable: Undo saves it as a step first. While writes wait for another
    program's lock both are off: the steps those writes make join the stack when they land.
    Slots are methods of this child of the window, so the stack's signals stop reaching them
    when the window goes.
    """

    def __init__(
        self,
        parent: QObject,
        stack: QUndoStack,
        before: Callable[[], None],
        pending: Callable[[], bool] = lambda: False,
        blocked: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(parent)
        self._stack = stack
        self._before, self._pending, self._blocked = before, pending, blocked
        self.undo = QAction(icon("undo"), "&Undo", parent)
        self.undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo = QAction(icon("redo"), "&Redo", parent)
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action, name in ((self.undo, "undo"), (self.redo, "redo")):
            action.setProperty(ICON_PROPERTY, name)
        self.undo.triggered.connect(self._do_undo)
        self.redo.triggered.connect(self._do_redo)
        stack.indexChanged.connect(self.refresh)
        stack.cleanChanged.connect(self.refresh)
        self.refresh()

    def _stack_alive(self) -> bool:
        # The session (and its stack) can go first while the window is torn down; a note
        # editor emptied then still asks for a refresh ("QUndoStack already deleted").
        return self._stack is not None and shiboken6.isValid(self._stack)

    def refresh(self, *_args: object) -> None:
        if not self._stack_alive():
            return
        free = not self._blocked()
        self.undo.setEnabled(free and (self._stack.canUndo() or self._pending()))
        self.redo.setEnabled(free and self._stack.canRedo())
        self.undo.setText(f"&Undo {self._stack.undoText()}".strip())
        self.redo.setText(f"&Redo {self._stack.redoText()}".strip())

    def _do_undo(self) -> None:
        self._before()
        if self._stack_alive():
            self._stack.undo()
            self.refresh()

    def _do_redo(self) -> None:
        self._before()
        if self._stack_alive():
            self._stack.redo()
            self.refresh()


class WindowCommands(QObject):
    """Window commands (export, import, quit…) work whatever in the window has focus.

    A text box that would keep a command's key for itself (Ctrl+E is "end of line" in a line
    edit under X11) lets it through to the window's action; floating docks count as the
    window (Qt's window shortcuts reach them); dialogs keep their keys. Text fields keep
    every key without Ctrl, so typing never fires a command.
    """

    def __init__(self, window: QMainWindow, actions: list[QAction]) -> None:
        super().__init__(window)
        self._window = window
        self._keys: set[QKeySequence] = set()
        for action in actions:
            self._keys.update(action.shortcuts())
        # The override goes to the focus widget: watch each one as it gets focus (cheaper
        # than filtering every event of the application).
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        if now is not None and self._in_window(now):
            now.installEventFilter(self)  # (installed twice, Qt keeps one)

    def _in_window(self, watched: QObject) -> bool:
        if not isinstance(watched, QWidget):
            return False
        top = watched.window()
        return top is self._window or (
            isinstance(top, QDockWidget) and top.parentWidget() is self._window
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and QKeySequence(event.keyCombination()) in self._keys
            and self._in_window(watched)
        ):
            event.ignore()  # not the widget's: the shortcut goes to the window's action
            return True
        return super().eventFilter(watched, event)
