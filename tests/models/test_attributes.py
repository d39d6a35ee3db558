"""Article variables on a selection as long as a whole library."""

from __future__ import annotations

from models.attributes import attributes_for, restore_attributes, set_attributes
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
