"""Article-level tags: codes for a whole article, e.g. include/exclude while screening a corpus.

They share the tag table (and so the codebook) with annotation tags; the search language's
`articletag:` field filters on them.
"""

from __future__ import annotations

from collections.abc import Iterable

from models import changes
from models.errors import NotFound, saving
from models.schema import Article, ArticleTag, Tag, database, tuples
from models.tags import ensure_tags, tag_ids_with_descendants, tag_key

SCREENING_INCLUDE = "screening/include"
SCREENING_EXCLUDE = "screening/exclude"
SCREENING = (SCREENING_INCLUDE, SCREENING_EXCLUDE)


def article_tags(article_id: int) -> list[str]:
    """The article's own tags (not its annotations'), in path order."""
    query = (
        Tag.select(Tag.path)
        .join(ArticleTag, on=(ArticleTag.tag == Tag.id))
        .where(ArticleTag.article == article_id)
        .order_by(Tag.path)
    )
    return [path for (path,) in tuples(query)]


@saving()
def set_article_tags(article_id: int, paths: Iterable[str]) -> list[str]:
    """Replace the article's tags in one transaction (new paths become tags); returns the tags
    it had before, which is what an undo puts back."""
    with database.atomic():
        if Article.get_or_none(Article.id == article_id) is None:
            raise NotFound(f"no article with id {article_id}")
        before = article_tags(article_id)
        tag_ids = ensure_tags(paths)
        ArticleTag.delete().where(ArticleTag.article == article_id).execute()
        if tag_ids:
            ArticleTag.insert_many(
                [(article_id, tag_id) for tag_id in tag_ids],
                fields=[ArticleTag.article, ArticleTag.tag],
            ).execute()
        changes.record("article_tags", article_id=article_id)
        return before


def tag_article(article_id: int, path: str) -> list[str]:
    """Add one tag to the article (no-op if it has it); returns the tags before."""
    return set_article_tags(article_id, [*article_tags(article_id), path])


def untag_article(article_id: int, path: str) -> list[str]:
    """Remove one tag (case-insensitive) from the article; returns the tags before."""
    key = tag_key(path)
    return set_article_tags(article_id, [t for t in article_tags(article_id) if t.lower() != key])


def with_screening(current: Iterable[str], decision: str | None) -> list[str]:
    """The tag list with `decision` (one of SCREENING, or None) as the only screening tag:
    include and exclude exclude each other."""
    kept = [t for t in current if t.lower() not in SCREENING]
    return kept + [decision] if decision else kept


def screening_decision(article_id: int) -> str | None:
    tags = {t.lower() for t in article_tags(article_id)}
    return next((s for s in SCREENING if s in tags), None)


def article_ids_with_tag(path: str) -> list[int]:
    """Articles carrying the tag or one below it at article level."""
    ids = tag_ids_with_descendants(path)
    if not ids:
        return []
    query = (
        ArticleTag.select(ArticleTag.article)
        .where(ArticleTag.tag.in_(ids))
        .distinct()
        .order_by(ArticleTag.article)
    )
    return [article_id for (article_id,) in tuples(query)]
