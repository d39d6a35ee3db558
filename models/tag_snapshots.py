"""Snapshots of tag rows and their memberships: how codebook edits are undone and redone.

A snapshot records, for a set of tag ids (its scope), the rows and memberships as they were.
Restoring deletes whatever now holds those ids and writes the recorded rows back with the same
ids, so an undo is exact and the commands stacked after it still find their tags.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from peewee import ForeignKeyField

from models import changes
from models.batches import batches
from models.errors import saving
from models.schema import (
    Annotation,
    AnnotationTag,
    Article,
    ArticleTag,
    Tag,
    database,
    tuples,
)


@dataclass(frozen=True)
class TagRow:
    id: int
    path: str
    color: str
    description: str


@dataclass(frozen=True)
class Snapshot:
    scope: frozenset[int]  # the tag ids this snapshot speaks for, present in it or not
    tags: tuple[TagRow, ...]
    annotation_links: tuple[tuple[int, int], ...]  # (annotation id, tag id)
    article_links: tuple[tuple[int, int], ...]  # (article id, tag id)
    created: tuple[int, ...] = ()  # ids the edit created: absent before, so undo removes them

    @classmethod
    def empty(cls) -> Snapshot:
        return cls(frozenset(), (), (), ())

    def widened(self, created: Iterable[int]) -> Snapshot:
        """The same snapshot also speaking for rows that did not exist yet."""
        new = tuple(created)
        return replace(self, scope=self.scope | set(new), created=self.created + new)

    def overlaid(self, newer: Snapshot) -> Snapshot:
        """This state with `newer`'s rows and memberships in place of its own for newer's
        scope (merging two captures of one edit typed in steps)."""

        def kept(tag_id: int) -> bool:
            return tag_id not in newer.scope

        return replace(
            self,
            scope=self.scope | newer.scope,
            tags=tuple(
                sorted([r for r in self.tags if kept(r.id)] + list(newer.tags), key=_row_id)
            ),
            annotation_links=tuple(
                sorted([x for x in self.annotation_links if kept(x[1])] + [*newer.annotation_links])
            ),
            article_links=tuple(
                sorted([x for x in self.article_links if kept(x[1])] + [*newer.article_links])
            ),
        )


def _row_id(row: TagRow) -> int:
    return row.id


def capture(tag_ids: Iterable[int]) -> Snapshot:
    """The rows and memberships of these tags as they are now."""
    ids = sorted(set(tag_ids))
    tags: list[TagRow] = []
    notes: list[tuple[int, int]] = []
    articles: list[tuple[int, int]] = []
    for chunk in batches(ids):
        query = Tag.select(Tag.id, Tag.path, Tag.color, Tag.description).where(Tag.id.in_(chunk))
        tags.extend(TagRow(*row) for row in tuples(query))
        links = AnnotationTag.select(AnnotationTag.annotation, AnnotationTag.tag)
        notes.extend(tuples(links.where(AnnotationTag.tag.in_(chunk))))
        marks = ArticleTag.select(ArticleTag.article, ArticleTag.tag)
        articles.extend(tuples(marks.where(ArticleTag.tag.in_(chunk))))
    return Snapshot(
        frozenset(ids),
        tuple(sorted(tags, key=_row_id)),
        tuple(sorted(notes)),
        tuple(sorted(articles)),
    )


@saving()
def restore_snapshot(*snapshots: Snapshot) -> None:
    """Put each scope's rows back exactly as recorded, in order, in one transaction.

    A membership whose annotation or article has since been deleted is skipped: it has
    nothing left to attach to.
    """
    with database.atomic():
        for snapshot in snapshots:
            _restore(snapshot)
        changes.record("codebook")


def _restore(snapshot: Snapshot) -> None:
    ids = sorted(snapshot.scope)
    for chunk in batches(ids):
        AnnotationTag.delete().where(AnnotationTag.tag.in_(chunk)).execute()
        ArticleTag.delete().where(ArticleTag.tag.in_(chunk)).execute()
        Tag.delete().where(Tag.id.in_(chunk)).execute()
    for rows in batches(list(snapshot.tags)):
        Tag.insert_many(
            [(r.id, r.path, r.color, r.description) for r in rows],
            fields=[Tag.id, Tag.path, Tag.color, Tag.description],
        ).execute()
    _insert_links(AnnotationTag, AnnotationTag.annotation, Annotation, snapshot.annotation_links)
    _insert_links(ArticleTag, ArticleTag.article, Article, snapshot.article_links)


def _insert_links(
    table: type[AnnotationTag] | type[ArticleTag],
    owner_field: ForeignKeyField,
    owner_model: type[Annotation] | type[Article],
    links: Sequence[tuple[int, int]],
) -> None:
    owners = sorted({owner for owner, _tag in links})
    present: set[int] = set()
    for chunk in batches(owners):
        query = owner_model.select(owner_model.id).where(owner_model.id.in_(chunk))
        present.update(row[0] for row in tuples(query))
    kept = [link for link in links if link[0] in present]
    for pairs in batches(kept):
        table.insert_many(list(pairs), fields=[owner_field, table.tag]).execute()
