"""Coders: who is recorded on an annotation, how the name is chosen, how old libraries migrate."""

from __future__ import annotations

from pathlib import Path

import pytest

from models import coders, migrations
from models.annotating import annotate_quote
from models.annotation_edits import delete_annotation, restore_annotation
from models.coders import chosen_coder, current_coder, save_coder, saved_coder, set_coder
from models.db import close_library, open_library, schema_version
from models.schema import database
from models.search import search_annotations, search_articles

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch) -> None:
    monkeypatch.delenv(coders.CODER_ENV)


def test_the_option_beats_the_environment_beats_the_window(monkeypatch) -> None:
    assert chosen_coder() is None and saved_coder() is None
    save_coder("  Window   User ")
    assert saved_coder() == "Window User"
    assert chosen_coder() == "Window User"
    monkeypatch.setenv(coders.CODER_ENV, "env coder")
    assert chosen_coder() == "env coder"
    assert chosen_coder("option coder") == "option coder"


def test_without_any_setting_the_system_user_codes(monkeypatch) -> None:
    monkeypatch.setattr(coders, "system_user_name", lambda: "Ada Lovelace")
    assert current_coder() == "Ada Lovelace"
    set_coder("Grace")
    assert current_coder() == "Grace"


def test_the_system_user_name_is_the_full_name(monkeypatch) -> None:
    import pwd

    class Entry:
        pw_gecos, pw_name = "Ada Lovelace,Room 1,,", "ada"

    monkeypatch.setattr(pwd, "getpwuid", lambda uid: Entry)
    assert coders.system_user_name() == "Ada Lovelace"
    Entry.pw_gecos = ""
    assert coders.system_user_name() == "ada"


@pytest.mark.parametrize("bad", ["", "   ", "a\tb\x01", "x" * 101])
def test_bad_names_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        coders.normalize_coder(bad)


def test_annotations_record_their_coder_and_undo_keeps_it(add_article) -> None:
    article = add_article("Alpha beta gamma.")
    set_coder("alice")
    first = annotate_quote(article, "Alpha")
    second = annotate_quote(article, "beta", coder="bob")
    assert (first.coder, second.coder) == ("alice", "bob")
    assert first.as_json()["coder"] == "alice"
    restored = restore_annotation(delete_annotation(second.id))
    assert restored.coder == "bob"


def test_coder_filter_in_the_search_language(add_article) -> None:
    one = add_article("Alpha beta gamma.")
    two = add_article("Delta epsilon.")
    a = annotate_quote(one, "Alpha", coder="Ann Lee")
    annotate_quote(two, "Delta", coder="bob")
    assert [m.id for m in search_annotations('coder:"ann lee"')] == [a.id]
    assert [h.id for h in search_articles("coder:BOB")] == [two]
    assert [h.id for h in search_articles("-coder:bob")] == [one]
    assert search_articles("coder:carol") == []


def before_coders() -> dict[int, str]:
    """The migrations up to the one before coders (a later one may follow it)."""
    [version] = [v for v, sql in migrations.MIGRATIONS.items() if 'ADD COLUMN "coder"' in sql]
    return {v: migrations.MIGRATIONS[v] for v in range(1, version)}


def _old_library(path: Path, monkeypatch) -> None:
    """A library at the schema before coders, holding one annotation."""
    later = dict(migrations.MIGRATIONS)
    monkeypatch.setattr(migrations, "MIGRATIONS", before_coders())
    open_library(path)
    database.execute_sql(
        "INSERT INTO article (title, source, author, url, text, structure, raw, format,"
        " origin_path, content_hash, word_count, imported_at)"
        " VALUES ('Old', '', '', '', 'kept text', '[]', x'', 't', '', 'h', 2, 'now')"
    )
    database.execute_sql(
        'INSERT INTO annotation (article_id, start, "end", quote, prefix, suffix, note, color,'
        " created_at, updated_at) VALUES (1, 0, 4, 'kept', '', '', '', 'yellow', 'x', 'x')"
    )
    close_library()
    monkeypatch.setattr(migrations, "MIGRATIONS", later)


@pytest.mark.parametrize("window_coder", [None, "Ann Lee"])
def test_old_annotations_get_the_windows_coder_or_unknown(
    tmp_path: Path, monkeypatch, window_coder: str | None
) -> None:
    path = tmp_path / "old.sqlite"
    _old_library(path, monkeypatch)
    if window_coder:
        save_coder(window_coder)
    set_coder("someone else")  # --coder names who codes now, not who coded before
    open_library(path)
    try:
        assert schema_version() == max(migrations.MIGRATIONS)
        [(coder,)] = database.execute_sql("SELECT coder FROM annotation").fetchall()
        assert coder == (window_coder or "unknown")
    finally:
        close_library()
    assert len(list(tmp_path.glob("old.sqlite.v*.bak"))) == 1
