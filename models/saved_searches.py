"""Saved searches: a name for a query in the search language, kept in the library file.

Names are compared without regard to case or extra spaces, so "BBC  autumn" and "bbc autumn"
cannot both exist. Saving under a taken name overwrites that search: callers ask the user first
(`find_saved_search`).
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from models.errors import LibraryError, NotFound
from models.schema import SavedSearch, database
from models.text import without_nul


@dataclass(frozen=True)
class SavedSearchInfo:
    id: int
    name: str
    query: str
    created_at: str


def normalize_name(name: str) -> str:
    cleaned = " ".join(without_nul(name).split())
    if not cleaned:
        raise LibraryError("A saved search needs a name.")
    return cleaned


def list_saved_searches() -> list[SavedSearchInfo]:
    query = SavedSearch.select().order_by(fn.lower(SavedSearch.name), SavedSearch.id)
    return [_info(row) for row in query]


def find_saved_search(name: str) -> SavedSearchInfo | None:
    row = _row_named(normalize_name(name))
    return _info(row) if row is not None else None


def get_saved_search(search_id: int) -> SavedSearchInfo:
    row = SavedSearch.get_or_none(SavedSearch.id == search_id)
    if row is None:
        raise NotFound(f"no saved search with id {search_id}")
    return _info(row)


def save_search(name: str, query: str) -> SavedSearchInfo:
    """Save `query` as `name`; a search of the same name gets the new query (same id)."""
    name = normalize_name(name)
    query = without_nul(query).strip()
    if not query:
        raise LibraryError("Nothing to save: the search is empty.")
    with database.atomic():
        row = _row_named(name)
        if row is None:
            row = SavedSearch.create(name=name, query=query)
        else:
            row.name, row.query = name, query
            row.save()
    return _info(row)


def rename_saved_search(search_id: int, new_name: str) -> SavedSearchInfo:
    new_name = normalize_name(new_name)
    with database.atomic():
        row = SavedSearch.get_or_none(SavedSearch.id == search_id)
        if row is None:
            raise NotFound(f"no saved search with id {search_id}")
        other = _row_named(new_name)
        if other is not None and other.id != row.id:
            raise LibraryError(f"There is already a saved search called “{other.name}”.")
        row.name = new_name
        row.save()
    return _info(row)


def delete_saved_search(search_id: int) -> None:
    if not SavedSearch.delete().where(SavedSearch.id == search_id).execute():
        raise NotFound(f"no saved search with id {search_id}")


def _row_named(name: str) -> SavedSearch | None:
    row: SavedSearch | None = (
        SavedSearch.select().where(fn.lower(SavedSearch.name) == name.lower()).first()
    )
    return row


def _info(row: SavedSearch) -> SavedSearchInfo:
    return SavedSearchInfo(row.id, row.name, row.query, row.created_at)
