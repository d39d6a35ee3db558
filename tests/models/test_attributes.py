"""Article variables on a selection as long as a whole library."""

from __future__ import annotations

import pytest

from models.attributes import (
    attribute_kinds,
    attributes_for,
    attributes_of,
    restore_attributes,
    set_attributes,
)
from models.search import matching_article_ids
from tests.conftest import many_articles


def test_set_clear_and_undo_on_more_articles_than_a_statement_takes(few_sql_variables) -> None:
    ids = many_articles(few_sql_variables + 101)
    set_attributes(ids[:10], {"country": "FR"})
    before = set_attributes(ids, {"wave": 2, "country": "DE"})  # 2,200 rows of three values
    assert before[ids[0]] == {"country": "FR"} and before[ids[-1]] == {}
    assert attributes_for(ids)[ids[-1]] == {"country": "DE", "wave": 2}
    set_attributes(ids, {}, clear=["country"])
    assert {i: v for i, v in attributes_for(ids).items() if v != {"wave": 2}} == {}
    restore_attributes(before)
    assert attributes_for(ids) == {i: {"country": "FR"} for i in ids[:10]}


@pytest.mark.both_backends
def test_values_keep_their_type_and_match_as_numbers_or_text_on_both_backends(library) -> None:
    values = [0.5, 2.0, 1e20, 1e-10, -3, 123456789012345678, "DE", "Ünïcode 🙂"]
    ids = many_articles(len(values))
    for article_id, value in zip(ids, values, strict=True):
        set_attributes([article_id], {"v": value})
    found = [attributes_of(i)["v"] for i in ids]
    assert found == values and [type(v) for v in found] == [type(v) for v in values]
    assert attribute_kinds() == {"v": "text"}
    set_attributes(ids[:2], {"n": 7})
    set_attributes(ids[2:4], {"n": 7.25})
    assert attribute_kinds() == {"n": "number", "v": "text"}
    set_attributes(ids[2:4], {"n": -1})
    assert attribute_kinds()["n"] == "integer"
    assert matching_article_ids("attr:v=2") == [ids[1]]  # 2 = 2.0, as numbers
    assert matching_article_ids("attr:v=0.50") == [ids[0]]
    assert matching_article_ids("attr:v=de") == [ids[6]]  # text ignoring case
    assert matching_article_ids("attr:v=100000000000000000000") == [ids[2]]
    assert matching_article_ids("attr:n") == ids[:4]
