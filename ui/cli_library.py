"""Command-line commands that manage the library: delete and edit articles. Models only."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from models import managing


def add_commands(commands: Any) -> None:
    """Add `delete` and `edit` to the CLI's subparsers."""
    p = commands.add_parser("delete", help="delete articles with their annotations")
    p.add_argument("ids", nargs="+", type=int, metavar="ID")
    p = commands.add_parser("edit", help="edit an article's title, outlet, author, date, URL")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--title", metavar="TEXT")
    p.add_argument("--outlet", dest="source", metavar="NAME")
    p.add_argument("--author", metavar="TEXT")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="'' for unknown")
    p.add_argument("--url", metavar="URL")
    p.add_argument("--memo", metavar="TEXT", help="a note on the whole article ('' clears it)")


def cmd_delete(args: argparse.Namespace) -> int:
    deleted = managing.delete_articles(args.ids)
    highlights = sum(len(item.annotations) for item in deleted)
    for item in deleted:
        print(f"deleted    #{item.row['id']} {item.row['title']}")
    print(f"{len(deleted)} article(s) deleted with {highlights} highlight(s)")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    changes = {f: getattr(args, f) for f in managing.EDITABLE if getattr(args, f) is not None}
    if not changes:
        print(
            "gloss: edit: give at least one of --title --outlet --author --date --url --memo",
            file=sys.stderr,
        )
        return 2
    managing.edit_article(args.id, **changes)
    after = managing.article_fields(args.id)
    for field in changes:
        print(f"{field:<7} {after[field] or '—'}")
    return 0


COMMANDS = {"delete": cmd_delete, "edit": cmd_edit}
