"""The window under faults: quitting right after undo and redo (at any moment from start),
and highlighting while another program holds the write lock (issue 11: quitting, defect 8)."""

from __future__ import annotations

import random
import re
import sqlite3
from contextlib import closing

from tests.reliability.checks import check_library
from tests.reliability.context import Context
from tests.reliability.environment import hold_write_lock, lock_wait_seconds
from tests.reliability.harness import PYTHON, TRACEBACK, failed, hang, lost, run
from tests.reliability.inputs import copy_library

# The bound is 0.5 s; a shared, loaded machine gets some slack before it counts.
QUIT_SECONDS = 1.0
# The GUI thread never waits on the lock: no turn of its event loop may take this long.
STALL_SECONDS = 1.0
_ERROR = re.compile(r"Something went wrong|unexpected error", re.I)


def _probe(ctx: Context, here, mode: str, value: float, timeout: float):  # type: ignore[no-untyped-def]
    env = ctx.env(here) | {"HOME": str(here / "tmp"), "XDG_CONFIG_HOME": str(here / "tmp")}
    argv = [PYTHON, "-m", "tests.reliability.window_probe", mode, str(here / "library.sqlite")]
    return run([*argv, str(value)], timeout, env=env)


def _number(pattern: str, text: str) -> float | None:
    match = re.search(pattern, text)
    return float(match[1]) if match else None


def window_quit(ctx: Context, rng: random.Random) -> str:
    here = ctx.trial_dir("window-quit")
    copy_library(ctx.base_library, here / "library.sqlite")
    delay = rng.uniform(0.0, 3.0)  # quitting within ~3 s of start also failed (issue 11)
    result = _probe(ctx, here, "quit", delay, 30)
    asked = _number(r"quit at ([\d.]+)", result.stdout)
    if result.timed_out:
        raise hang(f"Ctrl+Q {delay:.1f} s after start: still running after 30 s")
    if _ERROR.search(result.stderr) or TRACEBACK.search(result.stderr):
        raise failed(f"Ctrl+Q {delay:.1f} s after start: error {result.last_line()!r}")
    if result.returncode != 0 or asked is None:
        raise failed(f"exit {result.returncode} {result.last_line()!r}")
    took = result.ended - asked
    if took > QUIT_SECONDS:
        raise failed(f"quitting took {took:.2f} s (Ctrl+Q {delay:.1f} s after start)")
    check_library(here / "library.sqlite")
    return f"quit in {took:.2f} s, Ctrl+Q {delay:.1f} s after start"


def window_locked(ctx: Context, rng: random.Random) -> str:
    del rng
    here = ctx.trial_dir("window-locked")
    library = copy_library(ctx.base_library, here / "library.sqlite")
    wait = lock_wait_seconds()
    with hold_write_lock(library, wait + 3):
        result = _probe(ctx, here, "locked", wait + 8, wait + 40)
    start = _number(r"first turn after ([\d.]+)", result.stdout)
    stall = _number(r"longest stall ([\d.]+)", result.stdout)
    ending = " (and then it did not exit)" if result.timed_out else ""
    if start is not None and start > STALL_SECONDS * 3:
        raise failed(f"the window took {start:.1f} s to start while locked{ending}")
    if stall is not None and stall > STALL_SECONDS:
        raise failed(f"the window froze for {stall:.1f} s while the library was locked{ending}")
    if result.timed_out:
        raise hang(f"the window did not end within {wait + 40:.0f} s")
    if TRACEBACK.search(result.stderr) or result.returncode != 0:
        raise failed(f"exit {result.returncode}: {result.last_line()!r}")
    if start is None or stall is None:
        raise failed(f"the window did not report: {result.last_line()!r}")
    check_library(library)
    with closing(sqlite3.connect(str(library))) as db:
        kept = db.execute("SELECT count(*) FROM annotation WHERE note = 'while locked'")
        if kept.fetchone()[0] != 1:
            raise lost("the highlight made while the library was locked was not saved")
    return f"started in {start:.2f} s, longest stall {stall:.2f} s"
