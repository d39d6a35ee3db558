"""No silent overwrite: an edit made on a stale copy of an annotation (optimistic concurrency).

A window edits what it read (`base`); by the time the write runs someone else may have changed
the row. Field by field: the write goes through on every field it changes that nobody else
changed since `base` was read (or that they changed to the same value); a field both changed
refuses the whole write with EditConflict, which carries the row as it is now. Checked inside
the write's transaction, which holds the write lock (SQLite) or the row lock (FOR UPDATE on a
server), so nothing can slip in between the check and the write.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from models.errors import LibraryError
from models.schema import Annotation, ChangeLog, database

FIELD_NAMES = {"note": "note", "color": "colour", "tags": "tags"}


class EditConflict(LibraryError):
    """Someone else changed what this edit changes since it was read; nothing was written.
    `current`: the row as it is now (an AnnotationRecord, None when deleted); `fields`."""

    def __init__(
        self, message: str, annotation_id: int, current: Any, fields: Sequence[str]
    ) -> None:
        super().__init__(message)
        self.annotation_id = annotation_id
        self.current = current
        self.fields = tuple(fields)


def _value(record: Any, field: str) -> object:
    value = getattr(record, field)
    return frozenset(t.lower() for t in value) if field == "tags" else value


def conflicting_fields(base: Any, current: Any, changes: dict[str, object]) -> list[str]:
    """The fields this edit changes that someone else changed too, to something else."""
    found = []
    for field, new in changes.items():
        theirs = _value(current, field)
        if theirs != _value(base, field) and theirs != _new_value(field, new):
            found.append(field)
    return found


def _new_value(field: str, new: object) -> object:
    if field == "tags":
        assert isinstance(new, Iterable)
        return frozenset(str(t).lower() for t in new)
    return new


def changed_fields(base: Any, current: Any) -> list[str]:
    """The editable fields that differ between what was read and what is stored."""
    return [f for f in FIELD_NAMES if _value(base, f) != _value(current, f)]


def lock_annotations(annotation_ids: Sequence[int]) -> None:
    """On a server, lock the rows until the transaction ends (SQLite's write lock covers it)."""
    if getattr(database.obj, "for_update", False) and annotation_ids:
        list(
            Annotation.select(Annotation.id)
            .where(Annotation.id.in_(list(annotation_ids)))
            .for_update()
            .tuples()
        )


def last_writer(annotation_id: int) -> str:
    """Who last wrote this annotation, as the change log says ("someone else" if unknown)."""
    found = (
        ChangeLog.select(ChangeLog.coder)
        .where((ChangeLog.kind == "annotation") & (ChangeLog.annotation_id == annotation_id))
        .order_by(ChangeLog.id.desc())
        .limit(1)
        .scalar()
    )
    return str(found) if found else "someone else"


def edit_conflict(
    annotation_id: int, current: Any, fields: Sequence[str], edit: str
) -> EditConflict:
    """The error for an edit (or delete) refused because `fields` changed under it."""
    who = last_writer(annotation_id)
    if current is None:
        return EditConflict(
            f"{who} deleted highlight {annotation_id} after you read it; your {edit} was not saved",
            annotation_id,
            None,
            fields,
        )
    names = " and ".join(FIELD_NAMES[f] for f in fields)
    return EditConflict(
        f"{who} changed the {names} of highlight {annotation_id} after you read it; your "
        f"{edit} was not saved over theirs",
        annotation_id,
        current,
        fields,
    )


# --- the codebook -------------------------------------------------------------------------
class TagConflict(EditConflict):
    """A codebook edit refused: `current` is the tag's row as it is now."""


_TAG_FIELDS = {"path": "renamed", "color": "recoloured", "description": "redescribed"}


def check_tag(row: Any, seen: Any, fields: dict[str, object | None], edit: str) -> None:
    """Refuse (EditConflict) a codebook edit made on `seen` (the tag as the window showed it:
    id, path, color, description) when someone else changed what it relies on since: each
    of `fields` (name → the edit's new value, None when it only relies on it) that now
    differs from `seen` and from the new value."""
    if seen is None or getattr(seen, "id", None) is None:
        return  # a group known only by its subtags: found by path, or NotFound
    for field, new in fields.items():
        now, then = getattr(row, field), getattr(seen, field)
        same_as_new = new is not None and (
            str(now).lower() == str(new).lower() if field == "path" else now == new
        )
        if now != then and not same_as_new:
            who = _last_codebook_writer()
            what = f"to “{now}”" if field == "path" else f"(now {now!r})" if now else ""
            raise TagConflict(
                f"{who} {_TAG_FIELDS[field]} “{seen.path}” {what} after you read it; your "
                f"{edit} was not made".replace("  ", " "),
                row.id,
                row,
                [field],
            )


def _last_codebook_writer() -> str:
    found = (
        ChangeLog.select(ChangeLog.coder)
        .where(ChangeLog.kind == "codebook")
        .order_by(ChangeLog.id.desc())
        .limit(1)
        .scalar()
    )
    return str(found) if found else "someone else"
