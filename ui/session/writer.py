"""Library writes in order, without the window's thread ever waiting on another's lock.

A write is first tried on the GUI thread with a busy timeout of 0: when the library is free
(nearly always) it lands at once and its result is handed on in the same call, so an H press
shows its highlight in the same event. When another program holds the write lock the write,
and every write after it until the queue is empty again, goes to a writer thread with its own
connection that waits for the lock as long as it takes and never drops a write; each result
comes back on the GUI thread in order. (Picard's one-thread pool for writes, run_task's
result delivered back to the GUI thread.) Why not always the thread: a synchronous write keeps
undo commands and the views simple and costs no thread hop on every key press.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from models.db import close_library, no_waiting
from models.errors import LibraryBusy, LibraryError

log = logging.getLogger(__name__)

Write = Callable[[], Any]
Then = Callable[[Any], None]
Failed = Callable[[LibraryError], None]


_THREADS: weakref.WeakSet[threading.Thread] = weakref.WeakSet()  # every writer's, for the exit


def join_writers(timeout: float | None) -> bool:
    """Wait for the writer threads to end, each once its queue is empty and its connection
    closed (at exit; None: as long as that takes); True when none is left."""
    for thread in list(_THREADS):
        thread.join(timeout)
    return not any(thread.is_alive() for thread in _THREADS)


class Writer(QObject):
    """`submit(write, then, failed)`: run `write` now or after the writes queued before it;
    `then(result)` or `failed(error)` runs on the GUI thread."""

    waitingChanged = Signal(int)  # writes queued and not yet landed (0: all saved)
    _landed = Signal(object, object, object)  # (then, failed, (ok, value)), from the thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: deque[tuple[Write, Then, Failed]] = deque()
        self._lock = threading.Lock()  # guards _jobs and _thread between the two threads
        self._thread: threading.Thread | None = None
        self._waiting = 0  # GUI thread only: submitted to the queue, not yet delivered
        self._landed.connect(self._deliver)  # queued: emitted on the writer thread

    @property
    def waiting(self) -> int:
        return self._waiting

    def is_busy(self) -> bool:
        return self._waiting > 0

    def submit(self, write: Write, then: Then, failed: Failed) -> bool:
        """True: written now (`then` has run); False: queued behind another program's lock.
        A refusal on the spot (not a lock) raises its LibraryError here."""
        if not self._waiting:
            try:
                with no_waiting():
                    result = write()
            except LibraryBusy:
                log.info("the library is locked by another program: the write is queued")
            else:
                then(result)
                return True
        self._waiting += 1
        with self._lock:
            self._jobs.append((write, then, failed))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="gloss-writer")
                _THREADS.add(self._thread)
                self._thread.start()
        self.waitingChanged.emit(self._waiting)
        return False

    def _run(self) -> None:
        """The writer thread: each job until it lands, then leave when the queue is empty."""
        try:
            while True:
                with self._lock:
                    if not self._jobs:
                        self._thread = None
                        return
                    write, then, failed = self._jobs.popleft()
                self._landed.emit(then, failed, _until_written(write))
        finally:
            close_library()  # this thread's connection

    def _deliver(self, then: Then, failed: Failed, outcome: tuple[bool, Any]) -> None:
        self._waiting -= 1
        ok, value = outcome
        try:
            if ok:
                then(value)
            else:
                failed(value)
        finally:
            self.waitingChanged.emit(self._waiting)


def _until_written(write: Write) -> tuple[bool, Any]:
    """Run the write, waiting out another program's lock however long it holds it."""
    while True:
        try:
            return True, write()
        except LibraryBusy:
            log.info("the library is still locked: waiting to save")
        except LibraryError as exc:
            return False, exc
        except Exception as exc:  # a bug: told on the GUI thread, not lost with the thread
            log.exception("a queued write failed")
            return False, LibraryError(f"could not save ({exc})")
