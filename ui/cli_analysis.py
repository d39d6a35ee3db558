"""The analysis commands: crosstab, cooccurrence and chart. Calls models/ only; no Qt."""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from models.crosstab import COLUMN_KINDS, COUNT_KINDS, Filters, cooccurrence, crosstab
from models.search import QueryError
from ui.cli_common import EXIT_OK, EXIT_USAGE, print_json

CHART_KINDS = ("tags-by-source", "tags-over-time", "cooccurrence")
CHART_SUFFIXES = (".png", ".svg", ".pdf")


ArgType = Callable[[str], object]


def add_parsers(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    tag: ArgType,
    positive: ArgType,
) -> None:
    """The analysis commands; `tag` and `positive` check values as the other commands do."""
    p = commands.add_parser("crosstab", help="count tags by outlet, month, year, coder, variable")
    p.add_argument("--rows", default="tag", choices=["tag"], help="rows: the tags as applied")
    p.add_argument(
        "--cols",
        required=True,
        type=_column_kind,
        metavar="|".join((*COLUMN_KINDS, "attr:NAME")),
    )
    p.add_argument("--count", default="annotations", choices=COUNT_KINDS)
    _add_filters(p, tag, positive)
    _add_table_format(p)

    p = commands.add_parser("cooccurrence", help="tag × tag: overlapping coded passages")
    _add_filters(p, tag, positive)
    _add_table_format(p)

    p = commands.add_parser("chart", help="draw a chart of the tags into a PNG, SVG or PDF file")
    p.add_argument("kind", choices=CHART_KINDS)
    p.add_argument("-o", "--output", required=True, type=_chart_file, metavar="FILE")
    p.add_argument("--count", default="annotations", choices=COUNT_KINDS)
    _add_filters(p, tag, positive)


def _add_filters(p: argparse.ArgumentParser, tag: ArgType, positive: ArgType) -> None:
    p.add_argument("--level", type=positive, metavar="N", help="cut tag paths to N levels")
    p.add_argument(
        "--tag", action="append", type=tag, default=[], metavar="PATH", help="only these tags"
    )
    p.add_argument(
        "--where",
        default="",
        metavar="QUERY",
        help="only articles this search matches (source:, date:, attr:NAME=VALUE, words …)",
    )


def _add_table_format(p: argparse.ArgumentParser) -> None:
    shape = p.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true")
    shape.add_argument("--csv", action="store_true")


def _column_kind(value: str) -> str:
    if value in COLUMN_KINDS or (value.startswith("attr:") and len(value) > 5):
        return value
    raise argparse.ArgumentTypeError(f"use one of {', '.join(COLUMN_KINDS)} or attr:NAME")


def _chart_file(value: str) -> Path:
    path = Path(value)
    if path.suffix.lower() not in CHART_SUFFIXES:
        raise argparse.ArgumentTypeError(f"{value}: the name must end in .png, .svg or .pdf")
    return path


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(tags=tuple(args.tag), query=args.where, level=args.level)


def _usage_errors(handler: Callable[[argparse.Namespace], int]) -> Callable[..., int]:
    """A malformed --where query is a usage error (exit 2), as in `search`."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except QueryError as exc:
            print(f"gloss: {args.command}: --where: {exc}", file=sys.stderr)
            return EXIT_USAGE

    return run


@_usage_errors
def cmd_crosstab(args: argparse.Namespace) -> int:
    table = crosstab(args.cols, args.count, _filters(args))
    return _show(args, table.as_json(), table.cols, table.rows, table.cells)


@_usage_errors
def cmd_cooccurrence(args: argparse.Namespace) -> int:
    table = cooccurrence(_filters(args))
    return _show(args, table.as_json(), table.tags, table.tags, table.cells)


def _show(
    args: argparse.Namespace,
    data: object,
    cols: Sequence[object],
    rows: Sequence[str],
    cells: Sequence[Sequence[int]],
) -> int:
    if args.json:
        print_json(data)
    else:
        _print_table(args.csv, ["tag", *cols], rows, cells)
    return EXIT_OK


@_usage_errors
def cmd_chart(args: argparse.Namespace) -> int:
    from models.charts import save_chart

    save_chart(args.kind, args.output, args.count, _filters(args))
    print(f"chart written to {args.output}", file=sys.stderr)
    return EXIT_OK


def _print_table(
    as_csv: bool, header: Sequence[object], rows: Sequence[str], cells: Sequence[Sequence[int]]
) -> None:
    shown = ["" if value is None else str(value) for value in header]
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(shown)
        writer.writerows([row, *line] for row, line in zip(rows, cells, strict=True))
        return
    if not rows:
        print("no coded passages", file=sys.stderr)
        return
    first = max(len(row) for row in [*rows, shown[0]])
    widths = [
        max(len(shown[i + 1]), *(len(str(line[i])) for line in cells), 1)
        for i in range(len(shown) - 1)
    ]
    print(
        f"{shown[0]:<{first}}  "
        + "  ".join(f"{h or '—':>{w}}" for h, w in zip(shown[1:], widths, strict=True))
    )
    for row, line in zip(rows, cells, strict=True):
        print(
            f"{row:<{first}}  " + "  ".join(f"{n:>{w}}" for n, w in zip(line, widths, strict=True))
        )


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "crosstab": cmd_crosstab,
    "cooccurrence": cmd_cooccurrence,
    "chart": cmd_chart,
}
