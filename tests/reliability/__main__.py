"""The fault suite's command: run the trials, print a table, exit 1 if anything was lost,
hung or failed.

    python -m tests.reliability                      # every kind, default trial counts
    python -m tests.reliability --trials 3           # 3 of each kind
    python -m tests.reliability --kinds kill-import,locked --trials 50 --seed 7
    python -m tests.reliability --quick              # small inputs, 2 trials of each kind
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from tests.reliability.context import FULL, SMOKE, Context
from tests.reliability.harness import stop_all
from tests.reliability.runner import KINDS, run_kind, table


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/reliability.sh", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--kinds", help="comma-separated kinds (default: all); see --list")
    parser.add_argument("--trials", type=int, help="trials of each kind (default: per kind)")
    parser.add_argument(
        "--seed",
        type=int,
        default=int(time.time()) % 100_000,
        help="seed for kill moments and inputs (default: from the clock; printed)",
    )
    parser.add_argument("--quick", action="store_true", help="small inputs, 2 trials per kind")
    parser.add_argument("--memory-mb", type=float, help="size of the big inputs (default 45)")
    parser.add_argument("--workdir", type=Path, help="keep inputs and trial folders here")
    parser.add_argument("--list", action="store_true", help="list the kinds and exit")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list:
        for kind in KINDS.values():
            print(f"{kind.name:<18} {kind.trials:>3}  {kind.what}")
        return 0
    names = args.kinds.split(",") if args.kinds else list(KINDS)
    unknown = [name for name in names if name not in KINDS]
    if unknown:
        print(f"unknown kind(s): {', '.join(unknown)} (see --list)", file=sys.stderr)
        return 2
    profile = SMOKE if args.quick else FULL
    if args.memory_mb:
        profile = dataclasses.replace(profile, memory_mb=args.memory_mb)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="gloss-reliability-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"seed {args.seed}, work folder {workdir}", flush=True)
    ctx = Context(workdir, args.seed, profile)
    tallies = []
    # A plain kill (SIGTERM) still runs the finally blocks: children stopped, tmpfs unmounted.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        for name in names:
            kind = KINDS[name]
            trials = args.trials or (2 if args.quick else kind.trials)
            tallies.append(
                run_kind(
                    ctx, kind, trials, args.seed, lambda k, said: print(f"{k}: {said}", flush=True)
                )
            )
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
    finally:
        stop_all()
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    print(table(tallies))
    return 0 if tallies and all(t.clean for t in tallies) else 1


if __name__ == "__main__":
    sys.exit(main())
