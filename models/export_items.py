"""Articles with their annotations, for the exports that nest them (REFI-QDA, W3C, Markdown).

The same filters as the CSV export (articles, tags with their descendants); read one article at
a time while the annotations stream in text order, so memory follows the largest article.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from models.annotating import AnnotationRecord
from models.batches import BATCH, batches
from models.export import ExportRows
from models.schema import Article, database

# Tag paths as a JSON array, in path order (the subquery's order feeds the aggregate).
_TAGS = """(SELECT json_group_array(path) FROM (
    SELECT t.path AS path FROM annotation_tag AS at JOIN tag AS t ON t.id = at.tag_id
    WHERE at.annotation_id = a.id ORDER BY t.path) AS tag_paths)"""
_ANNOTATIONS = """SELECT a.id, a.article_id, a.start, a."end", a.quote, a.prefix, a.suffix,
    a.note, a.color, {tags}, a.created_at, a.updated_at, a.coder, a.anchor, a.original_quote
FROM annotation AS a {where} ORDER BY a.article_id, a.start IS NULL, a.start, a."end", a.id"""


@dataclass(frozen=True)
class ArticleItem:
    id: int
    title: str
    source: str
    author: str
    date: str | None
    url: str
    content_hash: str  # stable across libraries: names the article in ids and guids
    text: str
    annotations: tuple[AnnotationRecord, ...]
    attributes: tuple[tuple[str, object], ...] = ()  # the article's variables, by name


def iter_articles(
    article_ids: Sequence[int] = (), tags: Sequence[str] = (), *, with_unannotated: bool = True
) -> Iterator[ArticleItem]:
    """Articles in id order with their (filtered) annotations in text order, the orphans
    (not placed since the text changed: start and end None) after the placed ones.

    With a tag filter only articles holding a matching annotation come; otherwise every article
    in scope, unless `with_unannotated` is False. A long id list (a filter matching 40,000
    articles) is read in batches, each in id order, so the whole stays in id order.
    """
    if len(article_ids) > BATCH:  # an IN list that fits SQLite's bound-variable limit
        for batch in batches(sorted(set(article_ids))):
            yield from iter_articles(batch, tags, with_unannotated=with_unannotated)
        return
    query = ExportRows(article_ids, tags).where()
    if query is None:
        return
    where, params = query
    if tags or not with_unannotated:
        ids = [
            row[0]
            for row in database.execute_sql(
                f"SELECT DISTINCT a.article_id FROM annotation AS a {where} ORDER BY 1", params
            )
        ]
    elif article_ids:
        ids = sorted(set(article_ids))
    else:
        ids = [row[0] for row in database.execute_sql("SELECT id FROM article ORDER BY id")]
    cursor = database.execute_sql(_ANNOTATIONS.format(tags=_TAGS, where=where), params)
    variables = _Variables()
    try:
        pending = cursor.fetchone()
        for article_id in ids:
            found: list[AnnotationRecord] = []
            while pending is not None and pending[1] <= article_id:
                if pending[1] == article_id:
                    found.append(_annotation(pending))
                pending = cursor.fetchone()
            article = Article.get_or_none(Article.id == article_id)
            if article is not None:
                yield ArticleItem(
                    article.id,
                    article.title,
                    article.source,
                    article.author,
                    article.date,
                    article.url,
                    article.content_hash,
                    article.text,
                    tuple(found),
                    variables.of(article_id),
                )
    finally:
        cursor.close()
        variables.close()


class _Variables:
    """Articles' variables read alongside the articles, which come in id order: one ordered
    pass, never a query per article."""

    def __init__(self) -> None:
        self._cursor = database.execute_sql(
            "SELECT article_id, name, value FROM article_attribute ORDER BY article_id, name"
        )
        self._pending = self._cursor.fetchone()

    def of(self, article_id: int) -> tuple[tuple[str, object], ...]:
        found = []
        while self._pending is not None and self._pending[0] <= article_id:
            if self._pending[0] == article_id:
                found.append((self._pending[1], self._pending[2]))
            self._pending = self._cursor.fetchone()
        return tuple(found)

    def close(self) -> None:
        self._cursor.close()


def _annotation(row: tuple[Any, ...]) -> AnnotationRecord:
    """A row in AnnotationRecord's field order; the tags come as a JSON array."""
    fields = list(row)
    fields[9] = tuple(json.loads(fields[9])) if fields[9] else ()
    return AnnotationRecord(*fields)
