"""`copy SOURCE DEST`: a whole library into a new one, ids kept, verified by counts.

Round trips run SQLite to SQLite, and (both_backends) through a fresh database on the test's
PostgreSQL server when GLOSS_TEST_PG_URL names one.
"""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from main import main
from models import copying
from models.annotating import create_annotation
from models.annotation_edits import delete_annotation
from models.article_tags import tag_article
from models.articles import mark_read
from models.attributes import set_attributes
from models.db import close_library, open_library
from models.errors import LibraryError
from models.managing import delete_articles, edit_article
from models.outlets import remove_alias, set_alias
from models.saved_searches import save_search
from models.schema import Annotation, Article, Tag
from models.storing import store_drafts
from tests.conftest import draft


def fill_everything() -> None:
    """Content of every kind the copy carries, into the open library."""
    first, gone, third = (
        store_drafts([draft(*paragraphs, **fields)], "test", f"{n}.txt")[0].article_id
        for n, (paragraphs, fields) in enumerate(
            [
                (
                    ("War in the east 😀 goes on.", "Talks failed in Geneva."),
                    {"title": "War", "source": "bbc.co.uk", "date": dt.date(2022, 9, 22)},
                ),
                (("Deleted later.",), {"title": "Gone"}),
                (
                    ("Peace talks resume; the war may end.",),
                    {"title": "Peace", "document_id": "factiva:P1", "section": "World; Pg. 3"},
                ),
            ]
        )
    )
    create_annotation(first, 12, 16, tags=["Frame/war"], note="emoji after", coder="ann")
    create_annotation(first, 0, 3, tags=["Frame/war", "Actor/state"], color="red", coder="bob")
    create_annotation(third, 0, 5, note="peace\nnote", coder="ann")
    orphan = create_annotation(third, 6, 11, coder="bob")
    fuzzy = create_annotation(third, 12, 18, coder="bob")
    last = create_annotation(third, 20, 23, coder="bob")
    delete_annotation(last.id)  # the high-water mark stays above it
    Annotation.update(start=None, end=None, anchor="orphaned").where(
        Annotation.id == orphan.id
    ).execute()
    Annotation.update(anchor="fuzzy", original_quote="resumes").where(
        Annotation.id == fuzzy.id
    ).execute()
    delete_articles([gone])  # a gap in the article ids
    Tag.update(color="blue", description="who acts").where(Tag.path == "Actor/state").execute()
    tag_article(third, "screening/include")
    save_search("wars", "tag:Frame/war OR war")
    set_attributes([first], {"country": "UK", "wave": 2})
    set_attributes([third], {"country": "CH", "weight": 0.5})
    edit_article(first, memo="check the date")
    mark_read(third)
    set_alias("Beeb", "BBC")
    remove_alias("cnn.com")
    Article.update(original=b"\x00\xffbinary original").where(Article.id == third).execute()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "source.sqlite"
    open_library(path)
    try:
        fill_everything()
    finally:
        close_library()
    return path


@pytest.fixture
def target(library_location: Path | str) -> str:
    """Where a copy goes: a new file, or (both_backends) a new database on the server."""
    return str(library_location)


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> str:
    capsys.readouterr()
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert status == 0, err
    return out


def snapshot(capsys: pytest.CaptureFixture[str], location: str | Path) -> dict[str, str]:
    """What the command line shows of a library: every article, export, search and list."""

    def run(*args: str | Path) -> str:
        return cli(capsys, "--library", location, *args)

    shown = {"list": run("list", "--json"), "tags": run("tags", "--json")}
    for article_id in (1, 3):
        shown[f"show {article_id}"] = run("show", str(article_id), "--json")
    for fmt in ("csv", "w3c", "markdown"):
        shown[fmt] = run("export", "--format", fmt, "--raw", "--attributes")
    collection = json.loads(shown["w3c"])
    assert collection.pop("id").startswith("urn:uuid:")  # new for every export
    assert collection.pop("generated")  # when it was written
    shown["w3c"] = json.dumps(collection)
    shown["outlets"] = run("outlets", "--json")
    for query in (
        "war",
        "geneva",
        "date",
        "tag:Frame/war",
        "attr:country=UK",
        "articletag:screening",
    ):
        # the same articles; scores (and so the order of equal ones) are each backend's own
        found = sorted(hit["id"] for hit in json.loads(run("search", query, "--json")))
        shown[f"search {query}"] = json.dumps(found)
    shown["search notes"] = run("search", "--annotations", "note OR emoji", "--json")
    shown["search memo"] = run("search", "--annotations", "check", "--json")
    return shown


def rows(location: str | Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every copied table, in key order."""
    open_library(location)  # a path, or a URL for PostgreSQL
    try:
        return {
            name: [
                tuple(row) for row in model.select().order_by(*copying._key_fields(model)).tuples()
            ]
            for name, model in copying.TABLES
        }
    finally:
        close_library()


@pytest.mark.both_backends
def test_a_copy_shows_exactly_what_the_source_shows(
    source: Path,
    target: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = cli(capsys, "copy", source, target)
    assert "every count matches" in out
    assert "annotations                   5          5" in out  # 6 made, 1 deleted
    before = snapshot(capsys, source)
    assert snapshot(capsys, target) == before
    assert rows(target) == rows(source)
    back = tmp_path / "back.sqlite"  # and back again: from PostgreSQL too
    cli(capsys, "copy", target, back)
    assert snapshot(capsys, back) == before
    assert rows(back) == rows(source)


@pytest.mark.both_backends
def test_new_rows_in_the_copy_take_ids_never_given(source: Path, target: str) -> None:
    copying.copy_library(str(source), target)
    open_library(target)
    try:
        article = store_drafts([draft("New one.")], "test", "new.txt")[0].article_id
        mark = create_annotation(article, 0, 3)
    finally:
        close_library()
    assert article == 4  # after the last article (3), as in the source
    assert mark.id == 7  # not 6: that one was given and deleted in the source


def test_progress_hears_of_every_table_in_chunks(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(copying.CHUNK_ROWS, Article, 1)
    monkeypatch.setattr(copying, "DEFAULT_CHUNK_ROWS", 2)
    heard: list[tuple[str, int, int]] = []
    report = copying.copy_library(
        str(source), str(tmp_path / "c.sqlite"), lambda *h: heard.append(h)
    )
    assert not report.mismatches
    assert [h for h in heard if h[0] == "articles"] == [("articles", 1, 2), ("articles", 2, 2)]
    assert [h for h in heard if h[0] == "annotations"] == [
        ("annotations", 2, 5),
        ("annotations", 4, 5),
        ("annotations", 5, 5),
    ]
    assert rows(tmp_path / "c.sqlite") == rows(source)


def test_a_destination_with_content_is_refused_and_left_as_it_was(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.sqlite"
    open_library(other)
    store_drafts([draft("Mine.")], "test", "m.txt")
    close_library()
    before = rows(other)
    assert main(["copy", str(source), str(other)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == (
        f"gloss: {other}: not empty (it holds a library's content); copy to a new library"
    )
    assert rows(other) == before


def test_a_file_that_is_no_library_is_refused_untouched(source: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    with pytest.raises(LibraryError, match="not empty"):
        copying.copy_library(str(source), str(notes))
    assert notes.read_text(encoding="utf-8") == "my notes"


def test_an_empty_library_or_file_is_a_fine_destination(source: Path, tmp_path: Path) -> None:
    empty_library = tmp_path / "empty.sqlite"
    open_library(empty_library)  # seeded outlet aliases: replaced by the source's
    close_library()
    empty_file = tmp_path / "empty-file.sqlite"
    empty_file.touch()
    for destination in (empty_library, empty_file):
        assert not copying.copy_library(str(source), str(destination)).mismatches
        assert rows(destination) == rows(source)


def test_a_missing_source_is_one_clear_line_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing, destination = tmp_path / "missing.sqlite", tmp_path / "copy.sqlite"
    assert main(["copy", str(missing), str(destination)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == f"gloss: {missing}: no such library file"
    assert not missing.exists() and not destination.exists()


def test_copying_a_library_onto_itself_is_refused(source: Path) -> None:
    with pytest.raises(LibraryError, match="is the source library"):
        copying.copy_library(str(source), str(source))


def test_a_count_that_differs_fails_the_command(
    source: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rows lost on the way (here: a chunk dropped) are caught by the counts: exit 1."""
    real_chunks = copying._chunks

    def losing(source_db: Any, model: Any) -> Iterator[list[Any]]:
        for chunk in real_chunks(source_db, model):
            yield chunk[:-1] if model is Annotation else chunk  # the last has no tags

    monkeypatch.setattr(copying, "_chunks", losing)
    assert main(["copy", str(source), str(tmp_path / "c.sqlite")]) == 1
    out, err = capsys.readouterr()
    assert "annotations                   5          4  MISMATCH" in out
    assert "gloss: copy: annotations: 5 in the source, 4 copied" in err


def test_every_table_of_a_library_is_copied_or_derived(library: Path) -> None:
    """A table added by a migration must be copied, or named here as rebuilt from the others."""
    from models.schema import database

    derived = {"schema_version", "fts_deferred"}
    derived |= {"change_log"}  # recent writes for open windows to pick up; a copy starts anew
    search_index = {"article_fts", "memo_fts", "annotation_fts"}
    tables = {
        t for t in database.get_tables() if not any(t.startswith(f"{i}_") for i in search_index)
    }
    copied = {model._meta.table_name for model in copying.MODELS}
    assert tables - search_index == copied | derived


def test_memory_stays_bounded_by_a_chunk_not_the_library(tmp_path: Path) -> None:
    """50 MB of originals are copied with a few chunks' worth of memory (the Python heap,
    traced): nothing holds the library whole."""
    source, size, count = tmp_path / "big.sqlite", 100_000, 500
    open_library(source)
    try:
        drafts = [draft(f"Article number {n}.", title=f"A{n}") for n in range(count)]
        for n, item in enumerate(drafts):
            item.raw = bytes([n % 256]) * size
        store_drafts(drafts, "test", "big.txt")
    finally:
        close_library()
    tracemalloc.start()
    try:
        report = copying.copy_library(str(source), str(tmp_path / "copy.sqlite"))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not report.mismatches
    assert peak < count * size / 2, f"peak {peak / 1e6:.0f} MB"


def test_heavy_chunks_make_the_next_ones_smaller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "heavy.sqlite"
    open_library(source)
    try:
        drafts = [draft(f"Article {n}.", title=f"A{n}") for n in range(10)]
        for item in drafts[:4]:
            item.raw = b"x" * 1000
        store_drafts(drafts, "test", "heavy.txt")
    finally:
        close_library()
    monkeypatch.setitem(copying.CHUNK_ROWS, Article, 4)
    monkeypatch.setattr(copying, "CHUNK_BYTES", 2500)
    heard: list[tuple[str, int, int]] = []
    copying.copy_library(str(source), str(tmp_path / "c.sqlite"), lambda *h: heard.append(h))
    # 4 heavy rows weigh over 4,000: the next chunk takes 2, light ones: back to 4
    assert [done for table, done, _ in heard if table == "articles"] == [4, 6, 10]
