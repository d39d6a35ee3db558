"""Command-line commands that manage the library: delete and edit articles. Models only."""

from __future__ import annotations

import argparse
import json
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
    add_outlet_commands(commands)


def add_outlet_commands(commands: Any) -> None:
    p = commands.add_parser("outlets", help="list outlets and their aliases; edit the aliases")
    p.add_argument("--json", action="store_true")
    actions = p.add_subparsers(dest="outlets_action", metavar="ACTION")
    a = actions.add_parser("alias", help="make NAME a spelling of CANONICAL (renames articles)")
    a.add_argument("name", metavar="NAME")
    a.add_argument("canonical", metavar="CANONICAL")
    a = actions.add_parser("unalias", help="forget an alias (articles keep their names)")
    a.add_argument("name", metavar="NAME")


def cmd_outlets(args: argparse.Namespace) -> int:
    from models import outlets

    if args.outlets_action == "alias":
        renamed = outlets.set_alias(args.name, args.canonical)
        print(f"'{args.name}' is now '{args.canonical}' ({renamed} article(s) renamed)")
        return 0
    if args.outlets_action == "unalias":
        if not outlets.remove_alias(args.name):
            print(f"gloss: no outlet alias '{args.name}'", file=sys.stderr)
            return 1
        print(f"'{args.name}' is no longer an alias")
        return 0
    found = outlets.list_outlets()
    if args.json:
        json.dump([o.as_json() for o in found], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for outlet in found:
        also = f"  (also: {', '.join(outlet.aliases)})" if outlet.aliases else ""
        print(f"{outlet.articles:>6}  {outlet.name}{also}")
    return 0


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


COMMANDS = {"delete": cmd_delete, "edit": cmd_edit, "outlets": cmd_outlets}
