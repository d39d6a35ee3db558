"""Selecting text in the reading pane from the keyboard, and snapping selections to units.

The pane is read-only, so Qt scrolls on arrow keys; Shift with a movement key extends the
selection (as browsers do), and caret mode (F7) shows a caret that plain arrows move. Ranges
are worked out in canonical code points (ui/reading/text_units.py) and handed back to Qt
through the DocumentMap, the one place offsets change units.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QTextEdit, QWidget

from ui.common.popover import global_rect
from ui.reading.document import ArticleView
from ui.reading.offsets import DocumentMap
from ui.reading.text_units import sentence_around, snap_to_graphemes, snap_to_words

Key = QKeySequence.StandardKey
Move = QTextCursor.MoveOperation
# The platform's selection keys: Shift+arrows, Shift+Ctrl+arrows (by word), Shift+Home/End…
SELECTION_MOVES = {
    Key.SelectNextChar: Move.NextCharacter,
    Key.SelectPreviousChar: Move.PreviousCharacter,
    Key.SelectNextWord: Move.NextWord,
    Key.SelectPreviousWord: Move.PreviousWord,
    Key.SelectStartOfLine: Move.StartOfLine,
    Key.SelectEndOfLine: Move.EndOfLine,
    Key.SelectNextLine: Move.Down,
    Key.SelectPreviousLine: Move.Up,
    Key.SelectStartOfBlock: Move.StartOfBlock,
    Key.SelectEndOfBlock: Move.EndOfBlock,
    Key.SelectStartOfDocument: Move.Start,
    Key.SelectEndOfDocument: Move.End,
}


UNIT_KEYS: dict[int, str] = {Qt.Key.Key_S: "sentence", Qt.Key.Key_P: "paragraph"}
CARET_KEY = Qt.Key.Key_F7  # caret browsing, as in browsers


def plain(event: QKeyEvent) -> bool:
    """No modifier held (the keypad's does not count)."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return modifiers == Qt.KeyboardModifier.NoModifier


def selection_move(event: QKeyEvent) -> QTextCursor.MoveOperation | None:
    """The cursor movement a selection key asks for; None for any other key."""
    return next((move for key, move in SELECTION_MOVES.items() if event.matches(key)), None)


def extend_by_key(view: QTextEdit, move: QTextCursor.MoveOperation) -> None:
    """Extend the selection (or start one at the caret, or at the top of the view when the
    caret is out of sight) by one movement."""
    cursor = view.textCursor()
    if not cursor.hasSelection() and not view.viewport().rect().contains(
        view.cursorRect(cursor).center()
    ):
        cursor = view.cursorForPosition(QPoint(0, 0))
    cursor.movePosition(move, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()


def canonical_selection(view: QTextEdit, dmap: DocumentMap) -> tuple[int, int, bool]:
    """The selection (or the caret) as canonical [start, end) and whether it runs forward."""
    cursor = view.textCursor()
    start, end = dmap.range_to_canonical(cursor.selectionStart(), cursor.selectionEnd())
    return start, end, cursor.position() >= cursor.anchor()


def select_canonical(
    view: QTextEdit, dmap: DocumentMap, start: int, end: int, forward: bool = True
) -> None:
    """Select canonical [start, end), the caret at its end (forward) or its start."""
    a, b = dmap.range_to_document(start, end)
    anchor, position = (a, b) if forward else (b, a)
    cursor = QTextCursor(view.document())
    cursor.setPosition(anchor)
    cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def snap_selection(view: QTextEdit, dmap: DocumentMap, *, words: bool) -> None:
    """Widen the selection to whole words (a sloppy drag) or only whole graphemes."""
    start, end, forward = canonical_selection(view, dmap)
    if start >= end:
        return
    snap = snap_to_words if words else snap_to_graphemes
    new_start, new_end = snap(dmap.text, start, end)
    if (new_start, new_end) != (start, end):
        select_canonical(view, dmap, new_start, new_end, forward)


def select_unit(view: QTextEdit, dmap: DocumentMap, unit: str) -> bool:
    """Extend the selection to the sentence or paragraph ("sentence", "paragraph") around the
    caret or the selection; False when the caret is outside the article's text."""
    if view.textCursor().selectionEnd() < dmap.body_start:  # the title or the meta line
        return False
    start, end, forward = canonical_selection(view, dmap)
    first, last = dmap.paragraph_span(start), dmap.paragraph_span(max(start, end - 1))
    if first is None or last is None:
        return False
    if unit == "paragraph":
        new_start, new_end = first[0], last[1]
    else:
        new_start, _ = sentence_around(dmap.text, start, start, *first)
        _, new_end = sentence_around(dmap.text, max(start, end - 1), end, *last)
    if new_start >= new_end:
        return False
    select_canonical(view, dmap, new_start, new_end, forward)
    return True


class SelectingView(ArticleView):
    """The article view with keyboard selection, caret mode, S and P, and snapped drags."""

    statusMessage = Signal(str)  # something for the status bar

    def __init__(self, parent: QWidget | None = None) -> None:
        self._caret_mode = False  # (before the base class asks for the interaction flags)
        super().__init__(parent)

    def selected_range(self) -> tuple[int, int] | None:
        """The selection as a canonical [start, end): whole graphemes, trimmed of spaces."""
        cursor = self.textCursor()
        if self._map is None or not cursor.hasSelection():
            return None
        start, end = self._map.range_to_canonical(cursor.selectionStart(), cursor.selectionEnd())
        text = self._map.text
        start, end = snap_to_graphemes(text, start, end)  # never half an emoji or accent
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if start < end else None

    def range_anchor(self, a: int, b: int) -> QRect:
        """Where document range [a, b) is on screen: its lines, whole width when it wraps."""
        start, end = QTextCursor(self.document()), QTextCursor(self.document())
        start.setPosition(a)
        end.setPosition(b)
        first, last = self.cursorRect(start), self.cursorRect(end)
        if first.top() == last.top():
            rect = QRect(first.topLeft(), last.bottomRight())
        else:
            rect = QRect(0, first.top(), self.viewport().width(), last.bottom() - first.top())
        return global_rect(self.viewport(), rect.intersected(self.viewport().rect()))

    def selection_anchor(self) -> QRect:
        """Where the selection is on screen (global coordinates): what a popover must not
        cover."""
        cursor = self.textCursor()
        return self.range_anchor(cursor.selectionStart(), cursor.selectionEnd())

    def caret_mode(self) -> bool:
        return self._caret_mode

    def set_caret_mode(self, on: bool) -> None:
        """Caret browsing: a visible caret that arrow keys move (Shift extends, always)."""
        self._caret_mode = on
        self.setTextInteractionFlags(self._interaction_flags())
        if on and not self.viewport().rect().contains(self.cursorRect().center()):
            self.setTextCursor(self.cursorForPosition(QPoint(0, 0)))  # start where one reads
        self.statusMessage.emit(f"Caret browsing {'on' if on else 'off'} (F7)")

    def _interaction_flags(self) -> Qt.TextInteractionFlag:
        flags = Qt.TextInteractionFlag.TextSelectableByMouse
        if self._caret_mode:
            flags |= Qt.TextInteractionFlag.TextSelectableByKeyboard
        return flags

    def snap_dragged(self, modifiers: Qt.KeyboardModifier) -> None:
        """After a mouse drag: whole words, or the exact characters while Alt is held."""
        if self._map is not None:
            exact = bool(modifiers & Qt.KeyboardModifier.AltModifier)
            snap_selection(self, self._map, words=not exact)

    def _selection_made(self) -> None:
        """Hook: the keyboard changed the selection."""

    def _is_selection_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        return self._map is not None and (
            key == CARET_KEY
            or (plain(event) and key in UNIT_KEYS)
            or selection_move(event) is not None
        )

    def event(self, event: QEvent) -> bool:
        # Single-key window shortcuts must not steal S, P or F7 from the text.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if self._is_selection_key(event):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, move = event.key(), selection_move(event)
        if key == CARET_KEY:
            self.set_caret_mode(not self._caret_mode)
        elif self._map is not None and plain(event) and key in UNIT_KEYS:
            if select_unit(self, self._map, UNIT_KEYS[key]):
                self._selection_made()
        elif move is not None and self._map is not None and not self._caret_mode:
            extend_by_key(self, move)
            self._selection_made()
        else:
            super().keyPressEvent(event)
            if move is not None:
                self._selection_made()
