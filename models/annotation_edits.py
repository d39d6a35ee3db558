"""Changing annotations: edit, delete, and restore what was deleted (the window's undo).

Each call commits at once and returns the records it wrote, so the caller needs no second read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from models import changes
from models.annotating import (
    RECORD_COLUMNS,
    AnnotationRecord,
    checked_color,
    get_annotations,
    insert_record,
    link_tags,
    record_from_row,
    tags_by_annotation,
)
from models.batches import batches
from models.conflicts import changed_fields, conflicting_fields, edit_conflict, lock_annotations
from models.errors import NotFound, saving
from models.schema import Annotation, AnnotationTag, database, tuples, utc_now
from models.tags import ensure_tag_entries
from models.text import without_nul


@saving()
def update_annotation(
    annotation_id: int,
    *,
    note: str | None = None,
    color: str | None = None,
    tags: Iterable[str] | None = None,
    updated_at: str | None = None,
    base: AnnotationRecord | None = None,
) -> AnnotationRecord:
    """Change what is given; updated_at (default: now) lets an undo put back the old stamp.
    Returns the row as the UPDATE left it (RETURNING), not a second read. With `base` (the
    copy the edit was made on), a field someone else changed since raises EditConflict."""
    fields: dict[str, object] = {"updated_at": updated_at or utc_now()}
    if note is not None:
        fields["note"] = without_nul(note)
    if color is not None:
        fields["color"] = checked_color(color)
    tags = None if tags is None else list(tags)
    with database.atomic():
        if base is not None:
            edited = {k: v for k, v in fields.items() if k != "updated_at"}
            if tags is not None:
                edited["tags"] = tags
            _check_unchanged(annotation_id, base, edited)
        query = Annotation.update(**fields).where(Annotation.id == annotation_id)
        rows = list(tuples(query.returning(*RECORD_COLUMNS)))
        if not rows:
            raise NotFound(f"no annotation with id {annotation_id}")
        if tags is not None:
            AnnotationTag.delete().where(AnnotationTag.annotation == annotation_id).execute()
            paths = _set_tags(annotation_id, tags)
        else:
            paths = tags_by_annotation([annotation_id]).get(annotation_id, ())
        record = record_from_row(rows[0], paths)
        changes.record_annotations("update", [record])
    return record


def _check_unchanged(annotation_id: int, base: AnnotationRecord, edit: dict[str, object]) -> None:
    """Refuse (EditConflict) an edit of fields someone else changed since `base` was read."""
    lock_annotations([annotation_id])
    current = get_annotations([annotation_id])
    if not current:
        raise edit_conflict(annotation_id, None, list(edit), "edit")
    clashes = conflicting_fields(base, current[0], edit)
    if clashes:
        raise edit_conflict(annotation_id, current[0], clashes, "edit")


@saving()
def delete_annotation(annotation_id: int, base: AnnotationRecord | None = None) -> AnnotationRecord:
    """Delete and return what was deleted, so it can be restored (undo); with `base`, refused
    (EditConflict) if someone else changed it since that copy was read."""
    deleted = delete_annotations([annotation_id], [base] if base else [])
    if not deleted:
        raise NotFound(f"no annotation with id {annotation_id}")
    return deleted[0]


@saving()
def delete_annotations(
    annotation_ids: Sequence[int], bases: Sequence[AnnotationRecord] = ()
) -> list[AnnotationRecord]:
    """Delete these in one transaction; returns exactly what was deleted (ids that no longer
    exist are left out), so an undo can restore it. `bases`: the copies the delete was asked
    on; one whose note, colour or tags someone else changed since refuses it (EditConflict)."""
    with database.atomic():
        lock_annotations(annotation_ids if bases else ())
        records = get_annotations(annotation_ids)
        now = {r.id: r for r in records}
        for base in bases:
            if base.id in now and changed_fields(base, now[base.id]):
                fields = changed_fields(base, now[base.id])
                raise edit_conflict(base.id, now[base.id], fields, "delete")
        for batch in batches(annotation_ids):
            Annotation.delete().where(Annotation.id.in_(list(batch))).execute()
        changes.record_annotations("delete", records)
    return records


@saving()
def restore_annotation(record: AnnotationRecord) -> AnnotationRecord:
    """Put a deleted annotation back with its id, tags and timestamps."""
    return restore_annotations([record])[0]


@saving()
def restore_annotations(records: Sequence[AnnotationRecord]) -> list[AnnotationRecord]:
    """Put deleted annotations back (ids, tags, timestamps) in one transaction; returns them
    as stored (a tag deleted meanwhile is made again)."""
    with database.atomic():
        tags = ensure_tag_entries(tag for record in records for tag in record.tags)
        restored = [insert_record(record, tags, keep_id=True) for record in records]
        changes.record_annotations("insert", restored)
    return restored


def _set_tags(annotation_id: int, paths: Iterable[str]) -> tuple[str, ...]:
    paths = list(paths)
    return link_tags(annotation_id, paths, ensure_tag_entries(paths))


@saving()
def set_updated_at(annotation_id: int, stamp: str) -> None:
    """Undo of an edit restores the earlier modification time too."""
    Annotation.update(updated_at=stamp).where(Annotation.id == annotation_id).execute()
