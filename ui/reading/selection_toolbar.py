"""Controls for annotating a selection: the floating toolbar, the context menus, the prompts.

The toolbar floats next to a fresh selection (colours, tag, note). It is a child of the pane's
viewport (not a window of its own) so it clips and dies with the pane; its buttons take no
focus, so clicking one keeps the selection alive.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QMenu, QToolButton, QWidget

from models.colors import NAMED_COLORS
from ui.common.icons import icon
from ui.common.theme import Theme, toolbar_stylesheet
from ui.shell.actions import color_swatch

SWATCH = 18
GAP = 6


class SelectionToolbar(QWidget):
    colorChosen = Signal(str)
    tagRequested = Signal()
    noteRequested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("selectionToolbar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setCursor(Qt.CursorShape.ArrowCursor)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        self.swatches: dict[str, QToolButton] = {}
        for number, (name, hex_value) in enumerate(NAMED_COLORS.items(), start=1):
            button = self._button(f"Highlight {name} ({number})")
            button.setObjectName(f"swatch_{name}")
            button.setFixedSize(SWATCH, SWATCH)
            button.setStyleSheet(
                f"QToolButton {{ background: {hex_value}; border-radius: {SWATCH // 2}px;"
                " border: 1px solid rgba(0,0,0,0.25); }"
                " QToolButton:hover { border: 2px solid rgba(0,0,0,0.55); }"
            )
            button.clicked.connect(lambda _checked=False, n=name: self.colorChosen.emit(n))
            layout.addWidget(button)
            self.swatches[name] = button
        layout.addSpacing(4)
        self.tag_button = self._button("Tag… (T)")
        self.tag_button.setObjectName("selectionTagButton")
        self.tag_button.setIcon(icon("mdi6.tag-outline"))
        self.tag_button.clicked.connect(self.tagRequested)
        self.note_button = self._button("Highlight with note… (N)")
        self.note_button.setObjectName("selectionNoteButton")
        self.note_button.setIcon(icon("mdi6.note-edit-outline"))
        self.note_button.clicked.connect(self.noteRequested)
        for button in (self.tag_button, self.note_button):
            button.setIconSize(QSize(SWATCH, SWATCH))
            layout.addWidget(button)
        self.hide()

    def _button(self, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAutoRaise(True)
        return button

    def apply_theme(self, theme: Theme) -> None:
        self.setStyleSheet(toolbar_stylesheet(theme))

    def mark_current(self, color: str) -> None:
        """Show which colour H would use."""
        for name, button in self.swatches.items():
            button.setText("•" if name == color else "")

    def show_near(self, start: QRect, end: QRect) -> None:
        """Place below the selection's end, or above its start when there is no room below."""
        self.adjustSize()
        parent = self.parentWidget()
        if parent is None:
            return
        area = parent.rect()
        size = self.sizeHint()
        x = min(max(0, end.center().x() - size.width() // 2), area.width() - size.width())
        y = end.bottom() + GAP
        if y + size.height() > area.height():
            y = max(0, start.top() - GAP - size.height())
        self.move(QPoint(max(0, x), y))
        self.show()
        self.raise_()


def default_note_editor(parent: QWidget, initial: str, anchor: QRect | None = None) -> str | None:
    from ui.reading.note_popover import edit_note

    return edit_note(parent, initial, anchor)


def default_tag_picker(
    parent: QWidget, initial: Sequence[str], anchor: QRect | None = None
) -> list[str] | None:
    from ui.codebook.tag_picker import pick_tags  # the codebook's; loaded when first asked

    return pick_tags(parent, initial, anchor)


def selection_menu(
    parent: QWidget,
    on_color: Callable[[str], object],
    on_note: Callable[[], object],
    on_tag: Callable[[], object],
    on_copy: Callable[[], object],
) -> QMenu:
    """Context menu over a selection: the same choices as the floating toolbar, plus Copy."""
    menu = QMenu(parent)
    colours = menu.addMenu("Highlight")
    for number, (name, hex_value) in enumerate(NAMED_COLORS.items(), start=1):
        action = colours.addAction(color_swatch(hex_value), f"{name.capitalize()}\t{number}")
        action.triggered.connect(lambda _checked=False, n=name: on_color(n))
    menu.addAction("Highlight with note…\tN").triggered.connect(lambda: on_note())
    menu.addAction("Tag…\tT").triggered.connect(lambda: on_tag())
    menu.addSeparator()
    copy = menu.addAction("Copy")
    copy.setShortcut(QKeySequence.StandardKey.Copy)
    copy.triggered.connect(lambda: on_copy())
    return menu


def highlight_menu(
    parent: QWidget,
    current_color: str,
    on_delete: Callable[[], object],
    on_color: Callable[[str], object],
    on_note: Callable[[], object],
    on_tags: Callable[[], object],
) -> QMenu:
    """Context menu over an existing highlight (no selection)."""
    menu = QMenu(parent)
    menu.addAction("Delete highlight").triggered.connect(lambda: on_delete())
    colours = menu.addMenu("Change colour")
    for name, hex_value in NAMED_COLORS.items():
        action = colours.addAction(color_swatch(hex_value), name.capitalize())
        action.setCheckable(True)
        action.setChecked(name == current_color)
        action.triggered.connect(lambda _checked=False, n=name: on_color(n))
    menu.addAction("Edit note…").triggered.connect(lambda: on_note())
    menu.addAction("Edit tags…").triggered.connect(lambda: on_tags())
    return menu
