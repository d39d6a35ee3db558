"""Worker processes die with the process that started them, even when it is killed -9.

Each test starts a real parent in a subprocess, waits until its workers run, kills the parent
and polls (bounded) until the workers are gone: no timing is asserted.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.parsing import PARALLEL_FROM_FILES, default_workers

REPO_ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 30.0

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="finds processes through Linux's /proc"
)


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and _stat(int(entry.name))[1] == pid:
            found.append(int(entry.name))
    return found


def _stat(pid: int) -> tuple[str, int]:
    """(state, parent pid) of a process; ("", 0) once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return "", 0
    return fields[0], int(fields[1])


def running(pid: int) -> bool:
    return _stat(pid)[0] not in ("", "Z")  # a zombie has ended, only its parent did not reap it


def wait_until(condition, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


@pytest.fixture
def killed_later() -> Iterator[list[int]]:
    """Pids to kill after the test, so a failing test leaves nothing running."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        if running(pid):
            os.kill(pid, signal.SIGKILL)


def kill_parent_then_expect_workers_gone(
    parent: subprocess.Popen[bytes], workers: list[int]
) -> None:
    parent.kill()
    parent.wait()
    if parent.stdout is not None:
        parent.stdout.close()
    wait_until(lambda: not any(running(pid) for pid in workers), f"workers {workers} outlived it")


def kill_script_then_expect_its_child_gone(script: str, killed_later: list[int]) -> None:
    """`script` prints the pid of the child it started, then sleeps until killed."""
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    killed_later.append(parent.pid)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    killed_later.append(child)
    assert running(child)
    kill_parent_then_expect_workers_gone(parent, [child])


def test_parsing_workers_die_with_a_killed_import(tmp_path: Path, killed_later: list[int]) -> None:
    expected = default_workers(PARALLEL_FROM_FILES)
    if expected < 2:
        pytest.skip("one core: the import parses in its own process")
    folder = tmp_path / "files"
    folder.mkdir()
    for n in range(3000):  # enough for worker processes, and for the import to last a while
        (folder / f"{n:05}.txt").write_text(f"Title {n}\n\nParagraph {n} of text.\n")
    parent = subprocess.Popen(
        [
            sys.executable,
            str(REPO_ROOT / "main.py"),
            "--library",
            str(tmp_path / "lib"),
            "import",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    killed_later.append(parent.pid)
    workers: list[int] = []

    def started() -> bool:
        workers[:] = children(parent.pid)
        return len(workers) >= expected or parent.poll() is not None

    wait_until(started, "no worker process started")
    assert parent.poll() is None, "the import ended before its workers could be seen"
    killed_later.extend(workers)
    kill_parent_then_expect_workers_gone(parent, workers)


def test_export_worker_dies_with_a_killed_parent(tmp_path: Path, killed_later: list[int]) -> None:
    library = tmp_path / "lib.sqlite"
    script = textwrap.dedent(
        f"""
        import sqlite3, sys, time
        sys.path.insert(0, {str(REPO_ROOT)!r})
        from models.export_process import WorkerProcess
        conn = sqlite3.connect({str(library)!r})
        conn.execute("CREATE TABLE schema_version (v)")
        conn.commit()
        conn.close()
        # A query that runs for minutes before its first row: the worker is busy, not waiting.
        slow = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                "WHERE x < 4000000000) SELECT 'line', max(x) FROM c")
        worker = WorkerProcess.start({str(library)!r}, slow, [])
        assert worker is not None and worker.go()
        print(worker.process.pid, flush=True)
        time.sleep(600)
        """
    )
    kill_script_then_expect_its_child_gone(script, killed_later)


def test_without_prctl_the_watch_thread_ends_an_orphan(
    tmp_path: Path, killed_later: list[int]
) -> None:
    """The fallback alone (other systems, or the moment before prctl takes effect)."""
    script = textwrap.dedent(
        f"""
        import os, sys, time
        sys.path.insert(0, {str(REPO_ROOT)!r})
        from models import lifeline
        parent = os.getpid()
        child = os.fork()
        if child == 0:
            lifeline.watch_parent(parent, interval=0.05)
            time.sleep(600)
            os._exit(0)
        print(child, flush=True)
        time.sleep(600)
        """
    )
    kill_script_then_expect_its_child_gone(script, killed_later)
