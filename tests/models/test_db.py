import ast
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from models import codebook, db, migrations
from models.db import close_library, open_library, schema_version
from models.errors import LibraryError, LibraryTooNew, ReadOnlyLibrary, read_only_reason
from models.schema import (
    Annotation,
    AnnotationTag,
    Article,
    ArticleTag,
    SavedSearch,
    SchemaVersion,
    Tag,
    database,
)
from models.schema import driver as database_driver
from tests.conftest import REPO_ROOT
from tests.filesystems import read_only_file, remount_read_only, small_tmpfs
from tests.sqlite_locks import library_files_locked, needs_proc_locks


def test_new_library_gets_latest_schema_and_pragmas(library: Path) -> None:
    assert schema_version() == max(migrations.MIGRATIONS)
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1


@pytest.mark.parametrize(
    "model", [SchemaVersion, Article, Tag, Annotation, AnnotationTag, SavedSearch, ArticleTag]
)
def test_frozen_migration_sql_matches_the_models(library: Path, model: type) -> None:
    columns = {c.name for c in database.get_columns(model._meta.table_name)}
    assert columns == {f.column_name for f in model._meta.sorted_fields}


def test_reopening_does_not_migrate_or_back_up(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    open_library(path)
    close_library()
    open_library(path)
    close_library()
    assert [p.name for p in tmp_path.iterdir() if ".bak" in p.name] == []


def test_library_from_a_newer_gloss_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    open_library(path)
    SchemaVersion.update(version=99).execute()
    close_library()
    before = path.read_bytes()
    with pytest.raises(LibraryTooNew, match="newer Gloss"):
        open_library(path)
    assert path.read_bytes() == before


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(LibraryError, match="not a Gloss library"):
        open_library(path)
    assert path.read_bytes() == b"these are my notes, not a database" * 100


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE songs (id INTEGER)")
    with pytest.raises(LibraryError, match="not a Gloss library"):
        open_library(path)


def _add_migration(monkeypatch: pytest.MonkeyPatch, sql: str) -> None:
    monkeypatch.setitem(migrations.MIGRATIONS, max(migrations.MIGRATIONS) + 1, sql)


def test_migration_backs_up_then_upgrades(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "lib.sqlite"
    open_library(path)
    Tag.create(path="kept")
    close_library()
    old = max(migrations.MIGRATIONS)
    _add_migration(monkeypatch, 'CREATE TABLE "extra" ("id" INTEGER PRIMARY KEY);')
    open_library(path)
    assert schema_version() == old + 1
    assert database.table_exists("extra")
    close_library()
    [backup] = [p for p in tmp_path.iterdir() if p.name.startswith(f"lib.sqlite.v{old}-")]
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT path FROM tag").fetchall() == [("kept",)]
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(old,)]


def test_failing_migration_rolls_back_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "lib.sqlite"
    open_library(path)
    close_library()
    old = max(migrations.MIGRATIONS)
    _add_migration(
        monkeypatch, 'CREATE TABLE "half" ("id" INTEGER);\nCREATE TABLE "tag" ("id" INTEGER);'
    )
    with pytest.raises(LibraryError):
        open_library(path)
    close_library()
    monkeypatch.delitem(migrations.MIGRATIONS, old + 1)
    open_library(path)
    assert schema_version() == old
    assert not database.table_exists("half")


def test_every_change_is_visible_to_a_second_connection(library: Path) -> None:
    Tag.create(path="Committed")
    with sqlite3.connect(library) as other:
        assert other.execute("SELECT path FROM tag").fetchall() == [("Committed",)]


def test_deleting_an_article_deletes_its_annotations(add_article, library: Path) -> None:
    from models.annotating import annotate_quote

    article = add_article("One two three.")
    annotate_quote(article, "two", tags=["T"])
    Article.delete_by_id(article)
    assert Annotation.select().count() == 0
    assert AnnotationTag.select().count() == 0
    assert Tag.select().count() == 1


@needs_proc_locks
def test_backup_copies_the_wal_content_through_the_open_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "lib.sqlite"
    open_library(path)
    Tag.create(path="only in the WAL so far")
    opened: list[str] = []

    def connect(name: str, **options: object) -> sqlite3.Connection:
        opened.append(name)
        return database_driver.connect(name, **options)

    monkeypatch.setattr(db, "driver", SimpleNamespace(connect=connect))
    held = library_files_locked(path)
    target = db.backup_library(path, 1)
    assert opened == [str(target)]  # a second connection to the library would be a second fd
    assert library_files_locked(path) == held
    close_library()
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT path FROM tag").fetchall() == [("only in the WAL so far",)]


def test_upgrading_a_v1_library_indexes_what_it_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.sqlite"
    later = dict(migrations.MIGRATIONS)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: migrations.V1})
    open_library(path)
    database.execute_sql(
        "INSERT INTO article (title, source, author, url, text, structure, raw, format,"
        " origin_path, content_hash, word_count, imported_at)"
        " VALUES ('Old', '', '', '', 'kept from before', '[]', x'', 't', '', 'h', 3, 'now')"
    )
    close_library()
    monkeypatch.setattr(migrations, "MIGRATIONS", later)
    open_library(path)
    assert schema_version() == max(later)
    hits = database.execute_sql(
        "SELECT rowid FROM article_fts WHERE article_fts MATCH 'before'"
    ).fetchall()
    assert hits == [(1,)]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("old.sqlite.v1-")]


def test_statements_keep_trigger_bodies_whole() -> None:
    found = migrations.statements(migrations.V2)
    triggers = [s for s in found if s.startswith("CREATE TRIGGER")]
    assert len(triggers) == 6 and all(t.endswith("END;") for t in triggers)


def test_this_process_connects_to_libraries_only_through_peewees_driver() -> None:
    """A second SQLite library in the process (the standard sqlite3 beside peewee's pysqlite3)
    would keep its own table of open files, and closing its descriptor drops peewee's locks."""
    allowed = {"models/export_worker.py"}  # runs in a process of its own
    found = []
    for folder in ("models", "ui", "importers"):
        for source in sorted((REPO_ROOT / folder).rglob("*.py")):
            name = source.relative_to(REPO_ROOT).as_posix()
            for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and ast.unparse(node.func) == "sqlite3.connect"
                    and ast.unparse(node.args[0]) != "':memory:'"
                    and name not in allowed
                ):
                    found.append(f"{name}:{node.lineno}")
    assert found == []


def other_programs_database(path: Path) -> bytes:
    """An SQLite file of another program (rollback journal, the default); its bytes."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('mine')")
    conn.commit()
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize("kind", ["other SQLite file", "not SQLite"])
def test_a_file_refused_as_not_a_library_is_left_exactly_as_it_was(
    tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "other.db"
    if kind == "not SQLite":
        path.write_bytes(b"plain words, not a database\n" * 200)
        before = path.read_bytes()
    else:
        before = other_programs_database(path)
    with pytest.raises(LibraryError, match="not a Gloss library"):
        open_library(path)
    assert path.read_bytes() == before  # still in its own journal mode: not switched to WAL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_a_read_only_library_reads_and_refuses_every_write_transaction(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    open_library(path)
    Tag.create(path="Kept")
    close_library()
    with read_only_file(path):
        before = path.read_bytes()
        open_library(path)
        try:
            assert read_only_reason() == "the file is read-only"
            assert [t.path for t in Tag.select()] == ["Kept"]
            with pytest.raises(ReadOnlyLibrary, match="read-only .the file is read-only."):
                codebook.create_tag("New")  # any write transaction, saving() or not
        finally:
            close_library()
        assert path.read_bytes() == before


def test_no_library_is_created_in_a_read_only_folder(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "disk", "1m") as disk:
        remount_read_only(disk)
        with pytest.raises(LibraryError, match="cannot create a library here: its folder is"):
            open_library(disk / "new.sqlite")
