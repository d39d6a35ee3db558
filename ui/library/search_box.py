"""The library's search box: a debounced line edit, an inline error line, a relevance button.

A malformed query is reported under the box rather than in a dialog: the user is usually
still typing, and a half-typed `"carbon` must not interrupt them or empty the list.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QPalette
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.common.icons import icon

SEARCH_DELAY_MS = 200
PLACEHOLDER = 'Search: words, "phrases", tag:…, source:…, date:2022-09, is:unread'
HELP = (
    'Words must all occur (title or text); "quoted phrases"; word* for prefixes; '
    "OR, NOT and (…); tag:PATH, articletag:PATH, source:NAME, date:2022-09 or "
    "date:2022-01..2022-06, has:note, has:annotations, no:annotations, is:read, is:unread, "
    "color:NAME; a leading - negates a filter."
)
ERROR_COLOR = "#c62828"


def icon_color(palette: QPalette) -> str:
    """The colour for a qtawesome icon on this palette's buttons and headers."""
    return palette.color(QPalette.ColorRole.ButtonText).name()


class SearchBox(QWidget):
    """`edit` (objectName librarySearch) above `error` (searchError, hidden unless needed)."""

    settled = Signal(str)  # the text, once typing paused (or Enter was pressed)
    relevanceRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("librarySearch")
        self.edit.setPlaceholderText(PLACEHOLDER)
        self.edit.setToolTip(HELP)
        self.edit.setClearButtonEnabled(True)
        self.error = QLabel(self)
        self.error.setObjectName("searchError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        palette = self.error.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(ERROR_COLOR))
        self.error.setPalette(palette)
        self.error.hide()
        self.relevance = QAction("Sort by relevance", self)
        self.relevance.setObjectName("sortByRelevance")
        self.relevance.setToolTip("Sort by relevance: best match first")
        self.relevance.setVisible(False)
        self.relevance.triggered.connect(self.relevanceRequested)
        self._relevance_added = False
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.settle)
        self.edit.textChanged.connect(lambda _text: self._debounce.start())
        self.edit.returnPressed.connect(self.settle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        self._frame_color = ""
        self._follow_palette()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._follow_palette()

    def _follow_palette(self) -> None:
        """A border the theme can see (Fusion's is invisible on a dark base) and icons in
        the theme's ink."""
        palette = self.palette()
        mid = palette.color(QPalette.ColorRole.Mid)
        frame = (
            mid.lighter(130) if palette.color(QPalette.ColorRole.Base).lightness() < 128 else mid
        )
        if frame.name() != self._frame_color:  # setting a style sheet re-polishes: once only
            self._frame_color = frame.name()
            self.edit.setStyleSheet(
                f"QLineEdit#librarySearch {{ border: 1px solid {frame.name()};"
                " border-radius: 3px; padding: 2px 4px; }"
            )
        if self._relevance_added:
            self.relevance.setIcon(icon("mdi6.sort-descending", icon_color(palette)))

    def settle(self) -> None:
        self._debounce.stop()
        self.settled.emit(self.edit.text())

    def show_error(self, message: str) -> None:
        self.error.setText(message[:1].upper() + message[1:])
        self.error.show()

    def clear_error(self) -> None:
        self.error.hide()
        self.error.clear()

    def error_text(self) -> str:
        return "" if self.error.isHidden() else self.error.text()

    def offer_relevance(self, offered: bool) -> None:
        """Show the 'sort by relevance' button in the box (a header sort is on instead)."""
        if offered and not self._relevance_added:  # the icon font loads on first use only
            self.relevance.setIcon(icon("mdi6.sort-descending", icon_color(self.palette())))
            self.edit.addAction(self.relevance, QLineEdit.ActionPosition.TrailingPosition)
            self._relevance_added = True
        self.relevance.setVisible(offered)
