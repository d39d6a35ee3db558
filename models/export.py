"""CSV export of annotations: one writer for the command line and the window.

`write_csv` given `iter_rows(...)` has SQLite format each CSV line (the formula guard and
csv.writer's minimal quoting, in SQL): no Python work per cell, and faster than csv.writer itself.
Any other iterable of rows goes through csv.writer. Both write the same bytes (see the tests).
"""

from __future__ import annotations

import codecs
import csv
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from models.backend import backend
from models.export_process import WorkerProcess
from models.export_sql import CSV_HEADER, lines_sql, neutralize, rows_sql
from models.export_worker import NUL_ROW
from models.schema import database, driver
from models.tags import tag_ids_with_descendants

# on_row is called after every this many rows; the line query is read in chunks of this size.
_CHUNK = 1000


class ExportRows(Iterator[tuple[object, ...]]):
    """Annotation rows in export order; a tag filter includes the tag's descendants.

    Iterating gives value tuples; `write_csv` instead has SQLite write the lines. Nothing is
    read from the library until then.
    """

    def __init__(self, article_ids: Sequence[int] = (), tags: Sequence[str] = ()) -> None:
        self.article_ids = tuple(article_ids)
        self.tags = tuple(tags)
        self._rows: Iterator[tuple[object, ...]] | None = None

    @property
    def started(self) -> bool:
        return self._rows is not None

    def __next__(self) -> tuple[object, ...]:
        if self._rows is None:
            self._rows = self._read()
        return next(self._rows)

    def where(self) -> tuple[str, list[object]] | None:
        """The WHERE clause and its parameters; None when a tag filter matches no tag."""
        clauses: list[str] = []
        params: list[object] = []

        def marks(values: Sequence[int]) -> str:
            # Numbered, so a query may repeat the clause with the same parameters.
            first = len(params) + 1
            params.extend(values)
            return ", ".join(f"?{n}" for n in range(first, len(params) + 1))

        if self.article_ids:
            clauses.append(f"a.article_id IN ({marks(self.article_ids)})")
        if self.tags:
            tag_ids = sorted({i for path in self.tags for i in tag_ids_with_descendants(path)})
            if not tag_ids:
                return None
            clauses.append(
                "a.id IN (SELECT annotation_id FROM annotation_tag "
                f"WHERE tag_id IN ({marks(tag_ids)}))"
            )
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return where, params

    def _read(self) -> Iterator[tuple[object, ...]]:
        query = self.where()
        if query is not None:
            yield from database.execute_sql(rows_sql(query[0]), query[1])


def iter_rows(article_ids: Sequence[int] = (), tags: Sequence[str] = ()) -> ExportRows:
    """Annotation rows in export order; a tag filter includes the tag's descendants."""
    return ExportRows(article_ids, tags)


def write_csv(
    out: TextIO,
    rows: Iterable[Sequence[object]],
    *,
    raw: bool = False,
    on_row: Callable[[int], bool] | None = None,
    header: Sequence[str] = CSV_HEADER,
) -> int:
    """Write the header and rows; returns the row count.

    Spreadsheet-safe by default (BOM, formula cells neutralised); raw writes values verbatim.
    `on_row(count)` is called every 1,000 rows and may return False to stop (cancel).
    """
    if not raw:
        out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(header)
    if isinstance(rows, ExportRows) and not rows.started and backend().formats_csv:
        return _write_lines(out, writer.writerow, rows, raw, on_row)
    count = 0
    for row in rows:
        writer.writerow(row if raw else [neutralize(value) for value in row])
        count += 1
        if on_row is not None and count % _CHUNK == 0 and on_row(count) is False:
            break
    return count


Execute = Callable[[str, Sequence[object]], sqlite3.Cursor]
Progress = Callable[[int], bool] | None


class _Counter:
    """Rows written so far; `on_row` hears of each 1,000 passed, and may say stop.

    The count may be set back (a worker failed, its half is redone here); what `on_row` hears
    never goes back: it hears again once the count passes what it last heard.
    """

    def __init__(self, on_row: Progress) -> None:
        self.on_row = on_row
        self.count = 0
        self.stopped = False
        self._heard = 0  # the thousands on_row has heard of

    def add(self, rows: int) -> bool:
        self.count += rows
        if self.on_row is not None and self.count // _CHUNK > self._heard:
            self._heard = self.count // _CHUNK
            self.stopped = self.on_row(self.count) is False
        return not self.stopped


def _write_lines(
    out: TextIO,
    write_row: Callable[[Sequence[object]], object],
    rows: ExportRows,
    raw: bool,
    on_row: Progress,
) -> int:
    query = rows.where()
    if query is None:
        return 0
    where, params = query
    counter = _Counter(on_row)
    halves = _split(where, params, raw)
    if halves is not None:
        _write_halves(out, write_row, halves, raw, counter)
    else:
        _stream(out, write_row, database.execute_sql, where, params, raw, counter)
    return counter.count


def _stream(
    out: TextIO,
    write_row: Callable[[Sequence[object]], object],
    execute: Execute,
    where: str,
    params: Sequence[object],
    raw: bool,
    counter: _Counter,
) -> None:
    """Write the lines of the query for `where`, until done or told to stop."""
    cursor = execute(lines_sql(where, raw), params)
    try:
        while chunk := cursor.fetchmany(_CHUNK):
            _write_chunk(out, write_row, execute, chunk, raw)
            if not counter.add(len(chunk)):
                return
    finally:
        cursor.close()


def _write_chunk(
    out: TextIO,
    write_row: Callable[[Sequence[object]], object],
    execute: Execute,
    chunk: Sequence[tuple[str | None, int]],
    raw: bool,
) -> None:
    lines = [line for line, _id in chunk if line is not None]
    if len(lines) == len(chunk):
        out.write("\r\n".join(lines))
        out.write("\r\n")  # csv.writer's line ending
        return
    for line, annotation_id in chunk:
        if line is not None:
            out.write(line + "\r\n")
        else:
            _write_nul_row(write_row, execute, annotation_id, raw)


def _write_nul_row(
    write_row: Callable[[Sequence[object]], object], execute: Execute, annotation_id: int, raw: bool
) -> None:
    """A row SQLite could not format (a NUL character) goes through csv.writer, read on the
    same connection, whose read transaction is still open: the same snapshot of the library."""
    row = execute(rows_sql("WHERE a.id = ?"), [annotation_id]).fetchone()
    write_row(row if raw else [neutralize(value) for value in row])


# --- a big export on two cores -----------------------------------------------------------------
# SQLite formats the lines on one core per connection: past SPLIT_FROM_ROWS rows, the second half
# of the articles is formatted by another process (export_worker.py, into a temporary file) while
# this one writes the first half, then copied after it. Its connection and ours start reading
# while a third holds the write lock, so no commit can fall between them: they read the same
# snapshot. A second connection of ours reads that snapshot too, for the rows the worker leaves
# to csv.writer (a NUL) and for the whole half when there is no worker or it fails.
SPLIT_FROM_ROWS = 50_000


@dataclass
class _Half:
    conn: sqlite3.Connection
    where: str
    params: list[object]


def _split(
    where: str, params: list[object], raw: bool
) -> tuple[_Half, _Half, WorkerProcess | None] | None:
    path = database.database
    if not isinstance(path, str) or path == ":memory:" or (os.cpu_count() or 1) < 2:
        return None
    if getattr(database.obj, "read_only", ""):  # its URI is for this connection only
        return None
    (total,) = database.execute_sql(
        f"SELECT count(*) FROM annotation AS a {where}", params
    ).fetchone()
    if total < SPLIT_FROM_ROWS:
        return None
    (middle,) = database.execute_sql(
        f"SELECT a.article_id FROM annotation AS a {where} ORDER BY a.article_id "
        f"LIMIT 1 OFFSET ?{len(params) + 1}",
        [*params, total // 2],
    ).fetchone()
    n = len(params) + 1
    joiner = "AND" if where else "WHERE"
    first = _Half(_reader(path), f"{where} {joiner} a.article_id < ?{n}", [*params, middle])
    second = _Half(_reader(path), f"{where} {joiner} a.article_id >= ?{n}", [*params, middle])
    # Started before the lock is taken: only its snapshot is taken under it.
    worker = WorkerProcess.start(path, lines_sql(second.where, raw), second.params)
    # The lock waits a second at most: while an import writes, one connection will do.
    lock = driver.connect(path, isolation_level=None, timeout=1)
    try:
        lock.execute("BEGIN IMMEDIATE")
        for half in (first, second):
            half.conn.execute("BEGIN")
            half.conn.execute("SELECT count(*) FROM schema_version").fetchone()  # the snapshot
        if worker is not None and not worker.go():
            worker = None  # (stopped) this process formats that half too
        lock.execute("ROLLBACK")
    except driver.Error:
        for half in (first, second):
            half.conn.close()
        if worker is not None:
            worker.stop()
        return None  # the library is busy: one connection will do
    finally:
        lock.close()
    return first, second, worker


def _reader(path: str) -> sqlite3.Connection:
    return driver.connect(path, isolation_level=None, timeout=10)


def _write_halves(
    out: TextIO,
    write_row: Callable[[Sequence[object]], object],
    halves: tuple[_Half, _Half, WorkerProcess | None],
    raw: bool,
    counter: _Counter,
) -> None:
    first, second, worker = halves
    try:
        _stream(out, write_row, first.conn.execute, first.where, first.params, raw, counter)
        if counter.stopped:
            return  # the second half is not wanted
        if worker is not None:
            before = counter.count
            done = worker.follow(lambda rows: counter.add(before + rows - counter.count))
            if done is not None:
                _copy_lines(out, write_row, second.conn.execute, worker.output, done, raw)
                return
            if counter.stopped:
                return
            worker.stop()  # it failed: this process formats that half after all
            counter.count = before
        _stream(out, write_row, second.conn.execute, second.where, second.params, raw, counter)
    finally:
        if worker is not None:
            worker.stop()
        first.conn.close()
        second.conn.close()


def _copy_lines(
    out: TextIO,
    write_row: Callable[[Sequence[object]], object],
    execute: Execute,
    lines: Path,
    counts: dict[str, int],
    raw: bool,
) -> None:
    """Append the worker's lines to `out`, formatting the rows it left to csv.writer."""
    nul_rows = counts["nul_rows"]
    binary, encoding = getattr(out, "buffer", None), getattr(out, "encoding", None)
    as_bytes = binary is not None and encoding and codecs.lookup(encoding).name == "utf-8"
    if nul_rows == 0 and as_bytes and binary is not None:
        out.flush()
        with lines.open("rb") as source:
            shutil.copyfileobj(source, binary, _COPY_BYTES)
        return
    with lines.open(encoding="utf-8", newline="") as source:
        if nul_rows == 0:
            while block := source.read(_COPY_BYTES):
                out.write(block)
            return
        for line in source:  # "\r\n" ends a row; a cell's own line breaks split one: as is
            if line.startswith(NUL_ROW):
                _write_nul_row(write_row, execute, int(line[1:]), raw)
            else:
                out.write(line)


_COPY_BYTES = 1 << 20
