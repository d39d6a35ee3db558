"""Section, reported word count and document id: stored, migrated, and used for duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest

from models import migrations
from models.articles import get_article
from models.db import close_library, open_library, schema_version
from models.storing import store_drafts
from tests.conftest import draft
from tests.models.old_library import OLD_ARTICLE, make_old_library


def test_news_metadata_is_stored_and_read_back(library: Path) -> None:
    fields = {"section": "News; Pg. 3", "reported_words": 523, "document_id": "factiva:FT1"}
    [result] = store_drafts([draft("Some text.", **fields)], "test", "a.txt")
    article = get_article(result.article_id)
    assert (article.section, article.reported_words, article.document_id) == (
        "News; Pg. 3",
        523,
        "factiva:FT1",
    )


def test_articles_without_an_id_store_null_and_never_clash(library: Path) -> None:
    first, second = store_drafts([draft("One text."), draft("Another text.")], "test", "a.txt")
    assert not first.duplicate and not second.duplicate
    assert get_article(first.article_id).document_id is None


def test_the_same_document_id_is_a_duplicate_even_with_other_text(library: Path) -> None:
    [first] = store_drafts([draft("Text as HTML gave it.", document_id="factiva:X")], "t", "a")
    [again] = store_drafts([draft("Text as RTF gave it.", document_id="factiva:X")], "t", "b")
    assert again.duplicate and again.article_id == first.article_id
    [other] = store_drafts([draft("Text as RTF gave it.", document_id="factiva:Y")], "t", "b")
    assert not other.duplicate


def test_the_same_text_is_still_a_duplicate_under_another_id(library: Path) -> None:
    [first] = store_drafts([draft("Same words.", document_id="factiva:A")], "t", "a")
    [again] = store_drafts([draft("Same words.", document_id="factiva:B")], "t", "b")
    assert again.duplicate and again.article_id == first.article_id


def test_a_v4_library_gains_the_columns_and_keeps_its_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.sqlite"
    make_old_library(path, 4, monkeypatch, OLD_ARTICLE)
    open_library(path)
    try:
        assert schema_version() == max(migrations.MIGRATIONS)
        old = get_article(1)
        assert (old.title, old.section, old.reported_words, old.document_id) == (
            "Old",
            "",
            None,
            None,
        )
    finally:
        close_library()


def test_the_byline_names_the_section_when_there_is_one(library: Path) -> None:
    with_section = draft("Text one.", source="The Times", section="Letters", author="A. Reader")
    without = draft("Text two.", source="The Times")
    first, second = store_drafts([with_section, without], "test", "a.txt")
    assert get_article(first.article_id).byline == "The Times · Letters · A. Reader"
    assert get_article(second.article_id).byline == "The Times"
