"""What the reading pane's tests do to it: select canonical ranges or found text, point at a
character, read back the one annotation."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor

from models.annotating import AnnotationRecord, list_annotations
from ui.reading.pane import ReadingPane


def text_of(pane: ReadingPane) -> str:
    dmap = pane.document_map()
    assert dmap is not None
    return dmap.text


def select(pane: ReadingPane, start: int, end: int) -> None:
    """Select canonical [start, end) through the DocumentMap."""
    dmap = pane.document_map()
    assert dmap is not None
    a, b = dmap.range_to_document(start, end)
    cursor = QTextCursor(pane.document())
    cursor.setPosition(a)
    cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    pane.setTextCursor(cursor)


def select_found(pane: ReadingPane, needle: str) -> QTextCursor:
    """Select by Qt's own search of its document, not trusting the map."""
    cursor = pane.document().find(needle)
    assert not cursor.isNull()
    pane.setTextCursor(cursor)
    return cursor


def point_of(pane: ReadingPane, position: int) -> QPoint:
    """A viewport point on the character at a document position."""
    cursor = QTextCursor(pane.document())
    cursor.setPosition(position)
    rect = pane.cursorRect(cursor)
    return QPoint(rect.x() + 3, rect.center().y())


def only(article: int) -> AnnotationRecord:
    [record] = list_annotations(article)
    return record
