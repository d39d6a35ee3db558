"""A short run of the fault suite (tests/reliability, `scripts/reliability.sh`): a trial or two
of each kind that holds today, with small inputs. The full suite runs on its own command."""

from __future__ import annotations

import dataclasses
import sqlite3
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from tests.reliability.checks import (
    Annotate,
    check_annotations_stored,
    check_imports_stored,
    check_library,
    reported_imports,
)
from tests.reliability.context import SMOKE, Context
from tests.reliability.harness import Child, TrialFailure, group_members
from tests.reliability.inputs import copy_library
from tests.reliability.kills import reported_plan
from tests.reliability.runner import KINDS, run_kind

# Kinds not here fail on main today (issue 11): concurrent-window (highlights lost),
# disk-full, read-only, locked (the wait is 10 s) and foreign-file. Add each here once its fix
# lands. window-locked holds but waits out a lock (~20 s):
# tests/ui/shell/test_locked_library.py covers it in the normal run.
SMOKE_TRIALS = {
    "kill-import": 2,
    "kill-reimport": 1,
    "kill-annotate": 2,
    "kill-migrate": 1,
    "kill-export": 1,
    "concurrent-cli": 1,
    "window-quit": 1,
    "memory-list": 1,
    "memory-nested": 1,
    "memory-html": 1,
    "memory-documents": 1,
}
SEED = 11  # fixed: a red run here is reproducible with scripts/reliability.sh --seed 11


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Context:
    profile = dataclasses.replace(SMOKE, memory_mb=0.25)
    return Context(Path(tmp_path_factory.mktemp("reliability")), SEED, profile)


@pytest.mark.parametrize("kind", list(SMOKE_TRIALS))
def test_trials_of_this_kind_survive(context: Context, kind: str) -> None:
    tally = run_kind(context, KINDS[kind], SMOKE_TRIALS[kind], SEED)
    assert tally.survived == tally.trials, tally.notes


# The suite's own sensors: each must see the fault it is there to see.


def test_library_check_sees_an_index_out_of_step(context: Context, tmp_path: Path) -> None:
    library = copy_library(context.base_library, tmp_path / "library.sqlite")
    check_library(library)
    with closing(sqlite3.connect(str(library))) as db, db:
        db.execute("DROP TRIGGER article_fts_update")
        db.execute("UPDATE article SET text = 'rewritten behind the index' WHERE id = 1")
    with pytest.raises(TrialFailure) as caught:
        check_library(library)
    assert caught.value.verdict == "lost"
    assert "article_fts" in caught.value.detail


def test_a_reported_write_that_is_missing_is_lost(context: Context, tmp_path: Path) -> None:
    library = copy_library(context.base_library, tmp_path / "library.sqlite")
    said = f"imported   {context.base_files[0].path} -> #999 A title\n"
    with pytest.raises(TrialFailure, match="#999"):
        check_imports_stored(library, reported_imports(said))
    said = "annotation #7 on article #1, characters 0-4: 'Some'\n"
    [mark] = reported_plan([Annotate(1, "Some")], "@@ 0\n" + said)
    with pytest.raises(TrialFailure, match="#7 is not stored"):
        check_annotations_stored(library, [mark])


def test_a_worker_that_outlives_its_killed_parent_is_counted_and_ended() -> None:
    parent = "import subprocess, sys, time\n" + (
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "print('started', flush=True)\ntime.sleep(60)\n"
    )
    child = Child([sys.executable, "-c", parent])
    try:
        deadline = time.monotonic() + 30
        while "started" not in child.output()[0] and time.monotonic() < deadline:
            time.sleep(0.02)
        child.kill()
        result = child.finish(killed=True)
    finally:
        child.stop()
    assert "started" in result.stdout
    assert result.returncode is None and result.orphans == 1
    assert group_members(result.pid) == []  # and it was ended


def test_the_memory_peak_is_the_commands_own_not_this_processs() -> None:
    """Linux carries a forked child's pre-exec peak into ru_maxrss: measured plainly, a tiny
    command looks as big as this test process; through the launcher it is its own size."""
    ballast = bytearray(400 * 1024 * 1024)  # this process's peak RSS passes 400 MB
    ballast[::4096] = b"x" * len(ballast[::4096])
    quick = [sys.executable, "-c", "pass"]
    peaks = []
    for child in (Child(quick), Child(quick, measure_peak=True)):
        assert child.wait_until(time.monotonic() + 30)
        peaks.append(child.finish().maxrss_mb)
    del ballast
    plain, measured = peaks
    assert plain > 400 > 100 > measured > 0
