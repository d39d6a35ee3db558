"""Changing annotations: edit, delete, and restore what was deleted (the window's undo).

Each call commits at once and returns the records it wrote, so the caller needs no second read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

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
from models.errors import NotFound, saving
from models.schema import Annotation, AnnotationTag, database, tuples, utc_now
from models.tags import ensure_tag_entries


@saving()
def update_annotation(
    annotation_id: int,
    *,
    note: str | None = None,
    color: str | None = None,
    tags: Iterable[str] | None = None,
    updated_at: str | None = None,
) -> AnnotationRecord:
    """Change what is given; updated_at (default: now) lets an undo put back the old stamp.
    Returns the row as the UPDATE left it (RETURNING), not a second read."""
    changes: dict[str, object] = {"updated_at": updated_at or utc_now()}
    if note is not None:
        changes["note"] = note
    if color is not None:
        changes["color"] = checked_color(color)
    with database.atomic():
        query = Annotation.update(**changes).where(Annotation.id == annotation_id)
        rows = list(tuples(query.returning(*RECORD_COLUMNS)))
        if not rows:
            raise NotFound(f"no annotation with id {annotation_id}")
        if tags is not None:
            AnnotationTag.delete().where(AnnotationTag.annotation == annotation_id).execute()
            paths = _set_tags(annotation_id, tags)
        else:
            paths = tags_by_annotation([annotation_id]).get(annotation_id, ())
    return record_from_row(rows[0], paths)


@saving()
def delete_annotation(annotation_id: int) -> AnnotationRecord:
    """Delete and return what was deleted, so it can be restored (undo)."""
    deleted = delete_annotations([annotation_id])
    if not deleted:
        raise NotFound(f"no annotation with id {annotation_id}")
    return deleted[0]


@saving()
def delete_annotations(annotation_ids: Sequence[int]) -> list[AnnotationRecord]:
    """Delete these in one transaction; returns exactly what was deleted (ids that no longer
    exist are left out), so an undo can restore it."""
    with database.atomic():
        records = get_annotations(annotation_ids)
        for batch in batches(annotation_ids):
            Annotation.delete().where(Annotation.id.in_(list(batch))).execute()
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
    return restored


def _set_tags(annotation_id: int, paths: Iterable[str]) -> tuple[str, ...]:
    paths = list(paths)
    return link_tags(annotation_id, paths, ensure_tag_entries(paths))


@saving()
def set_updated_at(annotation_id: int, stamp: str) -> None:
    """Undo of an edit restores the earlier modification time too."""
    Annotation.update(updated_at=stamp).where(Annotation.id == annotation_id).execute()
