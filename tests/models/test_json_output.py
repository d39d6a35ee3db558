"""A result's --json form: its fields as json.dump prints them, nested results included."""

from __future__ import annotations

import json
from dataclasses import dataclass

from models.json_output import JsonRecord


@dataclass(frozen=True)
class Inner(JsonRecord):
    name: str
    counts: tuple[int, ...]


@dataclass
class Outer(JsonRecord):
    label: str | None
    inner: Inner
    rows: tuple[Inner, ...]
    table: dict[str, tuple[int, int]]


def test_fields_in_order_with_tuples_as_lists_and_records_as_objects() -> None:
    outer = Outer(None, Inner("a", (1, 2)), (Inner("b", ()),), {"x": (3, 4)})
    data = outer.as_json()
    assert list(data) == ["label", "inner", "rows", "table"]
    assert data == {
        "label": None,
        "inner": {"name": "a", "counts": [1, 2]},
        "rows": [{"name": "b", "counts": []}],
        "table": {"x": [3, 4]},
    }
    assert json.loads(json.dumps(data)) == data  # what the user reads is what was compared


def test_the_copy_is_the_callers_own() -> None:
    outer = Outer("o", Inner("a", (1,)), (), {})
    outer.as_json()["inner"]["name"] = "changed"  # type: ignore[index]
    assert outer.inner.name == "a"
