"""Undoable annotation edits. Each redo/undo writes to the library at once.

The Session makes the first write itself and pushes a command only when it landed
(QUndoStack.push keeps a command even if its first redo() raised), so each command's first
redo() only tells the views. Later undos and redos write through the session's writer (queued,
in order, while another program holds the library) and hand what the write returned to
`apply` as an AnnotationChange: the store and the views take the records from there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Any, TypedDict

from PySide6.QtGui import QUndoCommand

from models import annotation_edits, updating
from models.annotating import AnnotationRecord
from models.conflicts import EditConflict
from ui.session.store import AnnotationChange

Apply = Callable[[AnnotationChange], None]
Write = Callable[[Callable[[], Any], Callable[[Any], object]], object]  # Session.write


class _Command(QUndoCommand):
    def __init__(self, text: str, apply: Apply, write: Write) -> None:
        super().__init__(text)
        self._apply, self._write = apply, write
        self._pending_skip = True  # the first redo() is the push of a write already made

    def _skip_write(self) -> bool:
        skip, self._pending_skip = self._pending_skip, False
        return skip


def _only_id(records: Sequence[AnnotationRecord]) -> int | None:
    """A single new highlight is selected; a batch's are not."""
    return records[0].id if len(records) == 1 else None


class CreateAnnotations(_Command):
    """One highlight, or a batch (KWIC) made in one write: undone and redone as one."""

    def __init__(
        self,
        records: Sequence[AnnotationRecord],
        apply: Apply,
        write: Write,
        text: str = "Highlight",
    ) -> None:
        super().__init__(text, apply, write)
        self.records = list(records)

    def redo(self) -> None:
        if self._skip_write():
            self._apply(AnnotationChange.made(self.records, _only_id(self.records)))
        else:  # redo after undo: bring back the very same annotations
            records = list(self.records)
            self._write(lambda: annotation_edits.restore_annotations(records), self._restored)

    def _restored(self, records: list[AnnotationRecord]) -> None:
        self.records = records
        self._apply(AnnotationChange.made(records, _only_id(records)))

    def undo(self) -> None:
        ids, made = [r.id for r in self.records], list(self.records)
        with suppress(EditConflict):  # someone edited them since: kept, the session said so
            self._write(
                lambda: annotation_edits.delete_annotations(ids, made),
                lambda gone: self._apply(AnnotationChange.removed(gone)),
            )


class DeleteAnnotations(_Command):
    def __init__(
        self,
        records: Sequence[AnnotationRecord],
        apply: Apply,
        write: Write,
        text: str = "Delete highlight",
    ) -> None:
        super().__init__(text, apply, write)
        self._records = list(records)

    def redo(self) -> None:
        if self._skip_write():
            self._apply(AnnotationChange.removed(self._records))
        else:
            ids, seen = [r.id for r in self._records], list(self._records)
            with suppress(EditConflict):  # someone edited them since: kept, said so
                self._write(lambda: annotation_edits.delete_annotations(ids, seen), self._deleted)

    def _deleted(self, records: list[AnnotationRecord]) -> None:
        self._records = records
        self._apply(AnnotationChange.removed(records))

    def undo(self) -> None:
        records = list(self._records)
        self._write(
            lambda: annotation_edits.restore_annotations(records),
            lambda restored: self._apply(AnnotationChange.made(restored, _only_id(restored))),
        )


class PlaceAnnotation(_Command):
    """Accept, move or re-attach a re-anchored annotation; undo puts its old placement back."""

    def __init__(
        self, before: AnnotationRecord, after: AnnotationRecord, apply: Apply, write: Write
    ) -> None:
        moved = (before.start, before.end) != (after.start, after.end)
        super().__init__("Move highlight" if moved else "Accept highlight", apply, write)
        self._before, self._after = before, after

    def redo(self) -> None:
        if self._skip_write():
            self._apply(AnnotationChange(((self._before, self._after),), self._after.id))
        else:
            self._put(self._before, self._after)

    def undo(self) -> None:
        self._put(self._after, self._before)

    def _put(self, now: AnnotationRecord, wanted: AnnotationRecord) -> None:
        self._write(
            lambda: updating.restore_placement(wanted),
            lambda record: self._apply(AnnotationChange(((now, record),), record.id)),
        )


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
        after: AnnotationRecord,
        apply: Apply,
        write: Write,
        *,
        note: str | None = None,
        color: str | None = None,
        tags: Sequence[str] | None = None,
        merge_key: object = None,
    ) -> None:
        label = "Edit note" if note is not None else "Change colour" if color else "Edit tags"
        super().__init__(label, apply, write)
        self._before, self._after_record = before, after
        self._after = _Change(note=note, color=color, tags=None if tags is None else tuple(tags))
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
        self._after_record = other._after_record
        self.setObsolete(self._after["note"] == self._before.note)  # typed back to the start
        return True

    def redo(self) -> None:
        if self._skip_write():
            self._edited(self._after_record)
        else:
            annotation_id, after = self._before.id, _Change(**self._after)
            self._write(
                lambda: annotation_edits.update_annotation(annotation_id, **after), self._edited
            )

    def _edited(self, record: AnnotationRecord) -> None:
        self._after_record = record
        self._apply(AnnotationChange(((self._before, record),), record.id))

    def undo(self) -> None:
        """Put back only what this edit changed, and only where nobody changed it since (the
        copy this edit left is the base): another's later edit is not undone with it."""
        b, base = self._before, self._after_record
        back = {f: getattr(b, f) for f, value in self._after.items() if value is not None}
        with suppress(EditConflict):  # refused: the session said why and shows theirs
            self._write(
                lambda: annotation_edits.update_annotation(  # the old stamp included
                    b.id, **back, updated_at=b.updated_at, base=base
                ),
                lambda restored: self._apply(AnnotationChange(((base, restored),), b.id)),
            )
