"""Values to filter the library by (outlets, the span of dates), for the filter panel.

Kept apart from models/articles.py, which serves the article list itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.schema import database


@dataclass(frozen=True)
class SourceCount:
    name: str
    articles: int


def distinct_sources() -> list[SourceCount]:
    """Each outlet once (spellings differing only in case count as one), A to Z, with the
    number of its articles; articles without an outlet are left out."""
    cursor = database.execute_sql(
        "SELECT MIN(source), COUNT(*) FROM \"article\" WHERE trim(source) != '' "
        "GROUP BY source COLLATE NOCASE ORDER BY source COLLATE NOCASE"
    )
    return [SourceCount(name, count) for name, count in cursor]


def date_span() -> tuple[str | None, str | None]:
    """The earliest and latest article dates (YYYY-MM-DD), or Nones when no article has one."""
    cursor = database.execute_sql('SELECT MIN(date), MAX(date) FROM "article"')
    first, last = cursor.fetchone()
    return first, last


def distinct_coders() -> list[str]:
    """Each coder who made an annotation, A to Z (the annotation_coder index serves it;
    DISTINCT in a subquery: PostgreSQL sorts a DISTINCT only by what it selects)."""
    cursor = database.execute_sql(
        'SELECT coder FROM (SELECT DISTINCT coder FROM "annotation") AS coders '
        "ORDER BY coder COLLATE NOCASE"
    )
    return [coder for (coder,) in cursor if coder]
