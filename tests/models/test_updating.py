"""Replacing an article's text in place (models.updating) and the schema it needs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from models import migrations
from models.annotating import annotate_quote, get_annotation, list_annotations
from models.db import close_library, open_library, schema_version
from models.errors import LibraryError, NotFound
from models.schema import Article, database
from models.search import search_annotations
from models.storing import prepare_draft
from models.updating import update_article
from models.urls import canonical_url
from tests.conftest import draft

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

FIRST = "The minister said the plan would cut emissions by half before the end of 2030."
SECOND = "Critics from three parties disagreed strongly with that claim in parliament today."
THIRD = "The vote on the bill is expected on Tuesday evening, officials said on Monday."


def test_update_reanchors_and_counts_each_state(add_article) -> None:
    article = add_article(FIRST, SECOND, THIRD, title="Old title")
    kept = annotate_quote(article, "expected on Tuesday evening", tags=["Timing"])
    changed = annotate_quote(article, "cut emissions by half")
    gone = annotate_quote(article, "disagreed strongly")
    new = prepare_draft(draft(FIRST.replace("by half", "by a half"), THIRD, title="New title"))
    result = update_article(article, new, "test", "new.txt")
    assert result.as_json() == {
        "id": article,
        "annotations": {"exact": 1, "fuzzy": 1, "orphaned": 1},
    }
    text = new.text
    exact = get_annotation(kept.id)
    assert (exact.anchor, exact.tags, exact.original_quote) == ("exact", ("Timing",), None)
    assert text[exact.start : exact.end] == exact.quote
    fuzzy = get_annotation(changed.id)
    assert (fuzzy.anchor, fuzzy.quote, fuzzy.original_quote) == (
        "fuzzy",
        "cut emissions by a half",
        "cut emissions by half",
    )
    assert text[fuzzy.start : fuzzy.end] == fuzzy.quote
    orphan = get_annotation(gone.id)
    assert (orphan.anchor, orphan.start, orphan.end, orphan.quote) == (
        "orphaned",
        None,
        None,
        "disagreed strongly",
    )
    assert orphan.as_json()["original_quote"] == "disagreed strongly"
    assert [a.id for a in list_annotations(article)][-1] == gone.id  # orphans come last
    assert Article.get_by_id(article).title == "New title"
    # the annotation search index follows the new quote
    assert [a.id for a in search_annotations('"a half"')] == [changed.id]


def test_a_fuzzy_annotation_stays_fuzzy_until_reviewed(add_article) -> None:
    article = add_article(FIRST, THIRD)
    mark = annotate_quote(article, "cut emissions by half")
    update_article(article, prepare_draft(draft(FIRST.replace("half", "a half"), THIRD)), "t", "")
    update_article(article, prepare_draft(draft(FIRST.replace("half", "a half"), "More.")), "t", "")
    again = get_annotation(mark.id)
    assert (again.anchor, again.original_quote) == ("fuzzy", "cut emissions by half")


def test_an_update_to_another_articles_text_changes_nothing(add_article) -> None:
    first = add_article(FIRST)
    second = add_article(SECOND)
    mark = annotate_quote(second, "disagreed strongly")
    with pytest.raises(LibraryError, match=f"#{first} already has this text"):
        update_article(second, prepare_draft(draft(FIRST)), "t", "")
    assert Article.get_by_id(second).text == SECOND
    assert get_annotation(mark.id).start == SECOND.index("disagreed")
    with pytest.raises(NotFound):
        update_article(999, prepare_draft(draft(FIRST)), "t", "")


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("http://www.BBC.co.uk/news/a-1/?utm_source=x&id=3#top", "https://bbc.co.uk/news/a-1?id=3"),
        ("HTTP://WWW.Example.org/a/?fbclid=x&b=2&a=1", "https://example.org/a?a=1&b=2"),
        ("javascript:alert(1)", ""),
        ("https://bbc.co.uk/news/a-1", "https://bbc.co.uk/news/a-1"),
        ("ftp://example.com/a", ""),
        ("not a url", ""),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_upgrading_keeps_annotations_their_tags_and_their_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.sqlite"
    later = dict(migrations.MIGRATIONS)
    before = max(v for v in later if "original_quote" not in later[v])
    monkeypatch.setattr(migrations, "MIGRATIONS", {v: later[v] for v in later if v <= before})
    open_library(path)
    database.execute_sql(
        "INSERT INTO article (title, source, author, url, text, structure, raw, format,"
        " origin_path, content_hash, word_count, imported_at)"
        " VALUES ('Old', '', '', '', 'kept from before', '[]', x'', 't', '', 'h', 3, 'now')"
    )
    database.execute_sql(
        'INSERT INTO annotation (id, article_id, start, "end", quote, prefix, suffix, note,'
        " color, created_at, updated_at) VALUES (7, 1, 0, 4, 'kept', '', ' from', 'a note',"
        " 'yellow', 'then', 'then')"
    )
    database.execute_sql("INSERT INTO tag (id, path, color, description) VALUES (1, 'T', 'g', '')")
    database.execute_sql("INSERT INTO annotation_tag VALUES (7, 1)")
    close_library()
    monkeypatch.setattr(migrations, "MIGRATIONS", later)
    open_library(path)
    assert schema_version() == max(later)
    mark = get_annotation(7)
    assert (mark.quote, mark.tags, mark.anchor, mark.original_quote) == (
        "kept",
        ("T",),
        "exact",
        None,
    )
    assert [a.id for a in search_annotations("note")] == [7]
    database.execute_sql('UPDATE annotation SET start = NULL, "end" = NULL WHERE id = 7')
    database.execute_sql("DELETE FROM annotation WHERE id = 7")  # the delete trigger is back
    assert search_annotations("note") == []
    close_library()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
