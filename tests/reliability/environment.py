"""Hostile surroundings: a full disk, a read-only library, a library another program holds
locked, and an SQLite file that is not a Gloss library."""

from __future__ import annotations

import os
import random
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from functools import cache
from pathlib import Path

from tests.reliability.checks import (
    Annotate,
    check_annotations_stored,
    check_imports_stored,
    check_library,
    count,
    expect_unchanged,
    reported_imports,
)
from tests.reliability.context import Context
from tests.reliability.harness import (
    PYTHON,
    TRACEBACK,
    Child,
    Result,
    expect_one_line_refusal,
    expect_success,
    failed,
    gloss,
    hang,
    lost,
    run,
    run_gloss,
)
from tests.reliability.inputs import copy_library
from tests.reliability.kills import reported_plan

DISK_FULL = r"disk.{0,6}full|no space"
READ_ONLY = r"read.?only"


class Skipped(Exception):
    """The trial cannot run here (not root, no mount); str() says why."""


@contextmanager
def tmpfs(mount_point: Path, kilobytes: int) -> Iterator[Path]:
    """A small tmpfs at `mount_point` (root only), always unmounted afterwards."""
    if os.geteuid() != 0:
        raise Skipped("needs root to mount a small tmpfs")
    mount_point.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k,mode=0777", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        timeout=20,
    )
    if done.returncode != 0:
        raise Skipped(f"mount failed: {done.stderr.strip()[:120]}")
    try:
        yield mount_point
    finally:
        if subprocess.run(["umount", str(mount_point)], capture_output=True, timeout=20).returncode:
            subprocess.run(["umount", "-l", str(mount_point)], capture_output=True, timeout=20)


def _remount_read_only(mount_point: Path) -> None:
    subprocess.run(
        ["mount", "-o", "remount,ro", str(mount_point)], check=True, capture_output=True, timeout=20
    )


def _fill(folder: Path, leave_bytes: int) -> Path:
    """A filler file that leaves about `leave_bytes` free on `folder`'s file system."""
    filler = folder / f"filler-{leave_bytes}"
    stats = os.statvfs(folder)
    free = stats.f_bavail * stats.f_frsize
    block = b"\0" * 65536
    with filler.open("ab") as out:
        try:
            for _ in range(max(0, free - leave_bytes) // len(block)):
                out.write(block)
            out.flush()
        except OSError:
            pass  # full: what was wanted
    return filler


def disk_full(ctx: Context, rng: random.Random) -> str:
    """Import onto a nearly full disk: the report matches what is stored and says the disk is
    full; annotate on the full disk is refused in one line (or saved); with room, all works."""
    here = ctx.trial_dir("disk-full")
    with tmpfs(here / "mnt", 3072 + ctx.base_library.stat().st_size // 1024) as mount:
        library = copy_library(ctx.base_library, mount / "library.sqlite")
        # Room for part of the import: an article takes about 3 times its file (raw, text,
        # index), WAL frames come on top.
        need = 3 * sum(f.path.stat().st_size for f in ctx.import_files)
        leave = max(16 * 1024, int(rng.uniform(0.05, 0.5) * need))
        _fill(mount, leave)
        stored = _import_onto_full_disk(ctx, here, library)
        article_id, text = ctx.articles(library)[0]
        mark = Annotate(article_id, text.split()[0])
        argv = ("annotate", str(article_id), "--quote", mark.quote)
        _fill(mount, 0)
        on_full = run_gloss(library, *argv, env=ctx.env(here))
        if on_full.returncode != 0 or on_full.orphans:  # saved in room the WAL kept is fine
            expect_one_line_refusal(on_full, "annotate on a full disk", DISK_FULL)
        for path in mount.glob("filler-*"):
            path.unlink()
        with_room = run_gloss(library, *argv, env=ctx.env(here))
        expect_success(with_room, "annotate with room again")
        check_library(library)
        done = reported_plan([mark, mark], f"@@ 0\n{on_full.stdout}@@ 1\n{with_room.stdout}")
        if check_annotations_stored(library, done) < 1:
            raise failed(f"annotate with room again said {with_room.last_line()!r}")
    return f"{stored} of {len(ctx.import_files)} stored with {leave // 1024} KB free"


def _import_onto_full_disk(ctx: Context, here: Path, library: Path) -> int:
    """The import's report matches what it stored; returns how many articles that is."""
    before = count(library, "article")
    files = ctx.import_files
    result = run_gloss(library, "import", str(files[0].path.parent), env=ctx.env(here))
    if result.timed_out:
        raise hang(f"import on a full disk: still running after {result.seconds:.0f} s")
    if TRACEBACK.search(result.stderr):
        raise failed(f"import on a full disk: traceback ending {result.last_line()!r}")
    reported = reported_imports(result.stdout)
    stored = count(library, "article") - before
    if len(reported) > stored:
        raise lost(f"import reported {len(reported)} imported, {stored} stored")
    check_imports_stored(library, reported)
    if len(reported) != stored:
        raise failed(f"import reported {len(reported)} imported, but {stored} were stored")
    if stored < len(files) and result.returncode != 1:
        raise failed(f"import on a full disk: exit {result.returncode}")
    if stored < len(files) and not _mentions(result, DISK_FULL):
        raise failed(f"import on a full disk does not say so: {result.last_line()!r}")
    return stored


def _mentions(result: Result, pattern: str) -> bool:
    return re.search(pattern, f"{result.stdout}\n{result.stderr}", re.I) is not None


def _read_only_checks(ctx: Context, library: Path, here: Path, **options: object) -> None:
    """Reading works; writing is refused in one line; the file is not touched."""
    before = library.read_bytes()
    out = here / "tmp" / "export.csv"
    env = ctx.env(here) | {"HOME": str(here / "tmp")}
    for args in (
        ["list"],
        ["show", "1"],
        ["search", ctx.base_files[0].token],
        ["export", "-o", str(out)],
    ):
        expect_success(run_gloss(library, *args, env=env, **options), f"{args[0]} (read-only)")
    # From the copy's source: on a read-only mount SQLite cannot open a WAL library without
    # its -shm file, which Gloss (rightly) did not create.
    token = ctx.articles(ctx.base_library)[0][1].split()[0]
    for args in (["import", str(ctx.import_files[0].path)], ["annotate", "1", "--quote", token]):
        refused = run_gloss(library, *args, env=env, **options)
        expect_one_line_refusal(refused, f"{args[0]} (read-only)", READ_ONLY)
    expect_unchanged(before, library, "read-only library")


def read_only(ctx: Context, rng: random.Random) -> str:
    """A library in a read-only folder (as root: without the capabilities that let root write
    anyway), then, as root, on a file system mounted read-only."""
    del rng
    here = ctx.trial_dir("read-only")
    folder = here / "ro"
    library = copy_library(ctx.base_library, folder / "library.sqlite")
    os.chmod(library, 0o444)
    os.chmod(folder, 0o555)
    try:
        _read_only_checks(ctx, library, here, obey_permissions=True)
    finally:
        os.chmod(folder, 0o755)
    if os.geteuid() != 0:
        return "read-only folder (a read-only mount needs root)"
    with tmpfs(here / "mnt", 4096 + library.stat().st_size // 1024) as mount:
        mounted = copy_library(ctx.base_library, mount / "library.sqlite")
        _remount_read_only(mount)
        _read_only_checks(ctx, mounted, here)
    return "read-only folder and read-only mount"


_HOLDER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=5)
db.execute("BEGIN IMMEDIATE")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


_BUSY_TIMEOUT = """
import sys
from pathlib import Path
from models.db import open_library
print(open_library(Path(sys.argv[1])).execute_sql("PRAGMA busy_timeout").fetchone()[0])
"""


@cache
def lock_wait_seconds() -> float:
    """How long Gloss waits for another process's write lock: the busy timeout of a library
    it opens (asked of Gloss itself, wherever it sets it)."""
    with tempfile.TemporaryDirectory() as folder:
        result = run([PYTHON, "-c", _BUSY_TIMEOUT, f"{folder}/probe.sqlite"], 60)
    expect_success(result, "reading the busy timeout")
    return int(result.stdout.strip()) / 1000


@contextmanager
def hold_write_lock(library: Path, seconds: float) -> Iterator[None]:
    """Another program holds the library's write lock (BEGIN IMMEDIATE) for `seconds`, from
    before the body runs; it is stopped afterwards in any case."""
    holder = Child([PYTHON, "-c", _HOLDER, str(library), str(seconds)])
    try:
        deadline = time.monotonic() + 20
        while "held" not in holder.output()[0]:
            if holder.exited() or time.monotonic() > deadline:
                raise failed("the lock holder did not start")
            time.sleep(0.05)
        yield
    finally:
        holder.stop()


def locked(ctx: Context, rng: random.Random) -> str:
    """Another program holds the write lock for longer than Gloss waits: import and annotate
    give up in one line, exit 1; reading still works; nothing is half-written."""
    del rng
    here = ctx.trial_dir("locked")
    library = copy_library(ctx.base_library, here / "library.sqlite")
    before = count(library, "article")
    wait = lock_wait_seconds()
    quote = ctx.articles(library)[0][1].split()[0]
    env = ctx.env(here)
    with hold_write_lock(library, wait + 6):
        writers = {
            "import": Child(gloss(library, "import", str(ctx.import_files[0].path)), env=env),
            "annotate": Child(gloss(library, "annotate", "1", "--quote", quote), env=env),
        }
        reader = run_gloss(library, "list", env=env, timeout=wait)
        expect_success(reader, "list while another program holds the write lock")
        results = {}
        for name, child in writers.items():
            done = child.wait_until(child.started + wait + 20)
            results[name] = child.finish(timed_out=not done)
    for name, result in results.items():
        expect_one_line_refusal(result, f"{name} on a locked library")
    check_library(library)
    if count(library, "article") != before:
        raise failed("the refused import stored articles")
    return f"gave up after {max(r.seconds for r in results.values()):.1f} s"


def foreign_file(ctx: Context, rng: random.Random) -> str:
    """An SQLite file of another program is refused and left byte for byte as it was."""
    del rng
    here = ctx.trial_dir("foreign-file")
    other = here / "other.sqlite"
    with closing(sqlite3.connect(str(other))) as db, db:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        db.execute("INSERT INTO notes (body) VALUES ('not articles')")
    before = other.read_bytes()
    for args in (["list"], ["import", str(ctx.base_files[0].path)]):
        result = run_gloss(other, *args, env=ctx.env(here))
        expect_one_line_refusal(result, f"{args[0]} on another program's file", "not a Gloss")
        expect_unchanged(before, other, args[0])
    shutil.rmtree(here / "tmp", ignore_errors=True)
    return "refused, unchanged"
