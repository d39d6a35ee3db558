"""Merging another coder's library: what is added, matched, in conflict; idempotent; read-only."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from models import migrations
from models.annotating import create_annotation, list_annotations
from models.annotation_edits import update_annotation
from models.article_tags import tag_article
from models.db import close_library, open_library
from models.errors import LibraryError
from models.merging import merge_library
from models.saved_searches import save_search
from models.schema import Annotation, Article, ArticleTag, SavedSearch, Tag, database
from models.storing import store_drafts
from models.tags import ensure_tag
from tests.conftest import draft
from tests.models.test_coders import before_coders

SHARED = ("Alpha beta gamma delta.", "Second paragraph 😀 here.")


def add(*paragraphs: str, **fields: object) -> int:
    [result] = store_drafts([draft(*paragraphs, **fields)], "test", "t.txt")
    return result.article_id


def build(path: Path, fill: Callable[[], None]) -> None:
    """Write another library (the proxy points at it meanwhile), then reopen the test's."""
    previous = database.database if database.obj is not None else None
    close_library()
    open_library(path)
    try:
        fill()
    finally:
        close_library()
        if previous:
            open_library(Path(previous))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def bobs(tmp_path: Path) -> Path:
    """Bob's library: the shared article and one of his own, coded by him."""
    path = tmp_path / "bob.sqlite"

    def fill() -> None:
        shared = add(*SHARED, title="Shared")
        own = add("Only Bob has this one.", title="Bob's", document_id="factiva:B1")
        ensure_tag("Frame/war")
        Tag.update(color="red", description="armed conflict").where(
            Tag.path == "Frame/war"
        ).execute()
        create_annotation(shared, 0, 5, tags=["Frame/war"], coder="bob", note="n")
        create_annotation(shared, 32, 41, tags=["Actor"], coder="bob")
        create_annotation(own, 5, 8, coder="bob")
        tag_article(own, "screening/include")
        save_search("wars", "tag:Frame/war")

    build(path, fill)
    return path


def test_merge_adds_what_is_new_reports_conflicts_and_is_idempotent(library, bobs) -> None:
    shared = add(*SHARED, title="Shared")
    mine = create_annotation(shared, 0, 5, tags=["Frame/war"], coder="ann")
    ensure_tag("Frame/war")  # grey here, red there
    before = digest(bobs)
    report = merge_library(bobs)
    assert digest(bobs) == before  # only read
    assert (report.articles.added, report.articles.matched) == (1, 1)
    assert (report.tags.added, report.tags.matched) == (2, 1)  # Actor, screening/include
    assert (report.annotations.added, report.annotations.matched) == (3, 0)
    assert report.conflicts == ["tag 'Frame/war': colour red there, grey here (kept)"]
    assert Tag.get(Tag.path == "Frame/war").description == "armed conflict"  # filled in
    marks = list_annotations(shared)
    assert [(m.coder, m.quote, m.tags) for m in marks] == [
        ("ann", "Alpha", ("Frame/war",)),
        ("bob", "Alpha", ("Frame/war",)),
        ("bob", "paragraph", ("Actor",)),
    ]
    assert marks[0] == mine and marks[1].note == "n"
    bob_article = Article.get(Article.title == "Bob's")
    assert bob_article.document_id == "factiva:B1"
    assert ArticleTag.select().where(ArticleTag.article == bob_article.id).count() == 1
    assert SavedSearch.get(SavedSearch.name == "wars").query == "tag:Frame/war"
    again = merge_library(bobs)
    assert (again.articles.added, again.tags.added, again.annotations.added) == (0, 0, 0)
    assert (again.articles.matched, again.annotations.matched) == (2, 3)
    assert again.article_tags.matched == 1 and again.saved_searches.matched == 1
    assert Annotation.select().count() == 4


def test_an_annotation_edited_in_both_libraries_keeps_both(library, bobs, tmp_path) -> None:
    merge_library(bobs)
    [bobs_mark] = [m for m in list_annotations(1) if m.quote == "paragraph"]
    update_annotation(bobs_mark.id, note="Ann's view")
    report = merge_library(bobs)
    assert report.annotations.added == 1 and len(report.conflicts) == 1
    assert "edited differently in each library (both kept)" in report.conflicts[0]
    notes = sorted(m.note for m in list_annotations(1) if m.quote == "paragraph")
    assert notes == ["", "Ann's view"]
    assert merge_library(bobs).annotations.added == 0


def test_the_same_document_with_other_text_places_highlights_by_quote(library, tmp_path) -> None:
    other = tmp_path / "other.sqlite"

    def fill() -> None:
        article = add("Intro. The key sentence.", document_id="factiva:X")
        create_annotation(article, 7, 10, coder="bob", tags=["T"])  # "The"
        create_annotation(article, 0, 6, coder="bob")  # "Intro."

    build(other, fill)
    ours = add("Intro rewritten. The key sentence.", document_id="factiva:X")
    report = merge_library(other)
    assert report.articles.matched == 1 and report.annotations.added == 1
    assert [m.quote for m in list_annotations(ours)] == ["The"]
    assert any("not in this library's text" in c for c in report.conflicts)


def test_a_library_from_before_coders_merges_as_unknown(library, tmp_path, monkeypatch) -> None:
    other = tmp_path / "old.sqlite"
    later = dict(migrations.MIGRATIONS)
    monkeypatch.setattr(migrations, "MIGRATIONS", before_coders())

    def fill() -> None:
        database.execute_sql(
            "INSERT INTO article (title, source, author, url, text, structure, raw, format,"
            " origin_path, content_hash, word_count, imported_at)"
            " VALUES ('Old', '', '', '', 'old text', '[]', x'', 't', '', 'h', 2, 'now')"
        )
        database.execute_sql(
            'INSERT INTO annotation (article_id, start, "end", quote, prefix, suffix, note,'
            " color, created_at, updated_at) VALUES (1, 0, 3, 'old', '', '', '', 'blue', 'x', 'x')"
        )

    close_library()  # the test's library must not be migrated back: reopened below
    database.initialize(None)
    build(other, fill)
    monkeypatch.setattr(migrations, "MIGRATIONS", later)
    open_library(library)
    report = merge_library(other)
    assert report.annotations.added == 1
    [mark] = list_annotations(Article.get(Article.title == "Old").id)
    assert (mark.coder, mark.quote, mark.color) == ("unknown", "old", "blue")


def test_bad_files_are_clear_errors_and_change_nothing(library, tmp_path) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_bytes(b"not a database" * 100)
    with pytest.raises(LibraryError, match="notes.sqlite: not a Gloss library"):
        merge_library(notes)
    with pytest.raises(LibraryError, match="no such library file"):
        merge_library(tmp_path / "missing.sqlite")
    with pytest.raises(LibraryError, match="is this library"):
        merge_library(library)
    assert notes.read_bytes() == b"not a database" * 100
    assert Article.select().count() == 0
