"""The note editor that N opens: a popover beside the passage, not a dialog over it.

Enter starts a new line (notes have paragraphs); Ctrl+Enter saves, Esc cancels. Long lines
wrap at the editor's width. Trailing blank lines and spaces are not stored.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QKeyEvent, QPalette, QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.common.popover import ask

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def clean_note(text: str) -> str:
    """The note as stored: no trailing newline or spaces."""
    return text.rstrip()


class NotePopover(QDialog):
    def __init__(self, parent: QWidget | None = None, initial: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("notePopover")
        self.setWindowTitle("Note")
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("notePopoverEditor")
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.editor.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText("Write a note…")
        self.editor.setPlainText(initial)
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)
        self.editor.installEventFilter(self)
        lines = self.editor.fontMetrics().lineSpacing()
        self.editor.setMinimumSize(lines * 18, lines * 5)
        hint = QLabel("Ctrl+Enter saves · Esc cancels", self)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        for button in buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)  # Enter is a new line in the note
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.editor.setFocus()

    def note(self) -> str:
        return clean_note(self.editor.toPlainText())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in _ENTER and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.accept()
                return True
        return super().eventFilter(watched, event)


def edit_note(parent: QWidget | None, initial: str, anchor: QRect | None = None) -> str | None:
    """Ask for a note; None when cancelled. With an anchor (the passage, in global
    coordinates) it opens as a popover beside it."""
    popover = NotePopover(parent, initial)
    return ask(popover, anchor, popover.note)
