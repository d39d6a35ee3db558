"""A server library's article ranking: FTS5's bm25 from a table of (word, article) postings.

`ts_rank` reads each match's whole tsvector (~5 KB, TOASTed), so a common word's search read
every matching article. `article_term` holds one row per word of an article's search vector:
its weighted frequency (a title word counts 5, as `bm25(article_fts, 5.0, 1.0)` weighs it) and
the article's length in words; a btree on the word makes a query word's postings one index
range read. A query's articles are found there too: the articles holding any of its words,
kept when a small vector of the query words each holds matches the query (word order aside;
a phrase is then checked against the article's own vector, for those candidates only).

Triggers keep the postings with the vector: an article's insert, a change of its vector (an
edit clears it, `catch_up` makes it again) and its delete. A copy (`bulk_load`) sets
`gloss.bulk` to skip them and fills the table with one INSERT (`fill_postings`); an import's
batch sets `gloss.import` to skip the insert trigger and adds its articles' postings at its
end in one INSERT sorted by word (`add_batch_postings`), or, in a big import, all at the
import's end before the btree is built (`build_posting_index`). The corpus
statistics bm25 needs (articles, their mean length) are read at most every `_STATS_SECONDS`
and after this process indexes something: another coder's import moves ranks a little later.
After a copy or a big import the table is vacuumed (`VACUUM_POSTINGS`): a btree read of new
rows is index-only once their pages are marked all-visible.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from models.schema import Row, database

# k1 and b of FTS5's bm25().
_K1, _B = 1.2, 0.75
_STATS_SECONDS = 30.0
# Up to this many query words, the sets of them that satisfy the query are listed (2^n of them
# tried); beyond, the candidates are checked against their articles' vectors.
_MASK_WORDS = 12
_WORD = "'((?:[^']|'')*)'(:[*])?"  # a lexeme of a tsquery's text, and its prefix mark

# One row an article's words, and the article's length (all positions of its vector). A word's
# weighted frequency: its positions, a title's (weight A) counted 5 (4 more); array functions,
# not a subquery over unnest(weights) a word, which cost a third of the postings' rows.
_WEIGHTED = "cardinality(u.weights) + 4 * cardinality(array_positions(u.weights, 'A'))"
_LENGTH = "(SELECT coalesce(sum(cardinality(u.positions)), 0) FROM unnest({vector}) AS u)"
# The one index: an article's rows are found by its words too (its vector's lexemes), so
# deletes need no index on article_id, which cost a fifth of each posting's insert. Libraries
# made before keep theirs (and the trigger that uses it).
POSTING_INDEXES = (
    "CREATE INDEX IF NOT EXISTS article_term_term ON article_term (term, article_id) "
    "INCLUDE (f, dl)",
)
# An article's postings by its vector's words (its id with each: one btree probe a word).
_OLD_ROWS = (
    'term = ANY (tsvector_to_array(OLD.search_vector)::text[] COLLATE "C") AND article_id = OLD.id'
)
SCHEMA = (
    "ALTER TABLE article ADD COLUMN IF NOT EXISTS search_length integer",
    'CREATE TABLE IF NOT EXISTS article_term (term text COLLATE "C" NOT NULL, '
    "article_id integer NOT NULL, f real NOT NULL, dl integer NOT NULL)",
    *POSTING_INDEXES,
    # A tsquery's words, and for a prefix the last word it stands for (else NULL).
    f"""CREATE OR REPLACE FUNCTION gloss_query_words(tsquery)
    RETURNS TABLE (word text, last text) LANGUAGE plpgsql IMMUTABLE ROWS 2 AS $$
    BEGIN
        RETURN QUERY SELECT DISTINCT w.word, CASE WHEN w.prefix THEN w.word || chr(1114111) END
        FROM (SELECT replace(m[1], '''''', '''') AS word, m[2] IS NOT NULL AS prefix
            FROM regexp_matches($1::text, '{_WORD.replace("'", "''")}', 'g') AS m) AS w;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION gloss_article_length() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_length := {_LENGTH.format(vector="NEW.search_vector")};
        RETURN NEW;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION gloss_article_terms() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' AND OLD.search_vector IS NOT NULL THEN
            DELETE FROM article_term WHERE {_OLD_ROWS};
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.search_vector IS NOT NULL THEN
            INSERT INTO article_term (term, article_id, f, dl)
            SELECT u.lexeme, NEW.id, {_WEIGHTED}, NEW.search_length
            FROM unnest(NEW.search_vector) AS u;
        END IF;
        RETURN NULL;
    END $$""",
    # Named to sort after article_changed (which clears the vector an edit outdates).
    "CREATE OR REPLACE TRIGGER article_length BEFORE UPDATE ON article FOR EACH ROW "
    "WHEN (NEW.search_vector IS DISTINCT FROM OLD.search_vector) "
    "EXECUTE FUNCTION gloss_article_length()",
    # An import gives the length with the vector it made (models.search_vectors): a tenth of
    # a millisecond an article less on the server, the trigger not run.
    "CREATE OR REPLACE TRIGGER article_length_new BEFORE INSERT ON article FOR EACH ROW "
    "WHEN (NEW.search_length IS NULL) EXECUTE FUNCTION gloss_article_length()",
    # Not in an import's batch either (gloss.import): add_batch_postings makes them, sorted.
    "CREATE OR REPLACE TRIGGER article_terms_new AFTER INSERT ON article FOR EACH ROW "
    "WHEN (NEW.search_vector IS NOT NULL "
    "AND current_setting('gloss.bulk', true) IS DISTINCT FROM 'on' "
    "AND current_setting('gloss.import', true) IS DISTINCT FROM 'on') "
    "EXECUTE FUNCTION gloss_article_terms()",
    "CREATE OR REPLACE TRIGGER article_terms_changed AFTER UPDATE ON article FOR EACH ROW "
    "WHEN (NEW.search_vector IS DISTINCT FROM OLD.search_vector "
    "AND current_setting('gloss.bulk', true) IS DISTINCT FROM 'on') "
    "EXECUTE FUNCTION gloss_article_terms()",
    "CREATE OR REPLACE TRIGGER article_terms_gone AFTER DELETE ON article FOR EACH ROW "
    "WHEN (current_setting('gloss.bulk', true) IS DISTINCT FROM 'on') "
    "EXECUTE FUNCTION gloss_article_terms()",
)
MISSING = "SELECT to_regclass('article_term') IS NULL"
# Outside a transaction (VACUUM refuses one): after a copy or a big import, the postings'
# pages marked all-visible, so a search reads its words' rows off the btree alone (an
# index-only scan; before autovacuum gets there, every row was fetched from the table too,
# ~10 ms a common word at 10,000 articles), with fresh statistics for the planner.
VACUUM_POSTINGS = "VACUUM (ANALYZE) article_term"


def add_postings() -> None:
    """The table, its triggers and every article's postings, in a library made before them."""
    for statement in SCHEMA:
        database.execute_sql(statement)
    database.execute_sql(
        f"UPDATE article SET search_length = {_LENGTH.format(vector='search_vector')} "
        "WHERE search_vector IS NOT NULL"
    )
    fill_postings()


def drop_posting_indexes() -> None:
    """Before a copy's rows arrive: the postings are made at the end, their indexes after."""
    for statement in POSTING_INDEXES:
        database.execute_sql(f"DROP INDEX IF EXISTS {statement.split()[5]}")
    database.execute_sql("SET LOCAL gloss.bulk = 'on'")


def fill_postings() -> None:
    """Every article's postings made again, set-based (the triggers skipped a copy's rows)."""
    database.execute_sql("SET LOCAL gloss.bulk = 'off'")
    for statement in POSTING_INDEXES:
        database.execute_sql(f"DROP INDEX IF EXISTS {statement.split()[5]}")
    database.execute_sql("TRUNCATE article_term")
    database.execute_sql(
        "INSERT INTO article_term (term, article_id, f, dl) "
        f"SELECT u.lexeme, a.id, {_WEIGHTED}, a.search_length "
        "FROM article AS a CROSS JOIN unnest(a.search_vector) AS u "
        "WHERE a.search_vector IS NOT NULL"
    )
    for statement in POSTING_INDEXES:
        database.execute_sql(statement)


def defer_new_postings() -> None:
    """In an import's batch, before its inserts: the insert trigger leaves their postings to
    add_batch_postings (the update and delete triggers still run)."""
    database.execute_sql("SET LOCAL gloss.import = 'on'")


# An import of many files against the library's articles (a fifth of them or more) drops the
# btree before its first batch and builds it once after its last (build_posting_index): every
# batch's rows are then plain inserts. Inserting a row into the btree cost ~3 µs (2,000
# articles' 670,000 rows into as many: 1.7 s), building it ~0.5 µs a row of the whole table
# (3.4 million rows: 1.6 s). Its batches leave their postings to its end too, where they go in
# (3.2 s for 10,000 articles, in two halves) beside the build of the vectors' GIN (import_pg).
REBUILD_FROM_SHARE = 5
# Not in a library bigger than this: the build holds off other writers of the postings (an
# edit of a title or text) for its whole length, ~0.5 µs a row of the table.
REBUILD_UP_TO_ARTICLES = 20_000
_POSTING_INDEX = POSTING_INDEXES[0].split()[5]
POSTING_INDEX_MISSING = f"SELECT to_regclass('{_POSTING_INDEX}') IS NULL"


def defer_posting_index(files: int) -> bool:
    """Before an import of `files` files: when they are many against the library's articles,
    the btree dropped (committed, so that each batch can commit) and True: the caller builds
    it again at the end (build_posting_index). Until then a search reads the postings without
    it, slower, and does not find the import's articles yet; an import that never ends leaves
    both to the next open."""
    (articles,) = database.execute_sql("SELECT count(*) FROM article").fetchone()
    if files * REBUILD_FROM_SHARE < articles or articles > REBUILD_UP_TO_ARTICLES:
        return False
    with database.atomic():
        database.execute_sql(f"DROP INDEX IF EXISTS {_POSTING_INDEX}")
    return True


def build_posting_index() -> None:
    """The btree an import dropped (defer_posting_index), built in one pass."""
    with database.atomic():
        for statement in POSTING_INDEXES:
            database.execute_sql(statement)


def add_batch_postings(after_id: int, upto_id: int | None = None) -> None:
    """At the end of an import's batch: the postings of the articles it inserted (ids above
    `after_id`, up to `upto_id`), in one INSERT (batch_postings)."""
    database.execute_sql("SET LOCAL gloss.import = 'off'")
    (unindexed,) = database.execute_sql(POSTING_INDEX_MISSING).fetchone()
    database.execute_sql(*batch_postings(after_id, upto_id, unindexed))


def batch_postings(
    after_id: int, upto_id: int | None, unindexed: bool
) -> tuple[str, tuple[int, ...]]:
    """The INSERT of the postings of the articles above `after_id` (up to `upto_id`), sorted
    by word when the btree is there (not `unindexed`: defer_posting_index). The btree on the
    word is most of a posting's cost; inserted in its order, 2,000 articles' 670,000 rows
    took 2.5 s instead of 3.5 s (500 articles' into 2,000's: 0.8 s, not 1.1 s; the row
    trigger cost as much as unsorted). An article that has postings already is skipped: one
    whose vector changed in the batch (the update trigger made them), or all, in a library
    whose insert trigger predates gloss.import (its row for its vector's first word tells;
    without the btree, a read of the table's rows)."""
    has_postings = (
        "a.id IN (SELECT t.article_id FROM article_term AS t WHERE t.article_id > ?)"
        if unindexed
        else "EXISTS (SELECT FROM article_term AS t WHERE t.term = "
        '(tsvector_to_array(a.search_vector))[1] COLLATE "C" AND t.article_id = a.id '
        "AND t.article_id > ?)"
    )
    up_to = "" if upto_id is None else " AND a.id <= ?"
    return (
        "INSERT INTO article_term (term, article_id, f, dl) "
        f"SELECT u.lexeme, a.id, {_WEIGHTED}, a.search_length "
        "FROM article AS a CROSS JOIN unnest(a.search_vector) AS u "
        f"WHERE a.id > ?{up_to} AND a.search_vector IS NOT NULL AND NOT {has_postings}"
        + ("" if unindexed else ' ORDER BY u.lexeme COLLATE "C", a.id'),
        (after_id, after_id) if upto_id is None else (after_id, upto_id, after_id),
    )


class Ranking:
    """The article index's ranked source for ServerSearch; `ranking_stale()` after writes."""

    def run_prepared(self, sql: str, params: Sequence[object]) -> list[Row]:
        raise NotImplementedError  # backend_pg.ServerLibrary's

    _rank_stats: tuple[float, int, float] | None = None  # (read at, articles, mean length)

    def ranking_stale(self) -> None:
        self._rank_stats = None

    def _stats(self) -> tuple[int, float]:
        stats = self._rank_stats
        if stats is None or time.monotonic() - stats[0] > _STATS_SECONDS:
            [(count, mean)] = self.run_prepared(
                "SELECT count(*), coalesce(avg(search_length), 0) FROM article", []
            )
            stats = self._rank_stats = (time.monotonic(), int(count), float(mean or 1.0))
        return stats[1], stats[2]

    def ranked_articles(self) -> str:
        """A subquery of the articles a tsquery (its one parameter) matches, before a phrase's
        word order is checked: (id, score: lower is better, q, recheck: check it with q)."""
        articles, mean = self._stats()
        # bm25's part for one word of an article, without the idf: k1·b·dl/avgdl is slope·dl.
        slope = _K1 * _B / max(mean, 1.0)
        saturated = (
            f"{{f}} * {_K1 + 1}::float8 / ({{f}} + {_K1 * (1 - _B)}::float8 "
            f"+ {slope:.9g}::float8 * {{dl}})"
        )
        exact, prefix = saturated.format(f="t.f", dl="t.dl"), saturated.format(f="p.f", dl="p.dl")
        idf = f"greatest(ln(({articles} - {{n}} + 0.5::float8) / ({{n}} + 0.5::float8)), 1e-6)"
        # qq: the query (`unordered`: its phrases as plain ANDs); listed: its words (a prefix
        # with the last word it stands for) numbered by bit; ok: the sets of words (bit
        # masks) that satisfy the query, unless it has too many words or a phrase that a NOT
        # takes away (a phrase as an AND matches more: a NOT of it, less); words: an exact
        # word's idf (not counted for a word no satisfying set holds: one under a NOT);
        # single / lone: the query is one word / one prefix, each article's score read off
        # its postings directly (for a prefix summed once, by article); else hits: each
        # article's part per word, summed by article; lead: the rarest word every matching
        # set holds (as with AND), whose articles alone are summed (not those of a NOT).
        return f"""(WITH qq AS MATERIALIZED (SELECT q, q::text ~ '[&!<]' AS mixed,
                CAST(regexp_replace(q::text, '<[0-9-]+>', '&', 'g') AS tsquery) AS unordered
                FROM CAST(? AS tsquery) AS q),
            listed AS MATERIALIZED (SELECT k.word, k.last, row_number() OVER () - 1 AS bit
                FROM qq CROSS JOIN gloss_query_words(qq.q) AS k),
            ok AS MATERIALIZED (SELECT array_agg(m) AS masks,
                (SELECT count(*) FROM listed) > {_MASK_WORDS} OR bool_or(qq.q::text ~ '<')
                    AND bool_or(qq.q::text ~ '!') AS unmasked,
                (SELECT count(*) FROM listed) > {_MASK_WORDS} OR bool_or(qq.q::text ~ '<')
                    AS recheck,
                NOT bool_or(qq.mixed) AND (SELECT count(*) = 1 AND bool_and(last IS NULL)
                    FROM listed) AS single,
                NOT bool_or(qq.mixed) AND (SELECT count(*) = 1 AND bool_and(last IS NOT NULL)
                    FROM listed) AS lone,
                bit_and(m) AS required, bit_or(m) AS allowed
                FROM qq CROSS JOIN generate_series(1, (1 << least((SELECT count(*)
                FROM listed), {_MASK_WORDS})::integer) - 1) AS m
                WHERE array_to_tsvector(ARRAY(SELECT word FROM listed
                WHERE m & (1 << bit::integer) <> 0)) @@ qq.unordered),
            words AS MATERIALIZED (SELECT w.*, {idf.format(n="w.n")} AS idf
                FROM (SELECT k.*, CASE WHEN k.last IS NULL AND (ok.unmasked IS NOT FALSE
                    OR ok.allowed & (1 << k.bit::integer) <> 0) THEN (SELECT count(*)
                    FROM article_term AS t WHERE t.term = k.word COLLATE "C") END AS n
                FROM listed AS k CROSS JOIN ok OFFSET 0) AS w),  -- (n counted once, not per use)
            lead AS MATERIALIZED (SELECT w.word FROM words AS w CROSS JOIN ok CROSS JOIN qq
                WHERE qq.mixed AND NOT ok.unmasked AND w.last IS NULL
                AND ok.required & (1 << w.bit::integer) <> 0 ORDER BY w.n LIMIT 1),
            hits AS (SELECT t.article_id, w.bit, w.idf * {exact} AS score
                FROM words AS w JOIN article_term AS t
                ON t.term = w.word COLLATE "C" WHERE w.last IS NULL
                AND (NOT EXISTS (SELECT FROM lead) OR t.article_id IN (SELECT l.article_id
                FROM article_term AS l WHERE l.term = (SELECT word FROM lead) COLLATE "C"))
                UNION ALL SELECT p.article_id, p.bit,
                    {idf.format(n="count(*) OVER (PARTITION BY p.bit)")} * {prefix}
                FROM (SELECT t.article_id, w.bit, sum(t.f) AS f, max(t.dl) AS dl
                    FROM words AS w JOIN article_term AS t ON t.term >= w.word COLLATE "C"
                    AND t.term <= w.last COLLATE "C" WHERE w.last IS NOT NULL
                    GROUP BY t.article_id, w.bit) AS p)
            SELECT g.id, g.score, qq.q, ok.recheck FROM (SELECT t.article_id AS id,
                -(w.idf * {exact}) AS score, 1 AS mask FROM words AS w
                JOIN article_term AS t ON t.term = w.word COLLATE "C"
                WHERE (SELECT single FROM ok)
                UNION ALL SELECT p.article_id, -({idf.format(n="count(*) OVER ()")} * {prefix}), 1
                FROM (SELECT t.article_id, sum(t.f) AS f, max(t.dl) AS dl
                    FROM words AS w JOIN article_term AS t ON t.term >= w.word COLLATE "C"
                    AND t.term <= w.last COLLATE "C" GROUP BY t.article_id) AS p
                WHERE (SELECT lone FROM ok)
                UNION ALL SELECT article_id, -sum(score), bit_or(1 << bit::integer)
                FROM hits WHERE NOT (SELECT single OR lone FROM ok) GROUP BY article_id) AS g
            CROSS JOIN qq CROSS JOIN ok
            WHERE NOT qq.mixed OR ok.unmasked OR g.mask = ANY (ok.masks))"""

    def article_ranked_source(self) -> tuple[str, str]:
        source = (
            f"FROM {self.ranked_articles()} AS r JOIN article AS a ON a.id = r.id "
            "WHERE (NOT r.recheck OR a.search_vector @@ r.q)"
        )
        return source, "r.score"

    def ranked_page(self, descending: bool) -> str:
        order = "score DESC, id DESC" if descending else "score, id"
        return f"SELECT id, score {self._matching()} ORDER BY {order} LIMIT ? OFFSET ?"

    def ranked_count(self) -> str:
        return f"SELECT count(*) {self._matching()}"

    def _matching(self) -> str:
        return (
            f"FROM {self.ranked_articles()} AS r WHERE NOT r.recheck OR EXISTS (SELECT 1 FROM "
            "article AS a WHERE a.id = r.id AND a.search_vector @@ r.q)"
        )
