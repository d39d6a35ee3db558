"""A server library's side of an import (backend_pg.ServerLibrary): commits that do not wait
for the server's disk, and for a big import the search postings and indexes made at its end,
on several connections at once."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress

from peewee import DatabaseError

from models import search_rank_pg
from models.backend import session_setting
from models.schema import database
from models.schema_pg import ARTICLE_GIN
from models.search_pg import gin_index

_GIN_MISSING = f"SELECT to_regclass('{ARTICLE_GIN[0]}') IS NULL"


class ServerImports:
    """The import half of backend_pg.ServerLibrary (models.backend's bulk_writes)."""

    postings_at_end: bool  # search_pg.ServerSearch's: its batches leave their postings

    def _run_aside(self, statement: str, params: Sequence[object] = ()) -> Callable[[], None]:
        raise NotImplementedError  # backend_pg.ServerLibrary's: a connection of its own

    @contextmanager
    def bulk_writes(self, files: int = 0) -> Iterator[None]:
        """An import's commits do not wait for the server's disk (synchronous_commit off),
        but its end does: one last commit that waits for it, and so for all before it (the
        server writes its log in order). A crash of the server during the import may lose
        its last batches, which the files still hold; none once the import has ended.
        An import of many `files` against the library adds its postings and builds their
        btree once, at its end (search_rank_pg.defer_posting_index)."""
        with session_setting("SET synchronous_commit = off", "SET synchronous_commit = on"):
            deferred = files > 0 and search_rank_pg.defer_posting_index(files)
            last = 0
            if deferred:
                self._defer_article_gin(files)
                last = _last_article_id()
                self.postings_at_end = True
            try:
                yield
            except BaseException:
                if deferred:
                    with suppress(DatabaseError):  # else the next open builds them
                        self._build_deferred_indexes(last)
                raise
            finally:
                self.postings_at_end = False
            if deferred:
                self._build_deferred_indexes(last)
        # A write that changes nothing: a commit that wrote nothing is not waited for.
        with database.atomic():
            database.execute_sql("UPDATE schema_version SET version = version")

    def _defer_article_gin(self, files: int) -> None:
        """An import of at least as many files as the library has articles: the GIN index of
        their vectors dropped too (a vector's entries cost ~0.3 ms an article inserted, ~0.15
        ms an article of the table built), built again at its end with the postings'."""
        (articles,) = database.execute_sql("SELECT count(*) FROM article").fetchone()
        if files >= articles:
            with database.atomic():
                database.execute_sql(f"DROP INDEX IF EXISTS {ARTICLE_GIN[0]}")

    def _build_deferred_indexes(self, after_id: int = 0) -> None:
        """The indexes an import dropped (bulk_writes), when they are missing, and the
        postings it left (of articles above `after_id`). Each of these keeps one core busy
        (10,000 articles': the vectors' GIN 1.8 s, the postings 3.2 s, their btree 1.7 s
        with the server's parallel workers): outside a transaction, the GIN and half the
        postings are made on connections of their own at the same time."""
        aside = not database.in_transaction()
        gin_missing = database.execute_sql(_GIN_MISSING).fetchone()[0]
        gin_built = self._run_aside(gin_index(*ARTICLE_GIN)) if gin_missing and aside else None
        try:
            if database.execute_sql(search_rank_pg.POSTING_INDEX_MISSING).fetchone()[0]:
                with database.atomic():  # the write lock, held until both halves are in
                    self._add_left_postings(after_id, aside)
                    search_rank_pg.build_posting_index()
        finally:
            if gin_built is not None:
                gin_built()
        if gin_missing and not aside:
            with database.atomic():
                database.execute_sql(gin_index(*ARTICLE_GIN))

    def _add_left_postings(self, after_id: int, aside: bool) -> None:
        """The postings an import left for its end (or a killed import never added): of the
        articles above `after_id` that have none, the upper half's on another connection
        (`aside`) while this one adds the lower half's."""
        if not aside:
            search_rank_pg.add_batch_postings(after_id)
            return
        middle = after_id + (_last_article_id() - after_id) // 2
        upper = self._run_aside(*search_rank_pg.batch_postings(middle, None, unindexed=True))
        try:
            search_rank_pg.add_batch_postings(after_id, upto_id=middle)
        finally:
            upper()


def _last_article_id() -> int:
    (last,) = database.execute_sql("SELECT coalesce(max(id), 0) FROM article").fetchone()
    return int(last)
