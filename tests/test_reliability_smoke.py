"""A short run of the fault suite (tests/reliability, `scripts/reliability.sh`): a trial or two
of each kind that holds today, with small inputs. The full suite runs on its own command."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.reliability.context import SMOKE, Context
from tests.reliability.runner import KINDS, run_kind

# Kinds not here fail on main today (issue 11): kill-export (stale temporary files),
# concurrent-window (highlights lost), window-quit (errors and hangs at quit), window-locked
# (freezes), disk-full, read-only, locked (the wait is 10 s) and foreign-file. Add each here
# once its fix lands.
SMOKE_TRIALS = {
    "kill-import": 2,
    "kill-reimport": 1,
    "kill-annotate": 2,
    "kill-migrate": 1,
    "concurrent-cli": 1,
    "memory-list": 1,
    "memory-nested": 1,
    "memory-html": 1,
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
