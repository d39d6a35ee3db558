"""Undoable annotation edits. Each redo/undo writes to the library at once.

The Session makes the first write itself and pushes a command only when it succeeded
(QUndoStack.push keeps a command even if its first redo() raised), so each command is built
`done=True` and its first redo() only tells the views.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypedDict

from PySide6.QtGui import QUndoCommand

from models import annotating
from models.annotating import AnnotationRecord

# (article_id, the annotation changed, select it): the id is told even for a delete, so the
# views can drop just that one.
Notify = Callable[[int, int, bool], None]


class _Command(QUndoCommand):
    def __init__(self, text: str, done: bool) -> None:
        super().__init__(text)
        self._pending_skip = done  # the first redo() is the push of a write already made

    def _skip_write(self) -> bool:
        skip, self._pending_skip = self._pending_skip, False
        return skip


class CreateAnnotation(_Command):
    def __init__(self, record: AnnotationRecord, notify: Notify, *, done: bool = True) -> None:
        super().__init__("Highlight", done)
        self.record = record
        self._notify = notify

    def redo(self) -> None:
        if not self._skip_write():  # redo after undo: bring back the very same annotation
            self.record = annotating.restore_annotation(self.record)
        self._notify(self.record.article_id, self.record.id, True)

    def undo(self) -> None:
        self.record = annotating.delete_annotation(self.record.id)
        self._notify(self.record.article_id, self.record.id, False)


class DeleteAnnotation(_Command):
    def __init__(self, record: AnnotationRecord, notify: Notify, *, done: bool = True) -> None:
        super().__init__("Delete highlight", done)
        self._record = record
        self._notify = notify

    def redo(self) -> None:
        if not self._skip_write():
            self._record = annotating.delete_annotation(self._record.id)
        self._notify(self._record.article_id, self._record.id, False)

    def undo(self) -> None:
        restored = annotating.restore_annotation(self._record)
        self._notify(restored.article_id, restored.id, True)


class _Change(TypedDict):
    """What an edit sets (None: leave as it is), as update_annotation takes it."""

    note: str | None
    color: str | None
    tags: tuple[str, ...] | None


class EditAnnotation(_Command):
    """Change note, colour and/or tags; undo puts back the previous values.

    Note-only edits pushed with the same `merge_key` (one editing session of a note editor
    that saves as the user types) merge into one undo step.
    """

    MERGE_ID = 1

    def __init__(
        self,
        before: AnnotationRecord,
        notify: Notify,
        *,
        note: str | None = None,
        color: str | None = None,
        tags: Sequence[str] | None = None,
        merge_key: object = None,
        done: bool = True,
    ) -> None:
        label = "Edit note" if note is not None else "Change colour" if color else "Edit tags"
        super().__init__(label, done)
        self._before = before
        self._after = _Change(note=note, color=color, tags=None if tags is None else tuple(tags))
        self._notify = notify
        note_only = color is None and tags is None and note is not None
        self._merge_key = merge_key if note_only else None

    def id(self) -> int:
        return -1 if self._merge_key is None else self.MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            not isinstance(other, EditAnnotation)
            or other._merge_key != self._merge_key
            or other._before.id != self._before.id
        ):
            return False
        self._after["note"] = other._after["note"]
        self.setObsolete(self._after["note"] == self._before.note)  # typed back to the start
        return True

    def redo(self) -> None:
        if self._skip_write():
            self._notify(self._before.article_id, self._before.id, True)
            return
        record = annotating.update_annotation(self._before.id, **self._after)
        self._notify(record.article_id, record.id, True)

    def undo(self) -> None:
        b = self._before
        annotating.update_annotation(  # one transaction, the old modification time included
            b.id, note=b.note, color=b.color, tags=b.tags, updated_at=b.updated_at
        )
        self._notify(b.article_id, b.id, True)
