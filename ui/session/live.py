"""Live updates: other windows' and programs' writes reach this window within seconds.

A thread of its own (the window's thread never waits on the database) asks the change log
for the rows after the last one it saw that another writer made: every POLL_SECONDS on SQLite
(one index probe), at once when a NOTIFY arrives on PostgreSQL. The rows go to the GUI thread
(`changesArrived`), where the Session re-reads only the annotations they name. The thread
ends with `stop()`, and by itself when this process opens another library.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from models import annotating, changes
from models.conflicts import EditConflict
from models.errors import read_only_reason
from ui.session.store import AnnotationChange, AnnotationStore

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0
PRUNE_AFTER_SECONDS = 60.0  # the change log is pruned once a window has watched this long


class _Session(Protocol):
    """What FollowsOthers needs of the Session it is part of."""

    store: AnnotationStore
    tagsChanged: Any
    libraryChanged: Any

    def _apply(self, change: AnnotationChange) -> None: ...

    def _tags_changed(self) -> None: ...

    def _articles_changed(self) -> None: ...

    def _article_edited(self, article_id: int, fields: tuple[str, ...]) -> None: ...

    def articles_updated(self, article_ids: Sequence[int]) -> None: ...


class FollowsOthers:
    """The Session's part in live updates: what others' writes change in this window."""

    def apply_changes(self: _Session, found: Sequence[changes.Change]) -> None:
        """The open article's highlights they touched are read again into the store, counts
        move, the codebook and article tags reload, articles they changed reload."""
        change = annotation_change(self.store, [c for c in found if c.kind == "annotation"])
        if change is not None:
            self._apply(change)
        if any(c.kind == "codebook" for c in found):
            self._tags_changed()
        elif any(c.kind == "article_tags" for c in found):
            self.tagsChanged.emit()
        articles = [(c.action, c.article_id) for c in found if c.kind == "article" and c.article_id]
        texts = [article_id for action, article_id in articles if action == "update"]
        if texts:  # new texts: the open one reopens; undo steps' offsets no longer hold
            self.articles_updated(texts)
        if any(action == "delete" for action, _id in articles):
            self._articles_changed()  # the open one may be gone; tag counts fell
        elif any(action == "insert" for action, _id in articles):
            self.libraryChanged.emit()  # an import (or an undone delete): the list reloads
        for article_id in dict.fromkeys(i for action, i in articles if action == "edit"):
            self._article_edited(article_id, ("title",))  # which fields is not logged: all


class LiveUpdates(QObject):
    """Watches the library for others' changes; `changesArrived(list[Change])` on the GUI thread."""

    changesArrived = Signal(list)

    def __init__(self, origin: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.origin = origin  # this window's writes: not reported back to it
        self.interval = POLL_SECONDS
        self._watcher: changes.ChangeWatcher | None = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Watch from the newest change on (what the window shows now is read after it)."""
        self.stop()
        watcher = self._watcher = changes.ChangeWatcher()
        last = changes.last_change_id()
        self._thread = threading.Thread(
            target=self._run, args=(watcher, last), name="gloss-live", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        if self._watcher is not None:
            self._watcher.stop()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = self._watcher = None

    def _run(self, watcher: changes.ChangeWatcher, last: int) -> None:
        failing = False  # said once with its traceback, not every second
        # Housekeeping waits until the window has settled: pruning at once took the write lock
        # just as the window's first writes (marking the opened article read) wanted it.
        prune_at = None if read_only_reason() else time.monotonic() + PRUNE_AFTER_SECONDS
        try:
            while watcher.watching:
                watcher.wait(self.interval)
                if not watcher.watching:
                    break
                if prune_at is not None and time.monotonic() >= prune_at:
                    prune_at = None
                    _prune()
                try:
                    found = changes.changes_since(last, skip_origin=None)
                except Exception:  # the library went away or is busy: try again next time
                    log.warning("could not read the change log", exc_info=not failing)
                    failing = True
                    continue
                failing = False
                if found:
                    last = found[-1].id
                    foreign = [c for c in found if c.origin != self.origin]
                    if foreign:
                        self.changesArrived.emit(foreign)
        except RuntimeError:  # the window (this QObject) is gone
            pass
        finally:
            watcher.close()


def _prune() -> None:
    try:
        changes.prune()
    except Exception:  # only housekeeping: a busy library keeps its old rows for now
        log.info("change log not pruned", exc_info=True)


def annotation_change(
    store: AnnotationStore, found: Sequence[changes.Change]
) -> AnnotationChange | None:
    """What others' annotation rows mean for this window: the open article's annotations they
    name, re-read (only those), and every other article's count moved by what was made and
    deleted there. None when nothing shown differs."""
    open_id = store.article_id
    ids = list(dict.fromkeys(c.annotation_id for c in found if c.article_id == open_id))
    counts: Counter[int] = Counter()
    for change in found:
        if change.article_id != open_id and change.article_id is not None:
            counts[change.article_id] += _COUNT_STEP.get(change.action, 0)
    fresh = {r.id: r for r in annotating.get_annotations([i for i in ids if i is not None])}
    pairs = tuple(
        (store.get(i), fresh.get(i)) for i in ids if i is not None and store.get(i) != fresh.get(i)
    )
    moved = tuple((article, delta) for article, delta in counts.items() if delta)
    if not pairs and not moved:
        return None
    return AnnotationChange(pairs, counts=moved, foreign=True)


_COUNT_STEP = {"insert": 1, "delete": -1}


def unless_newer(write: Callable[[], object]) -> bool:
    """Run the write; False when a newer change by someone else refused it (the user was told
    on writeFailed): an expected outcome, not an error for the widget to handle."""
    try:
        write()
    except EditConflict:
        return False
    return True


def conflict_change(store: AnnotationStore, exc: Exception) -> AnnotationChange | None:
    """A write refused because the store's copy of a highlight was stale: the row as it is
    now, to show (None when it is not a highlight's conflict, or not in the store)."""
    if not isinstance(exc, EditConflict):
        return None
    held = store.get(exc.annotation_id)
    if held is None or held == exc.current:
        return None
    return AnnotationChange(((held, exc.current),), foreign=True)
