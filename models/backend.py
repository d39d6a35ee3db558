"""What differs between the two places a library lives: an SQLite file and a PostgreSQL server.

Everything else in models/ writes one SQL for both (`?` placeholders: models.sql_params) and
asks the open library's backend — `backend()`, the database the proxy is bound to — for the
pieces that cannot be said the same way: full-text search (FTS5 or tsvector), the deferred
indexing of an import, the write-lock waiting, bulk-write durability.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol, cast

from models.schema import Row, database

ARTICLE_INDEX, ANNOTATION_INDEX, MEMO_INDEX = "article", "annotation", "memo"
TRUE, FALSE = "1 = 1", "1 = 0"  # conditions both backends read as such


class Backend(Protocol):
    """The open library's database (models.db.LibraryDatabase or backend_pg.ServerLibrary)."""

    location: str  # for messages: a path, or a URL without its password
    read_only: str  # why this process cannot write it ("" when it can)
    is_server: bool
    like: str  # the case-insensitive LIKE operator
    # The article column an import fills with its search index entry (made in the parsing
    # workers: models.storing.prepare_draft), or None: the database indexes by itself.
    article_index_column: str | None
    ordered_join: str  # a join that keeps the left table the outer loop, where one can say so
    formats_csv: bool  # whether SQL writes CSV lines itself (models.export_sql)

    def nul_in(self, column: str) -> str:
        """SQL for where a text column holds its first NUL (1-based; 0: none)."""
        ...

    def text_order(self, column: str) -> str:
        """A text column as the list sorts it (SQLite's NOCASE: ASCII letters folded, then
        code point order), in a form an index of the table holds."""
        ...

    def bulk_writes(self, files: int = 0) -> AbstractContextManager[None]:
        """Faster, less durable writes for an import (of `files` files)."""
        ...

    def no_waiting(self) -> AbstractContextManager[None]: ...

    # Search: a query's words as the index's expression, and how a statement uses it.
    def phrase(self, text: str, prefix: bool, column: str = "") -> str:
        """The words of `text` in a row (the last a prefix); `column`: only in that column
        where the index can say so (else anywhere: a superset)."""
        ...

    def any_of(self, parts: list[str]) -> str: ...

    def all_of(self, parts: list[str], but_not: list[str]) -> str: ...

    def index_condition(self, index: str, id_column: str) -> str:
        """SQL true for the rows whose index entry matches the one `?` parameter."""
        ...

    def ranked_source(self, index: str, table: str) -> tuple[str, str]:
        """(FROM … WHERE <match>, the score expression: lower is better) for rows of
        `table` ("article a") matched by the index; one `?` parameter, the expression."""
        ...

    def bare_ranked_page(self, descending: bool) -> str | None:
        """A page of (id, score) for the expression alone, faster than ranked_source; its
        parameters: the expression, LIMIT, OFFSET. None: use ranked_source."""
        ...

    def bare_count(self) -> str | None:
        """count(*) of the rows matching the expression (one parameter), or None."""
        ...

    def run_prepared(self, sql: str, params: Sequence[object]) -> list[Row]:
        """The rows of a statement run again and again with other parameters (a search's
        page): PostgreSQL parses and plans it once a connection (SQLite's statement cache
        does that for every statement)."""
        ...

    def run_page(self, page: Callable[[], str], params: Sequence[object]) -> list[Row]:
        """The rows of a search page's statement `page()` (bare_ranked_page's, or one around
        it): run_prepared, after what the backend does before a search (on a server the
        catch-up probe, in the same round trip; the page made again if it indexed rows)."""
        ...

    def deferred_indexing(self, conn: Any, on_items: Any) -> AbstractContextManager[None]: ...

    def insert_articles(
        self, columns: list[str], rows: list[tuple[object, ...]]
    ) -> list[int | None]:
        """Articles inserted in their order (`rows` of `columns`); each one's new id, or None
        for one whose text or document id the library holds (itself, or a row before it)."""
        ...

    # Article variables: text or numbers, kept as such (models.attributes).
    def attribute_value(self, value: int | float | str) -> object:
        """How a variable's value is bound for the value column."""
        ...

    def attribute_equals(self, value: int | float | str) -> tuple[str, object]:
        """(SQL true when the `value` column equals the one `?` parameter: numbers as numbers,
        text ignoring case; that parameter)."""
        ...

    def optimize_search_index(self) -> None: ...


def backend() -> Backend:
    return cast(Backend, database.obj)


@contextmanager
def session_setting(change: str, back: str) -> Iterator[None]:
    """Run `change` on this connection, and `back` when the block ends, however it ends."""
    database.execute_sql(change)
    try:
        yield
    finally:
        database.execute_sql(back)


class SqliteSearch:
    """FTS5: external-content tables kept in step by triggers (models.migrations V2, V7)."""

    _TABLES = {
        ARTICLE_INDEX: "article_fts",
        ANNOTATION_INDEX: "annotation_fts",
        MEMO_INDEX: "memo_fts",
    }
    is_server = False
    like = "LIKE"  # ignores ASCII case
    article_index_column = None  # FTS5, in the import's transaction
    ordered_join = "CROSS JOIN"  # SQLite's planner keeps a CROSS JOIN's order
    formats_csv = True

    def nul_in(self, column: str) -> str:
        return f"instr({column}, char(0))"

    def text_order(self, column: str) -> str:
        return f"{column} COLLATE NOCASE"  # the article_*_nocase indexes

    def attribute_value(self, value: int | float | str) -> object:
        return value  # no declared type: SQLite keeps what it is given

    def attribute_equals(self, value: int | float | str) -> tuple[str, object]:
        return "value = ? COLLATE NOCASE", value

    def phrase(self, text: str, prefix: bool, column: str = "") -> str:
        # FTS5 tokenizes what is inside a string and reads no syntax there.
        quoted = '"' + text.replace('"', '""') + '"'
        if column:
            return f"{column} : {quoted}" + ("*" if prefix else "")
        return quoted + (" *" if prefix else "")

    def any_of(self, parts: list[str]) -> str:
        return " OR ".join(f"({part})" for part in parts)

    def all_of(self, parts: list[str], but_not: list[str]) -> str:
        expression = " AND ".join(f"({part})" for part in parts)
        if but_not:
            expression = f"({expression}) NOT ({' OR '.join(f'({n})' for n in but_not)})"
        return expression

    def index_condition(self, index: str, id_column: str) -> str:
        fts = self._TABLES[index]
        return f"{id_column} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)"

    def ranked_source(self, index: str, table: str) -> tuple[str, str]:
        fts, alias = self._TABLES[index], table.split()[1]
        # CROSS JOIN: always start from the FTS hits, never probe FTS once per row.
        source = f"FROM {fts} CROSS JOIN {table} ON {alias}.id = {fts}.rowid WHERE {fts} MATCH ?"
        weights = ", 5.0, 1.0" if index == ARTICLE_INDEX else ""  # a title hit counts 5 times
        return source, f"bm25({fts}{weights})"

    def bare_ranked_page(self, descending: bool) -> str | None:
        # Equal scores stay in id order without naming rowid, which costs ~5% of a big query:
        # FTS5 yields rows by id, and a LIMIT's sorter keeps equal keys in the order they came
        # (a test holds paging to it). Descending needs the tie-break said.
        order = "score DESC, rowid DESC" if descending else "score"
        return (
            "SELECT rowid, bm25(article_fts, 5.0, 1.0) AS score FROM article_fts "
            f"WHERE article_fts MATCH ? ORDER BY {order} LIMIT ? OFFSET ?"
        )

    def bare_count(self) -> str | None:
        return "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?"

    def run_prepared(self, sql: str, params: Sequence[object]) -> list[Row]:
        return list(database.execute_sql(sql, tuple(params)).fetchall())

    def run_page(self, page: Callable[[], str], params: Sequence[object]) -> list[Row]:
        return self.run_prepared(page(), params)

    def insert_articles(
        self, columns: list[str], rows: list[tuple[object, ...]]
    ) -> list[int | None]:
        """One INSERT an article: SQLite runs in this process, no round trips to save."""
        conn = database.connection()  # the bare connection: peewee's query builder costs more
        insert = _article_insert(tuple(columns))  # made once, not once a file
        ids = []
        for row in rows:
            inserted = conn.execute(insert, row).fetchone()
            ids.append(None if inserted is None else int(inserted[0]))
        return ids

    @contextmanager
    def deferred_indexing(self, conn: Any, on_items: Any) -> Iterator[None]:
        from models.storing import index_articles_after

        (before,) = conn.execute("SELECT coalesce(max(id), 0) FROM article").fetchone()
        conn.execute("INSERT INTO fts_deferred DEFAULT VALUES")
        yield  # on an error the caller's rollback takes the mark away with everything else
        index_articles_after(conn, before, on_items)
        conn.execute("DELETE FROM fts_deferred")

    def optimize_search_index(self) -> None:
        with database.atomic():
            database.execute_sql("INSERT INTO article_fts(article_fts) VALUES ('optimize')")


@functools.lru_cache(maxsize=4)
def _article_insert(columns: tuple[str, ...]) -> str:
    """Insert first, look up only on a clash (same text or document id): the exception."""
    marks = ", ".join("?" * len(columns))
    names = ", ".join(columns)
    return f"INSERT INTO article ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING RETURNING id"
