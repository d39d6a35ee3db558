"""Storing drafts as articles: canonical text built once, rows written with plain SQL.

`prepare_draft` does all the per-article work that needs no database (canonical text, structure,
hash, word count), so an import can run it in worker processes; `store_prepared` then only
writes. Same canonical text, or the same news-database document id, means the same article: a
second copy is reported as a duplicate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from importers.draft import ArticleDraft
from models import changes
from models.attributes import AttributeValue, parse_value
from models.backend import backend
from models.item_progress import INDEXING, STORING, ItemProgress
from models.outlets import OutletNamer
from models.schema import database, utc_now
from models.search_vectors import search_vector
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


@lru_cache(maxsize=2)
def _insert_sql(index_column: str | None) -> str:
    """The INSERT, with the backend's search index column when it has one (a tsvector)."""
    columns, marks = _COLUMNS, ", ".join("?" * 16)
    if index_column is not None:
        columns, marks = f"{columns}, {index_column}", f"{marks}, CAST(? AS tsvector)"
    # Insert first, look up only on a clash (same text or same document id): duplicates are
    # the exception.
    return f"INSERT INTO article ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING RETURNING id"


_FIND_DUPLICATE = (
    "SELECT id FROM article WHERE content_hash = ? "
    "UNION ALL SELECT id FROM article WHERE document_id = ? LIMIT 1"
)


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


@dataclass(frozen=True)
class StoreResult:
    article_id: int
    duplicate: bool  # True: an article with the same canonical text or document id was there


def prepare_draft(draft: ArticleDraft, vectors: bool = False) -> PreparedArticle:
    """`vectors`: with its search index entry (models.search_vectors), for a server library."""
    text, paragraphs = build_canonical(draft.blocks)
    title = without_nul(draft.title)
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
        search_vector=search_vector(title, text, first_weight="A") if vectors else None,
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


def _insert(
    articles: list[PreparedArticle],
    importer: str,
    origin: Path | str,
    on_items: ItemProgress | None,
    outlets: OutletNamer | None = None,
) -> list[StoreResult]:
    results: list[StoreResult] = []
    imported_at = utc_now()
    # The bare connection: peewee's query builder cost more than the insert itself.
    conn = database.connection()
    if outlets is None:
        outlets = OutletNamer(conn)
    index_column = backend().article_index_column
    to_db = backend().attribute_value  # a variable as the backend stores it
    insert = _insert_sql(index_column)
    for article in articles:
        indexed = () if index_column is None else (article.search_vector,)
        cursor = conn.execute(
            insert,
            (
                *article_values(article, importer, origin, outlets.name(article.source)),
                imported_at,
                article.section,
                article.reported_words,
                article.document_id,
                *indexed,
            ),
        )
        inserted = cursor.fetchone()
        if inserted is not None:
            (new_id,) = inserted
            results.append(StoreResult(new_id, False))
            if article.attributes:
                conn.executemany(
                    "INSERT INTO article_attribute (article_id, name, value) VALUES (?, ?, ?)",
                    [(new_id, name, to_db(value)) for name, value in article.attributes],
                )
        else:  # the same canonical text or document id is there already
            (found,) = conn.execute(
                _FIND_DUPLICATE, (article.content_hash, article.document_id)
            ).fetchone()
            results.append(StoreResult(found, True))
        if on_items is not None:
            on_items(STORING, len(results), len(articles))
    return results


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
