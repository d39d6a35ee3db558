"""The `copy` command: a whole library into a new one (SQLite or PostgreSQL). Models only."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from models.copying import CopyReport, copy_library
from models.paths import display_location
from ui.cli_common import EXIT_FAILED, EXIT_OK

# Steps the progress line moves by when stderr is not a terminal (a log, a CI job).
_LOGGED_STEPS = 10


def add_parser(commands: Any) -> None:
    p = commands.add_parser(
        "copy",
        help="copy a whole library into a new one (a file or a postgresql:// URL), ids kept",
        description="Copy every article, original, highlight, code, variable, saved search "
        "and outlet alias from SOURCE into DEST, which must be new or empty; the counts of "
        "both are compared at the end. --library is not used.",
    )
    p.add_argument("source", metavar="SOURCE", help="library file or postgresql:// URL")
    p.add_argument("dest", metavar="DEST", help="new library file or empty postgresql:// URL")


class _ProgressLine:
    """Rows copied per table on stderr: one line rewritten on a terminal, else a line per
    tenth of a big table."""

    def __init__(self) -> None:
        self._terminal = sys.stderr.isatty()
        self._logged: dict[str, int] = {}

    def __call__(self, table: str, done: int, total: int) -> None:
        if self._terminal:
            end = "\n" if done >= total else ""
            print(f"\r  {table}: {done:,} / {total:,}", end=end, file=sys.stderr, flush=True)
            return
        step = done * _LOGGED_STEPS // max(total, 1)
        if done < total and step > self._logged.get(table, 0):
            self._logged[table] = step
            print(f"  {table}: {done:,} / {total:,}", file=sys.stderr, flush=True)


def cmd_copy(args: argparse.Namespace) -> int:
    shown = f"{display_location(args.source)} to {display_location(args.dest)}"
    print(f"copying {shown}", file=sys.stderr)
    report = copy_library(args.source, args.dest, on_progress=_ProgressLine())
    print_counts(report)
    for wrong in report.mismatches:
        print(
            f"gloss: copy: {wrong.table}: {wrong.source} in the source, {wrong.copied} copied",
            file=sys.stderr,
        )
    return EXIT_FAILED if report.mismatches else EXIT_OK


def print_counts(report: CopyReport) -> None:
    print(f"{'table':<20}  {'source':>9}  {'copy':>9}")
    for count in report.counts:
        mark = "" if count.source == count.copied else "  MISMATCH"
        print(f"{count.table:<20}  {count.source:>9,}  {count.copied:>9,}{mark}")
    if not report.mismatches:
        print(f"copied to {report.destination}: every count matches")


COMMANDS = {"copy": cmd_copy}
# Commands that open their own libraries: main.py opens none for them.
OWN_LIBRARIES = frozenset(COMMANDS)
