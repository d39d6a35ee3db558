"""The formats and column-map options the command line gets from models/, not importers/."""

from __future__ import annotations

import pytest

from importers.columns import OPTION_KEY, ColumnMap
from models.formats import check_column_spec, column_options, import_formats


def test_the_built_in_formats_are_listed_with_their_patterns() -> None:
    formats = {found.name: found for found in import_formats()}
    assert {"plain-text", "html-page", "dataset"} <= set(formats)
    assert all(found.patterns and found.description for found in formats.values())


def test_column_specs_become_the_dataset_option() -> None:
    assert column_options([]) is None
    options = column_options(["title=Headline", "lead="])
    assert options == {OPTION_KEY: ColumnMap.parse(["title=Headline", "lead="])}


@pytest.mark.parametrize(
    ("specs", "reason"),
    [
        (["title"], "expected FIELD=COLUMN"),
        (["colour=x"], "unknown field"),
        (["date=a", "date=b"], "twice"),
    ],
)
def test_bad_specs_say_why(specs: list[str], reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        column_options(specs)
    if len(specs) == 1:
        with pytest.raises(ValueError, match=reason):
            check_column_spec(specs[0])
