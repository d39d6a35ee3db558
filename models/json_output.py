"""Results the command line prints with --json: a dataclass's fields, as json.dump writes them."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


class JsonRecord:
    """For a dataclass: `as_json()` gives its fields by name, nested records as objects and
    tuples as lists (the data json.dump prints, so a test compares what a user sees)."""

    def as_json(self) -> dict[str, object]:
        fields = asdict(cast("DataclassInstance", self))
        return {name: _lists(value) for name, value in fields.items()}


def _lists(value: object) -> object:
    if isinstance(value, tuple | list):
        return [_lists(item) for item in value]
    if isinstance(value, dict):
        return {key: _lists(item) for key, item in value.items()}
    return value
