"""Shared fixtures: a fresh library file per test (never :memory:, workers open their own)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from importers.draft import ArticleDraft, make_block
from models.db import close_library, open_library
from models.logs import LOG_DIR_ENV
from tests.backends import POSTGRESQL, SQLITE, fresh_location, pg_server  # noqa: F401

# CI explores the same examples every run, so a landing is never decided by chance; local
# runs keep exploring new ones (and found real bugs that way).
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS = REPO_ROOT.parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Logs of a test (main() sets logging up) go to its own folder, never the user's."""
    folder = tmp_path / "logs"
    monkeypatch.setenv(LOG_DIR_ENV, str(folder))
    yield folder
    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.name == "gloss"]:
        root.removeHandler(handler)
        handler.close()


@pytest.fixture(autouse=True)
def _coder_setting(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Tests never read or write the user's coder setting; a set $GLOSS_CODER keeps the window
    from asking who codes (a modal dialog) when a test starts it the way main.py does."""
    from models import coders

    monkeypatch.setenv(coders.CONFIG_ENV, str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv(coders.CODER_ENV, "Test Coder")
    monkeypatch.setattr(coders, "_current", None)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "both_backends: run on SQLite and on PostgreSQL (tests/backends.py)"
    )
    config.addinivalue_line(
        "markers",
        "sqlite_only(reason): in a both_backends module, a test of SQLite's own behaviour",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.get_closest_marker("both_backends"):
        metafunc.fixturenames.append("backend")
        only_sqlite = metafunc.definition.get_closest_marker("sqlite_only")
        metafunc.parametrize("backend", [SQLITE] if only_sqlite else [SQLITE, POSTGRESQL])


@pytest.fixture
def library_location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path | str]:
    """Where this test's library lives: a file, or (both_backends) a fresh server database."""
    yield from fresh_location(request, tmp_path)


@pytest.fixture
def library(library_location: Path | str, tmp_path: Path) -> Iterator[Path | str]:
    location = (
        tmp_path / "library.sqlite" if isinstance(library_location, Path) else library_location
    )
    open_library(location)
    yield location
    close_library()


def draft(*paragraphs: str, title: str = "A title", **fields: object) -> ArticleDraft:
    """A draft of plain paragraphs, for tests that need an article but not an importer."""
    blocks = [b for b in (make_block("paragraph", p) for p in paragraphs) if b is not None]
    return ArticleDraft(blocks=blocks, title=title, raw=b"raw", **fields)  # type: ignore[arg-type]


def many_articles(count: int) -> list[int]:
    """Store `count` small articles in one import; their ids."""
    from models.storing import store_drafts

    drafts = [draft(f"Text number {n}.", title=f"T{n}") for n in range(count)]
    return [result.article_id for result in store_drafts(drafts, "test", "many.txt")]


@pytest.fixture
def add_article(library: Path):  # type: ignore[no-untyped-def]
    """Store an article made of the given paragraphs; returns its id."""
    from models.storing import store_drafts

    def add(*paragraphs: str, **fields: object) -> int:
        [result] = store_drafts([draft(*paragraphs, **fields)], "test", "test.txt")
        return result.article_id

    return add


@pytest.fixture
def statements_during():  # type: ignore[no-untyped-def]
    """`statements_during(run)`: the SQL statements run() sends on this thread's connection
    (to show what a write reads back)."""
    from models.schema import database

    def trace(run) -> list[str]:  # type: ignore[no-untyped-def]
        sent: list[str] = []
        connection = database.connection()
        connection.set_trace_callback(sent.append)
        try:
            run()
        finally:
            connection.set_trace_callback(None)
        return sent

    return trace


@pytest.fixture
def few_sql_variables(library: Path) -> Iterator[int]:
    """SQLite taking only 999 bound variables a statement (its limit before 3.32), so a test
    shows with a thousand ids what a whole library's would do at today's 32,766."""
    import sqlite3

    from models.schema import database

    connection = database.connection()
    if not isinstance(connection, sqlite3.Connection):  # a server: the test runs at its limits
        yield 999
        return
    old = connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    yield 999
    connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, old)
