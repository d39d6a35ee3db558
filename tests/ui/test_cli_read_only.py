"""A library this user cannot write (a read-only file or folder): the command line reads it,
and refuses each write in one line, exit 1, leaving every byte as it was."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from models.annotating import annotate_quote
from models.db import close_library, open_library
from models.storing import store_drafts
from tests.conftest import draft
from tests.filesystems import read_only_file, remount_read_only, small_tmpfs
from tests.ui.test_cli_library_errors import gloss


def make_library(path: Path) -> None:
    open_library(path)
    store_drafts([draft("Officials denied the report.", title="Denial")], "test", "a.txt")
    store_drafts([draft("Nothing else happened.", title="Calm")], "test", "b.txt")
    annotate_quote(1, "denied", note="key", tags=["Actors/Officials"])
    close_library()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextmanager
def read_only_library(tmp_path: Path, how: str) -> Iterator[Path]:
    """A library with two articles and one annotation, then made read-only `how`."""
    if how == "folder":
        with small_tmpfs(tmp_path / "disk", "8m") as disk:
            make_library(disk / "lib.sqlite")
            remount_read_only(disk)
            yield disk / "lib.sqlite"
    else:
        make_library(tmp_path / "lib.sqlite")
        with read_only_file(tmp_path / "lib.sqlite") as library:
            yield library


REASONS = {"folder": "its folder is read-only", "file": "the file is read-only"}


@pytest.mark.parametrize("how", ["folder", "file"])
def test_reading_works_and_each_write_is_refused_in_one_line(tmp_path: Path, how: str) -> None:
    with read_only_library(tmp_path, how) as library:
        before = digest(library)

        listed = json.loads(gloss(library, "list", "--json").stdout)
        assert [row["title"] for row in listed] == ["Denial", "Calm"]
        shown = json.loads(gloss(library, "show", "1", "--json").stdout)
        assert [(a["quote"], a["tags"]) for a in shown["annotations"]] == [
            ("denied", ["Actors/Officials"])
        ]
        found = gloss(library, "search", "denied", "--json")
        assert [hit["id"] for hit in json.loads(found.stdout)] == [1], found.stderr
        target = tmp_path / "out.csv"
        exported = gloss(library, "export", "-o", target)
        assert exported.returncode == 0, exported.stderr
        rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
        assert [row["quote"] for row in rows] == ["denied"]

        article = tmp_path / "new.txt"
        article.write_text("date 2024-01-02 A new lead.\n\nBody.\n", encoding="utf-8")
        for command in (["import", article], ["annotate", "2", "--quote", "Nothing"]):
            done = gloss(library, *command)
            assert done.returncode == 1
            assert done.stderr == (
                f"gloss: {library}: read-only ({REASONS[how]}): "
                "Gloss can show this library but not change it\n"
            )
        assert digest(library) == before
