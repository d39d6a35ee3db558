"""Annotations: the record, making highlights (one, a batch, by quote) and reading them.

Each call commits at once; edits, deletes and their undo are in models.annotation_edits.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace

from peewee import JOIN

from models import changes
from models.anchoring import (
    Selector,
    count_occurrences,
    find_occurrence,
    select,
    select_in_window,
    window_around,
)
from models.articles import article_text, text_window
from models.batches import batches
from models.coders import UNKNOWN, current_coder, normalize_coder
from models.colors import DEFAULT_COLOR, normalize_color
from models.errors import LibraryError, NotFound, saving
from models.json_output import JsonRecord
from models.schema import (
    Annotation,
    AnnotationTag,
    Row,
    Tag,
    database,
    tuples,
    utc_now,
)
from models.tags import ensure_tag_entries, tag_key
from models.text import without_nul


class QuoteNotFound(LibraryError):
    """The quote does not occur (often enough) in the article's canonical text."""


@dataclass(frozen=True)
class AnnotationRecord(JsonRecord):
    id: int
    article_id: int
    start: int | None  # None (and end too) for an orphan: its passage left the text
    end: int | None
    quote: str
    prefix: str
    suffix: str
    note: str
    color: str
    tags: tuple[str, ...]
    created_at: str
    updated_at: str
    coder: str = UNKNOWN
    anchor: str = "exact"  # exact | fuzzy | orphaned: how the last text update placed it
    original_quote: str | None = None  # what was highlighted, when not placed exactly

    def as_json(self) -> dict[str, object]:
        """Every field but the article's id (the caller knows the article) and, for an exact
        one, the original quote (the quote is it)."""
        fields = super().as_json()
        del fields["article_id"]
        if self.anchor == "exact":
            del fields["original_quote"]  # said only when the quote is not what was marked
        return fields


@dataclass(frozen=True)
class NewAnnotation:
    """A highlight to make: [start, end) in code points of the article's canonical text."""

    article_id: int
    start: int
    end: int
    note: str = ""
    color: str = DEFAULT_COLOR
    tags: tuple[str, ...] = ()
    coder: str | None = None  # None: the current coder (models.coders)
    anchor: str = "exact"  # fuzzy: placed on text that differs a little from what was marked
    original_quote: str | None = None  # what was marked, when not exact


@saving()
def create_annotation(
    article_id: int,
    start: int,
    end: int,
    *,
    note: str = "",
    color: str = DEFAULT_COLOR,
    tags: Iterable[str] = (),
    coder: str | None = None,
) -> AnnotationRecord:
    """Mark text[start:end] (code points into the canonical text) by `coder` (default: the
    current coder); returns what was stored."""
    new = NewAnnotation(article_id, start, end, note, color, tuple(tags), coder)
    return create_annotations([new])[0]


@saving()
def create_annotations(
    new: Sequence[NewAnnotation], known_texts: Mapping[int, str] | None = None
) -> list[AnnotationRecord]:
    """Make several highlights in one transaction (all or none): KWIC's batch, an import.

    The records are built from what was written, not read back: a highlight costs its
    article's text (once per article, unless the caller has it in `known_texts`: the window's
    open article), the tag lookup and the inserts.
    """
    texts: dict[int, str] = dict(known_texts or {})
    rows = []
    for item in new:
        if len(new) > 1 and item.article_id not in texts:
            texts[item.article_id] = article_text(item.article_id)
        try:
            selector = _selector(item, texts.get(item.article_id))
            coder = normalize_coder(item.coder) if item.coder is not None else current_coder()
        except ValueError as exc:
            raise LibraryError(str(exc)) from exc
        rows.append((item, selector, checked_color(item.color), coder))
    with database.atomic():
        tags = ensure_tag_entries(tag for item in new for tag in item.tags)
        records = []
        for item, selector, color, coder in rows:
            stamp = utc_now()
            record = AnnotationRecord(
                0,  # given by the insert
                item.article_id,
                selector.start,
                selector.end,
                selector.quote,
                selector.prefix,
                selector.suffix,
                item.note,
                color,
                item.tags,
                stamp,
                stamp,
                coder,
                item.anchor,
                item.original_quote,
            )
            records.append(insert_record(record, tags, keep_id=False))
        changes.record_annotations("insert", records)
    return records


def _selector(item: NewAnnotation, text: str | None) -> Selector:
    """From the article's text when a batch read it, else from the few characters one
    highlight needs (a long article's whole text cost more than its insert)."""
    if text is not None:
        return select(text, item.start, item.end)
    offset, stop = window_around(item.start, item.end)
    window, length = text_window(item.article_id, offset, stop)
    return select_in_window(window, offset, length, item.start, item.end)


def annotate_quote(
    article_id: int,
    quote: str,
    occurrence: int = 1,
    *,
    note: str = "",
    color: str = DEFAULT_COLOR,
    tags: Iterable[str] = (),
    coder: str | None = None,
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
    return create_annotation(article_id, start, end, note=note, color=color, tags=tags, coder=coder)


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
        Annotation.select(*RECORD_COLUMNS)
        .where(Annotation.article == article_id)
        .order_by(Annotation.start.is_null(), Annotation.start, Annotation.end, Annotation.id)
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
    return [record_from_row(row, tags.get(row[0], ())) for row in rows]


def get_annotations(annotation_ids: Sequence[int]) -> list[AnnotationRecord]:
    """These annotations, in text order; ids that no longer exist are left out.

    One query (tags joined in) for the views that refresh only what an edit touched.
    """
    found: list[AnnotationRecord] = []
    for batch in batches(annotation_ids):
        rows = tuples(
            Annotation.select(*RECORD_COLUMNS, Tag.path)
            .join(AnnotationTag, JOIN.LEFT_OUTER)
            .join(Tag, JOIN.LEFT_OUTER)
            .where(Annotation.id.in_(list(batch)))
            .order_by(Annotation.id, Tag.path)  # tags in list_annotations' order
        )
        tags: dict[Row, list[str]] = {}  # a row per tag (or one with None): grouped back
        for *row, path in rows:
            tags.setdefault(tuple(row), []).extend([path] if path is not None else [])
        found += [record_from_row(row, paths) for row, paths in tags.items()]
    return sorted(found, key=text_order)


def span(record: AnnotationRecord) -> tuple[int, int]:
    """Where a placed annotation lies; an orphan lies nowhere (ValueError)."""
    if record.start is None or record.end is None:
        raise ValueError(f"annotation {record.id} is orphaned: it has no place in the text")
    return record.start, record.end


def text_order(record: AnnotationRecord) -> tuple[bool, int, int, int]:
    """Placed annotations by position, then the orphans (no position)."""
    return (record.start is None, record.start or 0, record.end or 0, record.id)


def count_annotations(article_id: int) -> int:
    return Annotation.select().where(Annotation.article == article_id).count()


# The columns of a record, read as tuples (record_from_row) without building peewee objects.
RECORD_COLUMNS = (
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
    Annotation.coder,
    Annotation.anchor,
    Annotation.original_quote,
)


def record_from_row(row: Row, tags: Sequence[str]) -> AnnotationRecord:
    """The record of a row read as RECORD_COLUMNS, with its tags' paths."""
    id_, article_id, start, end, quote, prefix, suffix, note, color, created, updated = row[:11]
    coder, anchor, original_quote = row[11:]
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
        coder,
        anchor,
        original_quote,
    )


# An annotation row, every column; run with plain parameters: building the INSERT through
# peewee for each highlight cost more than running it (~0.7 ms).
_FIELDS = Annotation._meta.sorted_fields
_COLUMN_NAMES = ", ".join(f'"{field.column_name}"' for field in _FIELDS)
_INSERT = (
    f'INSERT INTO "{Annotation._meta.table_name}" ({_COLUMN_NAMES}) '
    f"VALUES ({', '.join('?' * len(_FIELDS))}) RETURNING id"
)


def insert_record(
    record: AnnotationRecord, tags: dict[str, tuple[int, str]], *, keep_id: bool
) -> AnnotationRecord:
    """Insert the record (under its own id, for a restore) with its tags; returns it as
    stored: its id, and its tags as the library spells them, in list_annotations' order."""
    # A new annotation takes an id never given before (not max + 1: see migrations.id_high_water).
    note, original = without_nul(record.note), record.original_quote
    record = replace(record, note=note, original_quote=original and without_nul(original))
    row = asdict(record) | {"id": record.id if keep_id else _next_annotation_id()}
    values = [row["article_id" if f.name == "article" else f.name] for f in _FIELDS]
    (new_id,) = database.execute_sql(_INSERT, values).fetchone()
    return replace(record, id=new_id, tags=link_tags(new_id, record.tags, tags))


_NEXT_ID = (  # CASE, not SQLite's two-argument max(): the same on both backends
    'UPDATE "id_high_water" SET "value" = 1 + CASE WHEN "value" > m THEN "value" ELSE m END '
    'FROM (SELECT coalesce(max("id"), 0) AS m FROM "annotation") AS highest '
    'WHERE "name" = \'annotation\' RETURNING "value"'
)


def _next_annotation_id() -> int:
    """An id no annotation has ever had, recorded as given (call inside the write's
    transaction). A restore (undo of a delete) puts back the original id instead."""
    # One statement; max(id) too, in case a row came in some other way (the B-tree's last key).
    (new_id,) = database.execute_sql(_NEXT_ID).fetchone()
    return int(new_id)


def checked_color(name: str) -> str:
    """The colour's canonical name; LibraryError for one Gloss does not have."""
    try:
        return normalize_color(name)
    except ValueError as exc:
        raise LibraryError(str(exc)) from exc


def link_tags(
    annotation_id: int, paths: Iterable[str], lookup: dict[str, tuple[int, str]]
) -> tuple[str, ...]:
    """Link the tags (looked up in `lookup`, once each); their stored paths, in the order
    list_annotations gives them."""
    linked = dict(lookup[tag_key(path)] for path in paths)
    if linked:
        AnnotationTag.insert_many(
            [{"annotation": annotation_id, "tag": tag_id} for tag_id in linked]
        ).execute()
    return tuple(sorted(linked.values()))


def tags_by_annotation(annotation_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = defaultdict(list)
    for chunk in batches(annotation_ids):
        query = tuples(
            AnnotationTag.select(AnnotationTag.annotation, Tag.path)
            .join(Tag)
            .where(AnnotationTag.annotation.in_(list(chunk)))
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
            row.coder,
            row.anchor,
            row.original_quote,
        )
        for row in rows
    ]
