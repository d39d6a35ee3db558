"""Running a test on both backends: SQLite and a PostgreSQL server (GLOSS_TEST_PG_URL).

A test marked `both_backends` runs twice; its `library_location` (and `library`) is a fresh
file, or a fresh database cloned from a template that holds the empty schema (fast: no schema
built per test). scripts/test.sh starts a private server and sets GLOSS_TEST_PG_URL; without
it the PostgreSQL runs skip, saying why.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

PG_URL_ENV = "GLOSS_TEST_PG_URL"
SQLITE, POSTGRESQL = "sqlite", "postgresql"
_TEMPLATE = "gloss_template"
_numbers = itertools.count()


def server_url() -> str | None:
    return os.environ.get(PG_URL_ENV) or None


def database_url(name: str) -> str:
    base = server_url()
    assert base is not None
    return base.rsplit("/", 1)[0] + "/" + name


def _admin() -> Any:
    import psycopg

    return psycopg.connect(server_url(), autocommit=True)


class Server:
    """Fresh databases on the test server, each a copy of the template."""

    def __init__(self) -> None:
        self.prefix = f"gloss_test_{os.getpid()}_"
        with _admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {_TEMPLATE}_{os.getpid()} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {_TEMPLATE}_{os.getpid()}")
        from models.db import close_library, open_library

        open_library(database_url(f"{_TEMPLATE}_{os.getpid()}"))
        close_library()

    def new_database(self, empty: bool = False) -> str:
        """A new database holding an empty library (`empty`: nothing at all)."""
        name = f"{self.prefix}{next(_numbers)}"
        template = "template0" if empty else f"{_TEMPLATE}_{os.getpid()}"
        with _admin() as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
        return name

    @contextmanager
    def fresh(self) -> Iterator[str]:
        """The URL of a new library database, closed and dropped after the block."""
        name = self.new_database()
        try:
            yield database_url(name)
        finally:
            from models.db import close_library

            close_library()
            self.drop(name)

    def drop(self, name: str) -> None:
        with _admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def close(self) -> None:
        self.drop(f"{_TEMPLATE}_{os.getpid()}")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    if server_url() is None:
        pytest.skip(f"no PostgreSQL server for the tests (${PG_URL_ENV} is not set)")
    server = Server()
    yield server
    server.close()


@contextmanager
def another_writer(library: Any) -> Iterator[None]:
    """Another program in the middle of a write to the library at `library` (a file or a URL):
    it holds the write lock (SQLite's IMMEDIATE lock; on PostgreSQL Gloss's advisory lock,
    which every writing transaction takes first) until the block ends."""
    if not isinstance(library, str):
        import sqlite3

        other: Any = sqlite3.connect(library, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
    else:
        import psycopg

        from models.backend_pg import _WRITE_LOCK  # (the number is its only secret)

        other = psycopg.connect(library, autocommit=True)
        other.execute("BEGIN")
        other.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def fresh_location(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Any]:
    """A new library's location for this test: a file, or a new database on the server."""
    backend = getattr(getattr(request.node, "callspec", None), "params", {}).get("backend")
    if backend != POSTGRESQL:
        yield tmp_path / "lib.sqlite"
        return
    server: Server = request.getfixturevalue("pg_server")
    with server.fresh() as url:
        yield url
