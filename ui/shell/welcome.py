"""What the centre shows when the library is empty: an offer of the sample articles."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

TEXT_WIDTH = 460
SAMPLES_DIR = Path(__file__).resolve().parents[2] / "resources" / "samples"


def sample_files() -> list[Path]:
    return sorted(SAMPLES_DIR.glob("sample_*.txt"))


class WelcomePanel(QWidget):
    addSamplesRequested = Signal()
    importRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePanel")
        title = QLabel("Your library is empty")
        title.setObjectName("welcomeTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        title.setFont(font)
        text = QLabel(
            "Import the articles you collected (plain text, scraped paragraph lists and more),"
            " or start with a few sample articles to try highlighting, tagging and notes."
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A centred word-wrapped label gets its one-line size hint and is clipped: fix its
        # width and give it the height that width needs.
        text.setFixedWidth(TEXT_WIDTH)
        text.setMinimumHeight(text.heightForWidth(TEXT_WIDTH))
        self.text = text
        self.samples_button = QPushButton(f"Add the {len(sample_files())} sample articles")
        self.samples_button.setObjectName("addSamplesButton")
        self.samples_button.setDefault(True)
        self.import_button = QPushButton("Import files…")
        self.samples_button.clicked.connect(self.addSamplesRequested)
        self.import_button.clicked.connect(self.importRequested)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for widget in (title, text, self.samples_button, self.import_button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
            layout.addSpacing(8)
        layout.addStretch(3)
