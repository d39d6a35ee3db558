"""Parsing files for an import, in this process or, for many files, in worker processes.

Parsing (importers/) and preparing articles need no database, so a big import spreads them
over the cores while the importing process only writes.
Results come back in file order whatever the worker count, so reports read the same.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Generator, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from importers.base import Importer
from importers.draft import ArticleDraft, ImportFailure, UnknownFormat
from importers.registry import available_importers, claims_name, parse_file
from models.item_progress import PREPARING, READING, ItemProgress
from models.lifeline import die_with_parent
from models.path_text import path_text
from models.storing import PreparedArticle, prepare_draft

# Below this many files the workers' start-up (~0.5 s each) costs more than they save.
PARALLEL_FROM_FILES = 200
_CHUNK_FILES = 32  # files per task: fewer round trips, still fine-grained progress
WORKER_NICENESS = 10
_MAX_WORKERS = 4  # one process writes; more parsers than that only wait for it
# Chunks in flight per worker: bounded, so parsed files cannot pile up faster than they are
# written, yet deep enough that workers keep parsing while the writer commits a batch.
_WINDOW_PER_WORKER = 8


Chunk = Sequence[tuple[Path, bool]]  # (path, found in a folder walk)


@dataclass(frozen=True)
class ParsedFile:
    path: str  # as given (a str: rebuilding a Path took most of unpickling a worker's result)
    origin: str = ""  # the resolved path, as stored with the articles
    importer: str = ""
    articles: tuple[PreparedArticle, ...] = ()
    error: str = ""  # why the file could not be imported ("" when it parsed)
    skipped: bool = False  # met in a folder walk and no importer claims it: not a failure


def parse_one(
    path: Path,
    format: str | None,
    in_folder: bool,
    options: Mapping[str, object] | None,
    importers: Sequence[Importer] | None = None,
    on_items: ItemProgress | None = None,
    vectors: bool = False,
) -> ParsedFile:
    plugins = _importers() if importers is None else importers
    on_draft = None if on_items is None else lambda count: on_items(READING, count, 0)
    try:
        importer, drafts = parse_file(
            path, format, importers=plugins, options=options, on_draft=on_draft
        )
    except UnknownFormat as exc:
        skipped = in_folder and not claims_name(path, plugins)
        return ParsedFile(str(path), error=str(exc), skipped=skipped)
    except ImportFailure as exc:
        return ParsedFile(str(path), error=str(exc))
    articles = tuple(_prepared(drafts, on_items, vectors))
    # abspath, not resolve(): no system call per path component, and the path the user chose.
    return ParsedFile(str(path), path_text(os.path.abspath(path)), importer, articles)


def _prepared(
    drafts: Sequence[ArticleDraft], on_items: ItemProgress | None, vectors: bool
) -> Iterator[PreparedArticle]:
    for done, draft in enumerate(drafts, 1):
        yield prepare_draft(draft, vectors)
        if on_items is not None:
            on_items(PREPARING, done, len(drafts))


def parse_all(
    files: Sequence[tuple[Path, bool]],
    format: str | None,
    options: Mapping[str, object] | None,
    workers: int | None = None,
    on_items: ItemProgress | None = None,
    vectors: bool = False,
) -> Generator[ParsedFile, None, None]:
    """Each (path, found in a folder) parsed, in order. `workers=None` picks by file count.
    `vectors`: the articles come with their search words (a server library's index).

    `on_items` hears of the articles read and prepared in each file parsed in this process
    (worker processes parse many small files, where the count of files says enough)."""
    count = default_workers(len(files)) if workers is None else workers
    if count <= 1:
        plugins = available_importers()  # look plug-ins up once, not once per file
        for path, in_folder in files:
            yield parse_one(path, format, in_folder, options, plugins, on_items, vectors)
        return
    yield from _parse_in_workers(files, format, options, count, vectors)


def default_workers(file_count: int) -> int:
    if file_count < PARALLEL_FROM_FILES:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, _MAX_WORKERS))


def _parse_in_workers(
    files: Sequence[tuple[Path, bool]],
    format: str | None,
    options: Mapping[str, object] | None,
    workers: int,
    vectors: bool,
) -> Iterator[ParsedFile]:
    chunks = [files[i : i + _CHUNK_FILES] for i in range(0, len(files), _CHUNK_FILES)]
    # Workers are started by the thread that iterates this generator and die with it (lifeline).
    pool = ProcessPoolExecutor(
        workers,
        mp_context=_start_method(),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )
    # Chunks in file order, each parsed by a worker (a future) or, while this process would
    # otherwise wait for the next result, right here (a list).
    slots: deque[tuple[Chunk, Future[list[ParsedFile]] | list[ParsedFile]]] = deque()
    upcoming = iter(chunks)
    window = _WINDOW_PER_WORKER * workers
    try:
        for chunk in itertools.islice(upcoming, window):
            slots.append((chunk, _submit(pool, chunk, format, options, vectors)))
        while slots:
            chunk, head = slots[0]
            if isinstance(head, Future) and not head.done():
                extra = next(upcoming, None)
                if extra is not None:
                    slots.append((extra, _parse_chunk(extra, format, options, vectors)))
                    continue
            slots.popleft()
            yield from _results(chunk, head, format, options, vectors)
            following = next(upcoming, None)
            if following is not None:
                slots.append((following, _submit(pool, following, format, options, vectors)))
    finally:
        # Cancelled or done: queued tasks are dropped; running ones (a chunk each) finish and
        # the workers exit before this thread ends. Ending first, it would have the lifeline
        # kill a worker mid-reply, leaving half a message in the pool's result pipe, and the
        # interpreter's exit would wait for the rest of it for ever.
        pool.shutdown(wait=True, cancel_futures=True)


def _results(
    chunk: Chunk,
    slot: Future[list[ParsedFile]] | list[ParsedFile],
    format: str | None,
    options: Mapping[str, object] | None,
    vectors: bool,
) -> list[ParsedFile]:
    if isinstance(slot, list):
        return slot
    try:
        return slot.result()
    except BrokenProcessPool:  # a worker died (killed, out of memory): go on here
        return _parse_chunk(chunk, format, options, vectors)


def _start_worker(parent_pid: int) -> None:
    """A worker ends with the importing process (a kill -9 left them parsing forever) and
    yields the CPU to it, the writer being the import's bottleneck, and in the window to the
    interface."""
    die_with_parent(parent_pid)
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)


def _start_method() -> multiprocessing.context.BaseContext:
    """fork when only this thread runs (the command line): workers start at once; spawn
    otherwise (the window imports from a Qt thread, and a forked child of a threaded process
    can inherit a lock held by another thread)."""
    alone = threading.current_thread() is threading.main_thread() and threading.active_count() == 1
    if alone and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _submit(
    pool: ProcessPoolExecutor,
    chunk: Chunk,
    format: str | None,
    options: Mapping[str, object] | None,
    vectors: bool,
) -> Future[list[ParsedFile]]:
    try:
        return pool.submit(_parse_chunk, chunk, format, options, vectors)
    except BrokenProcessPool:
        done: Future[list[ParsedFile]] = Future()
        done.set_result(_parse_chunk(chunk, format, options, vectors))
        return done


def _parse_chunk(
    chunk: Sequence[tuple[Path, bool]],
    format: str | None,
    options: Mapping[str, object] | None,
    vectors: bool = False,
) -> list[ParsedFile]:
    return [
        parse_one(path, format, in_folder, options, vectors=vectors) for path, in_folder in chunk
    ]


_PROCESS_IMPORTERS: list[Importer] = []


def _importers() -> list[Importer]:
    """This process's importers, looked up once (a worker parses many chunks)."""
    if not _PROCESS_IMPORTERS:
        _PROCESS_IMPORTERS.extend(available_importers())
    return _PROCESS_IMPORTERS
