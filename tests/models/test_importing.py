"""Importing many files: worker processes, batched transactions, deferred full-text indexing."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading
from pathlib import Path

import pytest

from models import db, importing, parsing
from models.db import bulk_writes, close_library, open_library
from models.import_report import ImportReport
from models.importing import import_paths
from models.schema import database
from models.search import matching_article_ids
from models.storing import store_drafts
from tests.conftest import draft
from tests.sqlite_locks import library_files_locked, needs_proc_locks

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

WORDS = ["alder", "birch", "cedar", "damson", "elder", "fir", "gorse", "hazel", "ivy", "juniper"]


def word(n: int) -> str:
    """A made-up word unique to article n, for finding it in the index."""
    return "zq" + "".join(WORDS[int(d)][:3] for d in str(n))


def write_folder(folder: Path, count: int) -> list[Path]:
    """Both seed formats alternately, plus a broken list, a duplicate and a stray image."""
    folder.mkdir()
    paths = []
    for n in range(count):
        path = folder / f"{n:03}.txt"
        if n % 2:
            items = [f"<b>Lead {n} about {word(n)}.</b>", f"<p>Body <i>{n}</i> text.</p>"]
            path.write_text(repr(items), encoding="utf-8")
        else:
            path.write_text(
                f"date 2021-03-{n % 28 + 1:02} Lead {n} about {word(n)}.\n\nBody {n} text.",
                encoding="utf-8",
            )
        paths.append(path)
    (folder / "broken.txt").write_text("['never closed", encoding="utf-8")
    (folder / "copy.txt").write_bytes(paths[0].read_bytes())
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return paths


def articles_table(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT id, title, date, text, structure, raw, format, origin_path, word_count "
            "FROM article ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def summary(report: ImportReport) -> dict[str, object]:
    return {
        "imported": [(i.path, i.id, i.title) for i in report.imported],
        "duplicates": [(d.path, d.id) for d in report.duplicates],
        "failed": [(f.path, f.error) for f in report.failed],
        "skipped": [f.path for f in report.skipped],
        "warnings": report.warnings,
    }


def test_worker_processes_import_exactly_what_one_process_does(tmp_path):
    paths = write_folder(tmp_path / "files", 40)
    results = {}
    for workers in (1, 2):
        library = tmp_path / f"library-{workers}.sqlite"
        open_library(library)
        try:
            report = import_paths([tmp_path / "files"], workers=workers)
        finally:
            close_library()
        results[workers] = (summary(report), articles_table(library))
    assert results[1] == results[2]
    report, rows = results[2]
    assert len(rows) == len(paths) == len(report["imported"])
    assert report["duplicates"] == [(str(tmp_path / "files" / "copy.txt"), 1)]
    assert [p for p, _ in report["failed"]] == [str(tmp_path / "files" / "broken.txt")]
    assert report["skipped"] == [str(tmp_path / "files" / "photo.png")]
    assert {row[6] for row in rows} == {"dated-text", "paragraph-list"}
    assert all(os.path.isabs(str(row[7])) for row in rows)


def test_every_imported_article_is_searchable_and_later_ones_too(tmp_path, library):
    paths = write_folder(tmp_path / "files", 30)
    report = import_paths([tmp_path / "files"], workers=2)
    by_path = {i.path: i.id for i in report.imported}
    for n, path in enumerate(paths):
        assert matching_article_ids(word(n)) == [by_path[str(path)]]
    if isinstance(library, Path):  # SQLite's deferral mark and durability are as before
        assert database.execute_sql("SELECT count(*) FROM fts_deferred").fetchone() == (0,)
        assert database.execute_sql("PRAGMA synchronous").fetchone() == (2,)  # FULL again
    else:
        assert database.execute_sql("SHOW synchronous_commit").fetchone() == ("on",)
    # Outside an import each article is indexed as before (a trigger; a server's next search).
    [later] = store_drafts([draft("Written later about zqlater.")], "test", "later.txt")
    assert matching_article_ids("zqlater") == [later.article_id]


# A trigger refusing the article titled "Boom", on a server (False) and in a file (True).
REFUSE_BOOM = {
    False: (
        "CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF NEW.title = 'Boom' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; "
        "END $$",
        "CREATE TRIGGER refuse BEFORE INSERT ON article FOR EACH ROW "
        "EXECUTE FUNCTION refuse_boom()",
    ),
    True: (
        "CREATE TEMP TRIGGER refuse BEFORE INSERT ON article WHEN new.title = 'Boom' "
        "BEGIN SELECT RAISE(ABORT, 'refused by test'); END",
    ),
}


def test_a_file_that_cannot_be_stored_leaves_the_rest_of_its_batch(tmp_path, library):
    paths = write_folder(tmp_path / "files", 12)
    # A dataset file whose second row the database refuses: none of its rows may stay.
    dataset = tmp_path / "files" / "table.csv"
    dataset.write_text(
        "title,date,text\nKept?,2020-01-01,First row zqfirst.\n"
        "Boom,2020-01-02,Second row.\nLast,2020-01-03,Third row zqthird.\n",
        encoding="utf-8",
    )
    for statement in REFUSE_BOOM[isinstance(library, Path)]:
        database.execute_sql(statement)
    report = import_paths([tmp_path / "files"], workers=1)
    failed = {f.path: f.error for f in report.failed}
    assert "refused by test" in failed[str(dataset)]
    assert len(report.imported) == len(paths)
    assert matching_article_ids("zqfirst OR zqthird") == []
    stored = database.execute_sql("SELECT count(*) FROM article").fetchone()[0]
    assert stored == len(paths)


def test_small_batches_commit_as_they_go_and_cancel_keeps_what_was_done(
    tmp_path, library, monkeypatch
):
    write_folder(tmp_path / "files", 20)
    monkeypatch.setattr(importing, "BATCH_FILES_MAIN_THREAD", 3)
    seen: list[int] = []

    def progress(done: int, total: int, path: str) -> None:
        seen.append(done)

    report = import_paths(
        [tmp_path / "files"], on_progress=progress, should_cancel=lambda: len(seen) >= 8,
        workers=2,
    )  # fmt: skip
    assert report.cancelled
    assert len(report.imported) == 8  # files 0–7; none half-stored
    ids = [i.id for i in report.imported]
    stored = [r[0] for r in database.execute_sql("SELECT id FROM article ORDER BY id")]
    assert stored == ids
    assert all(matching_article_ids(word(n)) == [ids[n]] for n in range(8))


def test_a_worker_that_dies_does_not_stop_the_import(tmp_path, library, monkeypatch):
    paths = write_folder(tmp_path / "files", 10)
    parent = os.getpid()
    real = parsing.parse_one

    def dying(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.getpid() != parent and path.name == "003.txt":
            os._exit(1)  # a worker killed mid-file (out of memory, say)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(parsing, "parse_one", dying)
    monkeypatch.setattr(parsing, "_start_method", lambda: multiprocessing.get_context("fork"))
    report = import_paths([tmp_path / "files"], workers=2)
    assert len(report.imported) == len(paths)


@pytest.mark.parametrize("count, expected", [(10, 1), (parsing.PARALLEL_FROM_FILES, 2)])
def test_workers_only_for_many_files(monkeypatch, count, expected):
    monkeypatch.setattr(parsing.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert parsing.default_workers(count) == expected


def test_an_import_on_a_thread_spawns_its_workers(tmp_path, library):
    # The window imports from a Qt thread: forking a threaded process is not safe.
    paths = write_folder(tmp_path / "files", 6)
    outcome: dict[str, object] = {}

    def work() -> None:
        outcome["method"] = parsing._start_method().get_start_method()
        open_library(library)  # a thread opens its own connection, as the window's worker does
        try:
            outcome["report"] = import_paths([tmp_path / "files"], workers=2)
        finally:
            close_library()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=120)
    assert outcome["method"] == "spawn"
    report = outcome["report"]
    assert isinstance(report, ImportReport)
    assert sorted(i.path for i in report.imported) == sorted(map(str, paths))


@pytest.mark.sqlite_only("SQLite's FTS5 deferral mark (a server indexes what lacks a vector)")
def test_a_stray_deferral_mark_is_repaired_on_open(tmp_path, library):
    # Only a bug or a hand edit can commit the mark; the next open must undo its harm.
    database.execute_sql("INSERT INTO fts_deferred DEFAULT VALUES")
    [lost] = store_drafts([draft("Unindexed zqlost text.")], "test", "lost.txt")
    assert matching_article_ids("zqlost") == []
    close_library()
    open_library(library)
    assert matching_article_ids("zqlost") == [lost.article_id]
    assert database.execute_sql("SELECT count(*) FROM fts_deferred").fetchone() == (0,)


def _pragma(name: str) -> object:
    return database.execute_sql(f"PRAGMA {name}").fetchone()[0]


@pytest.mark.sqlite_only("SQLite's pragmas and a second connection to the file")
def test_bulk_writes_skip_the_fsync_and_keep_wal(library):
    other = sqlite3.connect(library)  # a second command, or the window, at the same time
    try:
        with bulk_writes():
            assert (_pragma("journal_mode"), _pragma("synchronous")) == ("wal", 1)
            assert other.execute("SELECT count(*) FROM article").fetchone() == (0,)
        assert (_pragma("journal_mode"), _pragma("synchronous")) == ("wal", 2)
    finally:
        other.close()


@pytest.mark.sqlite_only("the library's own files and their POSIX locks: a server has none")
@needs_proc_locks
def test_importing_a_folder_that_holds_the_library_never_opens_the_library(
    library: Path, tmp_path: Path
) -> None:
    """Opening and closing the library's file here would drop SQLite's POSIX locks on it."""
    held = library_files_locked(library)
    assert held == {"main", "-shm"}
    (tmp_path / "article.txt").write_text("date 2024-01-02 Lead.\n\nBody.\n", encoding="utf-8")
    wal, shm = Path(f"{library}-wal"), Path(f"{library}-shm")
    assert wal.exists() and shm.exists()

    report = import_paths([tmp_path], workers=1)
    assert [Path(i.path).name for i in report.imported] == ["article.txt"]
    assert sorted(f.path for f in report.skipped) == sorted(map(str, [library, wal, shm]))
    assert all(f.error == "the open library itself: not imported" for f in report.skipped)
    assert report.failed == []
    assert library_files_locked(library) == held

    named = import_paths([library, shm], workers=1)
    assert [f.path for f in named.failed] == [str(library), str(shm)]
    assert named.imported == [] and named.skipped == []
    assert library_files_locked(library) == held


def stored_article_ids(library: Path) -> set[int]:
    """Read by a connection of its own: what is really in the file, not in this transaction."""
    conn = sqlite3.connect(library)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        indexed = conn.execute("SELECT count(*) FROM article_fts").fetchone()[0]
        ids = {row[0] for row in conn.execute("SELECT id FROM article")}
        assert indexed == len(ids)
        return ids
    finally:
        conn.close()


def test_a_full_disk_stops_the_import_and_the_report_matches_what_is_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's page limit stands in for the disk: writes past it fail with SQLITE_FULL."""
    monkeypatch.setattr(importing, "BATCH_FILES_MAIN_THREAD", 20)  # a few batches fit
    monkeypatch.setitem(db.PRAGMAS, "max_page_count", 60)  # a new library takes ~30 pages
    library = tmp_path / "lib.sqlite"
    open_library(library)
    try:
        paths = write_folder(tmp_path / "in", 400)
        report = import_paths([tmp_path / "in"], workers=1)
    finally:
        close_library()
    assert report.stopped == "disk full"
    assert 0 < len(report.imported) < len(paths)
    assert stored_article_ids(library) == {i.id for i in report.imported}
    accounted = report.imported + report.duplicates + report.failed + report.skipped
    assert len(accounted) == len(paths) + 3  # every file once (+ broken, copy, photo)
    unstored = [f for f in report.failed if "disk full" in f.error]
    assert len(unstored) >= len(paths) - len(report.imported) - 1
    assert not [f for f in report.failed if "rollback" in f.error]


def _markdown(folder: Path, name: str, outlet: str) -> None:
    text = f"---\ntitle: {name}\nsource: {outlet}\n---\n\nA story from {outlet} ({name}).\n"
    (folder / f"{name}.md").write_text(text, encoding="utf-8")


def _sources_by_title() -> dict[str, str]:
    rows = database.execute_sql("SELECT title, source FROM article").fetchall()
    return {str(title): str(source) for title, source in rows}


def test_outlet_names_learnt_in_a_batch_hold_for_its_later_files(tmp_path, library):
    folder = tmp_path / "files"
    folder.mkdir()
    _markdown(folder, "a", "thelocal.se")
    _markdown(folder, "b", "The Local")  # takes the domain's article over, learns the alias
    _markdown(folder, "c", "thelocal.se")
    report = import_paths([folder], workers=1)
    assert len(report.imported) == 3
    assert _sources_by_title() == {"a": "The Local", "b": "The Local", "c": "The Local"}


def test_what_a_failed_file_taught_the_outlet_names_is_forgotten(tmp_path, library):
    folder = tmp_path / "files"
    folder.mkdir()
    # Its second row takes the first one's domain over; its third is refused: all rolled back.
    (folder / "a.csv").write_text(
        "title,date,text,source\nx,2020-01-01,One.,thelocal.se\n"
        "y,2020-01-02,Two.,The Local\nBoom,2020-01-03,Three.,thelocal.se\n",
        encoding="utf-8",
    )
    _markdown(folder, "b", "thelocal.se")
    for statement in REFUSE_BOOM[isinstance(library, Path)]:
        database.execute_sql(statement)
    report = import_paths([folder], workers=1)
    assert [Path(f.path).name for f in report.failed] == ["a.csv"]
    assert _sources_by_title() == {"b": "thelocal.se"}
    aliases = database.execute_sql(
        "SELECT count(*) FROM outlet_alias WHERE alias = ?", ("thelocal.se",)
    )
    assert aliases.fetchone()[0] == 0
