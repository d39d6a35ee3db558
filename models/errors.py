"""Errors the library raises with a plain sentence a user can act on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from peewee import DatabaseError

from models.schema import database, driver

# How long a write waits for another program's write lock before it gives up.
BUSY_TIMEOUT_MS = 10_000

# What a failed database call raises: peewee's errors, or the driver's own from the bare
# connection (imports write through it).
DATABASE_ERRORS: tuple[type[Exception], ...] = (DatabaseError, driver.Error)


class LibraryError(Exception):
    """Something the user asked of the library cannot be done; str() is the reason."""


class LibraryTooNew(LibraryError):
    """The library file was written by a newer Gloss."""


class NotFound(LibraryError):
    """No article, annotation or tag with that id or name."""


class ReadOnlyLibrary(LibraryError):
    """The open library cannot be written by this process (read-only file or folder)."""


class WriteFailed(LibraryError):
    """A change could not be saved (busy, read-only, disk full); nothing of it was kept."""


class LibraryBusy(WriteFailed):
    """Another connection holds the write lock (past this connection's busy timeout)."""


def first_failure(exc: BaseException) -> BaseException:
    """The error that failed a write, not "cannot rollback" from cleaning up after it (SQLite
    rolls a transaction back by itself on some errors, disk full among them)."""
    while "cannot rollback" in str(exc) and exc.__context__ is not None:
        exc = exc.__context__
    return exc


def plain_reason(exc: BaseException) -> str:
    """What a database error means to the user, in a few words (SQLite's own otherwise)."""
    text = str(first_failure(exc))
    lowered = text.lower()
    if "full" in lowered:  # "database or disk is full"
        return "disk full"
    if _is_busy(lowered):
        return (
            f"busy: another program has been writing to it for more than "
            f"{BUSY_TIMEOUT_MS // 1000} s; "
            "try again when it has finished"
        )
    if "readonly" in lowered or "read-only" in lowered:
        return "read-only: Gloss cannot change this library (the file or its folder is read-only)"
    return text


def _is_busy(reason: str) -> bool:
    """SQLite's "database is locked"/"busy", PostgreSQL's lock timeout or deadlock."""
    return any(word in reason for word in ("locked", "busy", "lock timeout", "deadlock"))


def stops_every_write(exc: BaseException) -> bool:
    """A failure every later write would meet too: disk full, read-only, busy, I/O error."""
    text = str(first_failure(exc))
    return plain_reason(exc) != text or "i/o error" in text.lower()


def library_name() -> str:
    """The open library's path (or URL, without its password), for messages."""
    location = getattr(database.obj, "location", None)
    return str(location) if location else "the library"


def library_failure(exc: BaseException, doing: str = "") -> LibraryError:
    """A database error as one line naming the open library and the reason."""
    return LibraryError(f"{library_name()}: {doing}{plain_reason(exc)}")


def read_only_reason() -> str:
    """Why the open library cannot be written by this process ("" when it can)."""
    return getattr(database.obj, "read_only", "")


def require_writable() -> None:
    """Raise ReadOnlyLibrary, with the reason, when the open library cannot be written."""
    reason = read_only_reason()
    if reason:
        raise ReadOnlyLibrary(
            f"{library_name()}: read-only ({reason}): Gloss can show this library but not change it"
        )


@contextmanager
def saving() -> Iterator[None]:
    """Turn a failed write (locked by an import, disk full, …) into a WriteFailed the UI can
    show; usable as `with saving():` or as the decorator `@saving()`."""
    require_writable()
    try:
        yield
    except DATABASE_ERRORS as exc:
        reason = str(first_failure(exc))
        if _is_busy(reason.lower()):
            raise LibraryBusy(f"could not save: database is busy ({reason}); try again") from exc
        raise WriteFailed(f"could not save: {plain_reason(exc)}") from exc
