"""Merging another library into this one: a team's coders each code on their own machine.

Articles match by canonical text (or news-database document id), tags by path, annotations by
article, span, coder and creation time. What matches is left alone; what is new is added; what
differs is reported as a conflict and nothing is overwritten (an annotation that differs is
added beside this library's, so neither version is lost). Merging the same file again adds
nothing. The other file is opened read-only through SQLite and never written.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from models import migrations
from models.coders import UNKNOWN
from models.errors import LibraryError, saving
from models.json_output import JsonRecord
from models.schema import Row, database, driver

_ARTICLE_COLUMNS = (
    "title", "source", "author", "date", "url", "text", "structure", "raw", "format",
    "origin_path", "content_hash", "word_count", "imported_at", "read_at", "section",
    "reported_words", "document_id",
)  # fmt: skip
_ANNOTATION_COLUMNS = (
    "start", "end", "quote", "prefix", "suffix", "note", "color", "created_at", "updated_at",
    "coder", "anchor", "original_quote",
)  # fmt: skip
# What a column absent from an older library's annotations stands for.
_ANNOTATION_DEFAULTS = {"coder": f"'{UNKNOWN}'", "anchor": "'exact'", "original_quote": "NULL"}


@dataclass
class Counts(JsonRecord):
    added: int = 0
    matched: int = 0


@dataclass
class MergeReport(JsonRecord):
    library: str
    articles: Counts = field(default_factory=Counts)
    tags: Counts = field(default_factory=Counts)
    annotations: Counts = field(default_factory=Counts)
    article_tags: Counts = field(default_factory=Counts)
    saved_searches: Counts = field(default_factory=Counts)
    conflicts: list[str] = field(default_factory=list)

    @property
    def annotations_added(self) -> int:
        return self.annotations.added

    def summary(self) -> str:
        parts = [
            f"{counts.added} {name} added, {counts.matched} matched"
            for name, counts in (
                ("article(s)", self.articles),
                ("tag(s)", self.tags),
                ("annotation(s)", self.annotations),
            )
        ]
        return (
            f"merged {self.library}: " + "; ".join(parts) + f"; {len(self.conflicts)} conflict(s)"
        )


def open_read_only(path: Path) -> sqlite3.Connection:
    """The other library, read-only (SQLite's own mode: the file is never written)."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise LibraryError(f"{path}: no such library file")
    try:
        # peewee's SQLite: if this is the open library, another SQLite would drop its locks
        conn = driver.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    except driver.DatabaseError as exc:
        raise LibraryError(f"{path}: not a Gloss library ({exc})") from exc
    if not {"schema_version", "article", "annotation", "tag"} <= tables:
        conn.close()
        raise LibraryError(f"{path}: not a Gloss library")
    (version,) = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    if (version or 0) > max(migrations.MIGRATIONS):
        conn.close()
        raise LibraryError(f"{path}: written by a newer Gloss (schema {version}); update Gloss")
    return conn


def merge_library(path: Path) -> MergeReport:
    """Bring the library at `path` into the open one, in one transaction."""
    path = Path(path).expanduser()
    ours = getattr(database.obj, "library_path", None)  # (database.database may be a URI)
    if ours is not None and path.exists() and os.path.samefile(path, ours):
        raise LibraryError(f"{path}: is this library; merge another one")
    other = open_read_only(path)
    report = MergeReport(str(path))
    try:
        with saving(), database.atomic():
            other.execute("BEGIN")  # one snapshot of the other library throughout
            _Merge(other, report).run()
    except sqlite3.DatabaseError as exc:
        raise LibraryError(f"{path}: cannot read the library ({exc})") from exc
    finally:
        other.close()
    return report


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}


def _ours(sql: str, params: object = ()) -> Iterator[Row]:
    return iter(database.execute_sql(sql, params))


class _Merge:
    def __init__(self, other: sqlite3.Connection, report: MergeReport) -> None:
        self.other = other
        self.report = report
        self.articles: dict[int, int] = {}  # their article id → ours
        self.moved: set[int] = set()  # their articles matched by document id, other text
        self.titles: dict[int, str] = {}
        self.tags: dict[int, int] = {}  # their tag id → ours
        self.tables = {n for (n,) in other.execute("SELECT name FROM sqlite_master")}

    def run(self) -> None:
        self.merge_tags()
        self.merge_articles()
        self.merge_annotations()
        self.merge_article_tags()
        self.merge_saved_searches()

    def conflict(self, text: str) -> None:
        self.report.conflicts.append(text)

    def merge_tags(self) -> None:
        ours = {
            p: (i, c, d) for i, p, c, d in _ours("SELECT id, path, color, description FROM tag")
        }
        for their_id, path, color, description in self.other.execute(
            "SELECT id, path, color, description FROM tag ORDER BY path"
        ):
            if path not in ours:
                (self.tags[their_id],) = database.execute_sql(
                    "INSERT INTO tag (path, color, description) VALUES (?, ?, ?) RETURNING id",
                    (path, color, description),
                ).fetchone()
                self.report.tags.added += 1
                continue
            our_id, our_color, our_description = ours[path]
            self.tags[their_id] = our_id
            self.report.tags.matched += 1
            if color != our_color:
                self.conflict(f"tag '{path}': colour {color} there, {our_color} here (kept)")
            if description and not our_description:
                database.execute_sql(
                    "UPDATE tag SET description = ? WHERE id = ?", (description, our_id)
                )
            elif description != our_description:
                self.conflict(f"tag '{path}': another description there (kept this one's)")

    def merge_articles(self) -> None:
        by_hash: dict[str, int] = dict(_ours("SELECT content_hash, id FROM article"))
        by_document: dict[str, int] = dict(
            _ours("SELECT document_id, id FROM article WHERE document_id IS NOT NULL")
        )
        has_document = "document_id" in _columns(self.other, "article")
        document = "document_id" if has_document else "NULL"
        new: list[int] = []
        for their_id, digest, document_id, title in self.other.execute(
            f"SELECT id, content_hash, {document}, title FROM article ORDER BY id"
        ):
            self.titles[their_id] = title
            if digest in by_hash:
                self.articles[their_id] = by_hash[digest]
            elif document_id is not None and document_id in by_document:
                self.articles[their_id] = by_document[document_id]
                self.moved.add(their_id)
                self.conflict(
                    f"article '{title}': same document id ({document_id}) as #"
                    f"{by_document[document_id]} here, other text; its highlights are placed "
                    "by their quotes"
                )
            else:
                new.append(their_id)
                continue
            self.report.articles.matched += 1
        available = _columns(self.other, "article")
        columns = [c for c in _ARTICLE_COLUMNS if c in available]
        names = ", ".join(f'"{c}"' for c in columns)
        insert = (
            f"INSERT INTO article ({names}) VALUES ({', '.join('?' * len(columns))}) RETURNING id"
        )
        rows = self.other.execute(
            f"SELECT id, {names} FROM article WHERE id IN (SELECT value FROM json_each(?)) "
            "ORDER BY id",
            (json.dumps(new),),
        )
        for their_id, *values in rows:  # one at a time: articles hold their source files
            (self.articles[their_id],) = database.execute_sql(insert, values).fetchone()
            self.report.articles.added += 1

    def merge_annotations(self) -> None:
        available = _columns(self.other, "annotation")
        selected = ", ".join(
            f'"{c}"' if c in available else _ANNOTATION_DEFAULTS[c] for c in _ANNOTATION_COLUMNS
        )
        their_tags: dict[int, list[int]] = defaultdict(list)
        for annotation_id, tag_id in self.other.execute(
            "SELECT annotation_id, tag_id FROM annotation_tag"
        ):
            their_tags[annotation_id].append(self.tags[tag_id])
        existing = self._existing_annotations()
        texts: dict[int, str] = {}
        (next_id,) = next(_ours("SELECT coalesce(max(id), 0) + 1 FROM annotation"))
        rows: list[Row] = []
        links: list[tuple[int, int]] = []
        for their_id, article, *values in self.other.execute(
            f"SELECT id, article_id, {selected} FROM annotation ORDER BY id"
        ):
            our_article = self.articles[article]
            tags = tuple(sorted(their_tags.get(their_id, ())))
            record = (*values, tags)
            if article in self.moved and values[0] is not None:  # an orphan stays one
                if our_article not in texts:
                    (texts[our_article],) = next(
                        _ours("SELECT text FROM article WHERE id = ?", (our_article,))
                    )
                placed = _place(texts[our_article], values[0], values[2])
                if placed is None:
                    self.conflict(
                        f"annotation {values[2]!r} by {values[9]} in "
                        f"'{self.titles[article]}': its quote is not in this library's text "
                        "(not merged)"
                    )
                    continue
                record = (placed, placed + len(values[2]), *values[2:], tags)
            key = (our_article, record[0], record[1], record[9], record[7])
            versions = existing[key]
            if record in versions:
                self.report.annotations.matched += 1
                continue
            if versions:
                self.conflict(
                    f"annotation {values[2]!r} by {values[9]} in '{self.titles[article]}': "
                    "edited differently in each library (both kept)"
                )
            rows.append((next_id, our_article, *record[:-1]))
            links += [(next_id, tag) for tag in tags]
            versions.append(record)
            next_id += 1
        names = ", ".join(f'"{c}"' for c in ("id", "article_id", *_ANNOTATION_COLUMNS))
        marks = ", ".join("?" * (2 + len(_ANNOTATION_COLUMNS)))
        database.cursor().executemany(f"INSERT INTO annotation ({names}) VALUES ({marks})", rows)
        database.cursor().executemany(
            "INSERT INTO annotation_tag (annotation_id, tag_id) VALUES (?, ?)", links
        )
        self.report.annotations.added += len(rows)

    def _existing_annotations(self) -> dict[Row, list[Row]]:
        """This library's annotations in the matched articles, keyed as merging compares them."""
        matched = sorted(set(self.articles.values()))
        tags: dict[int, list[int]] = defaultdict(list)
        where = "a.article_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))"
        for annotation_id, tag_id in _ours(
            "SELECT at.annotation_id, at.tag_id FROM annotation_tag AS at "
            f"JOIN annotation AS a ON a.id = at.annotation_id WHERE {where}",
            (json.dumps(matched),),
        ):
            tags[annotation_id].append(tag_id)
        names = ", ".join(f'a."{c}"' for c in _ANNOTATION_COLUMNS)
        existing: dict[Row, list[Row]] = defaultdict(list)
        for annotation_id, article, *values in _ours(
            f"SELECT a.id, a.article_id, {names} FROM annotation AS a WHERE {where}",
            (json.dumps(matched),),
        ):
            record = (*values, tuple(sorted(tags.get(annotation_id, ()))))
            existing[(article, record[0], record[1], record[9], record[7])].append(record)
        return existing

    def merge_article_tags(self) -> None:
        if "article_tag" not in self.tables:
            return
        pairs = [
            (self.articles[article], self.tags[tag])
            for article, tag in self.other.execute("SELECT article_id, tag_id FROM article_tag")
        ]
        before = self._count("article_tag")
        database.cursor().executemany(
            "INSERT INTO article_tag (article_id, tag_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            pairs,
        )
        added = self._count("article_tag") - before
        self.report.article_tags.added += added
        self.report.article_tags.matched += len(pairs) - added

    def merge_saved_searches(self) -> None:
        if "saved_search" not in self.tables:
            return
        ours: dict[str, str] = dict(_ours("SELECT name, query FROM saved_search"))
        for name, query, created in self.other.execute(
            "SELECT name, query, created_at FROM saved_search"
        ):
            if name not in ours:
                database.execute_sql(
                    "INSERT INTO saved_search (name, query, created_at) VALUES (?, ?, ?)",
                    (name, query, created),
                )
                self.report.saved_searches.added += 1
            elif ours[name] == query:
                self.report.saved_searches.matched += 1
            else:
                self.conflict(f"saved search '{name}': another query there (kept this one's)")

    @staticmethod
    def _count(table: str) -> int:
        (count,) = next(_ours(f"SELECT count(*) FROM {table}"))
        return int(count)


def _place(text: str, start: int, quote: str) -> int | None:
    """Where `quote` occurs in `text` nearest to `start`, or None."""
    best: int | None = None
    position = text.find(quote)
    while position >= 0:
        if best is None or abs(position - start) < abs(best - start):
            best = position
        position = text.find(quote, position + 1)
    return best
