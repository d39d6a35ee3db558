"""What must hold in a library after any fault: SQLite's own checks, the full-text indexes,
and every write a process reported as done.

These read the library with the sqlite3 module once every Gloss process on it has ended (the
harness is then the only user, as the next `gloss` would be).
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.reliability.harness import failed, lost

FTS_TABLES = ("article_fts", "annotation_fts")
_IMPORTED = re.compile(r"^imported\s+(.+) -> #(\d+) ", re.M)
_ANNOTATED = re.compile(r"^annotation #(\d+) on article #(\d+), characters (\d+)-(\d+):", re.M)


@contextmanager
def connect(library: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(str(library), timeout=5)) as db:
        yield db


def check_library(library: Path) -> None:
    """integrity_check, foreign keys, and each FTS5 index against its content table."""
    with connect(library) as db:
        problems = [row[0] for row in db.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise lost(f"integrity_check: {'; '.join(problems)[:200]}")
        dangling = db.execute("PRAGMA foreign_key_check").fetchall()
        if dangling:
            raise lost(f"foreign_key_check: {len(dangling)} row(s), first {dangling[0]}")
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        for table in FTS_TABLES:
            if table in tables:
                _check_fts(db, table)


def _check_fts(db: sqlite3.Connection, table: str) -> None:
    # rank 1: also compare the index with its external content table (older SQLite: without).
    for statement in (
        f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)",
        f"INSERT INTO {table}({table}) VALUES ('integrity-check')",
    ):
        try:
            db.execute(statement)
            db.rollback()
            return
        except sqlite3.OperationalError as exc:
            if "rank" in str(exc) or "unknown" in str(exc):
                continue
            raise lost(f"{table} integrity-check: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise lost(f"{table} integrity-check: {exc}") from None


def count(library: Path, table: str) -> int:
    with connect(library) as db:
        return int(db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])


# ---- reported writes ----


@dataclass(frozen=True)
class ReportedImport:
    path: str
    article_id: int


def reported_imports(stdout: str) -> list[ReportedImport]:
    return [ReportedImport(m[1], int(m[2])) for m in _IMPORTED.finditer(stdout)]


def check_imports_stored(library: Path, reports: Iterable[ReportedImport]) -> int:
    """Each reported import is an article from that file; returns how many were checked."""
    checked = 0
    with connect(library) as db:
        for report in reports:
            row = db.execute(
                "SELECT origin_path FROM article WHERE id = ?", (report.article_id,)
            ).fetchone()
            if row is None:
                raise lost(f"reported article #{report.article_id} ({report.path}) is not stored")
            if row[0] != os.path.abspath(report.path):
                raise lost(f"article #{report.article_id} is {row[0]}, reported {report.path}")
            checked += 1
    return checked


@dataclass(frozen=True)
class Annotate:
    """One `annotate` command: what it asked for, and what it reported (None: nothing)."""

    article_id: int
    quote: str
    tags: tuple[str, ...] = ()
    note: str = ""
    reported_id: int | None = None
    reported_span: tuple[int, int] | None = None


def parse_annotation(stdout: str) -> tuple[int, int, tuple[int, int]] | None:
    """(annotation id, article id, (start, end)) from annotate's report line, if it printed one."""
    match = _ANNOTATED.search(stdout)
    if match is None:
        return None
    return int(match[1]), int(match[2]), (int(match[3]), int(match[4]))


def check_annotations_stored(library: Path, done: Iterable[Annotate]) -> int:
    """Each reported annotation is stored as asked: its span holds the quote, its tags and
    note are there. Returns how many were checked."""
    checked = 0
    with connect(library) as db:
        for mark in done:
            if mark.reported_id is None:
                continue
            row = db.execute(
                'SELECT a.article_id, a.start, a."end", a.quote, a.note, t.text '
                "FROM annotation a JOIN article t ON t.id = a.article_id WHERE a.id = ?",
                (mark.reported_id,),
            ).fetchone()
            if row is None:
                raise lost(f"reported annotation #{mark.reported_id} is not stored")
            article_id, start, end, quote, note, text = row
            if (article_id, (start, end)) != (mark.article_id, mark.reported_span):
                raise lost(f"annotation #{mark.reported_id} moved: {row[:3]}")
            if quote != mark.quote or text[start:end] != mark.quote or note != mark.note:
                raise lost(f"annotation #{mark.reported_id} holds {quote!r}, not {mark.quote!r}")
            tags = {
                r[0]
                for r in db.execute(
                    "SELECT t.path FROM annotation_tag x JOIN tag t ON t.id = x.tag_id "
                    "WHERE x.annotation_id = ?",
                    (mark.reported_id,),
                )
            }
            if tags != set(mark.tags):
                raise lost(f"annotation #{mark.reported_id} has tags {sorted(tags)}")
            checked += 1
    return checked


def expect_unchanged(before: bytes, path: Path, what: str) -> None:
    if path.read_bytes() != before:
        raise failed(f"{what}: {path.name} was modified")
    for suffix in ("-wal", "-journal"):
        if Path(f"{path}{suffix}").exists():
            raise failed(f"{what}: {path.name}{suffix} was left beside it")
