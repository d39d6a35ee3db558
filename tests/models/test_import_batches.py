"""An import's files written several at once (models.storing.store_files; on a server, in one
round trip): duplicates, outlet names and failures come out as when each was written alone."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from models.articles import get_article
from models.backend import backend
from models.importing import import_paths
from models.outlets import OutletNamer
from models.schema import database
from models.storing import PreparedArticle, prepare_draft, store_drafts, store_files
from tests.conftest import draft

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


def _prepared(text: str, **fields: object) -> PreparedArticle:
    vectors = backend().article_index_column is not None
    return prepare_draft(draft(text, title=text[:12], **fields), vectors=vectors)


def _store(*files: list[PreparedArticle]) -> list[list[tuple[int, bool]]]:
    with database.atomic():
        done = store_files(
            [(articles, "test", f"f{n}.txt") for n, articles in enumerate(files)],
            OutletNamer(database.connection()),
        )
    return [[(r.article_id, r.duplicate) for r in results] for results in done]


def test_duplicates_within_the_files_and_against_the_library(library) -> None:
    [there] = store_drafts([draft("Already there.", title="There")], "test", "there.txt")
    one, again, other = _prepared("A new one."), _prepared("A new one."), _prepared("Other.")
    [[(first, new)], [(second, dup)], [(known, old), (third, fresh)]] = _store(
        [one], [again], [_prepared("Already there."), other]
    )
    assert new is False and (second, dup) == (first, True)
    assert (known, old) == (there.article_id, True)
    assert fresh is False and third > first and get_article(third).text == "Other."


def test_a_duplicate_is_the_article_stored_before_it_not_one_after(library) -> None:
    """A clash on the document id alone: the article that holds the id, even when an article
    written after it in the same statement took its text (as when written one by one)."""
    [held] = store_drafts([draft("Held.", title="H", document_id="db:1")], "test", "h.txt")
    clash = _prepared("Same text.", document_id="db:1")  # the id is held: a duplicate
    taker = replace(clash, document_id="db:2")  # its text is free: stored
    [[(found, dup)], [(new, fresh)]] = _store([clash], [taker])
    assert (found, dup) == (held.article_id, True)
    assert fresh is False and get_article(new).document_id == "db:2"


def test_a_site_name_takes_its_domain_over_within_the_files(library) -> None:
    [[(first, _)], [(second, _)], [(third, _)]] = _store(
        [_prepared("one", source="thelocal.se")],
        [_prepared("two", source="The Local")],
        [_prepared("three", source="thelocal.se")],
    )
    assert [get_article(i).source for i in (first, second, third)] == ["The Local"] * 3


def test_an_import_of_many_files_reports_each_as_before(library, tmp_path: Path) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    texts = [f"Story {n} of the batch." for n in range(7)] + ["Story 2 of the batch."]
    for n, text in enumerate(texts):
        (folder / f"{n}.txt").write_text(f"Title {n}\n\n{text}\n", encoding="utf-8")
    store_drafts([draft("Story 5 of the batch.", title="Title 5")], "test", "before.txt")
    report = import_paths([folder], workers=1)
    assert [Path(i.path).name for i in report.imported] == [f"{n}.txt" for n in range(7) if n != 5]
    assert sorted(Path(d.path).name for d in report.duplicates) == ["5.txt", "7.txt"]
    by_name = {Path(i.path).name: i.id for i in report.imported}
    assert {Path(d.path).name: d.id for d in report.duplicates}["7.txt"] == by_name["2.txt"]
    assert [get_article(by_name[f"{n}.txt"]).title for n in (0, 6)] == ["Title 0", "Title 6"]
