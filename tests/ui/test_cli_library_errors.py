"""The command line when the library cannot take a write: one line naming it and why, exit 1.

Run in this process (main.main) so that a write gives up on a busy library after a moment,
not after the real 10 s; the lock itself is held by another process, as another program would.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import main
from models import db
from models.db import close_library, open_library
from models.storing import store_drafts
from tests.conftest import REPO_ROOT, draft
from tests.filesystems import fill_up, small_tmpfs, write_articles
from tests.models.test_db import other_programs_database
from tests.ui.test_cli import Gloss


def gloss(library: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """The command line as a process of its own."""
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "main.py"), "--library", str(library), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


HOLD_WRITE_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
sys.stdin.read()  # until the test closes our stdin
conn.execute("ROLLBACK")
"""


@contextmanager
def write_lock_held_elsewhere(library: Path) -> Iterator[None]:
    """Another program holds the library's write lock meanwhile."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE_LOCK, str(library)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        yield
    finally:
        holder.communicate("", timeout=30)


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    """A library with one article, closed again: the command opens it as a user would."""
    path = tmp_path / "lib.sqlite"
    open_library(path)
    store_drafts([draft("Officials denied the report.")], "test", "a.txt")
    close_library()
    return path


@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "new.txt"
    path.write_text("date 2024-01-02 A new lead.\n\nBody.\n", encoding="utf-8")
    return path


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(db.PRAGMAS, "busy_timeout", 200)


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_import_while_another_program_holds_the_write_lock(
    existing: Path, article_file: Path, short_wait: None, capsys: pytest.CaptureFixture[str]
) -> None:
    with write_lock_held_elsewhere(existing):
        status = main.main(["--library", str(existing), "import", str(article_file)])
    assert status == 1
    line = one_error_line(capsys)
    assert line.startswith(f"gloss: {existing}: ") and "busy" in line
    assert main.main(["--library", str(existing), "list", "--json"]) == 0
    assert "A new lead" not in capsys.readouterr().out  # nothing was stored


def test_annotate_while_another_program_holds_the_write_lock(
    existing: Path, short_wait: None, capsys: pytest.CaptureFixture[str]
) -> None:
    with write_lock_held_elsewhere(existing):
        status = main.main(["--library", str(existing), "annotate", "1", "--quote", "denied"])
    assert status == 1
    line = one_error_line(capsys)
    assert line.startswith(f"gloss: {existing}: could not save: busy")


@pytest.mark.parametrize("command", [["import", "FILE"], ["annotate", "1", "--quote", "denied"]])
def test_a_write_refused_as_read_only_is_one_line(
    existing: Path,
    article_file: Path,
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """SQLite refuses every write on this connection (as on a file made read-only after it was
    opened): SQLITE_READONLY, "attempt to write a readonly database"."""
    monkeypatch.setitem(db.PRAGMAS, "query_only", 1)
    args = [str(article_file) if arg == "FILE" else arg for arg in command]
    assert main.main(["--library", str(existing), *args]) == 1
    line = one_error_line(capsys)
    assert line.startswith(f"gloss: {existing}: ") and "read-only" in line


def stored_ids(library: Path) -> set[int]:
    """What the file holds, read by a process of its own."""
    listing = gloss(library, "list", "--json")
    assert listing.returncode == 0, listing.stderr
    return {row["id"] for row in json.loads(listing.stdout)}


def test_import_onto_a_full_disk_says_so_and_reports_what_was_stored(tmp_path: Path) -> None:
    files = write_articles(tmp_path / "in", 1500)
    with small_tmpfs(tmp_path / "disk", "1m") as disk:
        library = disk / "lib.sqlite"
        done = gloss(library, "import", files, "--json")
        assert done.returncode == 1
        assert "Traceback" not in done.stderr
        assert done.stderr.splitlines()[-1].startswith(f"gloss: {library}: import stopped (")
        assert done.stderr.rstrip().endswith("not imported): disk full")
        report = json.loads(done.stdout)
        assert report["stopped"] == "disk full"
        assert len(report["imported"]) + len(report["failed"]) == 1500
        assert not [f for f in report["failed"] if "rollback" in f["error"]]
        subprocess.run(["mount", "-o", "remount,size=8m", str(disk)], check=True)
        assert stored_ids(library) == {i["id"] for i in report["imported"]}


def test_annotate_on_a_full_disk_says_disk_full(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "disk", "2m") as disk:
        library = disk / "lib.sqlite"
        open_library(library)
        store_drafts([draft("Officials denied the report.")], "test", "a.txt")
        close_library()
        fill_up(disk, leave=48 * 1024)  # room to open the library, not for a long note
        done = gloss(library, "annotate", "1", "--quote", "denied", "--note", "n" * 100_000)
        assert done.returncode == 1
        assert done.stderr == f"gloss: {library}: could not save: disk full\n"
        fill_up(disk)  # not even room for the shared-memory file SQLite needs to read
        done = gloss(library, "list")
        assert done.returncode == 1
        assert done.stderr == f"gloss: {library}: cannot open the library: disk full\n"


def test_another_programs_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "theirs"  # (tmp_path also holds the test's log folder)
    folder.mkdir()
    other = folder / "other.db"
    before = other_programs_database(other)
    for command in (["list"], ["import", str(other)]):
        done = gloss(other, *command)
        assert done.returncode == 1
        assert done.stderr.startswith(f"gloss: {other}: not a Gloss library")
        assert len(done.stderr.splitlines()) == 1
    assert other.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["other.db"]


def test_an_unreachable_server_is_one_line_without_the_password(tmp_path: Path) -> None:
    result = Gloss("postgresql://ann:s3cret@127.0.0.1:1/team").run("list")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "s3cret" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("gloss: postgresql://ann:***@127.0.0.1:1/team: cannot open the library")
