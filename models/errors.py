"""Errors the library raises with a plain sentence a user can act on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from peewee import DatabaseError


class LibraryError(Exception):
    """Something the user asked of the library cannot be done; str() is the reason."""


class LibraryTooNew(LibraryError):
    """The library file was written by a newer Gloss."""


class LibraryBusy(LibraryError):
    """Another connection holds the write lock (past this connection's busy timeout)."""


class NotFound(LibraryError):
    """No article, annotation or tag with that id or name."""


@contextmanager
def saving() -> Iterator[None]:
    """Turn a failed write (locked by an import, disk full, …) into a LibraryError the UI can
    show; usable as `with saving():` or as the decorator `@saving()`."""
    try:
        yield
    except DatabaseError as exc:
        reason = str(exc)
        if "locked" in reason or "busy" in reason:
            raise LibraryBusy(f"could not save: database is busy ({reason}); try again") from exc
        raise LibraryError(f"could not save ({reason}); try again") from exc
