"""The commands that bring articles in: import, update (a new version of one) and formats.
Calls models/ only; never imports Qt."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from models import articles
from models.errors import LibraryError, library_name
from ui.cli_common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, print_json


def cmd_import(args: argparse.Namespace) -> int:
    from models.formats import column_options, import_formats

    known = [found.name for found in import_formats()]
    if args.format and args.format not in known:
        print(f"gloss: unknown format '{args.format}' (known: {', '.join(known)})", file=sys.stderr)
        return EXIT_USAGE
    from models.exchange_import import split_exchange_files
    from models.importing import import_paths, tidy_after

    try:
        options = column_options(args.map or ())
    except ValueError as exc:  # each spec was checked alone; this catches a field mapped twice
        print(f"gloss: import: --map: {exc}", file=sys.stderr)
        return EXIT_USAGE
    paths = [Path(p) for p in args.paths]
    if not args.format:  # projects and annotation files first: they annotate the library
        lines: list[str] = []
        failed: list[tuple[Path, str]] = []
        rest = split_exchange_files(paths, lines, failed)
        for line in lines:  # --json keeps stdout one JSON report
            print(line, file=sys.stderr if args.json else sys.stdout)
        for _path, error in failed:
            print(f"gloss: {error}", file=sys.stderr)
        if len(rest) < len(paths) and not rest:
            return EXIT_FAILED if failed else EXIT_OK
        paths = rest
    report = import_paths(paths, args.format, options=options, update=args.update)
    # Files an early stop (disk full, …) kept out are counted on its one line, not listed.
    unstored = [f for f in report.failed if report.stopped and report.stopped in f.error]
    if args.json:
        print_json(report.as_json())
    else:
        for item in report.imported:
            print(f"imported   {item.path} -> #{item.id} {item.title}")
        for dup in report.duplicates:
            print(f"duplicate  {dup.path} = #{dup.id} (already in the library)")
        for update in report.updated:
            counts = _counts(update.annotations)
            print(f"updated    {update.path} -> #{update.id} {update.title} ({counts})")
        for skipped in report.skipped:
            print(f"skipped    {skipped.line()}")
        for failure in report.failed:
            if failure not in unstored:
                print(f"failed     {failure.line()}", file=sys.stderr)
        if (
            report.imported
            or report.duplicates
            or report.updated
            or len(report.failed) > len(unstored)
        ):
            print(
                f"{len(report.imported)} imported, {len(report.duplicates)} duplicate(s), "
                f"{len(report.failed)} failed"
                + (f", {len(report.updated)} updated" if report.updated else "")
                + (f", {len(report.skipped)} skipped" if report.skipped else "")
            )
        if not (
            report.imported
            or report.duplicates
            or report.updated
            or report.failed
            or report.skipped
        ):
            print("no files found", file=sys.stderr)
    if report.stopped:
        print(
            f"gloss: {library_name()}: import stopped ({len(unstored):,} file(s) not imported): "
            f"{report.stopped}",
            file=sys.stderr,
        )
    for warning in report.warnings:
        print(f"warning    {warning}", file=sys.stderr)
    sys.stdout.flush()  # the report first: merging the index of a big library takes seconds
    tidy_after(report)
    return EXIT_FAILED if report.failed else EXIT_OK


def _counts(annotations: dict[str, int]) -> str:
    return ", ".join(f"{count} {state}" for state, count in annotations.items())


def cmd_update(args: argparse.Namespace) -> int:
    """Replace article ID's text with the one article in FILE; nothing changes on failure."""
    from models.formats import import_formats
    from models.updating import read_one_article, update_article

    known = [found.name for found in import_formats()]
    if args.format and args.format not in known:
        print(f"gloss: unknown format '{args.format}' (known: {', '.join(known)})", file=sys.stderr)
        return EXIT_USAGE
    articles.get_article(args.id)  # an unknown id fails before the file is read
    path = Path(args.file)
    parsed = read_one_article(path, args.format)
    try:
        result = update_article(args.id, parsed.articles[0], parsed.importer, parsed.origin)
    except LibraryError as exc:
        raise LibraryError(f"{path}: cannot update article #{args.id}: {exc}") from exc
    if args.json:
        print_json(result.as_json())
    else:
        state = "updated" if result.changed else "unchanged text, details refreshed"
        print(f"#{result.article_id} {result.title}: {state}; {_counts(result.counts)}")
    return EXIT_OK


def cmd_formats(_args: argparse.Namespace) -> int:
    from models.formats import import_formats

    for found in import_formats():
        print(f"{found.name:<16} {' '.join(found.patterns):<24} {found.description}")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "import": cmd_import,
    "update": cmd_update,
    "formats": cmd_formats,
}
