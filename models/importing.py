"""Importing files into the library: walk, parse (importers/), store atomically, report."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import ExitStack, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from importers.registry import OUTSIDE_LINK, walk_sources
from models.backend import backend
from models.db import bulk_writes, library_file_ids
from models.errors import (
    DATABASE_ERRORS,
    first_failure,
    plain_reason,
    require_writable,
    stops_every_write,
)
from models.import_report import (
    Duplicate,
    Failed,
    Imported,
    ImportReport,
    Updated,
)
from models.item_progress import PREPARING, READING, ImportCancelled, ItemProgress
from models.outlets import OutletNamer
from models.parsing import ParsedFile, parse_all
from models.path_text import path_text
from models.schema import database
from models.storing import (
    ROWS_AT_ONCE,
    StoreResult,
    deferred_indexing,
    log_new_articles,
    optimize_search_index,
    store_files,
    store_prepared,
)

if TYPE_CHECKING:  # re-anchoring (rapidfuzz) loads only for an import --update
    from models.updating import ArticleMatcher, UpdateResult


ProgressCallback = Callable[[int, int, str], None]

# After an import this big, merging the full-text index pays for itself in every later search.
MERGE_INDEX_FROM_ARTICLES = 1_000

# One commit per file was most of an import's time, so files are written in batches. The
# window imports on a worker thread and its own writes wait for at most one batch: short ones
# there; the command line (the main thread) writes longer ones, ~15% faster.
BATCH_FILES, BATCH_SECONDS = 500, 0.25
BATCH_FILES_MAIN_THREAD, BATCH_SECONDS_MAIN_THREAD = 5_000, 2.0


def import_paths(
    paths: Iterable[Path | str],
    format: str | None = None,
    on_progress: ProgressCallback | None = None,
    should_cancel: Callable[[], bool] | None = None,
    options: Mapping[str, object] | None = None,
    workers: int | None = None,
    update: bool = False,
    on_items: ItemProgress | None = None,
) -> ImportReport:
    """Import files and folders (recursively). Each file is all-or-nothing.

    `on_progress(done, total, path)` is called before each file; when `should_cancel()`
    turns true the import stops between files, or while a file's articles are read and
    prepared (that file is then left out), keeping what was already imported.
    `options` go to the importers that take them (a dataset's column map: {"map": ColumnMap}).
    `workers` parsing processes (None: by file count and cores; 1: all in this process).
    `update`: an article the library already has (models.updating.ArticleMatcher) in another
    version is updated in place, its highlights re-anchored, instead of added.
    `on_items(stage, done, total)` follows the articles inside a file (models.item_progress):
    read, prepared, stored and indexed, so that one big file moves a progress bar too.
    """
    require_writable()  # before walking and parsing what could never be stored
    report = ImportReport()

    def skip_link(path: Path) -> None:
        report.skipped.append(Failed(path_text(path), OUTSIDE_LINK))

    files = _without_the_library(walk_sources((Path(p) for p in paths), skip_link), report)
    on_parsed = _cancellable(on_items, should_cancel)
    vectors = backend().article_index_column is not None  # made in the workers, in parallel
    parsed = parse_all(files, format, options, workers, on_parsed, vectors)
    try:
        with bulk_writes(len(files)):
            writer = _BatchWriter(
                report, *_batch_limits(), _matcher() if update else None, on_items
            )
            tried = 0
            try:
                for done, (path, _) in enumerate(files):
                    if writer.stopped:
                        break
                    if should_cancel is not None and should_cancel():
                        report.cancelled = True
                        break
                    if on_progress is not None:
                        on_progress(done, len(files), str(path))
                    try:
                        parsed_file = next(parsed)
                    except ImportCancelled:  # while reading it: the file is left out
                        report.cancelled = True
                        break
                    writer.add(parsed_file)
                    tried += 1
                writer.commit()
            finally:
                writer.abandon()  # after an unexpected error: roll back the open batch
    finally:
        parsed.close()  # stops the workers, also when cancelled
    if writer.stopped:
        report.stopped = writer.stopped
        untried = f"not imported: the import stopped ({writer.stopped})"
        report.failed.extend(Failed(path_text(path), untried) for path, _ in files[tried:])
    if on_progress is not None and not report.cancelled:
        on_progress(len(files), len(files), "")
    return report


def _cancellable(
    on_items: ItemProgress | None, should_cancel: Callable[[], bool] | None
) -> ItemProgress | None:
    """on_items, checking for a cancel at each article read or prepared (nothing of the file
    is stored yet, so it can be left out whole)."""
    if should_cancel is None:
        return on_items

    def items(stage: str, done: int, total: int) -> None:
        if stage in (READING, PREPARING) and should_cancel():
            raise ImportCancelled
        if on_items is not None:
            on_items(stage, done, total)

    return items


def _without_the_library(
    files: Iterable[tuple[Path, bool]], report: ImportReport
) -> list[tuple[Path, bool]]:
    """Leave the open library's own files unread (see library_file_ids): a folder walk skips
    them, a file named outright fails."""
    library = library_file_ids()
    if not library:
        return list(files)
    kept = []
    for path, in_folder in files:
        try:
            info = os.stat(path)
        except OSError:
            info = None  # the parser says what is wrong with it
        if info is not None and (info.st_dev, info.st_ino) in library:
            target = report.skipped if in_folder else report.failed
            target.append(Failed(path_text(path), "the open library itself: not imported"))
        else:
            kept.append((path, in_folder))
    return kept


def _matcher() -> ArticleMatcher:
    from models.updating import ArticleMatcher

    return ArticleMatcher()


def _batch_limits() -> tuple[int, float]:
    if threading.current_thread() is threading.main_thread():
        return BATCH_FILES_MAIN_THREAD, BATCH_SECONDS_MAIN_THREAD
    return BATCH_FILES, BATCH_SECONDS


def tidy_after(report: ImportReport) -> bool:
    """Merge the search index after a big import (see optimize_search_index); True if done.

    Apart from import_paths so that a caller can first show the report.
    """
    if len(report.imported) < MERGE_INDEX_FROM_ARTICLES or report.stopped:
        return False
    optimize_search_index()
    return True


class _BatchWriter:
    """Stores parsed files in batched transactions; each file all or nothing (see store_prepared).

    A file reaches the report only once its batch has committed, so the report never lists
    an article that a failed commit took back. A failure that every later write would meet
    too (disk full, read-only, busy, I/O error) sets `stopped` to the reason.
    """

    def __init__(
        self,
        report: ImportReport,
        files: int,
        seconds: float,
        matcher: ArticleMatcher | None,
        on_items: ItemProgress | None = None,
    ) -> None:
        self.report = report
        self.matcher = matcher
        self.limits = (files, seconds)
        self.on_items = on_items
        self.stopped = ""
        self._batch: ExitStack | None = None
        self._failure: BaseException | None = None
        self._opened = 0.0
        self._stored: list[tuple[ParsedFile, list[StoreResult | UpdateResult]]] = []
        self._outlets: OutletNamer | None = None  # one per batch: it reads the aliases once
        # On a server, files wait here to be written several at once (store_files): each
        # statement is a round trip. Updates are matched and written one by one.
        self._pending: list[ParsedFile] = []
        self._pending_rows = 0  # their articles
        self._gathers = matcher is None and backend().is_server

    def add(self, parsed: ParsedFile) -> None:
        path = path_text(parsed.path)
        if parsed.error:
            target = self.report.skipped if parsed.skipped else self.report.failed
            target.append(Failed(path, parsed.error))
            return
        if self._gathers:
            try:
                if self._batch is None:
                    self._open()
            except Exception as exc:
                self._write_failed([path], exc)
                return
            self._pending.append(parsed)
            self._pending_rows += len(parsed.articles)
            if self._pending_rows >= ROWS_AT_ONCE:
                self._write_pending()
        else:
            self._store_alone(parsed)
        files, seconds = self.limits
        held = len(self._stored) + len(self._pending)
        if held >= files or time.monotonic() - self._opened >= seconds:
            self.commit()

    def _store_alone(self, parsed: ParsedFile, savepoint: bool = False) -> None:
        """One file written (`savepoint`: in its own, as on a server a failed statement
        spoils its whole transaction otherwise); a failure reported for it alone."""
        try:
            if self._batch is None:
                self._open()
            with database.atomic() if savepoint else nullcontext():
                results = self._store(parsed)
        except Exception as exc:  # a database failure must not leave the rest unreported
            self._outlets = None  # what it learnt from this file was rolled back
            self._write_failed([path_text(parsed.path)], exc)
            if self._batch is not None and not database.connection().in_transaction:
                self._lose_batch(exc)  # SQLite took the whole batch back (disk full, I/O)
            return
        self._stored.append((parsed, results))

    def _write_pending(self) -> None:
        """The files gathered, written together; if that fails, one by one, so that only a
        file that cannot be stored fails."""
        pending, self._pending, self._pending_rows = self._pending, [], 0
        if not pending:
            return
        try:
            with database.atomic():
                written = store_files(
                    [(p.articles, p.importer, p.origin) for p in pending],
                    self._namer(),
                    self.on_items,
                )
        except Exception:
            self._outlets = None  # what it learnt was rolled back
            for parsed in pending:
                self._store_alone(parsed, savepoint=True)
            return
        for parsed, results in zip(pending, written, strict=True):
            self._stored.append((parsed, list(results)))

    def _store(self, parsed: ParsedFile) -> list[StoreResult | UpdateResult]:
        if self.matcher is None:
            return list(
                store_prepared(
                    parsed.articles,
                    parsed.importer,
                    parsed.origin,
                    self.on_items,
                    log_change=False,
                    outlets=self._namer(),
                )
            )
        from models.updating import update_article

        results: list[StoreResult | UpdateResult] = []
        with database.atomic():  # the file all or nothing, updates included
            for article in parsed.articles:
                target = self.matcher.match(article, parsed.origin, len(parsed.articles) == 1)
                if target is None or self.matcher.content_hash(target) == article.content_hash:
                    results += store_prepared(
                        [article],
                        parsed.importer,
                        parsed.origin,
                        log_change=False,
                        outlets=self._namer(),
                    )
                else:
                    results.append(update_article(target, article, parsed.importer, parsed.origin))
        return results

    def _namer(self) -> OutletNamer:
        if self._outlets is None:
            self._outlets = OutletNamer(database.connection())
        return self._outlets

    def _open(self) -> None:
        batch = ExitStack()
        batch.enter_context(database.atomic())
        self._failure = None
        batch.push(self._note_failure)  # what failed before the rollback (ExitStack drops it)
        try:
            batch.enter_context(deferred_indexing(self.on_items))
        except BaseException:
            batch.__exit__(*sys.exc_info())
            raise
        # One change log row for the batch's new articles, first thing when it closes (still
        # in its transaction); a row for each file took a third of the writing process's time.
        stored = self._stored  # this batch's files (commit hands the writer a new list)

        def log_on_success(kind: object, _exc: object, _tb: object) -> bool:
            if kind is None:
                log_new_articles(
                    r for _, results in stored for r in results if isinstance(r, StoreResult)
                )
            return False  # never swallows an exception: the transaction still rolls back

        batch.push(log_on_success)
        self._batch, self._opened = batch, time.monotonic()

    def commit(self) -> None:
        self._write_pending()
        batch, self._batch = self._batch, None
        stored, self._stored = self._stored, []
        self._outlets = None
        if batch is None:
            return
        try:
            batch.close()  # index the batch's articles, then commit
        except Exception as exc:
            self._write_failed([parsed.path for parsed, _ in stored], exc)
            return
        for parsed, results in stored:
            self._report(parsed, results)

    def _note_failure(self, _type: object, exc: BaseException | None, _tb: object) -> bool:
        self._failure = exc
        return False  # not handled: the transaction still rolls back

    def _lose_batch(self, exc: Exception) -> None:
        """The transaction is gone: its files were not stored; end peewee's side of it."""
        batch, self._batch = self._batch, None
        stored, self._stored = self._stored, []
        self._outlets = None
        assert batch is not None
        try:
            batch.__exit__(type(exc), exc, None)  # its ROLLBACK finds no transaction
        except DATABASE_ERRORS:
            pass
        self._write_failed([parsed.path for parsed, _ in stored], exc)

    def _write_failed(self, paths: list[str], exc: BaseException) -> None:
        cause = first_failure(exc)
        if "cannot rollback" in str(cause) and self._failure is not None:
            cause = first_failure(self._failure)
        reason = plain_reason(cause)
        failed = f"could not be stored: {reason}"
        self.report.failed.extend(Failed(path_text(path), failed) for path in paths)
        if stops_every_write(cause):
            self.stopped = self.stopped or reason

    def abandon(self) -> None:
        """After an unexpected error: roll back the open batch (nothing half-reported)."""
        batch, self._batch = self._batch, None
        if batch is not None:
            batch.__exit__(RuntimeError, RuntimeError("import stopped"), None)
        self._stored, self._pending, self._pending_rows = [], [], 0
        self._outlets = None

    def _report(self, parsed: ParsedFile, results: list[StoreResult | UpdateResult]) -> None:
        path = path_text(parsed.path)
        for article, result in zip(parsed.articles, results, strict=True):
            if not isinstance(result, StoreResult):  # an UpdateResult
                self.report.updated.append(
                    Updated(path, result.article_id, result.title, result.counts)
                )
            elif result.duplicate:
                self.report.duplicates.append(Duplicate(path, result.article_id))
            else:
                self.report.imported.append(Imported(path, result.article_id, article.title))
                # Only for what was stored: a re-import of a duplicate has nothing new to say.
                self.report.warnings.extend(f"{path}: {warning}" for warning in article.warnings)
