"""The command line. Calls functions in models/ only; never imports Qt."""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from models import annotating, articles, attributes, export_formats
from models.colors import NAMED_COLORS
from models.errors import (
    DATABASE_ERRORS,
    LibraryError,
    WriteFailed,
    library_failure,
)
from models.files import write_text_atomically as write_file_atomically
from models.tags import tag_ids_with_descendants
from ui import cli_analysis, cli_copy, cli_import, cli_library, cli_team
from ui.cli_common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    assignment,
    attribute_name,
    coder,
    count,
    map_spec,
    non_empty,
    positive,
    print_json,
    tag,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gloss", description="Read, highlight, code and export news articles, offline."
    )
    parser.add_argument(
        "--library",
        metavar="FILE|URL",
        help="library file or postgresql://USER@HOST[:PORT]/DBNAME (default: $GLOSS_LIBRARY "
        "or library.sqlite in your user data folder)",
    )
    parser.add_argument(
        "--yes",
        action="store_true",
        help="upgrade a PostgreSQL library's schema (take a dump with pg_dump first)",
    )
    parser.add_argument(
        "--coder",
        metavar="NAME",
        type=coder,
        help="who is coding: recorded on new annotations (default: $GLOSS_CODER or the "
        "window's setting)",
    )
    parser.add_argument("--open", metavar="ID", type=int, help="start the app showing article ID")
    parser.add_argument(
        "--debug", action="store_true", help="log everything, to stderr and the log file"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = commands.add_parser("import", help="import files or folders (recursively)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", metavar="NAME", help="force an importer (see 'formats')")
    p.add_argument("--json", action="store_true", help="print a JSON report")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        type=map_spec,
        metavar="FIELD=COLUMN",
        help="dataset column for a field (title, date, text, lead, url, source, author)",
    )
    p.add_argument(
        "--update",
        action="store_true",
        help="an article already in the library (same URL, document id or file) with a new "
        "text is updated in place, its highlights carried over",
    )

    p = commands.add_parser(
        "update", help="replace an article's text with a new version, keeping its highlights"
    )
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("file", metavar="FILE", help="a file holding the one new version")
    p.add_argument("--format", metavar="NAME", help="force an importer (see 'formats')")
    p.add_argument("--json", action="store_true")

    commands.add_parser("formats", help="list the importers")

    p = commands.add_parser("tags", help="list the codebook: each tag, colour, description, count")
    p.add_argument("--json", action="store_true")

    p = commands.add_parser("list", help="list the articles")
    p.add_argument("--json", action="store_true")

    p = commands.add_parser("show", help="show an article and its annotations")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true")

    p = commands.add_parser("set", help="set or clear an article's variables (attributes)")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("values", nargs="*", type=assignment, metavar="NAME=VALUE")
    p.add_argument("--clear", action="append", type=attribute_name, default=[], metavar="NAME")
    p.add_argument("--json", action="store_true")

    p = commands.add_parser("annotate", help="mark the Nth occurrence of a quote in an article")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--quote", required=True, type=non_empty, metavar="TEXT")
    p.add_argument("--occurrence", type=positive, default=1, metavar="N")
    p.add_argument("--note", default="", metavar="TEXT")
    p.add_argument("--tag", action="append", type=tag, default=[], metavar="NAME")
    p.add_argument("--color", default="yellow", choices=list(NAMED_COLORS), metavar="NAME")
    p.add_argument("--json", action="store_true")

    p = commands.add_parser(
        "export", help="export annotations: CSV, REFI-QDA project, W3C JSON-LD or Markdown"
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")
    p.add_argument("--format", default="csv", choices=export_formats.FORMATS)
    p.add_argument("--article", type=int, action="append", default=[], metavar="ID")
    p.add_argument("--tag", action="append", type=tag, default=[], metavar="NAME")
    p.add_argument(
        "--raw", action="store_true", help="plain UTF-8, values verbatim (no BOM, no formula guard)"
    )
    p.add_argument(
        "--attributes", action="store_true", help="add an attr:NAME column per article variable"
    )

    p = commands.add_parser(
        "search",
        help="search the articles (or annotations) with the search language",
        description='QUERY: words, "phrases", word*, AND/OR/NOT, (…), tag:PATH, '
        "articletag:PATH, coder:NAME, source:NAME, date:2022-09 or date:A..B, has:note, "
        "has:annotations, no:annotations, is:read, is:unread, color:NAME, attr:NAME=VALUE, "
        "overlaps:PATH. Several arguments "
        "are joined by spaces; put -- before a query that starts with '-'. Snippets mark hits "
        "with « ».",
    )
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument(
        "--annotations", action="store_true", help="search annotations' quotes and notes"
    )
    p.add_argument(
        "--limit", type=count, default=50, metavar="N", help="at most N results (0: all; 50)"
    )
    p.add_argument("--json", action="store_true")

    p = commands.add_parser("agreement", help="inter-coder agreement per tag (Krippendorff's α)")
    p.add_argument("--unit", choices=["character", "article"], default="character")
    p.add_argument(
        "--coder", dest="coders", action="append", type=coder, default=[], metavar="NAME"
    )
    p.add_argument("--tag", action="append", type=tag, default=[], metavar="PATH")
    p.add_argument("--article", type=int, action="append", default=[], metavar="ID")
    p.add_argument("--json", action="store_true")

    p = commands.add_parser("merge", help="bring another library's articles, codes and coding in")
    p.add_argument("other", metavar="OTHER_LIBRARY")
    p.add_argument("--json", action="store_true")
    cli_library.add_commands(commands)
    cli_copy.add_parser(commands)
    cli_analysis.add_parsers(commands, tag=tag, positive=positive)
    return parser


def run_command(args: argparse.Namespace) -> int:
    """Run one command against the open library; returns the exit status."""
    handler: Callable[[argparse.Namespace], int] = COMMANDS[args.command]
    try:
        return handler(args)
    except WriteFailed as exc:  # busy, read-only, disk full: say which library
        print(
            f"gloss: {library_failure(exc.__cause__ or exc, 'could not save: ')}", file=sys.stderr
        )
        return EXIT_FAILED
    except LibraryError as exc:
        print(f"gloss: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except DATABASE_ERRORS as exc:  # one line, never a traceback
        print(f"gloss: {library_failure(exc)}", file=sys.stderr)
        return EXIT_FAILED


def cmd_tags(args: argparse.Namespace) -> int:
    from models.tags import list_tags

    tags = list_tags()
    if args.json:
        print_json(
            [
                {
                    "path": t.path,
                    "color": t.color,
                    "description": t.description,
                    "count": t.annotations,
                }
                for t in tags
            ]
        )
    elif not tags:
        print("The codebook is empty: tag a highlight or import a codebook.", file=sys.stderr)
    else:
        print(f"{'count':>5}  {'colour':<7}  tag")
        for t in tags:
            description = f"  — {t.description}" if t.description else ""
            print(f"{t.annotations:>5}  {t.color:<7}  {t.path}{description}")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    rows = articles.query_articles(sort="imported")
    if args.json:
        variables = attributes.attributes_for()
        print_json([{**row.as_json(), "attributes": variables.get(row.id, {})} for row in rows])
        return EXIT_OK
    if not rows:
        print("The library is empty: add articles with 'import PATH'.", file=sys.stderr)
        return EXIT_OK
    print(f"{'id':>5}  {'date':<10}  {'outlet':<20}  {'marks':>5}  title")
    for row in rows:
        print(
            f"{row.id:>5}  {row.date or '—':<10}  {row.source[:16]:<16}  "
            f"{row.annotations:>3}  {row.title}"
        )
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    article = articles.get_article(args.id)
    marks = annotating.list_annotations(args.id)
    if args.json:
        print_json(
            {
                "id": article.id,
                "title": article.title,
                "source": article.source,
                "author": article.author,
                "date": article.date,
                "url": article.url,
                "format": article.format,
                "section": article.section,
                "reported_words": article.reported_words,
                "document_id": article.document_id,
                "memo": article.memo,
                "text": article.text,
                "attributes": attributes.attributes_of(article.id),
                "annotations": [mark.as_json() for mark in marks],
            }
        )
        return EXIT_OK
    byline = article.byline
    variables = attributes.attributes_of(article.id)
    if not article.title_repeats_lead:  # else the text's first paragraph says it
        print(article.title)
    if byline:
        print(byline)
    if article.memo:
        print(f"Memo: {article.memo}")
    if variables:
        print("; ".join(f"{name}={value}" for name, value in variables.items()))
    print()
    print(article.text)
    if marks:
        print(f"\n{len(marks)} annotation(s):")
    for mark in marks:
        tags = f" [{', '.join(mark.tags)}]" if mark.tags else ""
        note = f" — {' / '.join(mark.note.splitlines())}" if mark.note else ""
        where = "orphaned" if mark.start is None else f"{mark.start}-{mark.end}"
        state = f" ({mark.anchor}, was {mark.original_quote!r})" if mark.anchor == "fuzzy" else ""
        print(f"  #{mark.id} {where} {mark.color}: {mark.quote!r}{state}{tags}{note}")
    return EXIT_OK


def cmd_set(args: argparse.Namespace) -> int:
    if not (args.values or args.clear):
        print("gloss: set: give NAME=VALUE or --clear NAME", file=sys.stderr)
        return EXIT_USAGE
    both = {name for name, _value in args.values} & set(args.clear)
    if both:
        print(f"gloss: set: '{sorted(both)[0]}' is both set and cleared", file=sys.stderr)
        return EXIT_USAGE
    attributes.set_attributes([args.id], dict(args.values), args.clear)
    now = attributes.attributes_of(args.id)
    if args.json:
        print_json({"id": args.id, "attributes": now})
    else:
        print(f"#{args.id}: " + ("; ".join(f"{k}={v}" for k, v in now.items()) or "no variables"))
    return EXIT_OK


def cmd_annotate(args: argparse.Namespace) -> int:
    mark = annotating.annotate_quote(
        args.id, args.quote, args.occurrence, note=args.note, color=args.color, tags=args.tag
    )
    if args.json:
        print_json(mark.as_json())
    else:
        print(
            f"annotation #{mark.id} on article #{mark.article_id}, "
            f"characters {mark.start}-{mark.end}: {mark.quote!r}"
        )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    for article_id in args.article:
        articles.get_article(article_id)  # an unknown id is an error, not an empty file
    for path in args.tag:
        if not tag_ids_with_descendants(path):  # 'Actors' counts when 'Actors/…' exist
            raise LibraryError(f"no tag named '{path}'")

    def write(out: TextIO) -> int:
        ids = args.article or None
        return export_formats.write_export(
            out, args.format, ids, args.tag, raw=args.raw, attributes=args.attributes
        )

    if args.output is None:
        out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            write(out)
            out.flush()
        finally:
            out.detach()
        return EXIT_OK
    written = write_file_atomically(Path(args.output), write)
    print(f"{written} annotation(s) written to {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    """Search; a malformed query is a usage error (exit 2), no match an empty result (exit 0).

    Hits in snippets are marked « » (JSON and text alike): readable, and rare in articles.
    """
    from models import search

    query, limit = " ".join(args.query), args.limit or None
    hits: list[search.ArticleHit] = []
    marks: list[annotating.AnnotationRecord] = []
    memos: list[search.MemoHit] = []
    try:
        if args.annotations:
            marks = search.search_annotations(query, limit=limit)
            memos = search.search_memos(query, limit=limit)
        else:
            hits = search.search_articles(query, limit=limit)
    except search.QueryError as exc:
        print(f"gloss: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print_json(
            [{**mark.as_json(), "article_id": mark.article_id} for mark in marks]
            + [{"article_id": m.article_id, "title": m.title, "memo": m.memo} for m in memos]
            if args.annotations
            else [
                {
                    "id": hit.id,
                    "title": hit.title,
                    "source": hit.source,
                    "date": hit.date,
                    "snippet": search.marked(hit.snippet),
                    "score": hit.score,
                }
                for hit in hits
            ]
        )
        return EXIT_OK
    for hit in hits:
        snippet = f"  {search.marked(hit.snippet)}" if hit.snippet else ""
        print(f"{hit.id:>5}  {hit.date or '—':<10}  {hit.source[:16]:<16}  {hit.title}{snippet}")
    for mark in marks:
        note = f" — {' / '.join(mark.note.splitlines())}" if mark.note else ""
        tags = f" [{', '.join(mark.tags)}]" if mark.tags else ""
        state = "" if mark.anchor == "exact" else f" ({mark.anchor})"  # fuzzy, orphaned
        print(f"#{mark.id} in #{mark.article_id} {mark.color}: {mark.quote!r}{state}{tags}{note}")
    for memo in memos:
        print(f"memo of #{memo.article_id} {memo.title}: {' / '.join(memo.memo.splitlines())}")
    if not (hits or marks or memos):
        print("no matches", file=sys.stderr)
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    **cli_import.COMMANDS,
    "list": cmd_list,
    "tags": cmd_tags,
    "show": cmd_show,
    "set": cmd_set,
    "annotate": cmd_annotate,
    "export": cmd_export,
    "search": cmd_search,
    **cli_team.COMMANDS,
    **cli_library.COMMANDS,
    **cli_analysis.COMMANDS,
    **cli_copy.COMMANDS,
}
