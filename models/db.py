"""Opening a library file: connection, pragmas, schema version and migrations."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from peewee import DatabaseError, SqliteDatabase

from models import migrations
from models.coders import legacy_coder
from models.errors import BUSY_TIMEOUT_MS, LibraryError, LibraryTooNew, plain_reason
from models.schema import SchemaVersion, database, driver

# Set on every connection. WAL is not among them: it is written into the file, so it is set
# once, after the file has been found to be a Gloss library (or new).
PRAGMAS = {
    "foreign_keys": 1,
    # FULL: a committed annotation survives a power cut, not only a crash of the app.
    "synchronous": "full",
    "busy_timeout": BUSY_TIMEOUT_MS,
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
        schema_version()  # reads only: refuses another program's file before anything is written
        db.execute_sql("PRAGMA journal_mode=wal")
        _migrate(db, path)
        _repair_deferred_index(db)
    except DatabaseError as exc:
        db.close()
        if "unable to open" in str(exc):
            raise LibraryError(f"{path}: cannot open the library ({exc})") from exc
        if "i/o error" in str(exc).lower() and _disk_full(path):  # no room for the -shm file
            raise LibraryError(f"{path}: cannot open the library: disk full") from exc
        if plain_reason(exc) != str(exc):  # busy, read-only, disk full: not what the file is
            raise LibraryError(f"{path}: {plain_reason(exc)}") from exc
        raise LibraryError(f"{path}: not a Gloss library ({exc})") from exc
    except LibraryError:
        db.close()
        raise
    return db


def _disk_full(path: Path) -> bool:
    """Whether the library's disk has (all but) no room left; asks the file system, not the file."""
    try:
        return shutil.disk_usage(path.parent).free < 1024 * 1024
    except OSError:
        return False


def close_library() -> None:
    """Close this thread's connection: the app's at exit, a worker's when it finishes."""
    if database.obj is not None and not database.is_closed():
        database.close()


@contextmanager
def bulk_writes() -> Iterator[None]:
    """This connection's commits skip the fsync for a while (synchronous=NORMAL in WAL).

    For imports only: a power cut can take back the import's last batches, which the files
    still hold (a re-import skips what is already there); it cannot corrupt the library, and
    other connections (the window's) keep FULL for annotations. The rollback journal would
    write faster still, but leaving WAL locks out every other command while the import runs.
    """
    database.execute_sql("PRAGMA synchronous=NORMAL")
    try:
        yield
    finally:
        database.execute_sql("PRAGMA synchronous=FULL")


@contextmanager
def no_waiting() -> Iterator[None]:
    """This connection's writes fail at once (LibraryBusy) while another holds the write
    lock, instead of waiting for it: the window's thread hands such a write to a writer
    thread. Reads never wait in WAL mode either way."""
    database.execute_sql("PRAGMA busy_timeout=0")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


close_thread_connection = close_library  # old name, still imported by ui/transfer/workers.py


def library_file_ids() -> set[tuple[int, int]]:
    """(device, inode) of the open library's files: the database, its -wal, -shm and -journal.

    Nothing in this process may open them but SQLite: closing any other descriptor on them
    drops every POSIX lock the process holds there, and another process then thinks it is alone.
    """
    path = database.database if database.obj is not None else None
    if not isinstance(path, str) or path == ":memory:":
        return set()
    ids = set()
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            info = os.stat(path + suffix)
        except OSError:
            continue
        ids.add((info.st_dev, info.st_ino))
    return ids


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
    parameters = {"legacy_coder": legacy_coder()}  # the named values migrations use
    for version in range(current + 1, latest + 1):
        try:
            with db.atomic():  # IMMEDIATE: another process migrating now finishes first
                if schema_version() >= version:
                    continue  # it did this step already
                for statement in migrations.statements(migrations.MIGRATIONS[version]):
                    db.execute_sql(statement, parameters)
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
    """Copy the open library (WAL included, via SQLite's backup API) before it is migrated.

    Read through the open connection: no second descriptor on the library (library_file_ids).
    """
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    dest = driver.connect(str(target))
    try:
        database.connection().backup(dest)
    finally:
        dest.close()
    return target
