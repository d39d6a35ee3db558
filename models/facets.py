"""Values to filter the library by (outlets, the span of dates), for the filter panel.

Kept apart from models/articles.py, which serves the article list itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.name_keys import counts_by_name, name_key
from models.schema import database


@dataclass(frozen=True)
class SourceCount:
    name: str
    articles: int


def distinct_sources() -> list[SourceCount]:
    """Each outlet once (spellings differing only in case count as one: models.name_keys),
    A to Z, with the number of its articles; articles without an outlet are left out."""
    cursor = database.execute_sql(
        "SELECT source, COUNT(*) FROM \"article\" WHERE trim(source) != '' GROUP BY source"
    )
    return [SourceCount(name, count) for name, count in counts_by_name(cursor)]


def source_spellings() -> list[str]:
    """Each spelling of an outlet in the library, once (source: matches among them)."""
    return [source for (source,) in database.execute_sql('SELECT DISTINCT source FROM "article"')]


def date_span() -> tuple[str | None, str | None]:
    """The earliest and latest article dates (YYYY-MM-DD), or Nones when no article has one."""
    cursor = database.execute_sql('SELECT MIN(date), MAX(date) FROM "article"')
    first, last = cursor.fetchone()
    return first, last


def distinct_coders() -> list[str]:
    """Each coder who made an annotation, A to Z ignoring case (models.name_keys), each
    spelling once."""
    cursor = database.execute_sql('SELECT DISTINCT coder FROM "annotation"')
    return sorted((coder for (coder,) in cursor if coder), key=lambda c: (name_key(c), c))
