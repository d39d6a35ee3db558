"""A library on a PostgreSQL server: what only a server library does (tests/backends.py
starts the server; without one these tests skip). Everything else runs on both backends."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from models import migrations
from models.db import close_library, open_library
from models.errors import LibraryError, LibraryTooNew
from models.schema import Annotation, Article, database
from tests.backends import Server, database_url
from tests.conftest import REPO_ROOT

LATEST = max(migrations.MIGRATIONS)


@pytest.fixture
def server_url(pg_server: Server) -> Iterator[str]:
    with pg_server.fresh() as url:
        yield url


_ANNOTATOR = """
import json, sys
from models.annotating import create_annotation
from models.db import open_library
open_library(sys.argv[1])
ids = [create_annotation(1, i % 40, i % 40 + 3, note=sys.argv[2]).id for i in range(15)]
print(json.dumps(ids))
"""

_IMPORTER = """
import json, sys
from models.db import open_library
from models.importing import import_paths
open_library(sys.argv[1])
report = import_paths([sys.argv[2]], workers=1)
print(json.dumps([item.id for item in report.imported]))
"""


def _start(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_processes_writing_at_once_store_every_reported_write(
    server_url: str, tmp_path: Path
) -> None:
    open_library(server_url)
    Article.create(
        title="Seed", text="x" * 60, structure="[]", original=b"", format="t", content_hash="s"
    )
    close_library()
    folders = []
    for n in range(2):
        folder = tmp_path / f"files{n}"
        folder.mkdir()
        for i in range(12):
            (folder / f"{i}.txt").write_text(f"Title {n} {i}\n\nBody {n} number {i}.\n")
        folders.append(folder)
    runs = [_start(_ANNOTATOR, server_url, f"coder {n}") for n in range(3)]
    runs += [_start(_IMPORTER, server_url, str(folder)) for folder in folders]
    reported: list[list[int]] = []
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        reported.append(json.loads(out))
    open_library(server_url)
    annotation_ids = {i for ids in reported[:3] for i in ids}
    article_ids = {i for ids in reported[3:] for i in ids}
    assert len(annotation_ids) == 45 and len(article_ids) == 24  # none given twice
    assert {a.id for a in Annotation.select()} == annotation_ids
    assert {a.id for a in Article.select()} == article_ids | {1}
    from models.search import matching_article_ids

    assert len(matching_article_ids("body")) == 24  # and each one is searchable


def test_a_newer_schema_is_refused_and_an_older_one_upgrades_only_when_told(
    server_url: str,
) -> None:
    open_library(server_url)
    database.execute_sql("UPDATE schema_version SET version = ?", (LATEST + 1,))
    close_library()
    with pytest.raises(LibraryTooNew, match="newer Gloss"):
        open_library(server_url)
    # An older schema: a column a later model added is missing.
    from models.backend_pg import ServerLibrary

    db = ServerLibrary(server_url)
    db.connect()
    db.execute_sql("UPDATE schema_version SET version = ?", (LATEST - 1,))
    db.execute_sql('ALTER TABLE article DROP COLUMN "memo" CASCADE')
    db.close()
    with pytest.raises(LibraryError, match="take a dump first.*--yes"):
        open_library(server_url)
    open_library(server_url, upgrade=True)
    assert "memo" in {c.name for c in database.get_columns("article")}
    (version,) = database.execute_sql("SELECT max(version) FROM schema_version").fetchone()
    assert version == LATEST


def test_variables_stored_as_text_by_an_earlier_build_become_typed(
    server_url: str, tmp_path: Path
) -> None:
    from models.attributes import attributes_for, set_attributes
    from models.storing import store_drafts
    from tests.conftest import draft

    open_library(server_url)
    values = [7, -3, 0.5, 2.0, 1e20, 1e-10, "DE", "1x", "007 agents"]
    drafts = [draft(f"Text {n}.", title=f"T{n}") for n in range(len(values))]
    ids = [r.article_id for r in store_drafts(drafts, "test", "many.txt")]
    for article_id, value in zip(ids, values, strict=True):
        set_attributes([article_id], {"v": value})
    # As that build wrote them: a text column holding each value as Python's str() of it.
    database.execute_sql("ALTER TABLE article_attribute ALTER COLUMN value TYPE text USING ''")
    for article_id, value in zip(ids, values, strict=True):
        database.execute_sql(
            "UPDATE article_attribute SET value = ? WHERE article_id = ?", (str(value), article_id)
        )
    close_library()
    open_library(server_url)
    found = attributes_for(ids)
    assert [found[i]["v"] for i in ids] == values
    assert [type(found[i]["v"]) for i in ids] == [type(v) for v in values]
    close_library()


def test_a_copy_is_indexed_in_bulk_and_analyzed(server_url: str, tmp_path: Path) -> None:
    from models.annotating import create_annotation
    from models.copying import copy_library
    from models.managing import edit_article
    from models.search import search_annotations, search_articles, search_memos
    from models.storing import store_drafts
    from tests.conftest import draft

    source = tmp_path / "source.sqlite"
    open_library(source)
    drafts = [draft(f"Été number {n} in Zürich.", title=f"Café {n}") for n in range(30)]
    ids = [r.article_id for r in store_drafts(drafts, "test", "many.txt")]
    create_annotation(ids[3], 0, 3, note="a crème note")
    edit_article(ids[5], memo="check the memo")
    close_library()
    copy_library(str(source), server_url)
    open_library(server_url)
    assert [hit.id for hit in search_articles("cafe 7")] == [ids[7]]
    assert len(search_articles("zurich ete")) == 30
    assert [a.note for a in search_annotations("creme")] == ["a crème note"]
    assert [m.article_id for m in search_memos("memo")] == [ids[5]]
    indexes = {row[0] for row in database.execute_sql("SELECT indexname FROM pg_indexes")}
    assert {"article_search", "article_memo_search", "annotation_search"} <= indexes
    analyzed = database.execute_sql(
        "SELECT count(*) FROM pg_stats WHERE tablename = 'article' AND attname = 'search_vector'"
    ).fetchone()[0]
    assert analyzed == 1  # the planner knows the new rows' words
    close_library()


def test_the_article_list_reads_its_pages_off_indexes(server_url: str) -> None:
    """Each sort key's first page comes from an index in its order (no sort of the whole
    table), also in a library made before those indexes."""
    from models.articles import query_articles
    from models.storing import store_drafts
    from tests.conftest import draft

    open_library(server_url)
    day = dt.date
    dates = [day(2024, 1, 2), None, day(2023, 5, 6), day(2024, 1, 2), None, day(2022, 12, 31)]
    drafts = [draft(f"Text {t}.", title=t, date=d) for t, d in zip("bAcDeF", dates, strict=True)]
    store_drafts(drafts, "test", "many.txt")
    database.execute_sql("DROP INDEX article_date_id_desc")  # as a library made before them
    database.execute_sql("DROP INDEX article_title_key")
    database.execute_sql("DROP INDEX article_source_key")
    database.execute_sql('CREATE INDEX article_date ON article ("date")')
    database.execute_sql('CREATE INDEX article_title_id ON article ("title" COLLATE nocase, id)')
    close_library()
    open_library(server_url)
    database.execute_sql("SET enable_seqscan = off")  # six rows: show what a big table gets
    plans = {}
    for key in ("date", "title", "source"):
        for descending in (False, True):
            sent: list[str] = []
            database.connection().set_trace_callback(sent.append)
            page = query_articles("", key, descending, 0, 3)
            database.connection().set_trace_callback(None)
            assert len(page) == 3
            select = sent[-1].replace("LIMIT %s OFFSET %s", "LIMIT 3 OFFSET 0")
            plan = database.execute_sql(f"EXPLAIN {select}").fetchall()
            plans[key, descending] = "\n".join(row[0] for row in plan)
    assert all(" Sort " not in p and "Sort Key" not in p for p in plans.values()), plans
    assert [a.date for a in query_articles("", "date", True)][-2:] == [None, None]
    assert [a.title for a in query_articles("", "title")] == list("AbcDeF")
    indexes = {row[0] for row in database.execute_sql("SELECT indexname FROM pg_indexes")}
    assert {"article_date_id", "article_date_id_desc", "article_title_key"} <= indexes
    assert "article_source_key" in indexes and "article_source_id" in indexes  # sort, source:
    assert not {"article_date", "article_title_id"} & indexes
    close_library()


def test_text_sorts_as_on_sqlite_whatever_the_servers_locale(pg_server: Server) -> None:
    from models.attributes import attribute_names, set_attributes
    from models.storing import store_drafts
    from tests.backends import _admin
    from tests.conftest import draft

    name = f"{pg_server.prefix}icu"
    with _admin() as conn:  # a server whose default order puts 'a' before 'B'
        conn.execute(
            f"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'"
        )
    try:
        open_library(database_url(name))
        (article,) = [r.article_id for r in store_drafts([draft("Text.")], "test", "a.txt")]
        set_attributes([article], {"a": 1, "B": 2, "Z": 3, "9": 4})
        assert attribute_names() == ["9", "B", "Z", "a"]  # SQLite's BINARY order
        close_library()
    finally:
        close_library()
        pg_server.drop(name)


def test_another_programs_database_is_refused(pg_server: Server) -> None:
    from models.backend_pg import ServerLibrary

    name = pg_server.new_database(empty=True)
    db = ServerLibrary(database_url(name))
    db.connect()
    db.execute_sql("CREATE TABLE invoices (id integer)")
    db.close()
    with pytest.raises(LibraryError, match="not a Gloss library"):
        open_library(database_url(name))
    pg_server.drop(name)


def test_a_file_library_never_loads_the_postgresql_driver(tmp_path: Path) -> None:
    code = (
        "import sys, main, peewee\n"  # as `python main.py` starts
        "from models.db import open_library\n"
        f"open_library({str(tmp_path / 'lib.sqlite')!r})\n"
        "print('psycopg' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_gloss_library_may_name_a_server(server_url: str, tmp_path: Path) -> None:
    import os

    note = tmp_path / "a.txt"
    note.write_text("A title\n\nThe body of a note.\n", encoding="utf-8")
    env = {**os.environ, "GLOSS_LIBRARY": server_url}
    for args in (["import", str(note)], ["search", "body", "--json"]):
        done = subprocess.run(
            [sys.executable, str(REPO_ROOT / "main.py"), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
    assert [hit["id"] for hit in json.loads(done.stdout)] == [1]


def test_article_texts_are_compressed_with_lz4(server_url: str) -> None:
    """A text is read for every search result's snippet: LZ4 decompresses faster than the
    default pglz, and compresses faster on import (the original and search vector too). A
    library made before gets the setting when opened."""
    from models.storing import store_drafts
    from tests.conftest import draft

    compression = (
        "SELECT attcompression FROM pg_attribute "
        "WHERE attrelid = 'article'::regclass AND attname = 'text'"
    )
    open_library(server_url)
    if database.execute_sql(compression).fetchone()[0] != "l":
        close_library()
        pytest.skip("the server is built without LZ4")
    text = " ".join(f"Sentence number {n} of a long text." for n in range(200))
    store_drafts([draft(text)], "test", "long.txt")
    stored = "SELECT pg_column_compression(text) FROM article"
    assert database.execute_sql(stored).fetchall() == [("lz4",)]
    each_column = (
        "SELECT attname, attcompression FROM pg_attribute WHERE attrelid = 'article'::regclass "
        "AND attname IN ('text', 'raw', 'search_vector') ORDER BY attname"
    )
    assert database.execute_sql(each_column).fetchall() == [
        ("raw", "l"),
        ("search_vector", "l"),
        ("text", "l"),
    ]
    database.execute_sql("ALTER TABLE article ALTER COLUMN raw SET COMPRESSION default")
    close_library()  # as a library made before the setting
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as other:  # another coder at work
        other.execute("BEGIN")
        other.execute("LOCK TABLE article IN SHARE UPDATE EXCLUSIVE MODE")
        open_library(server_url)  # opens all the same, without the setting
        assert database.execute_sql(each_column).fetchall()[0] == ("raw", "")
        assert Article.get().text == text
        close_library()
        other.execute("ROLLBACK")
    open_library(server_url)  # and a later open sets it
    assert database.execute_sql(each_column).fetchall()[0] == ("raw", "l")
    assert Article.get().text == text
    close_library()
