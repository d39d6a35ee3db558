"""Popovers: small dialogs that open beside what they are about, never over it.

The tag picker and the note editor open next to the selected passage so the coder keeps
reading it while typing. A popover is a Qt popup (a click elsewhere closes it, as Esc does)
placed below the passage, else above it, else beside it, inside the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QWidget

GAP = 6
T = TypeVar("T")


def make_popover(dialog: QDialog, anchor: QRect | None) -> None:
    """Turn a dialog into a popover beside `anchor` (global coordinates); None leaves it a
    dialog (opened from a list, say, where there is no passage to keep in view)."""
    if anchor is None:
        return
    dialog.setWindowFlags(Qt.WindowType.Popup)
    dialog.setObjectName(dialog.objectName() or "popover")
    # A popup has no window frame: a thin edge sets it off from the text.
    dialog.setStyleSheet(f"QDialog#{dialog.objectName()} {{ border: 1px solid palette(mid); }}")
    dialog.adjustSize()
    dialog.move(popover_position(dialog.size().width(), dialog.size().height(), anchor))


def popover_position(width: int, height: int, anchor: QRect) -> QPoint:
    """Where a popover of this size goes: below the anchor, else above, else to its right or
    left, else below it anyway (clipped to the screen)."""
    screen = QGuiApplication.screenAt(anchor.center()) or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    x = min(max(area.left(), anchor.left()), area.right() - width + 1)
    y_mid = min(max(area.top(), anchor.top()), area.bottom() - height + 1)
    candidates = [
        QPoint(x, anchor.bottom() + GAP),
        QPoint(x, anchor.top() - GAP - height),
        QPoint(anchor.right() + GAP, y_mid),
        QPoint(anchor.left() - GAP - width, y_mid),
    ]
    for point in candidates:
        if area.contains(QRect(point, QPoint(point.x() + width - 1, point.y() + height - 1))):
            return point
    return QPoint(x, min(anchor.bottom() + GAP, area.bottom() - height + 1))


def global_rect(widget: QWidget, rect: QRect) -> QRect:
    """A rectangle of a widget's coordinates on the screen."""
    return QRect(widget.mapToGlobal(rect.topLeft()), rect.size())


def ask(dialog: QDialog, anchor: QRect | None, answer: Callable[[], T]) -> T | None:
    """Run the dialog (a popover beside `anchor`, if given): its answer, or None when
    cancelled."""
    make_popover(dialog, anchor)
    try:
        return answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
