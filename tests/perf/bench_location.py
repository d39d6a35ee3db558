"""`bench.py --library LOCATION`: the benchmark's operations on another library, a file or a
PostgreSQL URL, to compare backends (issue 19) with the same operations and the same floors.

The library operations (start-up, quit, sort, search, reading, export) run on LOCATION. An
empty LOCATION is first filled with the benchmark's own library, copied by `models.copying`
(ids kept, so the long articles keep their ids; the copy is timed and reported); one already
holding it (as many articles) is used as it is. Each import run goes into a new library: a
file in the run's folder, or with a URL a new database on that server (created and dropped
here, so the URL's user needs CREATEDB). The floors stay raw SQLite on the built file: their
ratios then compare the other backend with SQLite's bare speed.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from models.paths import display_location, is_server_url
from tests.perf.library import BigLibrary

T = TypeVar("T")


def is_server(location: str | Path) -> bool:
    return is_server_url(str(location))


def open_location(location: str | Path) -> Any:
    """Open the library at a path or URL (binding the models to it), as main.py does."""
    from models.db import open_library

    return open_library(location)


def prepare(location: str, lib: BigLibrary) -> dict[str, object] | None:
    """Make LOCATION hold the benchmark library: copy it there when empty; None when it held
    it already, else what the copy did ({"seconds", "counts"}). SystemExit when LOCATION
    holds some other library."""
    from models.articles import count_articles
    from models.copying import copy_library
    from models.db import close_library

    open_location(location)
    try:
        present = count_articles()
    finally:
        close_library()
    expected = lib.articles + 2  # the long and the huge article come after the others
    if present == expected:
        return None
    if present:
        raise SystemExit(
            f"{display_location(location)}: holds {present:,} articles, not the benchmark's "
            f"{expected:,}: give an empty library (or one this benchmark filled)"
        )
    start = time.perf_counter()
    report = copy_library(str(lib.path), location)
    seconds = time.perf_counter() - start
    if report.mismatches:
        raise SystemExit(f"copying the benchmark library: counts differ: {report.mismatches}")
    return {"seconds": seconds, "counts": {c.table: c.copied for c in report.counts}}


def import_targets(location: str | None, work: Path) -> AbstractContextManager[str]:
    """Where one import run writes: a new file in `work`, or (LOCATION a URL) a new database
    on that server, dropped afterwards."""
    if location and is_server(location):
        return _new_database(location)
    return _new_file(work)


@contextmanager
def _new_file(work: Path) -> Iterator[str]:
    db = work / f"import-{time.monotonic_ns()}.sqlite"
    try:
        yield str(db)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)


@contextmanager
def _new_database(url: str) -> Iterator[str]:
    import psycopg  # the PostgreSQL backend's driver

    name = f"gloss_bench_import_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    finally:
        from models.db import close_library

        close_library()
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def on_sqlite(path: Path, make: Callable[[], T]) -> T:
    """`make()` with SQLite's backend bound, for the floors' SQL (raw FTS5 on the built file)
    while the operations run on a server: `make` may write SQL, not run it."""
    from models.db import LibraryDatabase
    from models.schema import database

    current = database.obj
    if not getattr(current, "is_server", False):
        return make()
    database.initialize(LibraryDatabase(path, read_only="the floors only read"))
    try:
        return make()
    finally:
        database.initialize(current)
