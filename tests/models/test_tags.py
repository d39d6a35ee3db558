"""Tag paths to tag ids, the one way annotations and article tags both take."""

from __future__ import annotations

import pytest

from models import article_tags as at
from models.annotating import create_annotation
from models.errors import LibraryError
from models.schema import Tag
from models.tags import ensure_tag_entries, ensure_tags, tag_key


def test_a_key_folds_spacing_and_case_and_rejects_an_empty_level() -> None:
    assert tag_key("  Actors / Émile ") == tag_key("actors/émile") == "actors/émile"
    with pytest.raises(LibraryError, match="not a tag name"):
        tag_key(" / ")


def test_entries_name_each_tag_once_with_its_stored_spelling(library) -> None:
    [russia] = ensure_tags(["Actors/Russia"])
    entries = ensure_tag_entries(["actors / russia", "Frames/Conflict", "ACTORS/RUSSIA"])
    frames = Tag.get(Tag.path == "Frames/Conflict").id
    assert entries == {
        "actors/russia": (russia, "Actors/Russia"),
        "frames/conflict": (frames, "Frames/Conflict"),
    }
    assert ensure_tags(["frames/conflict", "Actors/Russia", "Frames/Conflict"]) == [frames, russia]
    assert Tag.select().count() == 2


def test_a_bad_path_changes_nothing_for_either_kind_of_tag(library, add_article) -> None:
    article = add_article("Sanctions were discussed.")
    with pytest.raises(LibraryError, match="not a tag name"):
        at.set_article_tags(article, ["Fine", ""])
    with pytest.raises(LibraryError, match="not a tag name"):
        create_annotation(article, 0, 9, tags=["Fine", " "])
    assert at.article_tags(article) == []
    assert Tag.select().count() == 0
