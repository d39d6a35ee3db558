"""A server library's article ranking (models.search_rank_pg): FTS5's bm25 from a postings
table that every write keeps right (tests/backends.py starts the server; else these skip)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from models import importing, search_rank_pg, storing
from models.backend import ARTICLE_INDEX, backend
from models.copying import copy_library
from models.db import close_library, open_library
from models.importing import import_paths
from models.managing import delete_articles, edit_article
from models.merging import merge_library
from models.schema import Article, database
from models.search import count_matching_articles, search_articles
from models.storing import optimize_search_index, prepare_draft, store_drafts
from models.updating import update_article
from tests.backends import Server
from tests.conftest import draft

QUERIES = [
    "climate",
    "summit",
    "clim*",
    "climate summit",
    "climate OR rain",
    "climate -rain",
    '"climate summit"',
    '"summit climate" OR rain',
    'cl* -"climate summit"',
    "absent",
]
# The same postings made again from the articles' vectors: what the table must hold.
_EXPECTED = (
    "SELECT u.lexeme, a.id, (SELECT sum(CASE WHEN w = 'A' THEN 5 ELSE 1 END) "
    "FROM unnest(u.weights) AS w), (SELECT sum(cardinality(v.positions)) "
    "FROM unnest(a.search_vector) AS v) FROM article AS a "
    "CROSS JOIN unnest(a.search_vector) AS u WHERE a.search_vector IS NOT NULL"
)


@pytest.fixture
def server_url(pg_server: Server) -> Iterator[str]:
    with pg_server.fresh() as url:
        yield url


def _drafts(first: int = 0) -> list:  # type: ignore[type-arg]
    """Articles of varied length and word counts, some with the words in the title."""
    made = []
    for n in range(first, first + 24):
        words = ["climate"] * (n % 4) + ["summit"] * (n % 3) + ["rain"] * (n % 5 == 0)
        filler = " ".join(f"word{n}x{k}" for k in range(3 + 7 * (n % 6)))
        title = "Climate summit" if n % 7 == 0 else f"Report {n}"
        made.append(draft(f"{' '.join(words)} {filler} climates clinic.", title=title))
    return made


def _ranks() -> list[list[tuple[int, float]]]:
    return [[(h.id, h.score) for h in search_articles(q)] for q in QUERIES]


def _same(found: list[list[tuple[int, float]]], expected: list[list[tuple[int, float]]]) -> None:
    """The same articles; in the same order, with the same scores but for float rounding,
    for a query without a phrase (a phrase counts as its words: ranked close, not the same)."""
    assert [sorted(i for i, _ in r) for r in found] == [sorted(i for i, _ in r) for r in expected]
    for query, mine, theirs in zip(QUERIES, found, expected, strict=False):
        if '"' not in query:
            assert [i for i, _ in mine] == [i for i, _ in theirs], query
            assert [s for _, s in mine] == pytest.approx([s for _, s in theirs], rel=1e-6)


def _postings_are_right() -> None:
    backend().catch_up(ARTICLE_INDEX)  # type: ignore[attr-defined]
    held = database.execute_sql("SELECT term, article_id, f, dl FROM article_term").fetchall()
    expected = database.execute_sql(_EXPECTED).fetchall()
    assert sorted(held) == sorted(expected)
    assert held


def _postings_all_visible() -> None:
    """Every page of the postings marked all-visible (what VACUUM sets, not ANALYZE)."""
    pages, visible = database.execute_sql(
        "SELECT relpages, relallvisible FROM pg_class WHERE relname = 'article_term'"
    ).fetchone()
    assert pages > 0
    assert visible == pages


def test_ranks_and_scores_are_sqlites_bm25(server_url: str, tmp_path: Path) -> None:
    source = tmp_path / "source.sqlite"
    open_library(source)
    store_drafts(_drafts(), "test", "many.txt")
    on_file = _ranks()
    close_library()
    copy_library(str(source), server_url)  # the copy fills the postings set-based
    open_library(server_url)
    _postings_are_right()
    _postings_all_visible()  # vacuumed after the copy: a search reads the btree alone
    _same(_ranks(), on_file)
    assert [count_matching_articles(q) for q in QUERIES] == [len(r) for r in on_file]
    page = search_articles("climate", offset=3, limit=4)
    assert [h.id for h in page] == [i for i, _ in on_file[0][3:7]]
    close_library()


def test_the_postings_follow_every_write(server_url: str, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    open_library(other)
    store_drafts([draft("A merged climate article, rain.", title="Merged")], "t", "m.txt")
    close_library()
    open_library(server_url)
    ids = [r.article_id for r in store_drafts(_drafts(), "test", "many.txt")]  # an import
    _postings_are_right()
    optimize_search_index()  # what a big import does after its commits
    _postings_all_visible()
    update_article(ids[1], prepare_draft(draft("Rain, only rain.", title="Rain")), "t", "n.txt")
    edit_article(ids[2], title="Summit summit")
    _postings_are_right()
    assert ids[1] in {h.id for h in search_articles("rain")}
    assert ids[1] not in {h.id for h in search_articles("climate")}
    assert search_articles("summit")[0].id == ids[2]
    delete_articles([ids[3], ids[4]])
    _postings_are_right()
    assert not {ids[3], ids[4]} & {h.id for h in search_articles("cl*")}
    merge_library(other)
    _postings_are_right()
    assert "Merged" in {h.title for h in search_articles("merged")}
    close_library()


def _write_files(folder: Path, first: int, count: int) -> None:
    folder.mkdir(exist_ok=True)
    for n, made in enumerate(_drafts(first)[:count], first):
        text = "\n\n".join(b.text for b in made.blocks)
        (folder / f"a{n:03}.txt").write_text(f"{made.title}\n\n{text}\n", encoding="utf-8")


def test_an_imports_batches_add_their_postings_at_their_end(
    server_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "files"
    _write_files(folder, 0, 12)
    open_library(server_url)
    first = import_paths([folder], workers=1)
    assert len(first.imported) == 12
    _postings_are_right()
    # Again with --update: one file's article changed in place (its postings by the update
    # trigger, in a batch that defers the new articles'), and new files.
    (folder / "a003.txt").write_text("Rain\n\nRain, only rain today.\n", encoding="utf-8")
    _write_files(folder, 12, 6)
    second = import_paths([folder], workers=1, update=True)
    assert len(second.imported) == 6 and len(second.updated) == 1
    _postings_are_right()
    assert second.updated[0].id in {h.id for h in search_articles("rain")}
    # A library whose insert trigger predates the deferral: its postings are not made twice.
    database.execute_sql(
        "CREATE OR REPLACE TRIGGER article_terms_new AFTER INSERT ON article FOR EACH ROW "
        "WHEN (NEW.search_vector IS NOT NULL) EXECUTE FUNCTION gloss_article_terms()"
    )
    _write_files(folder, 30, 5)
    assert len(import_paths([folder], workers=1).imported) == 5
    _postings_are_right()
    close_library()


def test_a_library_made_before_the_postings_gets_them(server_url: str) -> None:
    open_library(server_url)
    ids = [r.article_id for r in store_drafts(_drafts(), "test", "many.txt")]
    expected = _ranks()
    for statement in (
        "DROP TABLE article_term",
        "DROP TRIGGER article_terms_new ON article",
        "DROP TRIGGER article_terms_changed ON article",
        "DROP TRIGGER article_terms_gone ON article",
        "DROP TRIGGER article_length ON article",
        "DROP TRIGGER article_length_new ON article",
        "ALTER TABLE article DROP COLUMN search_length",
    ):
        database.execute_sql(statement)
    close_library()
    open_library(server_url)
    _postings_are_right()
    _postings_all_visible()
    _same(_ranks(), expected)
    delete_articles([ids[0]])  # and its triggers keep them
    _postings_are_right()
    close_library()


def test_a_page_and_its_texts_are_one_prepared_statement(
    server_url: str, statements_during
) -> None:  # type: ignore[no-untyped-def]
    open_library(server_url)
    store_drafts(_drafts(), "test", "many.txt")  # (indexed by the first search's catch-up)
    expected = search_articles("climate", limit=5)
    listed = "SELECT statement FROM pg_prepared_statements ORDER BY statement"
    before = database.execute_sql(listed).fetchall()
    found: list[list[object]] = []
    sent = statements_during(lambda: found.append(search_articles("climate", limit=5)))
    assert found == [expected] and all(hit.snippet for hit in expected)
    # the probe for rows to index and the page with its texts (one round trip), both
    # prepared already: nothing parsed or planned again
    assert len(sent) == 2
    assert database.execute_sql(listed).fetchall() == before
    assert any("article_term" in s and "a.text" in s for (s,) in before)  # one statement
    # and not planned again on a run either: its generic plan is used every time
    plans = "SELECT custom_plans, generic_plans FROM pg_prepared_statements"
    page = "SELECT custom_plans, generic_plans FROM pg_prepared_statements WHERE statement ~ "
    search_articles("summit", limit=5)
    custom, generic = database.execute_sql(page + "'a[.]text'").fetchone()
    assert custom == 0 and generic >= 3
    assert all(custom == 0 for custom, _generic in database.execute_sql(plans).fetchall())
    # the window's count of the matches is prepared too (it was parsed and planned each time)
    counts = [count_matching_articles(q) for q in ("climate", "summit", "climate")]
    assert counts == [len(search_articles(q)) for q in ("climate", "summit", "climate")]
    counted = database.execute_sql(page + "'^SELECT count[(][*][)] FROM [(]WITH'").fetchall()
    assert [custom for custom, _generic in counted] == [0]
    close_library()


def _posting_indexes() -> list[str]:
    return [
        name
        for (name,) in database.execute_sql(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'article_term' ORDER BY 1"
        ).fetchall()
    ]


def _article_gin() -> bool:
    return bool(
        database.execute_sql("SELECT to_regclass('article_search') IS NOT NULL").fetchone()[0]
    )


@pytest.mark.parametrize("deferred", [True, False])
def test_a_big_imports_postings_are_those_made_from_scratch(
    server_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deferred: bool
) -> None:
    """An import big against the library builds the btree once after its rows, a small one
    inserts into it, sorted: the same postings either way."""
    monkeypatch.setattr(search_rank_pg, "REBUILD_FROM_SHARE", 10**6 if deferred else 0)
    monkeypatch.setattr(importing, "BATCH_FILES_MAIN_THREAD", 5)  # several batches
    folder = tmp_path / "files"
    _write_files(folder, 0, 12)
    open_library(server_url)
    assert _posting_indexes() == ["article_term_term"]  # deletes find rows by their words
    store_drafts(_drafts(100), "test", "many.txt")
    dropped: list[list[str]] = []
    first = import_paths(
        [folder], workers=1, on_progress=lambda *_: dropped.append(_posting_indexes())
    )
    assert len(first.imported) == 12
    assert (dropped[1] == []) is deferred  # (the first call comes before the first batch)
    assert _article_gin()
    _postings_are_right()
    _write_files(folder, 12, 8)
    (folder / "a003.txt").write_text("Rain\n\nRain, only rain today.\n", encoding="utf-8")
    second = import_paths([folder], workers=1, update=True)  # a changed article too
    assert len(second.imported) == 8 and len(second.updated) == 1
    _postings_are_right()
    assert _posting_indexes() == ["article_term_term"]
    delete_articles([second.imported[0].id])
    edit_article(second.imported[1].id, title="Summit rain")
    _postings_are_right()
    close_library()


def test_an_import_into_an_empty_library_builds_both_indexes_at_its_end(
    server_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The vectors' GIN and the postings' btree are dropped for the import, its postings
    left to its end, then added and both indexes built (the GIN and half the postings on
    connections of their own, at the same time); a build the server refuses is the
    import's error, and the next open builds what is missing."""
    from peewee import DatabaseError

    from models import import_pg

    monkeypatch.setattr(importing, "BATCH_FILES_MAIN_THREAD", 5)
    folder = tmp_path / "files"
    _write_files(folder, 0, 12)
    open_library(server_url)
    during: list[tuple[bool, list[str], int]] = []

    def look(done: int, total: int, _path: str) -> None:
        if done < total:
            (postings,) = database.execute_sql("SELECT count(*) FROM article_term").fetchone()
            during.append((_article_gin(), _posting_indexes(), postings))

    assert len(import_paths([folder], workers=1, on_progress=look).imported) == 12
    assert len(during) > 5 and all(seen == (False, [], 0) for seen in during)  # none yet
    assert _article_gin() and _posting_indexes() == ["article_term_term"]
    assert count_matching_articles("climate") > 0
    _postings_are_right()

    delete_articles([a.id for a in Article.select(Article.id)])  # empty again
    refused = "CREATE INDEX article_search ON article USING gin (no_such_column)"
    monkeypatch.setattr(import_pg, "gin_index", lambda *_: refused)
    with pytest.raises(DatabaseError, match="no_such_column"):
        import_paths([folder], workers=1)
    assert not _article_gin() and _posting_indexes() == ["article_term_term"]
    _postings_are_right()  # the postings went in all the same
    close_library()
    monkeypatch.undo()
    open_library(server_url)
    assert _article_gin()
    assert count_matching_articles("climate") > 0
    _postings_are_right()
    close_library()


def test_a_killed_imports_postings_are_added_by_the_next_open(
    server_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import that never reached its end (killed) left its articles without postings:
    a search does not find them until the next open adds them."""
    from models.backend_pg import ServerLibrary

    folder = tmp_path / "files"
    _write_files(folder, 0, 12)
    open_library(server_url)
    store_drafts(_drafts(100)[:2], "test", "two.txt")  # the articles before it keep theirs
    before = count_matching_articles("climate")
    monkeypatch.setattr(ServerLibrary, "_build_deferred_indexes", lambda *_: None)
    assert len(import_paths([folder], workers=1).imported) == 12
    assert count_matching_articles("climate") == before
    close_library()
    monkeypatch.undo()
    open_library(server_url)
    assert _posting_indexes() == ["article_term_term"] and _article_gin()
    _postings_are_right()
    assert count_matching_articles("climate") == len(search_articles("climate")) > before
    close_library()


def test_an_import_that_never_ended_leaves_the_next_open_to_build_the_btree(
    server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_library(server_url)
    store_drafts(_drafts(), "test", "many.txt")
    expected = _ranks()
    monkeypatch.setattr(search_rank_pg, "REBUILD_UP_TO_ARTICLES", len(_drafts()) - 1)
    assert not search_rank_pg.defer_posting_index(100)  # a library too big for it
    monkeypatch.undo()
    assert search_rank_pg.defer_posting_index(100)  # and the process is killed
    database.execute_sql("DROP INDEX article_search")  # (many files: this one too)
    assert _posting_indexes() == []
    assert _ranks() == expected  # slower, not different
    assert count_matching_articles("climate") == len(expected[0])
    close_library()
    open_library(server_url)
    assert _posting_indexes() == ["article_term_term"]
    assert _article_gin()
    _postings_are_right()
    close_library()


def test_a_file_the_server_refuses_fails_alone(
    server_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files written together fail together; then each is written alone: only the one
    the server refuses (here a vector it cannot read) is reported failed."""
    made = storing.vector_and_length

    def vector(title: str, text: str, first_weight: str = "") -> tuple[str, int]:
        return ("'broken", 1) if "poison" in text else made(title, text, first_weight=first_weight)

    monkeypatch.setattr(storing, "vector_and_length", vector)
    folder = tmp_path / "files"
    _write_files(folder, 0, 6)
    (folder / "a002.txt").write_text("Bad\n\nA poison article.\n", encoding="utf-8")
    open_library(server_url)
    report = import_paths([folder], workers=1)
    assert [Path(f.path).name for f in report.failed] == ["a002.txt"]
    assert len(report.imported) == 5
    _postings_are_right()
    close_library()


def test_an_imports_end_waits_for_the_servers_disk(server_url: str, tmp_path: Path) -> None:
    """Its batches' commits do not wait (synchronous_commit off), its end does: when the
    import returns, the server's log is written as far as it goes."""
    folder = tmp_path / "files"
    _write_files(folder, 0, 6)
    open_library(server_url)
    flushed: list[bool] = []

    def at_the_end(done: int, total: int, _path: str) -> None:
        if done == total:
            flushed.extend(
                database.execute_sql(
                    "SELECT pg_current_wal_flush_lsn() >= pg_current_wal_insert_lsn()"
                ).fetchone()
            )

    import_paths([folder], workers=1, on_progress=at_the_end)
    assert flushed == [True]
    assert database.execute_sql("SHOW synchronous_commit").fetchone() == ("on",)
    close_library()


def test_a_server_refusing_more_connections_gets_the_imports_end_on_its_own(
    server_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At its connection limit the server refuses the second and third connections an
    import's end would use: the GIN and the postings are made on the import's own."""
    import psycopg

    from models import backend_pg

    folder = tmp_path / "files"
    _write_files(folder, 0, 12)
    open_library(server_url)
    refused: list[str] = []

    def full(*_: object, **__: object) -> None:
        refused.append("connection")
        raise psycopg.OperationalError("sorry, too many clients already")

    monkeypatch.setattr(backend_pg._LazyAdapter, "connect", full)
    assert len(import_paths([folder], workers=1).imported) == 12
    assert refused == ["connection", "connection"]  # the GIN's and the upper postings'
    assert _article_gin() and _posting_indexes() == ["article_term_term"]
    _postings_are_right()
    assert count_matching_articles("climate") > 0
    close_library()
