"""Edits the selected annotation: colour, note, tags, delete — always through the Session.

The note is saved after a short pause in typing and when the editor loses focus, so nothing
typed is lost even on a crash; all saves of one editing session share a merge key and so
become a single undo step.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import replace

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.annotating import AnnotationRecord
from models.colors import NAMED_COLORS
from models.errors import LibraryError, NotFound
from ui.codebook.tag_picker import TagPicker
from ui.common.chips import ChipBox, ColorSwatch
from ui.session.session import Session

# Saved this soon after typing stops: a crash or kill loses at most a moment of typing, and
# the saves of one editing session merge into a single undo step.
SAVE_DELAY_MS = 250
RETRY_DELAY_MS = 2000  # after a failed save (library busy): try again, not too eagerly
_sessions = itertools.count(1)  # note editing sessions, unique across editors


class NoteEdit(QPlainTextEdit):
    """A plain text edit that reports losing focus (the end of an editing session)."""

    focusLost = Signal(bool)  # True unless focus went to a popup (e.g. the context menu)

    def sizeHint(self) -> QSize:
        lines = 5  # room for a short note without starving the list above
        return QSize(super().sizeHint().width(), self.fontMetrics().lineSpacing() * lines + 12)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focusLost.emit(event.reason() != Qt.FocusReason.PopupFocusReason)


class AnnotationEditor(QWidget):
    def __init__(
        self, session: Session, tag_picker: TagPicker, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("annotationEditor")
        self._session = session
        self._tag_picker = tag_picker
        self._record: AnnotationRecord | None = None
        self._note_base = ""  # the stored note the typing started from (no silent overwrite)
        self._dirty = False
        self._loading = False
        self._merge_key = next(_sessions)

        self.swatches: dict[str, ColorSwatch] = {}
        self._swatch_group = QButtonGroup(self)
        self._swatch_group.setExclusive(True)
        swatch_row = QHBoxLayout()
        swatch_row.setSpacing(2)
        for number, name in enumerate(NAMED_COLORS, start=1):
            swatch = ColorSwatch(name, self)
            swatch.setToolTip(f"{name.capitalize()} ({number})")
            swatch.setAccessibleName(f"Colour {name}")
            swatch.clicked.connect(lambda _checked=False, n=name: self._set_color(n))
            self._swatch_group.addButton(swatch)
            self.swatches[name] = swatch
            swatch_row.addWidget(swatch)
        swatch_row.addStretch(1)
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setObjectName("deleteAnnotationButton")
        self.delete_button.setToolTip("Delete this highlight (Delete)")
        self.delete_button.clicked.connect(self._delete)
        swatch_row.addWidget(self.delete_button)

        self.note_editor = NoteEdit(self)
        self.note_editor.setObjectName("noteEditor")
        self.note_editor.setTabChangesFocus(True)
        self.note_editor.setPlaceholderText("Write a note…")
        self.note_editor.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.note_editor.setMaximumHeight(self.fontMetrics().lineSpacing() * 8 + 12)
        self.note_editor.textChanged.connect(self._note_typed)
        self.note_editor.focusLost.connect(self._note_focus_lost)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.flush)

        self.chips = ChipBox(self)
        self.chips.setObjectName("tagChips")
        self.chips.removeRequested.connect(self._remove_tag)
        self.add_tag_button = QPushButton("Add tag…", self)
        self.add_tag_button.setObjectName("addTagButton")
        self.add_tag_button.setToolTip("Tag this highlight (T)")
        self.add_tag_button.clicked.connect(self.add_tags)
        tag_row = QHBoxLayout()
        tag_row.addWidget(self.chips, 1)
        tag_row.addWidget(self.add_tag_button, 0, Qt.AlignmentFlag.AlignTop)

        note_label = QLabel("&Note", self)
        note_label.setBuddy(self.note_editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addLayout(swatch_row)
        layout.addWidget(note_label)
        layout.addWidget(self.note_editor)
        layout.addLayout(tag_row)
        self._show(None)

    # --- public -------------------------------------------------------------------------
    @property
    def annotation_id(self) -> int | None:
        return self._record.id if self._record else None

    def sync(self, record: AnnotationRecord | None) -> None:
        """Show this annotation; for the one already shown, refresh without losing typing."""
        if record is not None and self._record is not None and record.id == self._record.id:
            self._record = record
            self._show(record, keep_note=self._dirty)
            return
        self.flush()
        self._end_editing_session()
        self._record = record
        self._show(record)

    def flush(self) -> None:
        """Save the note now if it holds unsaved typing."""
        self._save_timer.stop()
        if not self._dirty or self._record is None:
            return
        text, base = self.note_editor.toPlainText(), replace(self._record, note=self._note_base)
        try:
            saved = self._session.edit_annotation(
                self._record.id, note=text, merge_key=self._merge_key, base=base
            )
        except NotFound:  # deleted meanwhile (e.g. its creation was undone): nothing to save
            saved = True
        except LibraryError:  # not saved (the session reported why): keep the text, retry
            self._save_timer.start(RETRY_DELAY_MS)
            return
        if not saved:  # someone else changed the note meanwhile (the session said so): theirs
            # stays stored and shown in the list, this text stays here; saving it again
            # (typing on) replaces theirs, which Undo brings back.
            self._note_base = self._record.note if self._record else self._note_base
            return
        self._note_base = text
        self._dirty = False

    def is_dirty(self) -> bool:
        return self._dirty

    def focus_note(self) -> None:
        if self._record is not None:
            self.note_editor.setFocus(Qt.FocusReason.OtherFocusReason)
            self.note_editor.moveCursor(QTextCursor.MoveOperation.End)

    def add_tags(self) -> None:
        if self._record is None:
            return
        self.flush()
        record = self._record
        chosen = self._tag_picker(self, list(record.tags))
        if chosen is not None and self._record is not None and self._record.id == record.id:
            self._set_tags(chosen, base=record)  # on the tags the picker showed

    # --- internals ----------------------------------------------------------------------
    def _show(self, record: AnnotationRecord | None, *, keep_note: bool = False) -> None:
        for widget in (self.note_editor, self.add_tag_button, self.delete_button, self.chips):
            widget.setEnabled(record is not None)
        for name, swatch in self.swatches.items():
            swatch.setEnabled(record is not None)
            swatch.setChecked(record is not None and record.color == name)
        self.chips.set_chips(record.tags if record else ())
        self.note_editor.setPlaceholderText(
            "Write a note…" if record else "Select a highlight to edit its note."
        )
        if keep_note:
            return
        text = self._note_base = record.note if record else ""
        if self.note_editor.toPlainText() != text:
            self._loading = True
            try:
                self.note_editor.setPlainText(text)
            finally:
                self._loading = False
        self._dirty = False

    def _note_typed(self) -> None:
        if self._loading or self._record is None:
            return
        self._dirty = True
        self._save_timer.start(SAVE_DELAY_MS)

    def _note_focus_lost(self, ends_session: bool) -> None:
        self.flush()
        if ends_session:
            self._end_editing_session()

    def _end_editing_session(self) -> None:
        self._merge_key = next(_sessions)

    def _set_color(self, name: str) -> None:
        if self._record is not None:
            self.flush()  # undo steps in the order the user made them
            with suppress(LibraryError):  # the session reported it (writeFailed)
                self._session.edit_annotation(self._record.id, color=name)

    def _remove_tag(self, tag: str) -> None:
        if self._record is not None:
            self._set_tags([t for t in self._record.tags if t != tag])

    def _set_tags(self, tags: Sequence[str], base: AnnotationRecord | None = None) -> None:
        assert self._record is not None
        self.flush()
        unique: dict[str, str] = {}
        for tag in tags:
            unique.setdefault(tag.lower(), tag)
        with suppress(LibraryError):  # the session reported it (writeFailed)
            self._session.edit_annotation(self._record.id, tags=sorted(unique.values()), base=base)

    def _delete(self) -> None:
        if self._record is not None:
            self.flush()
            with suppress(LibraryError):  # the session reported it (writeFailed)
                self._session.delete_annotation(self._record.id)
