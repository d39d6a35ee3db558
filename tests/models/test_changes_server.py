"""The change log on PostgreSQL: a write's commit wakes a watcher at once (LISTEN/NOTIFY), and
edits on a stale copy are refused there too. Needs a server: GLOSS_TEST_PG_URL names an empty
database (scripts that start a private cluster set it); skipped without one."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from models import changes
from models.db import open_library
from models.schema import database


@pytest.fixture
def server_log(pg_server) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """A fresh library on the test server, opened as Gloss opens one."""
    with pg_server.fresh() as url:
        open_library(url)
        yield


def test_a_commit_wakes_a_watcher_at_once_and_it_reads_only_others_rows(server_log) -> None:
    assert changes.is_server()
    start = changes.last_change_id()
    watcher = changes.ChangeWatcher()
    listening, woke = threading.Event(), threading.Event()

    def watch() -> None:
        try:
            watcher.wait(0.01)  # connects and LISTENs; nothing to hear yet
            listening.set()
            watcher.wait(120)  # far longer than the test waits: only a NOTIFY ends it early
            woke.set()
        finally:
            watcher.close()

    thread = threading.Thread(target=watch)
    thread.start()
    assert listening.wait(30)
    with changes.writing_as("mine"), database.atomic():
        changes.record("codebook", coder="Ada")
    with changes.writing_as("theirs"), database.atomic():
        changes.record("annotation", action="insert", article_id=3, annotation_id=7)
    assert woke.wait(30), "the commit's NOTIFY did not wake the watcher"
    watcher.stop()
    thread.join(10)
    [theirs] = changes.changes_since(start, skip_origin="mine")
    assert (theirs.kind, theirs.action, theirs.article_id, theirs.annotation_id) == (
        "annotation",
        "insert",
        3,
        7,
    )


def test_stop_ends_a_wait_on_a_server(server_log) -> None:
    watcher = changes.ChangeWatcher()
    done = threading.Event()

    def watch() -> None:
        try:
            watcher.wait(120)
            done.set()
        finally:
            watcher.close()

    thread = threading.Thread(target=watch)
    thread.start()
    watcher.stop()
    assert done.wait(30)
    thread.join(10)
