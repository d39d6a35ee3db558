"""Opening a library on a worker thread while the other threads stay on the one open."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from models.db import close_library, open_library
from models.opening import OpenedLibrary, open_elsewhere
from models.schema import Article, database
from models.storing import store_drafts
from tests.conftest import draft

pytestmark = pytest.mark.both_backends


def titles() -> list[str]:
    return sorted(a.title for a in Article.select())


def test_a_library_opened_on_a_worker_binds_only_that_thread_until_taken(
    library_location: Path | str, tmp_path: Path
) -> None:
    new_location = library_location
    open_library(new_location)
    store_drafts([draft("New text.", title="New")], "test", "new.txt")
    close_library()
    old = open_library(tmp_path / "old.sqlite")
    store_drafts([draft("Old text.", title="Old")], "test", "old.txt")
    seen_on_worker: list[object] = []
    found: list[OpenedLibrary] = []

    def work() -> None:
        opened = open_elsewhere(new_location)
        seen_on_worker.append(database.obj)  # the block is over: the shared binding again
        found.append(opened)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()

    [opened] = found
    assert seen_on_worker == [old] and database.obj is old and titles() == ["Old"]
    assert (opened.connection is not None) == isinstance(new_location, str)  # a server's moves
    opened.take()
    try:
        assert database.obj is opened.db and titles() == ["New"]
        assert opened.connection is None
    finally:
        close_library()
        old.close()


def test_a_discarded_library_leaves_the_open_one_as_it_was(
    library_location: Path | str, tmp_path: Path
) -> None:
    old = open_library(tmp_path / "old.sqlite")
    store_drafts([draft("Old text.", title="Old")], "test", "old.txt")
    found: list[OpenedLibrary] = []
    worker = threading.Thread(target=lambda: found.append(open_elsewhere(library_location)))
    worker.start()
    worker.join()
    found[0].discard()
    assert found[0].connection is None
    assert database.obj is old and titles() == ["Old"]
    close_library()
