"""Saved searches in the library file, and the outlet list the filter panel offers."""

from __future__ import annotations

import datetime as dt

import pytest

from models.errors import LibraryError, NotFound
from models.facets import SourceCount, date_span, distinct_sources
from models.saved_searches import (
    delete_saved_search,
    find_saved_search,
    get_saved_search,
    list_saved_searches,
    rename_saved_search,
    save_search,
)

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


def test_save_list_and_overwrite_by_name(library: object) -> None:
    first = save_search("  Autumn   BBC ", 'source:"BBC" date:2022-09..2022-11')
    save_search("actors", "tag:Actors")
    assert first.name == "Autumn BBC"
    assert [(s.name, s.query) for s in list_saved_searches()] == [
        ("actors", "tag:Actors"),
        ("Autumn BBC", 'source:"BBC" date:2022-09..2022-11'),
    ]
    again = save_search("autumn bbc", "is:unread")  # same name, any case: overwrite
    assert again.id == first.id
    assert get_saved_search(first.id).query == "is:unread"
    assert find_saved_search("AUTUMN  bbc") == again
    assert find_saved_search("spring") is None
    assert len(list_saved_searches()) == 2


def test_rename_and_delete(library: object) -> None:
    one = save_search("one", "tea")
    two = save_search("two", "coffee")
    assert rename_saved_search(one.id, "First").name == "First"
    assert rename_saved_search(one.id, "first").name == "first"  # its own name in a new case
    with pytest.raises(LibraryError, match="already a saved search called “two”"):
        rename_saved_search(one.id, "TWO")
    delete_saved_search(two.id)
    assert [s.name for s in list_saved_searches()] == ["first"]
    with pytest.raises(NotFound):
        delete_saved_search(two.id)
    with pytest.raises(NotFound):
        rename_saved_search(two.id, "x")


def test_names_and_queries_must_not_be_empty(library: object) -> None:
    with pytest.raises(LibraryError, match="needs a name"):
        save_search("   ", "tea")
    with pytest.raises(LibraryError, match="empty"):
        save_search("tea", "  ")
    assert list_saved_searches() == []


def test_distinct_sources_with_counts(add_article) -> None:  # type: ignore[no-untyped-def]
    add_article("a", source="BBC News", date=dt.date(2022, 9, 1))
    add_article("b", source="bbc news")
    add_article("c", source="The Guardian", date=dt.date(2021, 1, 5))
    add_article("d", source="")
    assert distinct_sources() == [SourceCount("BBC News", 2), SourceCount("The Guardian", 1)]
    assert date_span() == ("2021-01-05", "2022-09-01")


def test_date_span_of_an_empty_library(library: object) -> None:
    assert date_span() == (None, None)
    assert distinct_sources() == []
