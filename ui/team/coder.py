"""Asking who codes, once, on the window's first start."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from models.coders import chosen_coder, coder_given, save_coder, system_user_name


class CoderDialog(QDialog):
    """One line: the name recorded on every annotation made in this window."""

    def __init__(self, parent: QWidget | None = None, name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is coding?")
        self.name_edit = QLineEdit(name or system_user_name())
        self.name_edit.selectAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        self.name_edit.textChanged.connect(
            lambda text: buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
                bool(text.strip())
            )
        )
        layout = QVBoxLayout(self)
        label = QLabel(
            "Gloss records your name on each highlight, so that a team can compare its "
            "coding and compute agreement. You can change it under File ▸ Coder…"
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(self.name_edit)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if self.name_edit.text().strip():
            save_coder(self.name_edit.text())
            super().accept()


def ensure_coder(parent: QWidget | None = None) -> None:
    """On the first start (no --coder, $GLOSS_CODER or saved name) ask, and remember."""
    if coder_given() or chosen_coder() is not None:
        return
    dialog = CoderDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        save_coder(system_user_name())  # closed: the default, so it is asked only once
