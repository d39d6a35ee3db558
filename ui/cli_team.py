"""The team commands: agreement between coders, and merging another library in.
Calls models/ only; never imports Qt."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from ui.cli_common import EXIT_OK, print_json


def cmd_agreement(args: argparse.Namespace) -> int:
    from models.agreement import compute_agreement, format_table

    report = compute_agreement(args.unit, args.coders, args.tag, args.article)
    if args.json:
        print_json(report.as_json())
    else:
        print(format_table(report))
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    from models.merging import merge_library

    report = merge_library(Path(args.other))
    if args.json:
        print_json(report.as_json())
    else:
        print(report.summary())
        for conflict in report.conflicts:
            print(f"conflict   {conflict}")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "agreement": cmd_agreement,
    "merge": cmd_merge,
}
