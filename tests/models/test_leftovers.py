"""What a killed export leaves behind goes at the next start, and nothing else does."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from models import leftovers

REPO_ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="tells dead processes by pid")


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A temporary folder and a state folder of the test's own, here and in subprocesses."""
    temp, state = tmp_path / "tmp", tmp_path / "state"
    temp.mkdir()
    for name, value in (("TMPDIR", temp), ("XDG_STATE_HOME", state)):
        monkeypatch.setenv(name, str(value))
    monkeypatch.setattr(leftovers.tempfile, "tempdir", None)  # gettempdir() asks TMPDIR again
    return dict(os.environ)


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", ""])
    process.wait()
    return process.pid


def run_until_killed(script: str, env: dict[str, str]) -> None:
    """Run `script` until it prints a line, then kill -9 it."""
    code = f"import sys; sys.path.insert(0, {str(REPO_ROOT)!r})\n" + textwrap.dedent(script)
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, env=env)
    assert process.stdout is not None
    with process.stdout:
        assert process.stdout.readline(), "the script ended before it was ready"
    process.send_signal(signal.SIGKILL)
    process.wait()


def test_a_killed_export_leaves_files_that_the_next_start_removes(
    tmp_path: Path, env: dict[str, str]
) -> None:
    target = tmp_path / "out" / "export.csv"
    target.parent.mkdir()
    target.write_text("the old export\n")
    run_until_killed(
        f"""
        import time
        from pathlib import Path
        from models.files import write_text_atomically

        def write(out):
            out.write("half an export")
            print("writing", flush=True)
            time.sleep(600)

        write_text_atomically(Path({str(target)!r}), write)
        """,
        env,
    )
    run_until_killed(
        f"""
        import sqlite3
        from models.export_process import WorkerProcess
        sqlite3.connect({str(tmp_path / "lib.sqlite")!r}).close()
        worker = WorkerProcess.start({str(tmp_path / "lib.sqlite")!r}, "SELECT 1, 1", [])
        print(worker.output, flush=True)
        """,
        env,
    )
    beside = [p.name for p in target.parent.iterdir() if p.name != "export.csv"]
    in_temp = [p.name for p in (tmp_path / "tmp").iterdir()]
    assert len(beside) == 1 and beside[0].startswith(".export.csv.")
    assert len(in_temp) == 1 and in_temp[0].startswith("gloss-export-")

    start = subprocess.run(
        [sys.executable, str(REPO_ROOT / "main.py"), "--library", str(tmp_path / "l"), "list"],
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert start.returncode in (0, 1), start.stderr  # an empty library says so and exits 1
    assert [p.name for p in target.parent.iterdir()] == ["export.csv"]
    assert target.read_text() == "the old export\n"
    assert list((tmp_path / "tmp").iterdir()) == []
    assert list(leftovers.notes_folder().iterdir()) == []


def note(path: Path, pid: int, host: str | None = None) -> Path:
    folder = leftovers.notes_folder()
    folder.mkdir(parents=True, exist_ok=True)
    written = folder / f"{pid}-{path.name}.json"
    record = {"host": host or socket.gethostname(), "pid": pid, "path": str(path)}
    written.write_text(json.dumps(record))
    return written


@pytest.mark.usefixtures("env")
def test_files_of_live_processes_other_hosts_and_other_names_stay(tmp_path: Path) -> None:
    live = tmp_path / ".live.csv.0123abcd"
    remote = tmp_path / ".remote.csv.0123abcd"
    not_ours = tmp_path / "thesis.docx"
    dead = tmp_path / ".dead.csv.89abcdef"
    for path in (live, remote, not_ours, dead):
        path.write_text("x")
    gone = dead_pid()
    live_note = note(live, os.getpid())
    remote_note = note(remote, gone, host="another-machine")
    note(not_ours, gone + 1_000_000)  # no such pid, but not a name Gloss writes
    note(dead, gone)
    working = tmp_path / "tmp" / f"gloss-export-{os.getpid()}-abc.csv"
    stale = tmp_path / "tmp" / f"gloss-export-{gone}-def.csv"
    unrelated = tmp_path / "tmp" / "gloss-export-notes.csv"
    for path in (working, stale, unrelated):
        path.write_text("x")

    assert sorted(leftovers.remove_stale_files()) == sorted([str(stale), str(dead)])
    assert all(p.exists() for p in (live, remote, not_ours, working, unrelated))
    assert sorted(leftovers.notes_folder().iterdir()) == sorted([live_note, remote_note])
