"""What the library imports, for the command line: the formats by name, and the import options
`--map FIELD=COLUMN` makes. The CLI asks here, so it never reaches into importers/ itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from importers.columns import OPTION_KEY, ColumnMap
from importers.registry import available_importers


@dataclass(frozen=True)
class Format:
    name: str  # what `import --format NAME` takes
    patterns: tuple[str, ...]  # file names it claims, e.g. "*.txt"
    description: str


def import_formats() -> list[Format]:
    """Every importer that loads (built-ins first, then plug-ins), as `formats` lists them."""
    return [
        Format(importer.name, tuple(importer.patterns), importer.description)
        for importer in available_importers()
    ]


def check_column_spec(spec: str) -> None:
    """ValueError with a plain reason when one `FIELD=COLUMN` spec is malformed."""
    ColumnMap.parse([spec])


def column_options(specs: Sequence[str]) -> dict[str, object] | None:
    """Import options carrying the dataset column map the specs make (None for no specs);
    ValueError when they clash, e.g. one field mapped twice."""
    return {OPTION_KEY: ColumnMap.parse(specs)} if specs else None
