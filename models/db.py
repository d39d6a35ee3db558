"""Opening a library file: connection, pragmas, schema version and migrations."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from peewee import DatabaseError, SqliteDatabase

from models import migrations
from models.errors import LibraryError, LibraryTooNew
from models.schema import SchemaVersion, database

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # FULL: a committed annotation survives a power cut, not only a crash of the app.
    "synchronous": "full",
    "busy_timeout": 10_000,
}


def open_library(path: Path) -> SqliteDatabase:
    """Open (creating if needed) the library at `path`, migrate it, bind the proxy to it.

    Peewee keeps one connection per thread, so a worker thread that touches the database gets
    its own connection; it should call `close_library()` when done.
    """
    path = Path(path)
    if path.exists() and not path.is_file():
        raise LibraryError(f"{path}: not a file")
    path.parent.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE: a transaction takes the write lock up front, so a second process waits
    # (busy_timeout) instead of failing when it upgrades from reading to writing.
    db = SqliteDatabase(str(path), pragmas=PRAGMAS, lock_type="IMMEDIATE")
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        _migrate(db, path)
        _repair_deferred_index(db)
    except DatabaseError as exc:
        db.close()
        if "unable to open" in str(exc):
            raise LibraryError(f"{path}: cannot open the library ({exc})") from exc
        raise LibraryError(f"{path}: not a Gloss library ({exc})") from exc
    except LibraryError:
        db.close()
        raise
    return db


def close_library() -> None:
    """Close this thread's connection: the app's at exit, a worker's when it finishes."""
    if database.obj is not None and not database.is_closed():
        database.close()


@contextmanager
def bulk_writes() -> Iterator[bool]:
    """Faster commits for an import on this connection, as durable as the library allows.

    Alone with the file (the command line), the import writes with the rollback journal, which
    wrote ~20% faster than WAL here, and switches back to WAL after; every open sets WAL again
    should that fail. Beside other connections (the window), it keeps WAL and skips the fsync
    per commit (synchronous=NORMAL): a power cut can then take back the import's last batches,
    which the files still hold, but cannot corrupt the library, and the window's own
    connection keeps FULL for annotations.
    """
    database.execute_sql("PRAGMA busy_timeout=0")  # another connection open: no need to wait
    try:
        (mode,) = database.execute_sql("PRAGMA journal_mode=delete").fetchone()
    except DatabaseError:  # "locked": another connection is open, WAL stays
        mode = "wal"
    finally:
        database.execute_sql(f"PRAGMA busy_timeout={PRAGMAS['busy_timeout']}")
    if mode == "wal":
        database.execute_sql("PRAGMA synchronous=NORMAL")
    try:
        yield mode != "wal"  # alone with the file
    finally:
        if mode == "wal":
            database.execute_sql("PRAGMA synchronous=FULL")
        else:
            database.execute_sql("PRAGMA journal_mode=wal")


close_thread_connection = close_library  # old name, still imported by ui/workers.py


def schema_version() -> int:
    """The library's version; 0 for a new, empty file."""
    if not database.table_exists(SchemaVersion._meta.table_name):
        if database.get_tables():
            raise LibraryError(
                f"{database.database}: not a Gloss library (an SQLite file with other tables)"
            )
        return 0
    row = SchemaVersion.select().order_by(SchemaVersion.version.desc()).first()
    return row.version if row else 0


def _migrate(db: SqliteDatabase, path: Path) -> None:
    current = schema_version()
    latest = max(migrations.MIGRATIONS)
    if current > latest:
        raise LibraryTooNew(
            f"{path}: this library was written by a newer Gloss (schema {current}; this version "
            f"reads up to {latest}); update Gloss to open it"
        )
    if current == latest:
        return
    backup = backup_library(path, current) if current > 0 else None
    for version in range(current + 1, latest + 1):
        try:
            with db.atomic():  # IMMEDIATE: another process migrating now finishes first
                if schema_version() >= version:
                    continue  # it did this step already
                for statement in migrations.statements(migrations.MIGRATIONS[version]):
                    db.execute_sql(statement)
                SchemaVersion.delete().execute()
                SchemaVersion.create(version=version)
        except DatabaseError as exc:
            kept = f"; a copy from before is at {backup}" if backup else ""
            raise LibraryError(
                f"{path}: could not upgrade the library to schema {version} ({exc}); "
                f"it was left at schema {version - 1}{kept}"
            ) from exc


def _repair_deferred_index(db: SqliteDatabase) -> None:
    """An import's fts_deferred mark never outlives its transaction; one found committed (a
    hand edit, a bug) would keep new articles out of search, so rebuild the index once."""
    if schema_version() < 3 or not db.execute_sql('SELECT 1 FROM "fts_deferred"').fetchone():
        return
    with db.atomic():
        db.execute_sql('DELETE FROM "fts_deferred"')
        db.execute_sql("INSERT INTO article_fts(article_fts) VALUES ('rebuild')")


def backup_library(path: Path, version: int) -> Path:
    """Copy the library (WAL included, via SQLite's backup API) before it is migrated."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    source = sqlite3.connect(str(path))
    try:
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target
