"""Long work (imports, exports) off the GUI thread.

A `Worker` runs `work()` on a QThread of its own, with its own database connection (peewee keeps
one per thread; it is closed when the work ends). The worker object itself stays on the GUI
thread and re-emits progress and the outcome there, so any receiver, even a lambda, may touch
widgets. Cancelling sets a thread-safe flag that the work polls.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal

from models import export, export_formats, search
from models.batches import batches
from models.db import close_thread_connection
from models.errors import DATABASE_ERRORS, LibraryError, library_failure
from models.export_attributes import attribute_columns
from models.files import write_text_atomically

if TYPE_CHECKING:
    from models.import_report import ImportReport

log = logging.getLogger(__name__)

# Workers still running; holding them here keeps a finished-but-unreported one from being
# garbage-collected while its thread runs (Qt aborts when a running QThread is destroyed).
_ACTIVE: set[Worker] = set()


class Cancelled(Exception):
    """Raised inside work() to abandon it; the worker then reports `cancelled`."""


class _Thread(QThread):
    def __init__(self, target: Callable[[], None]) -> None:
        super().__init__()
        self._target = target

    def run(self) -> None:  # runs on the new thread
        self._target()


class Worker(QObject):
    progress = Signal(int, int, str)  # done, total, current item (GUI thread)
    finished = Signal(object)  # the work's result (GUI thread)
    failed = Signal(str)  # a plain sentence (GUI thread)
    cancelled = Signal()  # work() raised Cancelled (GUI thread)

    _progressed = Signal(int, int, str)  # emitted on the worker thread, relayed by _relay

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread: _Thread | None = None
        self._outcome: tuple[str, object] = ("failed", "the work did not run")
        self.thread_ident: int | None = None  # the worker thread's id, for tests and logs
        # A bound method of an object living on the GUI thread: Qt queues the call there.
        self._progressed.connect(self._relay)

    def work(self) -> object:
        raise NotImplementedError

    def report_progress(self, done: int, total: int, item: str = "") -> None:
        """Called from work(), on the worker thread."""
        self._progressed.emit(done, total, item)

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("a worker runs once")
        self._thread = _Thread(self._execute)
        self._thread.finished.connect(self._on_thread_finished)  # queued to the GUI thread
        _ACTIVE.add(self)
        self._thread.start()

    def cancel(self) -> None:
        """Thread-safe; the work stops at its next check."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        return self in _ACTIVE

    def wait(self, timeout_ms: int = -1) -> bool:
        """Block until the thread ends (signals still arrive later, through the event loop)."""
        if self._thread is None:
            return True
        return self._thread.wait() if timeout_ms < 0 else self._thread.wait(timeout_ms)

    def _execute(self) -> None:
        self.thread_ident = threading.get_ident()
        try:
            self._outcome = ("finished", self.work())
        except Cancelled:
            self._outcome = ("cancelled", None)
        except LibraryError as exc:
            self._outcome = ("failed", str(exc))
        except DATABASE_ERRORS as exc:  # busy, read-only, disk full: a sentence, not a type
            self._outcome = ("failed", str(library_failure(exc)))
        except Exception as exc:  # a bug must reach the user as a message, not kill the thread
            log.exception("background work failed")
            self._outcome = ("failed", f"{type(exc).__name__}: {exc}")
        finally:
            close_thread_connection()

    def _relay(self, done: int, total: int, item: str) -> None:
        self.progress.emit(done, total, item)

    def _on_thread_finished(self) -> None:
        assert self._thread is not None
        self._thread.wait()
        _ACTIVE.discard(self)
        kind, value = self._outcome
        if kind == "finished":
            self.finished.emit(value)
        elif kind == "cancelled":
            self.cancelled.emit()
        else:
            self.failed.emit(str(value))


class _FunctionWorker(Worker):
    def __init__(self, fn: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn

    def work(self) -> object:
        return self._fn()


def run_in_thread(
    fn: Callable[[], object],
    on_result: Callable[[object], None] | None = None,
    on_error: Callable[[str], None] | None = None,
) -> Worker:
    """Run `fn` on a worker thread; the callbacks run on the GUI thread (Picard's run_task)."""
    worker = _FunctionWorker(fn)
    if on_result is not None:
        worker.finished.connect(on_result)
    if on_error is not None:
        worker.failed.connect(on_error)
    worker.start()
    return worker


def any_worker_running() -> bool:
    """Whether an import, export or other long job is still at work."""
    return bool(_ACTIVE)


def stop_all_workers(timeout_ms: int = 10_000) -> bool:
    """Cancel every running worker and wait for it (call when the window closes)."""
    workers = list(_ACTIVE)
    for worker in workers:
        worker.cancel()
    return all(worker.wait(timeout_ms) for worker in workers)


class ImportWorker(Worker):
    """models.importing.import_paths on a worker thread; finished(ImportReport).

    Besides files done (`progress`), `itemsProgress(stage, done, total)` follows the articles
    inside the current file (models.item_progress), at most once per percent of them.
    """

    itemsProgress = Signal(str, int, int)  # GUI thread
    _itemsProgressed = Signal(str, int, int)  # worker thread, relayed
    READ_STEP = 50  # articles read between reports while their total is unknown

    def __init__(
        self,
        paths: Sequence[Path | str],
        format: str | None = None,
        parent: QObject | None = None,
        *,
        update: bool = False,
    ) -> None:
        super().__init__(parent)
        self.paths = [Path(p) for p in paths]
        self.format = format
        self.update = update  # new versions of articles in the library update them
        self._last_items = ("", -1)  # (stage, percent or step) last reported
        self._itemsProgressed.connect(self._relay_items)  # queued: see Worker.__init__

    def report_items(self, stage: str, done: int, total: int) -> None:
        """Called on the worker thread for every article; passes on few enough for the GUI."""
        mark = (stage, done * 100 // total if total else done // self.READ_STEP)
        if mark != self._last_items or done == total:
            self._last_items = mark
            self._itemsProgressed.emit(stage, done, total)

    def _relay_items(self, stage: str, done: int, total: int) -> None:
        self.itemsProgress.emit(stage, done, total)

    def work(self) -> ImportReport:
        from models import importing  # with the importers and their parsers: not at start-up
        from models.exchange_import import split_exchange_files
        from models.import_report import Failed

        lines: list[str] = []
        failed: list[tuple[Path, str]] = []
        paths = self.paths if self.format else split_exchange_files(self.paths, lines, failed)
        report = importing.import_paths(
            paths,
            self.format,
            self.report_progress,
            self.is_cancelled,
            update=self.update,
            on_items=self.report_items,
        )
        report.exchanged.extend(lines)
        report.failed.extend(Failed(str(path), error) for path, error in failed)
        if not report.cancelled:
            importing.tidy_after(report)  # still on this thread: the window stays responsive
        return report


class ExportWorker(Worker):
    """An export on a worker thread; finished(int annotations written), cancelled() leaves no file.

    `article_ids=None` exports the whole library; `filter_text` (when given) exports the articles
    that filter matches, looked up on the worker thread.
    """

    # SQLite limits the number of bound parameters; big selections are read in batches.
    BATCH = 5_000

    def __init__(
        self,
        target: Path | str,
        *,
        article_ids: Sequence[int] | None = None,
        filter_text: str | None = None,
        raw: bool = False,
        fmt: str = "csv",
        variables: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.target = Path(target)
        self.fmt = fmt
        self.variables = variables  # a CSV's attr:NAME columns
        self.article_ids = None if article_ids is None else list(article_ids)
        self.filter_text = filter_text
        self.raw = raw

    def work(self) -> int:
        ids = self.article_ids
        if self.filter_text is not None:
            ids = search.matching_article_ids(self.filter_text)  # the list's full-text search

        def on_row(count: int) -> bool:
            self.report_progress(count, 0, "")
            return not self.is_cancelled()

        def write(out) -> int:  # type: ignore[no-untyped-def]
            if self.fmt == "csv" and self.variables:
                header, rows = attribute_columns(_rows(ids, self.BATCH))
                count = export.write_csv(out, rows, raw=self.raw, on_row=on_row, header=header)
            elif self.fmt == "csv":
                count = export.write_csv(out, _rows(ids, self.BATCH), raw=self.raw, on_row=on_row)
            else:  # (the nested formats read one article at a time)
                count = export_formats.write_export(out, self.fmt, ids, on_row=on_row)
            if self.is_cancelled():
                raise Cancelled  # the temporary file is removed; the target stays as it was
            return count

        return write_text_atomically(self.target, write)


def _rows(ids: list[int] | None, batch: int) -> Iterator[tuple[object, ...]]:
    """Export rows of these articles (None: all); ids ascending keeps the export order."""
    if ids is None:
        return export.iter_rows()
    ordered = sorted(set(ids))
    if not ordered:
        return iter(())  # (iter_rows() without ids would mean every article)
    if len(ordered) <= batch:  # one query: SQLite writes the lines (models.export's fast path)
        return export.iter_rows(ordered)
    chunks = batches(ordered, batch)
    return itertools.chain.from_iterable(export.iter_rows(chunk) for chunk in chunks)
