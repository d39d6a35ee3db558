"""Small shared pieces: tag chips (painted and as widgets), a flow layout, colour swatches.

Colours come from the palette so chips read well in light and dark themes; only highlight
colours are fixed.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QIcon,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QToolButton,
    QWidget,
    QWidgetItem,
)

from models.colors import NAMED_COLORS
from ui.common.theme import mix


def chip_colors(palette: QPalette) -> tuple[QColor, QColor, QColor]:
    """(background, border, text) for a tag chip, derived from the palette."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    return mix(base, text, 0.08), mix(base, text, 0.22), text


def chip_height(metrics: QFontMetrics) -> int:
    return metrics.height() + 4


def chip_width(metrics: QFontMetrics, text: str) -> int:
    """Text plus a rounded end (half a chip high) on each side, with a little air."""
    return metrics.horizontalAdvance(text) + chip_height(metrics) + 2


def paint_chip(
    painter: QPainter,
    rect: QRect,
    text: str,
    palette: QPalette,
    colors: tuple[QColor, QColor, QColor] | None = None,
) -> None:
    """A rounded tag chip; `colors`: chip_colors(palette) worked out once for many chips."""
    background, border, foreground = colors or chip_colors(palette)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(border, 1))
    painter.setBrush(background)
    radius = rect.height() / 2
    painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
    painter.setPen(foreground)
    inner = rect.adjusted(int(radius), 0, -int(radius), 0)
    elided = QFontMetrics(painter.font()).elidedText(
        text, Qt.TextElideMode.ElideMiddle, inner.width()
    )
    painter.drawText(inner, Qt.AlignmentFlag.AlignCenter, elided)
    painter.restore()


def color_dot_icon(name: str, size: int = 14) -> QIcon:
    """A round swatch for menus and combo boxes."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(NAMED_COLORS[name]).darker(130), 1))
    painter.setBrush(QColor(NAMED_COLORS[name]))
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    painter.end()
    return QIcon(pixmap)


class ColorSwatch(QAbstractButton):
    """A round, checkable button in one highlight colour; a ring marks the checked one."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.color_name = name
        self.setCheckable(True)
        self.setObjectName(f"swatch_{name}")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setFixedSize(24, 24)

    def sizeHint(self) -> QSize:
        return QSize(24, 24)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor(NAMED_COLORS[self.color_name])
        if not self.isEnabled():
            fill.setAlpha(90)
        outer = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
        if self.isChecked() or self.hasFocus():
            ring = self.palette().color(
                QPalette.ColorRole.Text if self.isChecked() else QPalette.ColorRole.Highlight
            )
            painter.setPen(QPen(ring, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(outer)
        painter.setPen(QPen(fill.darker(125), 1))
        painter.setBrush(fill)
        painter.drawEllipse(outer.adjusted(3.5, 3.5, -3.5, -3.5))


class FlowLayout(QLayout):
    """Lays children out left to right, wrapping to new lines (the Qt flow layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def addWidget(self, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x, y, line = rect.x(), y + line + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y()


class Chip(QWidget):
    """One tag as a rounded chip with an × that asks for its removal."""

    removeClicked = Signal(str)

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = text
        self.setObjectName("tagChip")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(9, 1, 3, 1)
        layout.setSpacing(2)
        self.label = QLabel(text, self)
        self.remove_button = QToolButton(self)
        self.remove_button.setObjectName("chipRemove")
        self.remove_button.setText("×")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setToolTip(f"Remove tag {text}")
        self.remove_button.setAccessibleName(f"Remove tag {text}")
        self.remove_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.remove_button.clicked.connect(lambda: self.removeClicked.emit(self.text))
        layout.addWidget(self.label)
        layout.addWidget(self.remove_button)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def paintEvent(self, event: QPaintEvent) -> None:
        background, border, _text = chip_colors(self.palette())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(border, 1))
        painter.setBrush(background)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)


class ChipBox(QWidget):
    """A wrapping row of removable chips; the owner decides what removal means."""

    removeRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = FlowLayout(self)
        self._chips: list[Chip] = []

    def set_chips(self, texts: Iterable[str]) -> None:
        texts = list(texts)
        if texts == self.texts():  # (shown again on every change of its owner's record)
            return
        for chip in self._chips:
            self._layout.removeWidget(chip)
            chip.hide()  # not painted again before it is deleted
            chip.deleteLater()
        self._chips = []
        for text in texts:
            chip = Chip(text, self)
            chip.removeClicked.connect(self.removeRequested)
            self._layout.addWidget(chip)
            chip.show()
            self._chips.append(chip)
        self.updateGeometry()

    def texts(self) -> list[str]:
        return [chip.text for chip in self._chips]

    def chip(self, text: str) -> Chip | None:
        return next((c for c in self._chips if c.text == text), None)
