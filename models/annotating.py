"""Annotations: create, read, edit, delete. Each call commits at once."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from peewee import JOIN

from models.anchoring import count_occurrences, find_occurrence, select
from models.articles import article_text
from models.batches import batches
from models.colors import DEFAULT_COLOR, normalize_color
from models.errors import LibraryError, NotFound, saving
from models.schema import Annotation, AnnotationTag, Row, Tag, database, tuples, utc_now
from models.tags import ensure_tags


class QuoteNotFound(LibraryError):
    """The quote does not occur (often enough) in the article's canonical text."""


@dataclass(frozen=True)
class AnnotationRecord:
    id: int
    article_id: int
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    note: str
    color: str
    tags: tuple[str, ...]
    created_at: str
    updated_at: str

    def as_json(self) -> dict[str, object]:
        """Every field but the article's id (the caller already knows the article)."""
        fields = asdict(self)
        del fields["article_id"]
        fields["tags"] = list(self.tags)
        return fields


@saving()
def create_annotation(
    article_id: int,
    start: int,
    end: int,
    *,
    note: str = "",
    color: str = DEFAULT_COLOR,
    tags: Iterable[str] = (),
) -> AnnotationRecord:
    """Mark text[start:end] (code points into the canonical text)."""
    text = article_text(article_id)
    try:
        selector = select(text, start, end)
    except ValueError as exc:
        raise LibraryError(str(exc)) from exc
    color = _color(color)
    with database.atomic():
        row = Annotation.create(
            article=article_id,
            start=selector.start,
            end=selector.end,
            quote=selector.quote,
            prefix=selector.prefix,
            suffix=selector.suffix,
            note=note,
            color=color,
        )
        _set_tags(row.id, tags)
    return get_annotation(row.id)


def annotate_quote(
    article_id: int,
    quote: str,
    occurrence: int = 1,
    *,
    note: str = "",
    color: str = DEFAULT_COLOR,
    tags: Iterable[str] = (),
) -> AnnotationRecord:
    """Mark the Nth exact occurrence of quote (it may span paragraphs, holding '\\n\\n')."""
    text = article_text(article_id)
    start = find_occurrence(text, quote, occurrence)
    if start is None:
        found = count_occurrences(text, quote)
        if found == 0:
            raise QuoteNotFound(f"quote not found in article {article_id}: {quote!r}")
        raise QuoteNotFound(
            f"quote occurs {found} time(s) in article {article_id}, not {occurrence}: {quote!r}"
        )
    end = start + len(unicodedata.normalize("NFC", quote))
    return create_annotation(article_id, start, end, note=note, color=color, tags=tags)


def get_annotation(annotation_id: int) -> AnnotationRecord:
    row = Annotation.get_or_none(Annotation.id == annotation_id)
    if row is None:
        raise NotFound(f"no annotation with id {annotation_id}")
    return records_of([row])[0]


def list_annotations(article_id: int) -> list[AnnotationRecord]:
    """The article's annotations in text order.

    Read from the raw cursor with the tags in one joined query: opening an article with
    thousands of highlights must not build a peewee object, or convert a value, per row
    (every column is stored as the type the record holds).
    """
    rows = database.execute(
        Annotation.select(*_COLUMNS)
        .where(Annotation.article == article_id)
        .order_by(Annotation.start, Annotation.end, Annotation.id)
    )
    tag_rows = database.execute(
        AnnotationTag.select(AnnotationTag.annotation, Tag.path)
        .join(Tag)
        .switch(AnnotationTag)
        .join(Annotation)
        .where(Annotation.article == article_id)
        .order_by(Tag.path)
    )
    tags: dict[int, list[str]] = defaultdict(list)
    for annotation_id, path in tag_rows:
        tags[annotation_id].append(path)
    return [_record(row, tags.get(row[0], ())) for row in rows]


def get_annotations(annotation_ids: Sequence[int]) -> list[AnnotationRecord]:
    """These annotations, in text order; ids that no longer exist are left out.

    One query (tags joined in) for the views that refresh only what an edit touched.
    """
    found: list[AnnotationRecord] = []
    for batch in batches(annotation_ids):
        rows = tuples(
            Annotation.select(*_COLUMNS, Tag.path)
            .join(AnnotationTag, JOIN.LEFT_OUTER)
            .join(Tag, JOIN.LEFT_OUTER)
            .where(Annotation.id.in_(list(batch)))
            .order_by(Annotation.id, Tag.path)  # tags in list_annotations' order
        )
        tags: dict[Row, list[str]] = {}  # a row per tag (or one with None): grouped back
        for *row, path in rows:
            tags.setdefault(tuple(row), []).extend([path] if path is not None else [])
        found += [_record(row, paths) for row, paths in tags.items()]
    return sorted(found, key=lambda r: (r.start, r.end, r.id))


def count_annotations(article_id: int) -> int:
    return Annotation.select().where(Annotation.article == article_id).count()


# The columns of a record, read as tuples (_record) without building peewee objects.
_COLUMNS = (
    Annotation.id,
    Annotation.article,
    Annotation.start,
    Annotation.end,
    Annotation.quote,
    Annotation.prefix,
    Annotation.suffix,
    Annotation.note,
    Annotation.color,
    Annotation.created_at,
    Annotation.updated_at,
)


def _record(row: Row, tags: Sequence[str]) -> AnnotationRecord:
    id_, article_id, start, end, quote, prefix, suffix, note, color, created, updated = row
    return AnnotationRecord(
        id_,
        article_id,
        start,
        end,
        quote,
        prefix,
        suffix,
        note,
        color,
        tuple(tags),
        created,
        updated,
    )


@saving()
def update_annotation(
    annotation_id: int,
    *,
    note: str | None = None,
    color: str | None = None,
    tags: Iterable[str] | None = None,
    updated_at: str | None = None,
) -> AnnotationRecord:
    """Change what is given; updated_at (default: now) lets an undo put back the old stamp."""
    changes: dict[str, object] = {"updated_at": updated_at or utc_now()}
    if note is not None:
        changes["note"] = note
    if color is not None:
        changes["color"] = _color(color)
    with database.atomic():
        if Annotation.update(**changes).where(Annotation.id == annotation_id).execute() == 0:
            raise NotFound(f"no annotation with id {annotation_id}")
        if tags is not None:
            AnnotationTag.delete().where(AnnotationTag.annotation == annotation_id).execute()
            _set_tags(annotation_id, tags)
    return get_annotation(annotation_id)


@saving()
def delete_annotation(annotation_id: int) -> AnnotationRecord:
    """Delete and return what was deleted, so it can be restored (undo)."""
    with database.atomic():  # what is returned is exactly what was deleted
        record = get_annotation(annotation_id)
        Annotation.delete().where(Annotation.id == annotation_id).execute()
    return record


@saving()
def restore_annotation(record: AnnotationRecord) -> AnnotationRecord:
    """Put a deleted annotation back with its id, tags and timestamps."""
    with database.atomic():
        Annotation.insert(
            id=record.id,
            article=record.article_id,
            start=record.start,
            end=record.end,
            quote=record.quote,
            prefix=record.prefix,
            suffix=record.suffix,
            note=record.note,
            color=record.color,
            created_at=record.created_at,
            updated_at=record.updated_at,
        ).execute()
        _set_tags(record.id, record.tags)
    return get_annotation(record.id)


def _color(name: str) -> str:
    try:
        return normalize_color(name)
    except ValueError as exc:
        raise LibraryError(str(exc)) from exc


def _set_tags(annotation_id: int, paths: Iterable[str]) -> None:
    tag_ids = ensure_tags(paths)
    if tag_ids:
        AnnotationTag.insert_many(
            [{"annotation": annotation_id, "tag": tag_id} for tag_id in tag_ids]
        ).execute()


def tags_by_annotation(annotation_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = defaultdict(list)
    for chunk in batches(annotation_ids):
        query = tuples(
            AnnotationTag.select(AnnotationTag.annotation, Tag.path)
            .join(Tag)
            .where(AnnotationTag.annotation.in_(chunk))
            .order_by(Tag.path)
        )
        for annotation_id, path in query:
            found[annotation_id].append(path)
    return {key: tuple(value) for key, value in found.items()}


def records_of(rows: Sequence[Annotation]) -> list[AnnotationRecord]:
    """Records (with their tags) for annotation rows, in the order given."""
    tags = tags_by_annotation([row.id for row in rows])
    return [
        AnnotationRecord(
            row.id,
            row.article_id,
            row.start,
            row.end,
            row.quote,
            row.prefix,
            row.suffix,
            row.note,
            row.color,
            tags.get(row.id, ()),
            row.created_at,
            row.updated_at,
        )
        for row in rows
    ]


@saving()
def set_updated_at(annotation_id: int, stamp: str) -> None:
    """Undo of an edit restores the earlier modification time too."""
    Annotation.update(updated_at=stamp).where(Annotation.id == annotation_id).execute()
