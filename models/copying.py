"""Copying a whole library into a new one (SQLite to PostgreSQL or back), every id kept.

Both libraries are open at once. The proxy is bound to the destination, as for any write, and
the source is read through the same models rebound to it a chunk at a time
(`Database.bind_ctx`): peewee spells the SQL for either backend, none is written here. Rows go
in key order, a chunk at a time (memory bounded by the chunk, not the library), into one
transaction on the destination, so a failure leaves it as empty as it was. What the backend
does after rows arrive with their own ids (rebuild the search index; on PostgreSQL move the id
sequences on) is the destination database's `bulk_load()`; after the commit, its
`after_bulk_load()` (on PostgreSQL a VACUUM, which cannot run in a transaction).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peewee import CompositeKey, Database, IntegerField, Model, TextField, Tuple

from models.db import close_library, open_library
from models.errors import LibraryError
from models.paths import display_location, is_server_url
from models.schema import (
    Annotation,
    AnnotationTag,
    Article,
    ArticleAttribute,
    ArticleTag,
    BaseModel,
    OutletAlias,
    Row,
    SavedSearch,
    Tag,
    database,
    driver,
    tuples,
)


class IdHighWater(BaseModel):
    """The highest id ever given per table (migration 7): a copy keeps deleted ids unused."""

    name = TextField(primary_key=True)
    value = IntegerField()

    class Meta:
        table_name = "id_high_water"


# In an order the foreign keys accept, with a name for the counts.
TABLES: tuple[tuple[str, type[Model]], ...] = (
    ("tags", Tag),
    ("articles", Article),
    ("annotations", Annotation),
    ("annotation tags", AnnotationTag),
    ("article tags", ArticleTag),
    ("article variables", ArticleAttribute),
    ("saved searches", SavedSearch),
    ("outlet aliases", OutletAlias),
    ("id high-water marks", IdHighWater),
)
MODELS = [model for _name, model in TABLES]
# Tables a new library fills itself (seeded aliases, the high-water row): the copy replaces
# them. Rows in any other table mean the destination is not empty.
REPLACED: tuple[type[Model], ...] = (OutletAlias, IdHighWater)
CONTENT = [model for model in MODELS if model not in REPLACED]
# Query parameters per chunk stay under SQLite's limit (32,766) and PostgreSQL's (65,535);
# a chunk's texts and originals aim at CHUNK_BYTES (characters and bytes, roughly).
MAX_PARAMETERS = 30_000
CHUNK_ROWS: dict[type[Model], int] = {Article: 100}
DEFAULT_CHUNK_ROWS = 2_000
CHUNK_BYTES = 16_000_000
_SIZED = frozenset({str, bytes, memoryview})  # what a chunk's weight counts

Progress = Callable[[str, int, int], None]  # (table, rows copied, rows in the source)


@dataclass(frozen=True)
class TableCount:
    table: str
    source: int
    copied: int


@dataclass(frozen=True)
class CopyReport:
    source: str  # display locations: never a password
    destination: str
    counts: list[TableCount]

    @property
    def mismatches(self) -> list[TableCount]:
        return [count for count in self.counts if count.source != count.copied]


def copy_library(source: str, destination: str, on_progress: Progress | None = None) -> CopyReport:
    """Copy the library at `source` into `destination`, which must be new or empty.

    Raises LibraryError (naming the location, never its password) when the source is missing
    or not a library, or the destination holds anything; nothing is written then. Leaves no
    library open. The report's counts are read back from both libraries after the copy.
    """
    shown_source, shown_destination = display_location(source), display_location(destination)
    if not is_server_url(source) and not Path(source).is_file():
        raise LibraryError(f"{shown_source}: no such library file")
    if _same_file(source, destination):
        raise LibraryError(f"{shown_destination}: is the source library; copy to a new one")
    if not is_server_url(destination):
        _refuse_a_file_with_content(Path(destination))
    source_db = open_library(source)
    try:
        destination_db = open_library(destination)  # last: the proxy stays bound to it
        try:
            counts = _copy_into_empty(source_db, destination_db, shown_destination, on_progress)
        finally:
            close_library()
    finally:
        source_db.close()
    return CopyReport(shown_source, shown_destination, counts)


def _same_file(source: str, destination: str) -> bool:
    if is_server_url(source) or is_server_url(destination):
        return source == destination
    return Path(destination).exists() and os.path.samefile(source, destination)


def _refuse_a_file_with_content(path: Path) -> None:
    """Before the file is opened (which could upgrade it): an existing file must be empty or
    a library with nothing in it. Read through peewee's SQLite, read-only."""
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return
    if not path.is_file():
        raise LibraryError(f"{path}: not a file")
    try:
        conn = driver.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
            if tables and "schema_version" not in tables:
                raise LibraryError(f"{path}: not empty (not a Gloss library); copy to a new file")
            for model in CONTENT:
                name = model._meta.table_name
                if name in tables and conn.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone():
                    raise LibraryError(_not_empty(str(path)))
        finally:
            conn.close()
    except driver.DatabaseError as exc:
        raise LibraryError(f"{path}: not empty (not a Gloss library: {exc})") from exc


def _not_empty(shown: str) -> str:
    return f"{shown}: not empty (it holds a library's content); copy to a new library"


def _copy_into_empty(
    source_db: Database, destination_db: Any, shown: str, on_progress: Progress | None
) -> list[TableCount]:
    with source_db.bind_ctx(MODELS):
        totals = {model: model.select().count() for model in MODELS}
    with database.atomic():
        # Again inside the transaction: a server library is first seen here.
        if any(model.select().exists() for model in CONTENT):
            raise LibraryError(_not_empty(shown))
        for model in REPLACED:
            model.delete().execute()
        bulk_load = getattr(destination_db, "bulk_load", None)
        if bulk_load is None:
            raise LibraryError(f"{shown}: this kind of library cannot take a copy yet")
        with bulk_load():
            for name, model in TABLES:
                copied, insert, cursor = 0, _insert_statement(model), database.cursor()
                # each value as its field stores it (a backend may store one its own way)
                to_db = [field.db_value for field in model._meta.sorted_fields]
                for rows in _chunks(source_db, model):
                    head, one_row = insert.split(" VALUES ", 1)
                    # one statement a chunk: a round trip per row is what a server charges
                    cursor.execute(
                        f"{head} VALUES {', '.join([one_row] * len(rows))}",
                        [f(v) for row in rows for f, v in zip(to_db, row, strict=True)],
                    )
                    copied += len(rows)
                    if on_progress is not None:
                        on_progress(name, copied, totals[model])
    destination_db.after_bulk_load()  # committed: what needs no transaction (a VACUUM)
    with source_db.bind_ctx(MODELS):
        after = {model: model.select().count() for model in MODELS}
    return [TableCount(name, after[model], model.select().count()) for name, model in TABLES]


def _insert_statement(model: type[Model]) -> str:
    """One row's INSERT as peewee spells it for the destination's backend (its placeholders,
    no RETURNING), its VALUES repeated for a chunk: building the SQL of every chunk value by
    value with insert_many cost more than the writing itself."""
    fields = model._meta.sorted_fields
    sql, _params = model.insert({field: None for field in fields}).returning().sql()
    return str(sql)


def _chunks(source_db: Database, model: type[Model]) -> Iterator[list[Row]]:
    """The source's rows of `model`, in key order, a chunk at a time: each chunk a new query
    after the last key seen (not OFFSET, which rereads what it skips). A chunk heavier than
    CHUNK_BYTES (big originals) makes the next one smaller; a light one lets it grow back."""
    fields = model._meta.sorted_fields
    keys = _key_fields(model)
    most = min(CHUNK_ROWS.get(model, DEFAULT_CHUNK_ROWS), MAX_PARAMETERS // len(fields))
    names = [field.name for field in fields]  # (a field's == builds SQL: no fields.index)
    positions = [names.index(key.name) for key in keys]
    size, last = most, None
    while True:
        with source_db.bind_ctx(MODELS):
            query = model.select(*fields).order_by(*keys).limit(size)
            if last is not None:
                query = query.where(Tuple(*keys) > Tuple(*last))
            rows = list(tuples(query))
        if not rows:
            return
        yield rows
        if len(rows) < size:
            return
        last = tuple(rows[-1][i] for i in positions)
        weight = sum(len(value) for row in rows for value in row if type(value) in _SIZED)
        size = max(1, min(most, len(rows) * CHUNK_BYTES // max(weight, 1)))


def _key_fields(model: type[Model]) -> list[Any]:
    key = model._meta.primary_key
    if isinstance(key, CompositeKey):
        return [model._meta.fields[name] for name in key.field_names]
    return [key]
