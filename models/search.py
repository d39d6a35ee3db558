"""Full-text search over the library: one query language (models.query_parser) for the
window's search box, the command line and saved searches.

Results come in pages. A page is found in two steps so that a search stays about as fast as
the bare FTS5 lookup at 100,000 articles: first the ids (and bm25 scores) of the page, with
no snippet and no article columns computed for rows that are not on it; then summaries and
snippets for just those ids. Counting never computes snippets either.

Snippets mark each hit with START ('\\x02') before and END ('\\x03') after it: control
characters, so they cannot clash with article text and a view can style them (bold), or
`marked()` can turn them into readable brackets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from peewee import OperationalError

from models.annotating import AnnotationRecord, records_of
from models.articles import SORT_KEYS, ArticleSummary
from models.backend import ANNOTATION_INDEX, ARTICLE_INDEX, MEMO_INDEX, TRUE, backend
from models.batches import batches
from models.query_parser import Query, QueryError, parse_query, positive_terms
from models.schema import Annotation, Row, database
from models.search_sql import ANNOTATIONS, Plan, plan
from models.search_text import hit_ranges, query_terms
from models.snippets import row_snippet

__all__ = [
    "END",
    "START",
    "ArticleHit",
    "check_query",
    "Query",
    "QueryError",
    "count_matching_articles",
    "marked",
    "match_ranges",
    "matching_article_ids",
    "parse_query",
    "search_annotations",
    "search_articles",
]

START, END = "\x02", "\x03"
SNIPPET_TOKENS = 12
NO_LIMIT = 2**62  # LIMIT for "all": both backends take it (SQLite's -1 is an error elsewhere)
SEARCH_SORT_KEYS = ("rank", *SORT_KEYS)


@dataclass(frozen=True)
class ArticleHit(ArticleSummary):
    """An article summary with why it matched: the snippet (hits between START and END;
    empty without search words) and its bm25 score (lower is better; 0.0 unranked)."""

    snippet: str = ""
    score: float = 0.0


def marked(snippet: str, start: str = "«", end: str = "»") -> str:
    """The snippet with its START/END markers replaced, e.g. for plain-text output."""
    return snippet.replace(START, start).replace(END, end)


def check_query(query_text: str) -> Query:
    """Parse and translate a query without running it: raises QueryError exactly when a
    search with it would (the search box validates as the user types)."""
    query = parse_query(query_text)
    plan(query)
    return query


def _run(sql: str, params: Sequence[object]) -> list[Row]:
    """Run a search statement; an FTS5 complaint about the query becomes a QueryError."""
    with _query_errors():
        return list(database.execute_sql(sql, tuple(params)).fetchall())


def _run_page(page: Callable[[], str], params: Sequence[object]) -> list[Row]:
    """Run `page()`, a page of the search box, as the backend runs one (backend().run_page:
    on a server, after its catch-up probe, which may make the page again)."""
    with _query_errors():
        return backend().run_page(page, params)


@contextmanager
def _query_errors() -> Iterator[None]:
    try:
        yield
    except OperationalError as exc:
        if "fts5" in str(exc).lower():
            raise QueryError(f"the search could not be run ({exc})") from None
        raise


def _from(p: Plan) -> tuple[str, list[object]]:
    """FROM … WHERE … for the articles a plan matches, and its parameters."""
    return _scored_from(p)[:2]


def _scored_from(p: Plan) -> tuple[str, list[object], str]:
    """FROM … WHERE …, its parameters, and the score (lower is better; 0.0 unranked)."""
    if p.match is None:
        return f"FROM article a WHERE {p.where}", list(p.params), "CAST(0.0 AS REAL)"
    source, score = backend().ranked_source(ARTICLE_INDEX, "article a")
    return f"{source} AND {p.where}", [p.match, *p.params], score


def _order(sort: str, descending: bool, ranked: bool) -> str:
    direction = "DESC" if descending else "ASC"
    key = {
        "rank": "score" if ranked else "a.id",
        "title": backend().text_order("a.title"),  # folds ASCII, and has an index
        "source": backend().text_order("a.source"),
        "date": "a.date",
        "annotations": "(SELECT count(*) FROM annotation n WHERE n.article_id = a.id)",
        "imported": "a.id",
    }[sort]
    nulls = " NULLS LAST" if sort == "date" else ""  # undated last either way; uses the index
    return f"{key} {direction}{nulls}, a.id {direction}"


def search_articles(
    query_text: str,
    sort: str = "rank",
    descending: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> list[ArticleHit]:
    """One page of the articles matching a query (empty query: all), best match first by
    default; `sort` may also be any key of models.articles.query_articles."""
    if sort not in SEARCH_SORT_KEYS:
        raise ValueError(f"unknown sort key '{sort}'")
    query = parse_query(query_text)
    p = plan(query)
    ranked = p.match is not None
    paging = [NO_LIMIT if limit is None else limit, offset]
    bare = backend().bare_ranked_page(descending) if ranked else None
    # A server has no snippet(): they are found in Python, in the texts (_found_snippets).
    from_texts = p.highlight is not None and backend().is_server
    page: list[Row] | None = None  # the page's summary columns and texts, when read with it
    if bare is not None and p.where == TRUE and sort == "rank":  # the bare index lookup
        paging_args = [p.match, *paging]

        def ranked_page() -> str:  # made again after a server's catch-up (fresh statistics)
            return str(backend().bare_ranked_page(descending))

        if from_texts:  # one statement: the page, then its articles' columns and texts
            order = "hit.score DESC, hit.id DESC" if descending else "hit.score, hit.id"
            found = _run_page(
                lambda: (
                    f"SELECT hit.id, hit.score, {_SUMMARY_COLUMNS}, a.text FROM "
                    f"({ranked_page()}) AS hit "
                    f"JOIN article a ON a.id = hit.id ORDER BY {order}"
                ),
                paging_args,
            )
            rows, page = [(row[0], row[1]) for row in found], [row[2:] for row in found]
        else:
            rows = _run_page(ranked_page, paging_args)
    else:
        source, params, score = _scored_from(p)
        rows = _run(
            f"SELECT a.id, {score} AS score {source} "
            f"ORDER BY {_order(sort, descending, ranked)} LIMIT ? OFFSET ?",
            [*params, *paging],
        )
    ids = [row[0] for row in rows]
    snippets: dict[int, str] = {}
    summaries: dict[int, ArticleSummary] = {}
    if p.highlight:
        # Probing 50 ids is cheaper than a pass over many hits, unless a prefix makes every
        # probe expensive or the page holds every hit anyway.
        prefix = any(term.prefix for term in positive_terms(query.root))
        scan = prefix or limit is None or len(ids) < limit
        if from_texts:
            summaries, snippets = _found_snippets(ids, query, page)
        else:
            summaries, snippets = _snippets(ids, p.highlight, scan)
    missing = [i for i in ids if i not in summaries]  # no search words, or none in this row
    if missing:
        summaries |= _summaries(missing)
    return [
        ArticleHit(**vars(summaries[article_id]), snippet=snippets.get(article_id, ""), score=s)
        for article_id, s in rows
        if article_id in summaries
    ]


def count_matching_articles(query_text: str) -> int:
    p = plan(parse_query(query_text))
    bare = backend().bare_count() if p.match is not None else None
    if bare is not None and p.where == TRUE:  # prepared, as the page (a server plans it once)
        with _query_errors():
            return int(backend().run_prepared(bare, [p.match])[0][0])
    source, params = _from(p)
    return int(_run(f"SELECT count(*) {source}", params)[0][0])


def article_ids_sql(query_text: str) -> tuple[str, list[object]]:
    """`SELECT a.id …` for the articles a query matches, and its parameters: a filter other
    queries nest (crosstabs, charts). Raises QueryError for a malformed query."""
    source, params = _from(plan(parse_query(query_text)))
    return f"SELECT a.id {source}", params


def matching_article_ids(query_text: str) -> list[int]:
    """Ids of every article the query matches, ascending (export of 'the current search')."""
    source, params = _from(plan(parse_query(query_text)))
    return [row[0] for row in _run(f"SELECT a.id {source} ORDER BY a.id", params)]


def article_matches(article_id: int, query_text: str) -> bool:
    """Whether the query matches this one article (its hits are marked only then)."""
    source, params = _from(plan(parse_query(query_text)))
    return bool(_run(f"SELECT 1 {source} AND a.id = ? LIMIT 1", [*params, article_id]))


_SUMMARY_COLUMNS = (
    "a.id, a.title, a.source, a.author, a.date, a.url, a.format, "
    "(SELECT count(*) FROM annotation n WHERE n.article_id = a.id), a.word_count, "
    "a.read_at IS NOT NULL"
)


def _summary(row: Row) -> ArticleSummary:
    id_, title, source, author, date, url, format_, annotations, words, read = row[:10]
    return ArticleSummary(
        id_, title, source, author, date, url, format_, annotations, words, bool(read)
    )


def _summary_rows(ids: Sequence[int], more_columns: str = "") -> Iterator[Row]:
    """The summary columns (and `more_columns`) of these articles, a batch at a time."""
    for chunk in batches(ids):
        yield from _run(
            f"SELECT {_SUMMARY_COLUMNS}{more_columns} FROM article a "
            f"WHERE a.id IN ({', '.join('?' * len(chunk))})",
            chunk,
        )


def _summaries(ids: Sequence[int]) -> dict[int, ArticleSummary]:
    return {row[0]: _summary(row) for row in _summary_rows(ids)}


def _snippets(
    ids: Sequence[int], expression: str, scan: bool
) -> tuple[dict[int, ArticleSummary], dict[int, str]]:
    """Summaries and text snippets around the hits (the title's when the hits are only there),
    in one statement.

    Snippets are computed for the page's rows only, found either by probing FTS5 for each id
    or (`scan`) in one pass over the hits between the lowest and highest id with the ids as a
    plain filter (`+rowid`). A probe re-runs the whole MATCH, which is slow for a prefix
    (word*): FTS5 merges every matching term's list on each run.
    """
    summaries: dict[int, ArticleSummary] = {}
    snippets: dict[int, str] = {}
    for chunk in batches(ids):
        where = (
            "article_fts.rowid BETWEEN ? AND ? AND +article_fts.rowid"
            if scan
            else ("article_fts.rowid")
        )
        bounds = [min(chunk), max(chunk)] if scan else []
        rows = _run(
            f"SELECT {_SUMMARY_COLUMNS}, "
            f"snippet(article_fts, 1, ?, ?, '…', {SNIPPET_TOKENS}), "
            f"snippet(article_fts, 0, ?, ?, '…', {SNIPPET_TOKENS}) "
            # CROSS JOIN: the FTS5 rows first, then each one's article by its id.
            "FROM article_fts CROSS JOIN article a ON a.id = article_fts.rowid "
            f"WHERE article_fts MATCH ? AND {where} IN ({', '.join('?' * len(chunk))})",
            [START, END, START, END, expression, *bounds, *chunk],
        )
        for row in rows:
            text, title = row[-2], row[-1]
            summaries[row[0]] = _summary(row)
            chosen = title if START not in text and START in title else text
            snippets[row[0]] = " ".join(chosen.split())  # one line: no paragraph breaks
    return summaries, snippets


def _found_snippets(
    ids: Sequence[int], query: Query, page: Sequence[Row] | None = None
) -> tuple[dict[int, ArticleSummary], dict[int, str]]:
    """What _snippets gives, found in Python (models.snippets: FTS5's own algorithm) for a
    server library, whose index cannot say where in a text its words are; from `page`, the
    articles' summary columns and texts when the page's statement read them."""
    terms = query_terms(query.root)
    summaries, snippets = {}, {}
    for row in _summary_rows(ids, ", a.text") if page is None else page:
        summaries[row[0]] = _summary(row)
        found = row_snippet(row[-1], row[1], terms, SNIPPET_TOKENS, START, END)
        if found is not None:
            snippets[row[0]] = " ".join(found.split())  # one line: no paragraph breaks
    return summaries, snippets


def match_ranges(article_id: int, query_text: str) -> list[tuple[int, int]]:
    """Where the query's words occur in the article's canonical text, as code-point
    [start, end) ranges in text order (a phrase is one range), for highlighting hits.

    FTS5's own highlight() finds them, so they agree with what matched: same tokenizer,
    prefixes and phrases. Words under a NOT are not hits.
    """
    p = plan(parse_query(query_text))
    if p.highlight is None:
        return []
    text_rows = _run("SELECT text FROM article WHERE id = ?", [article_id])
    if not text_rows:
        return []
    text: str = text_rows[0][0]
    if backend().is_server:
        if not article_matches(article_id, query_text):
            return []
        return hit_ranges(text, query_terms(parse_query(query_text).root))
    unused = (ch for ch in map(chr, range(0xE000, 0xF900)) if ch not in text)
    open_mark, close_mark = next(unused), next(unused)  # markers the text cannot contain
    rows = _run(
        "SELECT highlight(article_fts, 1, ?, ?) FROM article_fts "
        "WHERE article_fts MATCH ? AND rowid = ?",
        [open_mark, close_mark, p.highlight, article_id],
    )
    if not rows:
        return []
    ranges: list[tuple[int, int]] = []
    position, start = 0, 0
    for ch in rows[0][0]:
        if ch == open_mark:
            start = position
        elif ch == close_mark:
            ranges.append((start, position))
        else:
            position += 1
    return ranges if position == len(text) else []


def _ranked_from(
    p: Plan, index: str, table: str, unranked_where: str, unranked_order: str
) -> tuple[str, list[object], str]:
    """FROM … WHERE …, its parameters and ORDER BY for rows of `table` ("annotation an"):
    driven and ranked by the `index` when the query has words, else by the filters."""
    alias = table.split()[1]
    if p.match is None:
        return f"FROM {table} WHERE {unranked_where}{p.where}", list(p.params), unranked_order
    source, score = backend().ranked_source(index, table)
    return f"{source} AND {p.where}", [p.match, *p.params], f"{score}, {alias}.id"


@dataclass(frozen=True)
class MemoHit:
    article_id: int
    title: str
    memo: str


def search_memos(query_text: str, limit: int | None = None) -> list[MemoHit]:
    """Articles whose memo holds the query's words (field filters apply to the article);
    best match first. Searched with annotations: both are the researcher's own words."""
    source, params, order = _ranked_from(
        plan(parse_query(query_text)), MEMO_INDEX, "article a", "a.memo <> '' AND ", "a.id"
    )
    rows = _run(
        f"SELECT a.id, a.title, a.memo {source} ORDER BY {order} LIMIT ?",
        [*params, NO_LIMIT if limit is None else limit],
    )
    return [MemoHit(*row) for row in rows]


def search_annotations(query_text: str, limit: int | None = None) -> list[AnnotationRecord]:
    """Annotations whose quote or note matches the words; field filters apply to the
    annotation (tag:, color:, has:note) or to its article (source:, date:, is:, articletag:).
    Best match first; without words, in article and text order."""
    return annotation_records(matching_annotation_ids(query_text, limit))


def matching_annotation_ids(query_text: str, limit: int | None = None) -> list[int]:
    """Ids of the annotations `search_annotations` finds, in its order (the Coded passages
    list keeps only these and reads a page of records as it is shown)."""
    source, params, order = _ranked_from(
        plan(parse_query(query_text), ANNOTATIONS),
        ANNOTATION_INDEX,
        "annotation an",
        "",
        "an.article_id, an.start, an.end, an.id",
    )
    return [
        row[0]
        for row in _run(
            f"SELECT an.id {source} ORDER BY {order} LIMIT ?",
            [*params, NO_LIMIT if limit is None else limit],
        )
    ]


def annotation_records(ids: Sequence[int]) -> list[AnnotationRecord]:
    """The records of these annotations, in the order given (deleted ones left out)."""
    rows: dict[int, Annotation] = {}
    for chunk in batches(ids):
        rows.update((row.id, row) for row in Annotation.select().where(Annotation.id.in_(chunk)))
    return records_of([rows[i] for i in ids if i in rows])
