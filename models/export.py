"""CSV export of annotations: one writer for the command line and the window."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TextIO

from models.schema import database
from models.tags import tag_ids_with_descendants

CSV_HEADER = (
    "annotation_id,article_id,article_title,article_source,article_author,article_date,"
    "article_url,quote,prefix,suffix,start,end,note,tags,color,created_at,updated_at"
).split(",")
TAG_JOINER = "; "
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_ROWS_SQL = """
SELECT a.id, ar.id, ar.title, ar.source, ar.author, ar.date, ar.url,
       a.quote, a.prefix, a.suffix, a.start, a."end", a.note,
       (SELECT group_concat(path, '{joiner}') FROM (
            SELECT t.path AS path FROM annotation_tag AS at JOIN tag AS t ON t.id = at.tag_id
            WHERE at.annotation_id = a.id ORDER BY t.path)),
       a.color, a.created_at, a.updated_at
FROM annotation AS a JOIN article AS ar ON ar.id = a.article_id
{where}
ORDER BY a.article_id, a.start, a."end", a.id
"""


def neutralize(value: object) -> object:
    """Make a text cell inert in a spreadsheet by a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def iter_rows(
    article_ids: Sequence[int] = (), tags: Sequence[str] = ()
) -> Iterator[tuple[object, ...]]:
    """Annotation rows in export order; a tag filter includes the tag's descendants."""
    clauses: list[str] = []
    params: list[object] = []
    if article_ids:
        clauses.append(f"a.article_id IN ({', '.join('?' * len(article_ids))})")
        params.extend(article_ids)
    if tags:
        tag_ids = sorted({i for path in tags for i in tag_ids_with_descendants(path)})
        if not tag_ids:
            return
        clauses.append(
            "a.id IN (SELECT annotation_id FROM annotation_tag WHERE tag_id IN "
            f"({', '.join('?' * len(tag_ids))}))"
        )
        params.extend(tag_ids)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = _ROWS_SQL.format(joiner=TAG_JOINER, where=where)
    for row in database.execute_sql(sql, params):
        yield tuple("" if value is None and i == 13 else value for i, value in enumerate(row))


def write_csv(
    out: TextIO,
    rows: Iterable[Sequence[object]],
    *,
    raw: bool = False,
    on_row: Callable[[int], bool] | None = None,
) -> int:
    """Write the header and rows; returns the row count.

    Spreadsheet-safe by default (BOM, formula cells neutralised); raw writes values verbatim.
    `on_row(count)` is called every 1,000 rows and may return False to stop (cancel).
    """
    if not raw:
        out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    count = 0
    for row in rows:
        writer.writerow(row if raw else [neutralize(value) for value in row])
        count += 1
        if on_row is not None and count % 1000 == 0 and on_row(count) is False:
            break
    return count
