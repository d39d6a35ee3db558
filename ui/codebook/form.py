"""The side form of the codebook: the selected tag's colour and its definition for coders.

The description saves itself (a pause in typing, or leaving the box), like the sidebar's note
editor: coders refine definitions in passing and should never lose one to a missing click.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from models.codebook import TagNode
from models.colors import NAMED_COLORS
from ui.common.chips import ColorSwatch

SAVE_DELAY_MS = 600


class TagForm(QWidget):
    colorChosen = Signal(str)
    descriptionEdited = Signal(str)  # after a pause in typing, or on leaving the box

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagForm")
        self.node: TagNode | None = None
        self.edit_session = 0  # saves within one session merge into one undo step
        self._dirty = False

        self.path_label = QLabel(self)
        self.path_label.setObjectName("tagPath")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label.setWordWrap(True)
        font = self.path_label.font()
        font.setBold(True)
        self.path_label.setFont(font)

        self.swatches = QButtonGroup(self)
        self.swatches.setExclusive(True)
        swatch_row = QHBoxLayout()
        swatch_row.setSpacing(2)
        for name in NAMED_COLORS:
            swatch = ColorSwatch(name, self)
            swatch.setToolTip(f"Colour: {name}")
            swatch.setAccessibleName(f"Tag colour {name}")
            self.swatches.addButton(swatch)
            swatch_row.addWidget(swatch)
        swatch_row.addStretch(1)
        self.swatches.buttonClicked.connect(self._swatch_clicked)

        self.description = QPlainTextEdit(self)
        self.description.setObjectName("tagDescription")
        self.description.setTabChangesFocus(True)
        self.description.textChanged.connect(self._typed)
        self.description.installEventFilter(self)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.path_label)
        layout.addLayout(swatch_row)
        layout.addWidget(self.description, 1)
        layout.addWidget(self.hint)
        self.set_node(None)

    def set_node(self, node: TagNode | None) -> None:
        """Show a tag; the same tag again (after a refresh) keeps the text being typed."""
        same = node is not None and self.node is not None and node.key == self.node.key
        if not same:
            self.flush()
            self.edit_session += 1
        self.node = node
        self.setEnabled(node is not None)
        self.path_label.setText(node.path if node else "No tag selected")
        for button in self.swatches.buttons():
            assert isinstance(button, ColorSwatch)
            button.blockSignals(True)
            button.setChecked(
                node is not None and node.id is not None and button.color_name == node.color
            )
            button.blockSignals(False)
        if node is not None and node.id is None:
            self.hint.setText(
                "A group of subtags. Give it a colour or a description to make it a tag."
            )
        else:
            self.hint.setText("The definition coders read: what counts, what does not, an example.")
        if not (same and (self._dirty or self.description.hasFocus())):
            self.description.blockSignals(True)
            self.description.setPlainText(node.description if node else "")
            self.description.blockSignals(False)
            self._dirty = False
        self.description.setPlaceholderText("Describe this tag for coders…" if node else "")

    def flush(self) -> None:
        """Save a description still waiting for its pause."""
        self._timer.stop()
        if self._dirty:
            self._dirty = False
            self.descriptionEdited.emit(self.description.toPlainText())

    def _typed(self) -> None:
        self._dirty = True
        self._timer.start()

    def _swatch_clicked(self, button: QObject) -> None:
        if isinstance(button, ColorSwatch):
            self.colorChosen.emit(button.color_name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.description:
            if event.type() == QEvent.Type.FocusOut:
                self.flush()
            elif event.type() == QEvent.Type.FocusIn:
                self.edit_session += 1
        return super().eventFilter(watched, event)
