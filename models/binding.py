"""The models' one database proxy, which a thread can bind to another library for itself.

The window opens a library on a worker thread (connecting to a server can take seconds) while
its own threads go on with the library still open: inside `bound_here()` the worker's
`initialize()` binds only that thread, and everything else keeps the shared binding.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from peewee import DatabaseProxy


class LibraryProxy(DatabaseProxy):
    __slots__ = ("_shared", "_here")

    def __init__(self) -> None:
        object.__setattr__(self, "_here", threading.local())
        object.__setattr__(self, "_shared", None)
        super().__init__()

    def __setattr__(self, attr: str, value: Any) -> None:
        object.__setattr__(self, attr, value)  # peewee's check knows only its own slots

    @property
    def obj(self) -> Any:
        return getattr(self._here, "db", self._shared)

    @obj.setter
    def obj(self, value: Any) -> None:
        if hasattr(self._here, "db"):
            self._here.db = value
        else:
            object.__setattr__(self, "_shared", value)

    @contextmanager
    def bound_here(self) -> Iterator[None]:
        """Within the block this thread's binding is its own, unbound at first (so a library
        opened here is a new object, never the one the other threads use)."""
        self._here.db = None
        try:
            yield
        finally:
            del self._here.db
