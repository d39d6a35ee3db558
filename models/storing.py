"""Storing drafts as articles: canonical text built once, rows written with plain SQL.

`prepare_draft` does all the per-article work that needs no database (canonical text, structure,
hash, word count), so an import can run it in worker processes; `store_prepared` then only
writes. Same canonical text, or the same news-database document id, means the same article: a
second copy is reported as a duplicate.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from importers.draft import ArticleDraft
from models import changes
from models.attributes import AttributeValue, parse_value
from models.backend import backend
from models.item_progress import INDEXING, STORING, ItemProgress
from models.outlets import OutletNamer
from models.schema import database, utc_now
from models.search_vectors import vector_and_length
from models.text import (
    build_canonical,
    content_hash,
    count_words,
    dump_structure,
    without_nul,
)

_COLUMNS = (
    "title, source, author, date, url, text, structure, raw, format, origin_path, "
    "content_hash, word_count, imported_at, section, reported_words, document_id"
)


def article_columns(index_column: str | None) -> list[str]:
    """The columns an import writes (`_insert`'s rows), with the backend's search index
    column when it has one (a tsvector) and then the length it gives ranking."""
    columns = _COLUMNS.split(", ")
    return columns if index_column is None else [*columns, index_column, "search_length"]


# The article a duplicate clashed with, stored before the first written after it (an id).
_FIND_DUPLICATE = (
    "SELECT id FROM article WHERE content_hash = ? AND id < ? "
    "UNION ALL SELECT id FROM article WHERE document_id = ? AND id < ? LIMIT 1"
)
_NO_ID = 2**62


@dataclass(frozen=True)
class PreparedArticle:
    """A draft made ready to store (picklable: it crosses from a parsing process)."""

    title: str
    source: str
    author: str
    date: str | None
    url: str
    text: str
    structure: str
    raw: bytes
    content_hash: str
    word_count: int
    warnings: tuple[str, ...] = ()
    section: str = ""
    reported_words: int | None = None
    document_id: str | None = None  # None, not "": only given ids must be unique
    attributes: tuple[tuple[str, AttributeValue], ...] = ()  # article variables
    search_vector: str | None = None  # a server library's index entry, made in a worker
    search_length: int | None = None  # and its length in words (its positions)


@dataclass(frozen=True)
class StoreResult:
    article_id: int
    duplicate: bool  # True: an article with the same canonical text or document id was there


def prepare_draft(draft: ArticleDraft, vectors: bool = False) -> PreparedArticle:
    """`vectors`: with its search index entry (models.search_vectors), for a server library."""
    text, paragraphs = build_canonical(draft.blocks)
    title = without_nul(draft.title)
    vector, length = vector_and_length(title, text, first_weight="A") if vectors else (None, None)
    return PreparedArticle(
        title=title,
        source=without_nul(draft.source),
        author=without_nul(draft.author),
        date=draft.date.isoformat() if draft.date else None,
        url=without_nul(draft.url),
        text=text,
        structure=dump_structure(paragraphs),
        raw=draft.raw,
        content_hash=content_hash(text),
        word_count=count_words(text),
        warnings=tuple(draft.warnings),
        section=without_nul(draft.section),
        reported_words=draft.reported_words,
        document_id=without_nul(draft.document_id) or None,
        attributes=_variables(draft.attributes),
        search_vector=vector,
        search_length=length,
    )


def _variables(cells: dict[str, str]) -> tuple[tuple[str, AttributeValue], ...]:
    """Dataset cells as variable values: numbers as numbers; a cell too long is left out."""
    found = []
    for name, cell in cells.items():
        try:
            found.append((name, parse_value(cell)))
        except ValueError:
            continue
    return tuple(found)


def store_prepared(
    articles: Iterable[PreparedArticle],
    importer: str,
    origin: Path | str,
    on_items: ItemProgress | None = None,
    log_change: bool = True,
    outlets: OutletNamer | None = None,
) -> list[StoreResult]:
    """Store one file's articles all or nothing, inside the caller's transaction if any.
    `on_items(STORING, done, total)` hears of each article stored. `log_change`: one change
    log row for the new articles (other windows' lists reload); False when the caller logs
    them (an import, once a batch: a row and the coder's look-up cost more than the insert).
    `outlets`: a namer kept for the caller's whole transaction (an import batch); a new one
    per file read the alias table again, 5% of the writer's time."""
    articles = list(articles)
    # One INSERT is atomic on its own; several need a savepoint. Only when needed: FTS5 writes
    # its pending index to disk at every savepoint, which made imports of many files crawl.
    needs_savepoint = len(articles) > 1 or not database.in_transaction()
    with database.atomic() if needs_savepoint else nullcontext():
        results = _insert(articles, importer, origin, on_items, outlets)
        if log_change:
            log_new_articles(results)
        return results


def log_new_articles(results: Iterable[StoreResult]) -> None:
    """One change log row for the articles stored (duplicates aside), if any: other windows'
    lists reload (call inside the transaction that stored them)."""
    new = next((r.article_id for r in results if not r.duplicate), None)
    if new is not None:
        changes.record("article", action="insert", article_id=new)


def store_files(
    files: Sequence[tuple[Sequence[PreparedArticle], str, Path | str]],
    outlets: OutletNamer,
    on_items: ItemProgress | None = None,
) -> list[list[StoreResult]]:
    """Several files' articles (with the importer and origin of each file) written together,
    ROWS_AT_ONCE a statement (on a server a round trip an article was a third of an import's
    time), inside the caller's transaction: a failure leaves it to undo them all (a
    savepoint). Their results file by file; `on_items(STORING, done, total)` counts each
    file's articles, as store_prepared does."""
    starts = list(itertools.accumulate((len(articles) for articles, _, _ in files), initial=0))

    def per_file(stage: str, done: int, _total: int) -> None:
        assert on_items is not None
        file = bisect.bisect_right(starts, done - 1) - 1
        on_items(stage, done - starts[file], starts[file + 1] - starts[file])

    flat = [
        (article, importer, origin) for articles, importer, origin in files for article in articles
    ]
    results = _insert_rows(flat, None if on_items is None else per_file, outlets)
    return [results[start:end] for start, end in itertools.pairwise(starts)]


def _insert(
    articles: list[PreparedArticle],
    importer: str,
    origin: Path | str,
    on_items: ItemProgress | None,
    outlets: OutletNamer | None = None,
) -> list[StoreResult]:
    if outlets is None:
        outlets = OutletNamer(database.connection())
    return _insert_rows([(article, importer, origin) for article in articles], on_items, outlets)


# Articles written a statement (backend().insert_articles): a round trip for many.
ROWS_AT_ONCE = 500


def _insert_rows(
    articles: list[tuple[PreparedArticle, str, Path | str]],
    on_items: ItemProgress | None,
    outlets: OutletNamer,
) -> list[StoreResult]:
    """The articles (each with its importer and origin) inserted in order, ROWS_AT_ONCE a
    statement. An outlet name not met before is looked up in the library once every article
    before it is there (a site name renames the articles named by its domain: models.outlets),
    as when each was written alone."""
    imported_at = utc_now()
    index_column = backend().article_index_column
    columns = article_columns(index_column)
    ids: list[int] = []  # a duplicate's negative: the article it clashed with
    rows: list[tuple[object, ...]] = []

    def write() -> None:
        if not rows:
            return
        first = len(ids)
        written = backend().insert_articles(columns, rows)
        ids.extend(_with_duplicates(articles[first:], written))
        if on_items is not None:
            for done in range(first, len(ids)):
                on_items(STORING, done + 1, len(articles))
        rows.clear()

    for article, importer, origin in articles:
        source = outlets.known(article.source)
        if source is None:
            write()
            source = outlets.name(article.source)
        indexed = () if index_column is None else (article.search_vector, article.search_length)
        rows.append(
            (
                *article_values(article, importer, origin, source),
                imported_at,
                article.section,
                article.reported_words,
                article.document_id,
                *indexed,
            )
        )
        if len(rows) >= ROWS_AT_ONCE:
            write()
    write()
    _store_variables([article for article, _, _ in articles], ids)
    return [StoreResult(abs(i), i < 0) for i in ids]


def _with_duplicates(
    articles: list[tuple[PreparedArticle, str, Path | str]], written: list[int | None]
) -> list[int]:
    """Each article's id, negative for a duplicate's: the article it clashed with, found
    among those stored before it (not one written after it in the same statement)."""
    conn = database.connection()  # the bare connection: peewee's query builder costs more
    ids: list[int] = []
    for n, new_id in enumerate(written):
        if new_id is not None:
            ids.append(new_id)
            continue
        later = next((i for i in written[n + 1 :] if i is not None), _NO_ID)
        article = articles[n][0]
        (found,) = conn.execute(
            _FIND_DUPLICATE, (article.content_hash, later, article.document_id, later)
        ).fetchone()
        ids.append(-found)
    return ids


def _store_variables(articles: list[PreparedArticle], ids: list[int]) -> None:
    """The new articles' variables (a duplicate's id is negative: it keeps its own)."""
    to_db = backend().attribute_value  # a variable as the backend stores it
    variables = [
        (new_id, name, to_db(value))
        for article, new_id in zip(articles, ids, strict=True)
        if new_id > 0
        for name, value in article.attributes
    ]
    if variables:
        database.connection().executemany(
            "INSERT INTO article_attribute (article_id, name, value) VALUES (?, ?, ?)", variables
        )


def article_values(
    article: PreparedArticle, importer: str, origin: Path | str, source: str
) -> tuple[object, ...]:
    """The article's columns from title to word_count, in table order (insert and update).

    `source` is the outlet's one name from the alias table (models.outlets)."""
    return (
        article.title,
        source,
        article.author,
        article.date,
        article.url,
        article.text,
        article.structure,
        article.raw,
        importer,
        str(origin),
        article.content_hash,
        article.word_count,
    )


# Articles indexed per statement when someone watches: small enough for a moving progress bar,
# big enough that the statements cost nothing next to the indexing.
INDEX_STEP = 200


def deferred_indexing(on_items: ItemProgress | None = None) -> AbstractContextManager[None]:
    """Inside the caller's transaction: articles inserted here are indexed in one pass at the
    end (the full-text index is part of the same transaction, so nothing can see it lag).
    `on_items(INDEXING, done, total)` hears of the articles indexed, a step at a time."""
    return backend().deferred_indexing(database.connection(), on_items)


def index_articles_after(conn: Any, before: int, on_items: ItemProgress | None) -> None:
    """Add the articles with an id above `before` to SQLite's FTS5 index."""
    index = "INSERT INTO article_fts(rowid, title, text) SELECT id, title, text FROM article "
    if on_items is None:
        conn.execute(index + "WHERE id > ?", (before,))
        return
    new = conn.execute("SELECT id FROM article WHERE id > ? ORDER BY id", (before,))
    ids = [row[0] for row in new]
    for start in range(0, len(ids), INDEX_STEP):
        step = ids[start : start + INDEX_STEP]
        conn.execute(index + "WHERE id BETWEEN ? AND ?", (step[0], step[-1]))
        on_items(INDEXING, start + len(step), len(ids))


def optimize_search_index() -> None:
    """Merge the article index into one segment (FTS5 'optimize', ~4 s at 100,000 articles).

    Imports leave the index in several segments, and every search probes each one: snippets
    for a page of hits cost a third less on a merged index at 100,000 articles.
    """
    backend().optimize_search_index()


def store_drafts(
    drafts: Sequence[ArticleDraft], importer: str, origin: Path | str
) -> list[StoreResult]:
    """Store all drafts of one file in one transaction; same canonical text → duplicate."""
    return store_prepared([prepare_draft(d) for d in drafts], importer, origin)
