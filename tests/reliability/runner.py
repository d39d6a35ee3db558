"""Running trials by kind and tallying them: survived, lost (a reported write missing, a broken
library), hangs (no end within the bound), failed (any other broken promise: a traceback, a
wrong report, a process left behind, a stale file), skipped (cannot run here)."""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.reliability import concurrency, environment, kills, memory_trials, window_trials
from tests.reliability.context import Context
from tests.reliability.harness import TrialFailure, stop_all

Trial = Callable[[Context, random.Random], str]


@dataclass(frozen=True)
class Kind:
    name: str
    trial: Trial
    trials: int  # in a default full run
    what: str


KINDS = {
    k.name: k
    for k in (
        Kind("kill-import", kills.kill_import, 20, "kill -9 during an import (worker processes)"),
        Kind("kill-reimport", kills.kill_reimport, 10, "kill -9 during an update: re-import"),
        Kind("kill-annotate", kills.kill_annotate, 20, "kill -9 during annotate commands"),
        Kind("kill-migrate", kills.kill_migrate, 10, "kill -9 during a schema upgrade"),
        Kind("kill-export", kills.kill_export, 15, "kill -9 during an export"),
        Kind("concurrent-cli", concurrency.concurrent_cli, 4, "importers, annotators, readers"),
        Kind("concurrent-window", concurrency.concurrent_window, 3, "the window among them"),
        Kind("window-quit", window_trials.window_quit, 6, "Ctrl+Q after undo and redo"),
        Kind(
            "window-locked",
            window_trials.window_locked,
            1,
            "highlight while another holds the lock",
        ),
        Kind("disk-full", environment.disk_full, 3, "import and annotate on a full tmpfs"),
        Kind("read-only", environment.read_only, 1, "read-only folder and mount"),
        Kind("locked", environment.locked, 1, "another program holds the write lock"),
        Kind("foreign-file", environment.foreign_file, 1, "an SQLite file of another program"),
        Kind("memory-list", memory_trials.memory_list, 1, "paragraph list of millions of items"),
        Kind("memory-nested", memory_trials.memory_nested, 1, "nested arithmetic literal"),
        Kind("memory-html", memory_trials.memory_html, 1, "one huge HTML page"),
        Kind(
            "memory-documents",
            memory_trials.memory_documents,
            5,
            "Word, ODT, RTF, PDF of tiny pieces",
        ),
    )
}


@dataclass
class Tally:
    kind: str
    trials: int = 0
    survived: int = 0
    lost: int = 0
    hangs: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # why each trial that did not survive

    def add(self, verdict: str, said: str) -> None:
        self.trials += 1
        column = {"hang": "hangs"}.get(verdict, verdict)
        setattr(self, column, getattr(self, column) + 1)
        if verdict != "survived":
            self.notes.append(f"{verdict}: {said}")

    @property
    def clean(self) -> bool:
        return not (self.lost or self.hangs or self.failed)


def run_kind(
    ctx: Context,
    kind: Kind,
    trials: int,
    seed: int,
    on_trial: Callable[[str, str], None] | None = None,
) -> Tally:
    tally = Tally(kind.name)
    started = time.monotonic()
    for number in range(trials):
        rng = random.Random(f"{seed}-{kind.name}-{number}")
        verdict, said = _outcome(kind.trial, ctx, rng)
        tally.add(verdict, said)
        if on_trial is not None:
            on_trial(kind.name, f"{verdict}: {said}")
        if verdict == "skipped":
            break  # the same reason holds for the others
    tally.seconds = time.monotonic() - started
    return tally


def _outcome(trial: Trial, ctx: Context, rng: random.Random) -> tuple[str, str]:
    """(verdict, what happened) of one trial; nothing it started outlives it."""
    try:
        return "survived", trial(ctx, rng)
    except TrialFailure as exc:
        return exc.verdict, exc.detail
    except environment.Skipped as exc:
        return "skipped", str(exc)
    except sqlite3.DatabaseError as exc:  # the checks could not even read the library
        return "lost", f"the library cannot be read: {exc}"
    except Exception as exc:  # a surprise in the trial itself counts, and the run goes on
        return "failed", f"trial error {type(exc).__name__}: {exc}"
    finally:
        stop_all()


def table(tallies: list[Tally]) -> str:
    header = ("kind", "trials", "survived", "lost", "hangs", "failed", "skipped", "seconds")
    rows = [
        (t.kind, t.trials, t.survived, t.lost, t.hangs, t.failed, t.skipped, f"{t.seconds:.0f}")
        for t in tallies
    ]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(
            str(v).ljust(w) if i == 0 else str(v).rjust(w)
            for i, (v, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for tally in tallies:
        for note in _distinct(tally.notes)[:5]:
            lines.append(f"  {tally.kind}: {note}")
    return "\n".join(lines)


def _distinct(notes: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    for note in notes:
        key = note.split(" killed at ")[0][:60]
        seen.setdefault(key, 0)
        seen[key] += 1
    shown = []
    for note in notes:
        key = note.split(" killed at ")[0][:60]
        if key in seen:
            times = seen.pop(key)
            shown.append(f"{note}" + (f"  (×{times})" if times > 1 else ""))
    return shown
