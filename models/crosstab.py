"""Crosstabs and co-occurrence of tags, counted by SQLite (never a Python loop over rows).

Rows are the tags as applied; with a level N a tag path is cut to its first N parts and an
annotation counts once per cut tag. Columns are an article property (outlet, month, year,
the article itself, a variable) or the annotation's coder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from models.backend import TRUE, backend
from models.errors import LibraryError
from models.json_output import JsonRecord
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
class Crosstab(JsonRecord):
    rows: list[str]
    cols: list[object]  # None for "unknown" (an undated article's month, an unset variable)
    cells: list[list[int]]


@dataclass(frozen=True)
class Cooccurrence(JsonRecord):
    tags: list[str]
    cells: list[list[int]]  # symmetric; the diagonal counts annotations carrying the tag


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


@dataclass(frozen=True)
class _LabelSql:
    """How a query turns an annotation_tag row `at` into a row number `expr` (an integer:
    integers join and compare faster than paths), the condition keeping the counted tags,
    and the names of those numbers. Both hold only integers from the tag table, inline."""

    expr: str
    where: str
    names: dict[int, str]


def _label_sql(filters: Filters) -> _LabelSql | None:
    """None when no tag is counted. Without a level cut a label is the tag itself (its id);
    with one, a CASE maps tag ids to numbered cut paths (a VALUES table joined per row was
    four times slower)."""
    labels = _labels(filters)
    if not labels:
        return None
    where = TRUE
    if filters.tags:
        where = f"at.tag_id IN ({', '.join(str(int(tag_id)) for tag_id, _ in labels)})"
    if filters.level is None:
        return _LabelSql("at.tag_id", where, dict(labels))
    ordered = sorted({label for _tag_id, label in labels})
    number = {name: n for n, name in enumerate(ordered)}
    cases = " ".join(f"WHEN {int(tag_id)} THEN {number[label]}" for tag_id, label in labels)
    return _LabelSql(f"(CASE at.tag_id {cases} END)", where, dict(enumerate(ordered)))


def _article_filter(query: str, params: list[object], article_id: str = "ar.id") -> str:
    """SQL condition on `article_id` for the articles a search query matches (TRUE: all)."""
    if not query.strip():
        return TRUE
    from models.search import article_ids_sql

    sql, query_params = article_ids_sql(query)
    params.extend(query_params)
    return f"{article_id} IN ({sql})"


def _column_sql(kind: str, params: list[object]) -> str:
    if kind.startswith(ATTRIBUTE_PREFIX):
        params.append(kind.removeprefix(ATTRIBUTE_PREFIX))
        return "(SELECT value FROM article_attribute WHERE article_id = ar.id AND name = ?)"
    if kind not in _COLUMN_SQL:
        known = ", ".join((*COLUMN_KINDS, "attr:NAME"))
        raise LibraryError(f"cannot make columns of '{kind}' (known: {known})")
    return _COLUMN_SQL[kind]


def crosstab(cols: str, count: str = "annotations", filters: Filters = NO_FILTERS) -> Crosstab:
    """Tags × `cols`: annotations, or distinct articles with at least one, per cell."""
    if count not in COUNT_KINDS:
        raise LibraryError(f"cannot count '{count}' (known: {', '.join(COUNT_KINDS)})")
    label = _label_sql(filters)
    if label is None:
        return Crosstab([], [], [])
    column_params: list[object] = []
    column = _column_sql(cols, column_params)
    where_params: list[object] = []
    where = _article_filter(filters.query, where_params)
    counted = "an.id" if count == "annotations" else "an.article_id"
    if filters.level is None:
        # (annotation, tag) rows are distinct already. CROSS JOIN fixes the order: articles
        # in id order, each one's annotations through the (article_id, start) index.
        distinct = "DISTINCT " if count == "articles" else ""
        join = backend().ordered_join
        sql = f"""
            SELECT {label.expr}, {column} AS col, count({distinct}{counted})
            FROM article AS ar
            {join} annotation AS an ON an.article_id = ar.id
            {join} annotation_tag AS at ON at.annotation_id = an.id
            WHERE {label.where} AND {where}
            GROUP BY 1, 2"""
        params = [*column_params, *where_params]
    else:
        # Cut paths: each (annotation, label) once first, so the grouping counts rows
        # instead of sorting every group for a DISTINCT count.
        distinct = "" if count == "annotations" else "DISTINCT "
        sql = f"""
            WITH seg(aid, label) AS MATERIALIZED (
                SELECT DISTINCT at.annotation_id, {label.expr} FROM annotation_tag AS at
                WHERE {label.where})
            SELECT seg.label, {column} AS col, count({distinct}{counted})
            FROM seg
            JOIN annotation AS an ON an.id = seg.aid
            JOIN article AS ar ON ar.id = an.article_id
            WHERE {where}
            GROUP BY 1, 2"""
        params = [*column_params, *where_params]
    groups = database.execute_sql(sql, params).fetchall()
    return _matrix([(label.names[n], col, count) for n, col, count in groups])


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
    label = _label_sql(filters)
    if label is None:
        return Cooccurrence([], [])
    where_params: list[object] = []
    where = _article_filter(filters.query, where_params, "an.article_id")
    if where != TRUE:
        where = f"at.annotation_id IN (SELECT an.id FROM annotation AS an WHERE {where})"
    # seg: each coded segment (annotation, label) once. Uncut it is annotation_tag itself,
    # inlined so its primary key serves the joins; cut, two tags may give one label, so it
    # is made DISTINCT once and indexed by SQLite.
    shape = "MATERIALIZED" if filters.level is not None else "NOT MATERIALIZED"
    distinct = "DISTINCT " if filters.level is not None else ""
    segments = f"""seg(aid, label) AS {shape} (
            SELECT {distinct}at.annotation_id, {label.expr} FROM annotation_tag AS at
            WHERE {label.where} AND {where})"""
    # pair: two annotations of one article that share a character, each pair once (the one
    # starting first, or the lower id, on the left): one seek per annotation in the
    # (article_id, start) index, for the annotations starting inside it.
    pairs = """pair(a1, a2) AS (
            SELECT x.id, y.id FROM annotation AS x
            JOIN annotation AS y ON y.article_id = x.article_id
                AND y.start >= x.start AND y.start < x."end"
                AND (y.start > x.start OR y.id > x.id))"""
    sql = f"""
        WITH {segments}, {pairs}
        SELECT label, label, count(*) FROM seg GROUP BY label
        UNION ALL
        SELECT s1.label, s2.label, count(*) FROM seg AS s1
        JOIN seg AS s2 ON s2.aid = s1.aid AND s2.label > s1.label
        GROUP BY 1, 2
        UNION ALL
        SELECT CASE WHEN s1.label < s2.label THEN s1.label ELSE s2.label END,
            CASE WHEN s1.label < s2.label THEN s2.label ELSE s1.label END, count(*) FROM pair
        JOIN seg AS s1 ON s1.aid = pair.a1
        JOIN seg AS s2 ON s2.aid = pair.a2
        WHERE s1.label != s2.label
        GROUP BY 1, 2"""
    params = where_params
    found = database.execute_sql(sql, params).fetchall()
    tags = sorted({label.names[x] for x, _y, _n in found})
    at = {tag: i for i, tag in enumerate(tags)}
    cells = [[0] * len(tags) for _ in tags]
    for x, y, n in found:  # a few rows per pair of tags: one within annotations, one across
        i, j = at[label.names[x]], at[label.names[y]]
        cells[i][j] += int(n)
        if i != j:
            cells[j][i] = cells[i][j]
    return Cooccurrence(tags, cells)
