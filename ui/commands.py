"""Undoable annotation edits. Each redo/undo writes to the library at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from models import annotations
from models.annotations import AnnotationRecord

Notify = Callable[[int, int | None], None]  # (article_id, annotation_id or None)


class CreateAnnotation(QUndoCommand):
    def __init__(
        self,
        article_id: int,
        start: int,
        end: int,
        color: str,
        note: str,
        tags: Sequence[str],
        notify: Notify,
    ) -> None:
        super().__init__("Highlight")
        self._args = (article_id, start, end)
        self._fields = {"color": color, "note": note, "tags": tuple(tags)}
        self._notify = notify
        self.record: AnnotationRecord | None = None

    def redo(self) -> None:
        if self.record is None:
            self.record = annotations.create_annotation(*self._args, **self._fields)
        else:  # redo after undo: bring back the very same annotation (same id)
            self.record = annotations.restore_annotation(self.record)
        self._notify(self.record.article_id, self.record.id)

    def undo(self) -> None:
        assert self.record is not None
        self.record = annotations.delete_annotation(self.record.id)
        self._notify(self.record.article_id, None)


class DeleteAnnotation(QUndoCommand):
    def __init__(self, annotation_id: int, notify: Notify) -> None:
        super().__init__("Delete highlight")
        self._id = annotation_id
        self._notify = notify
        self._record: AnnotationRecord | None = None

    def redo(self) -> None:
        self._record = annotations.delete_annotation(self._id)
        self._notify(self._record.article_id, None)

    def undo(self) -> None:
        assert self._record is not None
        restored = annotations.restore_annotation(self._record)
        self._notify(restored.article_id, restored.id)


class EditAnnotation(QUndoCommand):
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
    ) -> None:
        label = "Edit note" if note is not None else "Change colour" if color else "Edit tags"
        super().__init__(label)
        self._before = before
        self._after = {"note": note, "color": color, "tags": None if tags is None else tuple(tags)}
        self._notify = notify
        note_only = color is None and tags is None and note is not None
        self._merge_key = merge_key if note_only else None

    def id(self) -> int:
        return -1 if self._merge_key is None else self.MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
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
        record = annotations.update_annotation(self._before.id, **self._after)
        self._notify(record.article_id, record.id)

    def undo(self) -> None:
        b = self._before
        annotations.update_annotation(b.id, note=b.note, color=b.color, tags=b.tags)
        annotations.set_updated_at(b.id, b.updated_at)
        self._notify(b.article_id, b.id)
