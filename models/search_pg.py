"""A server library's search index: tsvector columns with GIN indexes (models.backend_pg).

The vectors are made from the words Python makes with FTS5's tokenizer (models.search_vectors),
not by to_tsvector(), whose parser splits and folds words otherwise: a query then finds the
same articles on both backends. A change to a title, text, memo, quote or note clears its
row's vector (a trigger); the next search indexes what is missing first (`catch_up`).

A copy (`bulk_load`) makes every vector at once: the GIN indexes are dropped and built again
after, the vectors go to the server in one COPY a table and into the rows by one UPDATE, and
the planner gets statistics for the new rows (ANALYZE) before anyone searches them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from peewee import AutoField

from models.backend import ANNOTATION_INDEX, ARTICLE_INDEX, MEMO_INDEX
from models.item_progress import INDEXING
from models.schema import MODELS, Row, database
from models.search_rank_pg import (
    VACUUM_POSTINGS,
    Ranking,
    add_batch_postings,
    defer_new_postings,
    drop_posting_indexes,
    fill_postings,
)
from models.search_vectors import any_of, phrase_query, search_vector

# Index name -> (table, vector column, the columns it is made of; the first weighs more).
INDEXES = {
    ARTICLE_INDEX: ("article", "search_vector", ("title", "text")),
    MEMO_INDEX: ("article", "memo_vector", ("memo",)),
    ANNOTATION_INDEX: ("annotation", "search_vector", ("quote", "note")),
}
# The GIN indexes (name, table, column): made in models.backend_pg's schema, and by bulk_load.
GIN_INDEXES = (
    ("article_search", "article", "search_vector"),
    ("article_memo_search", "article", "memo_vector"),
    ("annotation_search", "annotation", "search_vector"),
)
_CATCH_UP_BATCH = 500
_BULK_BATCH = 2_000  # rows read (and their vectors made) at a time by bulk_load


def gin_index(name: str, table: str, column: str) -> str:
    return f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column})"


class ServerSearch(Ranking):
    """The search half of backend_pg.ServerLibrary (models.backend's interface); articles
    are ranked from their postings (models.search_rank_pg), memos and annotations by ts_rank."""

    article_index_column = "search_vector"
    # In a big import (import_pg.bulk_writes): its postings are added at its end, not by
    # each batch.
    postings_at_end = False

    def phrase(self, text: str, prefix: bool, column: str = "") -> str:
        return phrase_query(text, prefix)  # a title holding the words counts too

    def any_of(self, parts: list[str]) -> str:
        return any_of(parts)

    def all_of(self, parts: list[str], but_not: list[str]) -> str:
        expression = " & ".join(parts)
        if but_not:
            expression = f"({expression}) & !{any_of(but_not)}"
        return f"({expression})"

    def index_condition(self, index: str, id_column: str) -> str:
        self.catch_up(index)
        table, vector, _ = INDEXES[index]
        return f"{id_column} IN (SELECT id FROM {table} WHERE {vector} @@ CAST(? AS tsquery))"

    def ranked_source(self, index: str, table: str) -> tuple[str, str]:
        self.catch_up(index)
        if index == ARTICLE_INDEX and table == "article a":
            return self.article_ranked_source()
        vector = f"{table.split()[1]}.{INDEXES[index][1]}"
        source = f"FROM {table} CROSS JOIN CAST(? AS tsquery) AS q WHERE {vector} @@ q"
        # Weights D, C, B, A: a title word (A) counts five times a text word.
        return source, f"-ts_rank('{{0.2, 0.2, 0.2, 1.0}}', {vector}, q)"

    def bare_ranked_page(self, descending: bool) -> str | None:
        return self.ranked_page(descending)  # run by run_page, which probes first

    def run_page(self, page: Callable[[], str], params: Sequence[object]) -> list[Row]:
        """The catch-up probe and the page in one round trip (psycopg's pipeline): when the
        probe finds rows to index, they are indexed, and the page made and run again."""
        stale, rows = self.run_pipelined(self._probe(ARTICLE_INDEX), page(), params)
        if not stale:
            return rows
        self.catch_up(ARTICLE_INDEX)
        return self.run_prepared(page(), params)

    def run_pipelined(
        self, first: str, second: str, params: Sequence[object]
    ) -> tuple[list[Row], list[Row]]:
        raise NotImplementedError  # backend_pg.ServerLibrary's

    def _probe(self, index: str) -> str:
        """The rows of an index whose vector is missing, a batch of them (a partial index)."""
        table, vector, columns = INDEXES[index]
        return (
            f"SELECT id, {', '.join(columns)} FROM {table} WHERE {vector} IS NULL "
            f"LIMIT {_CATCH_UP_BATCH}"
        )

    def bare_count(self) -> str | None:
        self.catch_up(ARTICLE_INDEX)
        return self.ranked_count()

    def catch_up(self, index: str) -> None:
        """Index the rows whose vector a change cleared (or an insert left empty)."""
        table, vector, _columns = INDEXES[index]
        while True:  # a probe before every search: prepared (run_prepared)
            rows = self.run_prepared(self._probe(index), [])
            if not rows:
                return
            self.ranking_stale()
            weight = "A" if index == ARTICLE_INDEX else ""
            self.set_vectors(
                table, vector, [(r[0], search_vector(*r[1:], first_weight=weight)) for r in rows]
            )

    def set_vectors(self, table: str, vector: str, rows: list[tuple[int, str]]) -> None:
        database.connection().executemany(
            f"UPDATE {table} SET {vector} = CAST(? AS tsvector) WHERE id = ?",
            [(v, i) for i, v in rows],
        )

    @contextmanager
    def deferred_indexing(self, conn: Any, on_items: Any) -> Iterator[None]:
        """The articles an import inserts get their vectors in batches at the end, inside
        its transaction (their memos are empty: indexed as such in the same statement)."""
        (before,) = conn.execute("SELECT coalesce(max(id), 0) FROM article").fetchone()
        defer_new_postings()
        yield
        new = "SELECT id FROM article WHERE id > ? AND search_vector IS NULL ORDER BY id"
        ids = [row[0] for row in conn.execute(new, (before,))]
        for start in range(0, len(ids), _CATCH_UP_BATCH):
            step = ids[start : start + _CATCH_UP_BATCH]
            rows = conn.execute(
                "SELECT id, title, text FROM article WHERE id BETWEEN ? AND ?", (step[0], step[-1])
            ).fetchall()
            conn.executemany(
                "UPDATE article SET search_vector = CAST(? AS tsvector), "
                "memo_vector = CAST('' AS tsvector) WHERE id = ?",
                [(search_vector(r[1], r[2], first_weight="A"), r[0]) for r in rows],
            )
            if on_items is not None:
                on_items(INDEXING, start + len(step), len(ids))
        if not self.postings_at_end:
            add_batch_postings(before)
        self.ranking_stale()

    def optimize_search_index(self) -> None:
        """After a big import, outside its transactions: the postings vacuumed (GIN merges
        its pending list itself)."""
        database.execute_sql(VACUUM_POSTINGS)

    def after_bulk_load(self) -> None:
        """After a copy's commit: the postings vacuumed (not possible inside bulk_load)."""
        database.execute_sql(VACUUM_POSTINGS)

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Inside a transaction, for rows that arrive with their own ids (a copy): the search
        vectors are made at the end, set-based, and each id sequence moves past the largest
        id copied (a serial column does not see the ids an INSERT gives)."""
        for name, _table, _column in GIN_INDEXES:  # built again once, not grown row by row
            database.execute_sql(f"DROP INDEX IF EXISTS {name}")
        drop_posting_indexes()
        yield
        _fill_vectors("article", ("title", "text", "memo"), _article_vectors)
        _fill_vectors("annotation", ("quote", "note"), _annotation_vectors)
        fill_postings()
        self.ranking_stale()
        for name, table, column in GIN_INDEXES:
            database.execute_sql(gin_index(name, table, column))
        for model in MODELS:
            key = model._meta.primary_key
            if isinstance(key, AutoField):
                table, column = model._meta.table_name, key.column_name
                database.execute_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                    f'coalesce(max("{column}"), 0) + 1, false) FROM "{table}"'
                )
        tables = ", ".join(f'"{model._meta.table_name}"' for model in MODELS)
        database.execute_sql(f"ANALYZE {tables}")  # new rows: the planner knows nothing yet


def _article_vectors(row: tuple[Any, ...]) -> tuple[str, str]:
    _id, title, text, memo = row
    return search_vector(title, text, first_weight="A"), search_vector(memo) if memo else ""


def _annotation_vectors(row: tuple[Any, ...]) -> tuple[str]:
    _id, quote, note = row
    return (search_vector(quote, note),)


def _fill_vectors(table: str, columns: tuple[str, ...], make: Any) -> None:
    """Every row's vectors (`make(row)`, one per INDEXES entry of `table`, in its order) into
    a temporary table by COPY, a batch of rows at a time, then into `table` by one UPDATE."""
    vectors = [vector for name, (t, vector, _) in INDEXES.items() if t == table]
    staged = f"gloss_new_{table}_vectors"
    database.execute_sql(
        f"CREATE TEMPORARY TABLE {staged} (id integer PRIMARY KEY, "
        f"{', '.join(f'{v} tsvector' for v in vectors)}) ON COMMIT DROP"
    )
    cursor, last = database.cursor(), 0
    while True:
        rows = database.execute_sql(
            f"SELECT id, {', '.join(columns)} FROM {table} WHERE id > ? ORDER BY id "
            f"LIMIT {_BULK_BATCH}",
            (last,),
        ).fetchall()
        if not rows:
            break
        with cursor.copy(f"COPY {staged} FROM STDIN") as copy:
            for row in rows:
                copy.write_row((row[0], *make(row)))
        last = rows[-1][0]
    assignments = ", ".join(f"{v} = staged.{v}" for v in vectors)
    database.execute_sql(
        f"UPDATE {table} SET {assignments} FROM {staged} AS staged WHERE {table}.id = staged.id"
    )
    database.execute_sql(f"DROP TABLE {staged}")
