"""Managing the library: deleting articles (and putting them back), editing their metadata.

A delete returns everything it removed, so an undo restores the very same rows: the article
with its id, its annotations with theirs (ids are never given again, see migration 6), their
tags and the article's own tags. The search index follows by its triggers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from models import changes as change_log  # edit_article's **changes: the fields
from models.annotating import AnnotationRecord, list_annotations
from models.annotation_edits import restore_annotation
from models.article_tags import article_tags, set_article_tags
from models.batches import batches
from models.coders import current_coder
from models.errors import LibraryError, NotFound, saving
from models.schema import Annotation, Article, database
from models.text import without_nul

EDITABLE = ("title", "source", "author", "date", "url", "memo")


@dataclass(frozen=True)
class DeletedArticle:
    """One deleted article, whole: what `restore_articles` needs to put it back."""

    row: dict[str, Any]
    annotations: tuple[AnnotationRecord, ...]
    tags: tuple[str, ...]


def deletion_counts(article_ids: Sequence[int]) -> tuple[int, int]:
    """(articles that exist, their highlights): what a confirmation names before deleting."""
    found = highlights = 0
    for chunk in batches(list(article_ids)):
        found += Article.select().where(Article.id.in_(chunk)).count()
        highlights += Annotation.select().where(Annotation.article.in_(chunk)).count()
    return found, highlights


@saving()
def delete_articles(article_ids: Sequence[int]) -> list[DeletedArticle]:
    """Delete the articles with their annotations in one transaction; an unknown id deletes
    nothing and raises NotFound."""
    ids = list(dict.fromkeys(article_ids))
    with database.atomic():
        rows: dict[int, dict[str, Any]] = {}
        for chunk in batches(ids):  # a whole library may be selected
            found = Article.select().where(Article.id.in_(chunk)).dicts()
            rows.update((row["id"], row) for row in cast(Iterable[dict[str, Any]], found))
        missing = [str(i) for i in ids if i not in rows]
        if missing:
            raise NotFound(f"no article with id {', '.join(missing)}")
        deleted = [
            DeletedArticle(rows[i], tuple(list_annotations(i)), tuple(article_tags(i))) for i in ids
        ]
        for chunk in batches(ids):  # annotations, their tags and article tags cascade
            Article.delete().where(Article.id.in_(chunk)).execute()
        change_log.record_many("article", [("delete", i, None, current_coder()) for i in ids])
    return deleted


@saving()
def restore_articles(deleted: Iterable[DeletedArticle]) -> None:
    """Put deleted articles back exactly (an undo), in one transaction."""
    with database.atomic():
        for item in deleted:
            Article.insert(**item.row).execute()
            for record in item.annotations:
                restore_annotation(record)
            if item.tags:
                set_article_tags(item.row["id"], item.tags)
            change_log.record("article", action="insert", article_id=item.row["id"])


def article_exists(article_id: int) -> bool:
    return bool(Article.select().where(Article.id == article_id).exists())


def article_fields(article_id: int) -> dict[str, str | None]:
    """The editable metadata as stored."""
    row = Article.select(*(getattr(Article, f) for f in EDITABLE)).where(Article.id == article_id)
    found = row.dicts().first()
    if found is None:
        raise NotFound(f"no article with id {article_id}")
    return dict(found)


@saving()
def edit_article(article_id: int, **changes: str | None) -> dict[str, str | None]:
    """Set the given fields (title, source, author, date, url, memo); returns what they
    were, which is what an undo sets back. A date is YYYY-MM-DD, or empty/None for unknown."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise LibraryError(f"cannot edit {', '.join(sorted(unknown))}")
    values = {key: _clean(key, value) for key, value in changes.items()}
    with database.atomic():
        before = article_fields(article_id)
        if values:
            Article.update(**values).where(Article.id == article_id).execute()
            change_log.record("article", action="edit", article_id=article_id)
    return {key: before[key] for key in values}


def _clean(field: str, value: str | None) -> str | None:
    value = without_nul(value or "")
    if field == "memo":  # kept as typed, its lines too; only trailing blanks go
        return value.rstrip()
    text = value.strip()
    if field != "date":
        if field == "title" and not text:
            raise LibraryError("the title must not be empty")
        return text
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise LibraryError(f"not a date (YYYY-MM-DD): {text!r}") from None
