"""Opening a library file: connection, pragmas, schema version and migrations."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from peewee import Database, DatabaseError, SqliteDatabase

from models import migrations
from models.backend import SqliteSearch, backend, session_setting
from models.coders import legacy_coder
from models.errors import (
    BUSY_TIMEOUT_MS,
    LibraryError,
    LibraryTooNew,
    library_name,
    plain_reason,
    read_only_reason,
    require_writable,
)
from models.paths import is_server_url
from models.schema import SchemaVersion, database, driver

# Set on every connection. WAL is not among them: it is written into the file, so it is set
# once, after the file has been found to be a Gloss library (or new).
PRAGMAS = {
    "foreign_keys": 1,
    # FULL: a committed annotation survives a power cut, not only a crash of the app.
    "synchronous": "full",
    "busy_timeout": BUSY_TIMEOUT_MS,
}


class LibraryDatabase(SqliteSearch, SqliteDatabase):
    """The library's SQLite database; knows its file and whether this process may write it."""

    def __init__(self, path: Path, read_only: str) -> None:
        target = _connection_target(path, read_only)
        # IMMEDIATE: a transaction takes the write lock up front, so a second process waits
        # (busy_timeout) instead of failing when it upgrades from reading to writing.
        super().__init__(target, pragmas=PRAGMAS, lock_type="IMMEDIATE", uri=bool(read_only))
        self.library_path = path
        self.location = str(path)
        self.read_only = read_only  # why this process cannot write it ("" when it can)

    def begin(self, *args: object, **kwargs: object) -> None:
        """Every write transaction starts here: refuse it on a read-only library, with the
        reason, before SQLite is asked (it would take the write lock, then fail)."""
        require_writable()
        super().begin(*args, **kwargs)

    def bulk_writes(self, _files: int = 0) -> AbstractContextManager[None]:
        """This connection's commits skip the fsync for a while (synchronous=NORMAL in WAL).

        For imports only: a power cut can take back the import's last batches, which the
        files still hold (a re-import skips what is already there); it cannot corrupt the
        library, and other connections (the window's) keep FULL for annotations. The rollback
        journal would write faster still, but leaving WAL locks out every other command while
        the import runs.
        """
        return session_setting("PRAGMA synchronous=NORMAL", "PRAGMA synchronous=FULL")

    def no_waiting(self) -> AbstractContextManager[None]:
        """This connection's writes fail at once (LibraryBusy) while another holds the write
        lock, instead of waiting for it: the window's thread hands such a write to a writer
        thread. Reads never wait in WAL mode either way."""
        return session_setting("PRAGMA busy_timeout=0", f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Inside a transaction, for rows that arrive with their own ids (a copy): articles
        skip the search index's row-by-row trigger, and every search index is rebuilt from its
        table at the end. SQLite gives the next id after the largest, so ids need nothing."""
        conn = SqliteDatabase.connection(self)  # (peewee's stubs type this call; self.… not)
        conn.execute('INSERT INTO "fts_deferred" DEFAULT VALUES')
        yield  # on an error the caller's rollback takes the mark away with everything else
        conn.execute('DELETE FROM "fts_deferred"')
        for index in ("article_fts", "memo_fts", "annotation_fts"):
            conn.execute(f'INSERT INTO "{index}"("{index}") VALUES (\'rebuild\')')

    def after_bulk_load(self) -> None:
        """After the copy's commit: nothing more on SQLite."""


def open_library(location: str | Path, upgrade: bool = False) -> Database:
    """Open (creating if needed) the library at `location` — a file, or a PostgreSQL URL
    (models.backend_pg) — migrate it, bind the proxy to it. `upgrade`: a server library may
    be upgraded to this version's schema (the user took a dump; files are backed up here).

    A library this process cannot write (a read-only file or folder) opens read-only: reading
    works, every write is refused with the reason (ReadOnlyLibrary).
    Peewee keeps one connection per thread, so a worker thread that touches the database gets
    its own connection; it should call `close_library()` when done.
    """
    if is_server_url(location):
        return _open_server(str(location), upgrade)
    path = Path(location)
    if path.exists() and not path.is_file():
        raise LibraryError(f"{path}: not a file")
    read_only = _why_read_only(path)
    if read_only and not path.exists():
        raise LibraryError(f"{path}: cannot create a library here: {read_only}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryError(f"{path}: cannot create its folder ({exc.strerror})") from exc
    db = LibraryDatabase(path, read_only)
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        schema_version()  # reads only: refuses another program's file before anything is written
        if not read_only:
            database.execute_sql("PRAGMA journal_mode=wal")
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


def _open_server(url: str, upgrade: bool) -> Database:
    from models.backend_pg import ServerLibrary, connect_error

    same = isinstance(database.obj, ServerLibrary) and database.obj.database == url
    db = database.obj if same else ServerLibrary(url)  # another thread's: its own connection
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
    except DatabaseError as exc:
        raise connect_error(url, exc) from None
    try:
        db.prepare(upgrade)
    except DatabaseError as exc:
        db.close()
        raise LibraryError(f"{db.location}: cannot open the library ({exc})") from None
    except LibraryError:
        db.close()
        raise
    return db


def _why_read_only(path: Path) -> str:
    """Why this process could not write the library at `path` ("" when it could). access()
    also answers for a read-only file system and an immutable file, where root is refused."""
    folder = next((p for p in [path.parent, *path.parent.parents] if p.exists()), None)
    if folder is not None and not os.access(folder, os.W_OK):
        return "its folder is read-only"  # first: SQLite cannot make its -shm file there
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only"
    return ""


def _connection_target(path: Path, read_only: str) -> str:
    """What sqlite3.connect gets: the path, or for a read-only library a URI saying so.

    mode=ro: SQLite opens the file read-only and still takes its locks, through the -shm file
    it creates beside the library (or finds there). In a read-only folder with no -wal file it
    can create neither, and a WAL library would not open at all, so the library is opened
    immutable: no locks, no -shm. That is safe only while nothing writes the file, and here
    nothing does: a writer in WAL mode keeps a -wal file beside it and there is none, and this
    folder refuses new files (another account allowed to write there could still start one;
    our reads could then fail, never the file).
    """
    if not read_only:
        return str(path)
    uri = f"{path.absolute().as_uri()}?mode=ro"
    if read_only.startswith("its folder") and not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return uri


def _disk_full(path: Path) -> bool:
    """Whether the library's disk has (all but) no room left; asks the file system, not the file."""
    try:
        return shutil.disk_usage(path.parent).free < 1024 * 1024
    except OSError:
        return False


def current_library() -> Database | None:
    """The library the models are bound to now (None before one is opened)."""
    return database.obj  # type: ignore[no-any-return]


def use_library(db: Database | None) -> None:
    """Bind the models to `db`, a library opened before (switching libraries in the window)."""
    database.initialize(db)


def close_library() -> None:
    """Close this thread's connection: the app's at exit, a worker's when it finishes."""
    if database.obj is not None and not database.is_closed():
        database.close()


def bulk_writes(files: int = 0) -> AbstractContextManager[None]:
    """The open library's faster, less durable writes for an import of `files` files (see
    its backend)."""
    return backend().bulk_writes(files)


def no_waiting() -> AbstractContextManager[None]:
    """The open library's writes fail at once instead of waiting for another's lock."""
    return backend().no_waiting()


close_thread_connection = close_library  # old name, still imported by ui/transfer/workers.py


def library_file_ids() -> set[tuple[int, int]]:
    """(device, inode) of the open library's files: the database, its -wal, -shm and -journal.

    Nothing in this process may open them but SQLite: closing any other descriptor on them
    drops every POSIX lock the process holds there, and another process then thinks it is alone.
    """
    path = getattr(database.obj, "library_path", None)
    if path is None:
        return set()
    ids = set()
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            info = os.stat(f"{path}{suffix}")
        except OSError:
            continue
        ids.add((info.st_dev, info.st_ino))
    return ids


def schema_version() -> int:
    """The library's version; 0 for a new, empty file."""
    if not database.table_exists(SchemaVersion._meta.table_name):
        if database.get_tables():
            raise LibraryError(
                f"{library_name()}: not a Gloss library (an SQLite file with other tables)"
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
    if read_only_reason():
        raise LibraryError(
            f"{path}: read-only ({read_only_reason()}): this library needs an upgrade "
            f"(schema {current} to {latest}), which Gloss cannot make here"
            if current
            else f"{path}: not a Gloss library (an empty file that cannot be written)"
        )
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
    if read_only_reason():
        return  # search may miss the last import's articles; nothing here can be fixed
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
