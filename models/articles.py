"""Articles: storing drafts, listing, reading."""

from __future__ import annotations

import re
from dataclasses import dataclass

from peewee import SQL, Field, ModelSelect, NodeList, Select, Value, fn

from models.backend import backend
from models.errors import NotFound, read_only_reason, saving
from models.json_output import JsonRecord
from models.schema import Annotation, Article, database, tuples, utc_now
from models.text import Paragraph
from models.text import load_structure as _load_structure

SORT_KEYS = ("title", "source", "date", "annotations", "imported")


@dataclass(frozen=True)
class ArticleSummary(JsonRecord):
    id: int
    title: str
    source: str
    author: str
    date: str | None
    url: str
    format: str
    annotations: int
    words: int
    read: bool

    def as_json(self) -> dict[str, object]:
        """Every field but `read`, a reading-view state, not the article's."""
        fields = super().as_json()
        del fields["read"]
        return fields


@dataclass(frozen=True)
class ArticleDetail:
    id: int
    title: str
    source: str
    author: str
    date: str | None
    url: str
    format: str
    text: str
    paragraphs: list[Paragraph]
    origin_path: str
    imported_at: str
    read_at: str | None
    # What a news database said about the document (Factiva, Nexis); empty or None elsewhere.
    section: str = ""
    reported_words: int | None = None
    document_id: str | None = None
    memo: str = ""  # the researcher's note on the whole article

    @property
    def byline(self) -> str:
        """Outlet · section · author · date, leaving out what is unknown."""
        parts = (self.source, self.section, self.author, self.date)
        return " · ".join(part for part in parts if part)

    @property
    def title_repeats_lead(self) -> bool:
        """Formats without a title line take it from the standfirst: don't print it twice."""
        if not self.paragraphs or self.paragraphs[0].kind != "lead":
            return False
        first = self.paragraphs[0]
        title = self.title.strip().removesuffix("…").rstrip()
        return bool(title) and self.text[first.start : first.end].startswith(title)


def _annotation_count() -> Select:
    return (
        Annotation.select(fn.COUNT(Annotation.id))
        .where(Annotation.article == Article.id)
        .alias("annotation_count")
    )


def _filtered(text: str) -> ModelSelect[Article]:
    """Articles whose title or outlet holds every word (case-insensitive for ASCII); % and _
    in a word are matched literally."""
    query = Article.select()
    for word in text.split():
        pattern = "%" + _LIKE_SPECIAL.sub(r"\\\g<0>", word) + "%"
        query = query.where(_like(Article.title, pattern) | _like(Article.source, pattern))
    return query


_LIKE_SPECIAL = re.compile(r"[\\%_]")


def _like(column: Field, pattern: str) -> NodeList:
    return NodeList((column, SQL(backend().like), Value(pattern), SQL("ESCAPE '\\'")))


def query_articles(
    filter_text: str = "",
    sort: str = "imported",
    descending: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> list[ArticleSummary]:
    """One page of article summaries, filtered (title/outlet words) and sorted in SQL."""
    if sort not in SORT_KEYS:
        raise ValueError(f"unknown sort key '{sort}'")
    count = _annotation_count()
    query = _filtered(filter_text).select(
        Article.id,
        Article.title,
        Article.source,
        Article.author,
        Article.date,
        Article.url,
        Article.format,
        Article.word_count,
        Article.read_at,
        count,
    )
    key = {
        "title": SQL(backend().text_order('"title"')),  # folds ASCII, and has an index
        "source": SQL(backend().text_order('"source"')),
        "date": Article.date,
        "annotations": SQL("annotation_count"),
        "imported": Article.id,
    }[sort]
    nulls = "LAST" if sort == "date" else None  # undated last either way; uses the index
    order = key.desc(nulls=nulls) if descending else key.asc(nulls=nulls)
    query = query.order_by(order, Article.id.desc() if descending else Article.id)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return [
        ArticleSummary(
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            row[6],
            row[9],
            row[7],
            row[8] is not None,
        )
        for row in tuples(query)
    ]


def count_articles(filter_text: str = "") -> int:
    return _filtered(filter_text).count()


def get_article(article_id: int) -> ArticleDetail:
    article = Article.get_or_none(Article.id == article_id)
    if article is None:
        raise NotFound(f"no article with id {article_id}")
    return ArticleDetail(
        article.id,
        article.title,
        article.source,
        article.author,
        article.date,
        article.url,
        article.format,
        article.text,
        _load_structure(article.text, article.structure),
        article.origin_path,
        article.imported_at,
        article.read_at,
        article.section,
        article.reported_words,
        article.document_id,
        article.memo,
    )


def article_text(article_id: int) -> str:
    row = Article.select(Article.text).where(Article.id == article_id).first()
    if row is None:
        raise NotFound(f"no article with id {article_id}")
    return str(row.text)


def text_window(article_id: int, start: int, end: int) -> tuple[str, int]:
    """The article's text[start:end] (code points) and the text's length, reading no more of
    it into Python: a highlight in a 300,000-character article needs a few dozen."""
    row = database.execute_sql(
        f"SELECT substr(text, ?, ?), length(text), {backend().nul_in('text')} "
        "FROM article WHERE id = ?",
        (start + 1, max(0, end - start), article_id),
    ).fetchone()
    if row is None:
        raise NotFound(f"no article with id {article_id}")
    window, length, nul = row
    if nul:  # SQLite counts characters only up to a NUL: slice the text itself
        text = article_text(article_id)
        return text[start:end], len(text)
    return str(window), int(length)


def original_content(article_id: int) -> bytes:
    """The article's source file (or dataset row) exactly as it was imported."""
    row = Article.select(Article.original).where(Article.id == article_id).first()
    if row is None:
        raise NotFound(f"no article with id {article_id}")
    return bytes(row.original)


def mark_read(article_id: int, read: bool = True) -> None:
    """Set or clear the read time; an article already in that state is left alone, so opening
    one does not take the write lock (an import may hold it)."""
    if read and read_only_reason():
        return  # reading a read-only library leaves no trace in it
    already = Article.read_at.is_null(False) if read else Article.read_at.is_null()
    if Article.select().where((Article.id == article_id) & already).exists():
        return
    with saving():
        Article.update(read_at=utc_now() if read else None).where(
            Article.id == article_id
        ).execute()


def article_ids(filter_text: str = "") -> list[int]:
    """Ids of the articles a filter matches, in import order (export of 'the current filter')."""
    query = tuples(_filtered(filter_text).select(Article.id).order_by(Article.id))
    return [row[0] for row in query]


def article_ids_present(ids: list[int]) -> set[int]:
    """Which of these ids still exist (a remembered article may have gone)."""
    return {row.id for row in Article.select(Article.id).where(Article.id.in_(ids))}
