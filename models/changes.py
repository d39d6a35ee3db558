"""The change log: what other windows on the same library need to see, without re-reading it.

Every annotation, codebook, article-tag and article write records a row per thing it touched in the
same transaction (so a row exists exactly when its write committed). A window remembers the
last id it saw and asks for the rows after it that some other writer made (`changes_since`);
`ChangeWatcher.wait` says when to ask: on SQLite after a short sleep (the query is one index
probe), on PostgreSQL when a NOTIFY sent by a write's commit arrives (LISTEN gloss_changes).
Written from Python, not by triggers, so that it works the same on every backend.
"""

from __future__ import annotations

import datetime as dt
import importlib
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from peewee import Database, SqliteDatabase

from models.coders import current_coder
from models.schema import ChangeLog, database, tuples, utc_now

CHANNEL = "gloss_changes"
KEEP_DAYS = 7  # older rows are pruned: a window away longer than that reloads everything

# Who writes: a Session sets its own token around its writes so that it can skip its own rows;
# anything else in this process (the command line, an import) writes as the process.
_PROCESS_ORIGIN = uuid.uuid4().hex[:16]
_origin: ContextVar[str] = ContextVar("gloss_change_origin", default=_PROCESS_ORIGIN)

_COLUMNS = ("kind", "action", "article_id", "annotation_id", "coder", "origin", "at")


def new_origin() -> str:
    """A token for one writer (a window's Session)."""
    return uuid.uuid4().hex[:16]


def current_origin() -> str:
    return _origin.get()


@contextmanager
def writing_as(origin: str) -> Iterator[None]:
    """Rows recorded inside are this origin's (the window that made the write)."""
    token = _origin.set(origin)
    try:
        yield
    finally:
        _origin.reset(token)


@dataclass(frozen=True)
class Change:
    id: int
    kind: str  # annotation | codebook | article_tags | article
    action: str  # insert | update | delete (an article's also edit); "" for the others
    article_id: int | None
    annotation_id: int | None
    coder: str
    origin: str
    at: str


def is_server() -> bool:
    """Whether the open library lives on a database server (PostgreSQL), not in a file."""
    return database.obj is not None and not isinstance(database.obj, SqliteDatabase)


@lru_cache(maxsize=1)
def _insert_sql() -> str:
    """The INSERT, with `?` placeholders (a server library's cursor turns them into its own)."""
    names = ", ".join(f'"{name}"' for name in _COLUMNS)
    return f'INSERT INTO "change_log" ({names}) VALUES ({", ".join("?" * len(_COLUMNS))})'


def record(
    kind: str,
    *,
    action: str = "",
    article_id: int | None = None,
    annotation_id: int | None = None,
    coder: str | None = None,
) -> None:
    """Log one write (call inside its transaction); coder: default the current one."""
    record_many(kind, [(action, article_id, annotation_id, coder or current_coder())])


def record_many(kind: str, rows: Iterable[tuple[str, int | None, int | None, str]]) -> None:
    """Log several writes of one kind: (action, article_id, annotation_id, coder) each."""
    stamp, origin = utc_now(), _origin.get()
    values = [(kind, action, art, ann, coder, origin, stamp) for action, art, ann, coder in rows]
    if not values:
        return
    cursor = database.cursor()
    sql = _insert_sql()
    if len(values) == 1:
        cursor.execute(sql, values[0])
    else:
        cursor.executemany(sql, values)
    if is_server():  # delivered at commit, once per transaction however often it is sent
        cursor.execute(f"SELECT pg_notify('{CHANNEL}', '')")


def record_annotations(action: str, records: Iterable[Any]) -> None:
    """Log annotation writes (records with id and article_id) by the current coder: who made
    the change, which a conflict message names."""
    # A new one names its coder already (asking again reads the settings file: not per H).
    coder = "" if action == "insert" else current_coder()
    record_many("annotation", [(action, r.article_id, r.id, coder or r.coder) for r in records])


def last_change_id() -> int:
    """The newest row's id (0 when none): where a window starts watching."""
    found = ChangeLog.select(ChangeLog.id).order_by(ChangeLog.id.desc()).limit(1).scalar()
    return int(found or 0)


def oldest_change_id() -> int:
    found = ChangeLog.select(ChangeLog.id).order_by(ChangeLog.id).limit(1).scalar()
    return int(found or 0)


def changes_since(after_id: int, skip_origin: str | None = None, limit: int = 5000) -> list[Change]:
    """The rows after `after_id`, oldest first, leaving out `skip_origin`'s own."""
    query = ChangeLog.select(*[getattr(ChangeLog, name) for name in ("id", *_COLUMNS)]).where(
        ChangeLog.id > after_id
    )
    rows = [Change(*row) for row in tuples(query.order_by(ChangeLog.id).limit(limit))]
    return [row for row in rows if row.origin != skip_origin]


def prune(days: int = KEEP_DAYS) -> int:
    """Drop rows older than `days` (at start-up); how many went."""
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    stamp = cutoff.strftime("%Y-%m-%dT%H:%M:%SZ")
    with database.atomic():
        return int(ChangeLog.delete().where(ChangeLog.at < stamp).execute())


class ChangeWatcher:
    """Says when to look for new rows. `wait(timeout)` returns after `timeout` seconds, at once
    after `stop()`, or (PostgreSQL) as soon as a write elsewhere commits. Made for the open
    library; waited on from one thread, which `close()`s it there."""

    def __init__(self) -> None:
        self._stopped = threading.Event()
        self._library = database.obj  # the library watched: another opened ends the watch
        self._listener: Any = None  # psycopg connection listening on CHANNEL (servers only)

    def wait(self, timeout: float) -> None:
        if self._stopped.is_set():
            return
        if is_server():
            try:
                self._wait_for_notify(timeout)
                return
            except Exception:  # the server went away: fall back to polling until it is back
                self._close_listener()
        self._stopped.wait(timeout)

    def stop(self) -> None:
        self._stopped.set()

    @property
    def watching(self) -> bool:
        """Not stopped, and the library is still the one open in this process."""
        return not self._stopped.is_set() and database.obj is self._library

    def close(self) -> None:
        """Close the listening connection and this thread's connection to the library (peewee
        keeps one per thread): from the thread that waited."""
        self._close_listener()
        library = self._library
        if isinstance(library, Database) and not library.is_closed():
            library.close()

    def _wait_for_notify(self, timeout: float) -> None:
        if self._listener is None:
            self._listener = _listen()
        # Short slices so that stop() is heard soon; a notification ends the wait at once.
        waited = 0.0
        while waited < timeout and not self._stopped.is_set():
            step = min(0.25, timeout - waited)
            for _note in self._listener.notifies(timeout=step, stop_after=1):
                return
            waited += step

    def _close_listener(self) -> None:
        if self._listener is not None:
            try:
                self._listener.close()
            finally:
                self._listener = None


def _listen() -> Any:
    """A connection of its own (autocommit) listening on CHANNEL. psycopg is imported here,
    not at start: it costs ~30 MB that a window on an SQLite library never needs."""
    psycopg = importlib.import_module("psycopg")  # lazy on purpose

    db = database.obj
    params = {k: v for k, v in getattr(db, "connect_params", {}).items() if k != "autocommit"}
    target = str(db.database)  # a URL (libpq reads it), a "key=value" string or a bare name
    if "://" not in target and "=" not in target:
        params["dbname"], target = target, ""
    connection = psycopg.connect(target, autocommit=True, **params)
    connection.execute(f"LISTEN {CHANNEL}")
    return connection
