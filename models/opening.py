"""Opening a library on a worker thread, for a window that goes on running meanwhile.

`open_elsewhere` runs on the worker: connecting (a server may take seconds, or never answer),
checking or creating the schema and migrating all happen there, with the models bound to the
new library for that thread only. The other threads stay on the library still open until the
window takes the new one (`OpenedLibrary.take`), which costs it no wait: a server's
connection moves over from the worker; a file's is closed on the worker (an sqlite3
connection stays on its thread) and reopened on the taking thread, which for a file that was
just opened and migrated is quick and waits on no lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peewee import Database

from models.db import open_library, use_library
from models.schema import database


@dataclass
class OpenedLibrary:
    db: Database
    connection: Any  # the worker's connection to a server, for the taking thread; or None

    def take(self) -> None:
        """On the thread that goes on with it: every thread's models now use this library,
        and this thread the connection the worker made."""
        use_library(self.db)
        if self.connection is None:
            return
        state = _state(self.db)
        if state.closed:
            state.set_connection(self.connection)
        else:  # this thread has one already
            self.connection.close()
        self.connection = None

    def discard(self) -> None:
        """Not wanted after all (cancelled, or the window cannot let go): nothing stays open.
        Any thread may call it."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def open_elsewhere(location: str | Path, upgrade: bool = False) -> OpenedLibrary:
    """Open the library at `location` on this (worker) thread for another thread to take;
    raises what open_library raises. The models stay bound as they were for every thread."""
    with database.bound_here():
        db = open_library(location, upgrade)
        if not getattr(db, "is_server", False):
            db.close()
            return OpenedLibrary(db, None)
        state = _state(db)
        connection = state.conn
        state.reset()  # this thread lets go of it without closing it
        return OpenedLibrary(db, connection)


def _state(db: Database) -> Any:
    """peewee's per-thread connection state: the one way to move a connection to another
    thread (psycopg's connections may be used from any thread)."""
    return getattr(db, "_state")  # noqa: B009  (not in peewee's stubs)
