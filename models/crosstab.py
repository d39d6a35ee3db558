"""Crosstabs and co-occurrence of tags, counted by SQLite (never a Python loop over rows).

Rows are the tags as applied; with a level N a tag path is cut to its first N parts and an
annotation counts once per cut tag. Columns are an article property (outlet, month, year,
the article itself, a variable) or the annotation's coder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from models.errors import LibraryError
from models.schema import database
from models.tags import tag_ids_with_descendants

COLUMN_KINDS = ("source", "month", "year", "article", "coder")
COUNT_KINDS = ("annotations", "articles")
ATTRIBUTE_PREFIX = "attr:"
_COLUMN_SQL = {
    "source": "ar.source",
    "month": "substr(ar.date, 1, 7)",
    "year": "substr(ar.date, 1, 4)",
    "article": "ar.id",
    "coder": "an.coder",
}


@dataclass(frozen=True)
class Filters:
    """What part of the library a table counts: tags (with descendants) and a search query
    over the articles (the search language: source:, date:, attr:, …)."""

    tags: tuple[str, ...] = ()
    query: str = ""
    level: int | None = None


NO_FILTERS = Filters()


@dataclass(frozen=True)
class Crosstab:
    rows: list[str]
    cols: list[object]  # None for "unknown" (an undated article's month, an unset variable)
    cells: list[list[int]]

    def as_json(self) -> dict[str, object]:
        return {"rows": self.rows, "cols": self.cols, "cells": self.cells}


@dataclass(frozen=True)
class Cooccurrence:
    tags: list[str]
    cells: list[list[int]]  # symmetric; the diagonal counts annotations carrying the tag

    def as_json(self) -> dict[str, object]:
        return {"tags": self.tags, "cells": self.cells}


def cut_path(path: str, level: int | None) -> str:
    """'A/B/C' cut to its first `level` parts ('A/B' for 2); None keeps it whole."""
    return path if level is None else "/".join(path.split("/")[:level])


def _labels(filters: Filters) -> list[tuple[int, str]]:
    """(tag id, row label) for every tag counted."""
    rows = database.execute_sql("SELECT id, path FROM tag ORDER BY path").fetchall()
    if filters.tags:
        wanted: set[int] = set()
        for path in filters.tags:
            found = tag_ids_with_descendants(path)
            if not found:
                raise LibraryError(f"no tag named '{path}'")
            wanted.update(found)
        rows = [row for row in rows if row[0] in wanted]
    return [(tag_id, cut_path(path, filters.level)) for tag_id, path in rows]


def _with_labels(labels: list[tuple[int, str]], params: list[object]) -> str:
    """A CTE `lab(tag_id, label)` of the labels (tags are few: hundreds, not millions)."""
    for pair in labels:
        params.extend(pair)
    values = ", ".join("(?, ?)" for _ in labels)
    return f"lab(tag_id, label) AS (VALUES {values})"


def _article_filter(query: str, params: list[object]) -> str:
    """SQL condition on `ar.id` for the articles a search query matches ('1' for none)."""
    if not query.strip():
        return "1"
    from models.search import article_ids_sql

    sql, query_params = article_ids_sql(query)
    params.extend(query_params)
    return f"ar.id IN ({sql})"


def _column_sql(kind: str, params: list[object]) -> str:
    if kind.startswith(ATTRIBUTE_PREFIX):
        params.append(kind.removeprefix(ATTRIBUTE_PREFIX))
        return "(SELECT value FROM article_attribute WHERE article_id = ar.id AND name = ?)"
    if kind not in _COLUMN_SQL:
        known = ", ".join((*COLUMN_KINDS, "attr:NAME"))
        raise LibraryError(f"cannot make columns of '{kind}' (known: {known})")
    if kind == "coder" and not _has_coders():
        raise LibraryError("this library records no coders")
    return _COLUMN_SQL[kind]


def _has_coders() -> bool:
    columns = database.execute_sql('PRAGMA table_info("annotation")').fetchall()
    return any(column[1] == "coder" for column in columns)


def crosstab(cols: str, count: str = "annotations", filters: Filters = NO_FILTERS) -> Crosstab:
    """Tags × `cols`: annotations, or distinct articles with at least one, per cell."""
    if count not in COUNT_KINDS:
        raise LibraryError(f"cannot count '{count}' (known: {', '.join(COUNT_KINDS)})")
    labels = _labels(filters)
    if not labels:
        return Crosstab([], [], [])
    params: list[object] = []
    with_labels = _with_labels(labels, params)
    column = _column_sql(cols, params)
    where = _article_filter(filters.query, params)
    counted = "an.id" if count == "annotations" else "an.article_id"
    sql = f"""
        WITH {with_labels}
        SELECT lab.label, {column} AS col, count(DISTINCT {counted})
        FROM lab
        JOIN annotation_tag AS at ON at.tag_id = lab.tag_id
        JOIN annotation AS an ON an.id = at.annotation_id
        JOIN article AS ar ON ar.id = an.article_id
        WHERE {where}
        GROUP BY 1, 2"""
    groups = database.execute_sql(sql, params).fetchall()
    return _matrix(groups)


def _matrix(groups: Sequence[tuple[object, ...]]) -> Crosstab:
    rows = sorted({str(label) for label, _col, _n in groups})
    cols = sorted({col for _label, col, _n in groups}, key=_column_order)
    row_at = {label: i for i, label in enumerate(rows)}
    col_at = {col: i for i, col in enumerate(cols)}
    cells = [[0] * len(cols) for _ in rows]
    for label, col, n in groups:
        cells[row_at[str(label)]][col_at[col]] = int(n)  # type: ignore[call-overload]
    return Crosstab(rows, cols, cells)


def _column_order(value: object) -> tuple[int, float, str]:
    """Numbers in numeric order, then text, unknown (None) last."""
    if value is None:
        return (2, 0.0, "")
    if isinstance(value, int | float):
        return (0, float(value), "")
    return (1, 0.0, str(value))


def cooccurrence(filters: Filters = NO_FILTERS) -> Cooccurrence:
    """Tag × tag: pairs of coded segments (annotation, tag) in one article whose spans share a
    character; the diagonal counts annotations carrying the tag."""
    labels = _labels(filters)
    if not labels:
        return Cooccurrence([], [])
    params: list[object] = []
    with_labels = _with_labels(labels, params)
    where = _article_filter(filters.query, params)
    # seg: each coded segment once, even when two tags of one annotation cut to one label.
    # The other segment of a pair is found through the (article_id, start) index.
    sql = f"""
        WITH {with_labels},
        seg(aid, label) AS MATERIALIZED (
            SELECT DISTINCT at.annotation_id, lab.label
            FROM lab
            JOIN annotation_tag AS at ON at.tag_id = lab.tag_id
            JOIN annotation AS an ON an.id = at.annotation_id
            JOIN article AS ar ON ar.id = an.article_id
            WHERE {where})
        SELECT label, label, count(*) FROM seg GROUP BY label
        UNION ALL
        SELECT s1.label, s2.label, count(*)
        FROM seg AS s1
        JOIN annotation AS a1 ON a1.id = s1.aid
        JOIN annotation AS a2 ON a2.article_id = a1.article_id
            AND a2.start < a1."end" AND a2."end" > a1.start
        JOIN seg AS s2 ON s2.aid = a2.id AND s2.label > s1.label
        GROUP BY 1, 2"""
    found = database.execute_sql(sql, params).fetchall()
    tags = sorted({str(x) for x, _y, _n in found})
    at = {tag: i for i, tag in enumerate(tags)}
    cells = [[0] * len(tags) for _ in tags]
    for x, y, n in found:
        cells[at[str(x)]][at[str(y)]] = cells[at[str(y)]][at[str(x)]] = int(n)
    return Cooccurrence(tags, cells)
