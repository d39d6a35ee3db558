"""A new version of an article: its text replaced in place, its highlights re-anchored.

The article keeps its id, tags, read state and history; its metadata comes from the new
version. Every annotation is placed again by models.anchoring: exact, fuzzy (to review) or
orphaned (start and end NULL, the quote kept). All of it is one transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from models import changes
from models.anchoring import ANCHOR_STATES, EXACT, FUZZY, ORPHANED, Selector, reanchor, select
from models.annotating import AnnotationRecord, get_annotation, get_annotations
from models.articles import article_text
from models.errors import LibraryError, NotFound, saving
from models.outlets import OutletNamer
from models.schema import database
from models.storing import PreparedArticle, article_values
from models.urls import canonical_url

if TYPE_CHECKING:
    from models.parsing import ParsedFile


@dataclass(frozen=True)
class UpdateResult:
    article_id: int
    title: str
    counts: dict[str, int]  # annotations per anchor state, after the update
    changed: bool  # False: the text was the same (only the metadata was refreshed)

    def as_json(self) -> dict[str, object]:
        return {"id": self.article_id, "annotations": dict(self.counts)}


_UPDATE_ARTICLE = (
    "UPDATE article SET title = ?, source = ?, author = ?, date = ?, url = ?, text = ?, "
    "structure = ?, raw = ?, format = ?, origin_path = ?, content_hash = ?, word_count = ?, "
    "section = ?, reported_words = ?, document_id = ? WHERE id = ?"
)
_UPDATE_ANNOTATION = (
    'UPDATE annotation SET start = ?, "end" = ?, quote = ?, prefix = ?, suffix = ?, '
    "anchor = ?, original_quote = ? WHERE id = ?"
)


def update_article(
    article_id: int, article: PreparedArticle, importer: str, origin: Path | str
) -> UpdateResult:
    """Replace the article's text and metadata with `article`; re-anchor its annotations.

    Raises NotFound for an unknown id and LibraryError when another article already has this
    text or document id (two articles may not share one); nothing changes then.
    """
    with database.atomic():
        conn = database.connection()
        row = conn.execute("SELECT text FROM article WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id}")
        (old_text,) = row
        clash = conn.execute(
            "SELECT id FROM article WHERE content_hash = ? AND id != ?",
            (article.content_hash, article_id),
        ).fetchone()
        if clash is not None:
            raise LibraryError(f"article #{clash[0]} already has this text")
        same_id = conn.execute(
            "SELECT id FROM article WHERE document_id = ? AND id != ?",
            (article.document_id, article_id),
        ).fetchone()
        if same_id is not None:  # NULL matches nothing
            raise LibraryError(f"article #{same_id[0]} has document id {article.document_id}")
        changed = old_text != article.text
        if changed:
            _reanchor_annotations(article_id, old_text, article.text)
        source = OutletNamer(conn).name(article.source)
        values = article_values(article, importer, origin, source)
        extra = (article.section, article.reported_words, article.document_id)
        conn.execute(_UPDATE_ARTICLE, (*values, *extra, article_id))
        changes.record("article", action="update", article_id=article_id)
        counts = Counter(
            dict(
                conn.execute(
                    "SELECT anchor, count(*) FROM annotation WHERE article_id = ? GROUP BY anchor",
                    (article_id,),
                ).fetchall()
            )
        )
    return UpdateResult(
        article_id, article.title, {state: counts[state] for state in ANCHOR_STATES}, changed
    )


def _reanchor_annotations(article_id: int, old_text: str, new_text: str) -> None:
    conn = database.connection()
    rows = conn.execute(
        'SELECT id, start, "end", quote, prefix, suffix, anchor, original_quote '
        "FROM annotation WHERE article_id = ?",
        (article_id,),
    ).fetchall()
    placements = reanchor(old_text, new_text, [Selector(*row[1:6]) for row in rows])
    changes = []
    for (annotation_id, _, _, quote, *_, anchor, original), placed in zip(
        rows, placements, strict=True
    ):
        first_quote = original if original is not None else quote
        state = placed.anchor
        if state == EXACT and (anchor != EXACT or placed.quote != first_quote):
            state = FUZZY  # still to review: placed exactly, but not on what was highlighted
        kept = None if state == EXACT else first_quote
        new_quote = quote if state == ORPHANED else placed.quote  # an orphan keeps its quote
        changes.append(
            (placed.start, placed.end, new_quote, placed.prefix, placed.suffix, state, kept)
            + (annotation_id,)
        )
    conn.executemany(_UPDATE_ANNOTATION, changes)


def read_one_article(path: Path, format: str | None = None) -> ParsedFile:
    """The file's one article, parsed, for an update; LibraryError naming the file if it
    cannot be read or holds no or several articles."""
    from models.parsing import parse_one  # with the importers: not at the window's start

    if not path.is_file():
        raise LibraryError(f"{path}: no such file")
    parsed = parse_one(path, format, False, None)
    if parsed.error:
        raise LibraryError(f"{path}: {parsed.error}")
    if len(parsed.articles) != 1:
        raise LibraryError(
            f"{path}: holds {len(parsed.articles)} articles; update needs a file with exactly one"
        )
    return parsed


def annotations_to_review(article_id: int) -> list[AnnotationRecord]:
    """The article's fuzzy and orphaned annotations (few, read by the article's index)."""
    rows = database.connection().execute(
        "SELECT id FROM annotation WHERE article_id = ? AND anchor != ?", (article_id, EXACT)
    )
    return get_annotations([row[0] for row in rows])


@saving()
def place_annotation(
    annotation_id: int, start: int | None = None, end: int | None = None
) -> AnnotationRecord:
    """A reviewed annotation: on [start, end) (default: where it is now), exact from now on.

    Accepts a fuzzy placement, moves one to the right passage, or re-attaches an orphan."""
    record = get_annotation(annotation_id)
    if start is None or end is None:
        start, end = record.start, record.end
    if start is None or end is None:
        raise LibraryError(f"annotation {annotation_id} is orphaned: select where it belongs")
    try:
        chosen = select(article_text(record.article_id), start, end)
    except ValueError as exc:
        raise LibraryError(str(exc)) from exc
    with database.atomic():
        database.connection().execute(
            _UPDATE_ANNOTATION,
            (start, end, chosen.quote, chosen.prefix, chosen.suffix, EXACT, None, record.id),
        )
        changes.record_annotations("update", [record])
    return get_annotation(annotation_id)


@saving()
def restore_placement(record: AnnotationRecord) -> AnnotationRecord:
    """Put back where and how an annotation was placed (undo of place_annotation)."""
    values = (record.start, record.end, record.quote, record.prefix, record.suffix)
    with database.atomic():
        database.connection().execute(
            _UPDATE_ANNOTATION, (*values, record.anchor, record.original_quote, record.id)
        )
        changes.record_annotations("update", [record])
    return get_annotation(record.id)


class ArticleMatcher:
    """Finds the library's version of an incoming article, for `import --update`.

    Same canonical URL, else same document id (news databases), else same source file path
    (only for a file holding one article). A key that several articles share decides nothing.
    Read once, on first use: one query, not one per incoming article.
    """

    def __init__(self) -> None:
        self._by_url: dict[str, list[int]] | None = None
        self._by_path: dict[str, list[int]] = {}
        self._by_document: dict[str, list[int]] = {}

    def match(self, article: PreparedArticle, origin: str, alone: bool) -> int | None:
        if self._by_url is None:
            self._load()
        assert self._by_url is not None
        keys = (
            (self._by_url, canonical_url(article.url)),
            (self._by_document, article.document_id or ""),
            (self._by_path, origin if alone else ""),
        )
        for table, key in keys:
            found = table.get(key, []) if key else []
            if len(found) == 1:
                return found[0]
        return None

    def _load(self) -> None:
        self._by_url = {}
        for article_id, url, path, document_id in database.connection().execute(
            "SELECT id, url, origin_path, document_id FROM article"
        ):
            for table, key in (
                (self._by_url, canonical_url(url)),
                (self._by_path, path),
                (self._by_document, document_id),
            ):
                if key:
                    table.setdefault(key, []).append(article_id)

    def content_hash(self, article_id: int) -> str:
        (found,) = (
            database.connection()
            .execute("SELECT content_hash FROM article WHERE id = ?", (article_id,))
            .fetchone()
        )
        return str(found)
