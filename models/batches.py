"""Long id lists cut into batches that fit one SQL statement's bound variables."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

# Far below SQLite's limit on bound variables (999 before SQLite 3.32), leaving room for the
# statement's other parameters.
BATCH = 500

T = TypeVar("T")


def batches(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    """The items in order, `size` at a time (an `IN (...)` list per batch)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
