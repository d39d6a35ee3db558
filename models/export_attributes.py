"""The annotation export with article variables: one `attr:NAME` column per variable in use,
after every fixed column (scripts that read columns by position keep working)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from models.attributes import attribute_names
from models.export_sql import CSV_HEADER
from models.schema import database

Row = tuple[object, ...]
_ARTICLE_ID = CSV_HEADER.index("article_id")


def attribute_header() -> list[str]:
    """The fixed columns, then `attr:NAME` for every variable name in the library."""
    return [*CSV_HEADER, *(f"attr:{name}" for name in attribute_names())]


def attribute_columns(
    rows: Iterable[Row],
) -> tuple[list[str], Iterator[Row]]:
    """The header with `attr:NAME` columns, and the rows with their values."""
    header = attribute_header()
    names = [column.removeprefix("attr:") for column in header[len(CSV_HEADER) :]]
    return header, with_attributes(rows, names)


def with_attributes(rows: Iterable[Row], names: Sequence[str]) -> Iterator[Row]:
    """Each export row followed by its article's values of `names` ('' when unset).

    Rows come in article order, so the variables are read alongside in one ordered pass
    (memory stays one article's worth, however big the export)."""
    values = database.execute_sql(
        "SELECT article_id, name, value FROM article_attribute ORDER BY article_id"
    )
    pending = next(values, None)
    current_id, current = -1, dict[str, object]()
    for row in rows:
        article_id = int(row[_ARTICLE_ID])  # type: ignore[call-overload]
        if article_id != current_id:
            current_id, current = article_id, {}
            while pending is not None and pending[0] < article_id:
                pending = next(values, None)
            while pending is not None and pending[0] == article_id:
                current[pending[1]] = pending[2]
                pending = next(values, None)
        yield (*row, *(current.get(name, "") for name in names))
