"""A Python list literal of HTML fragments, one per paragraph, as some scrapers dump them.

    ['<b>The lead, in bold.</b>', 'A paragraph with <a href="https://…">a link</a>.', ...]

The file is only ever read with `ast.literal_eval` on the parsed list's items: nothing in it is
run. Trailing publisher boilerplate is cut; the raw bytes keep everything.
"""

from __future__ import annotations

import ast
import functools
import io
import re
import threading
import tokenize
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from importers import memory
from importers.base import Importer
from importers.boilerplate import outlet_from_copyright, strip_trailing_boilerplate
from importers.decoding import decode_text, sniff_text
from importers.draft import ArticleDraft, Block, ImportFailure, shorten_title
from importers.html_fragments import as_lead, fragment_to_block, is_all_bold

_LIST_OF_STRINGS = re.compile(r"\[\s*[rRuU]?['\"]")
_NODE_NAMES: dict[type[ast.AST], str] = {
    ast.List: "list",
    ast.Tuple: "tuple",
    ast.Dict: "dict",
    ast.Set: "set",
    ast.Call: "a function call",
    ast.Name: "a name",
    ast.Attribute: "an attribute",
    ast.JoinedStr: "an f-string",
}
_MAX_REASON_CHARS = 80
# Measured (importers/memory.py): copies of the text, a byte of the file, narrow or wide text;
# and a token's share of the syntax tree and of the paragraph it may become.
_MEMORY_PER_BYTE = (8.0, 18.0)
_MEMORY_PER_TOKEN = 550
_WARNINGS_LOCK = threading.Lock()


class ParagraphListImporter(Importer):
    name: ClassVar[str] = "paragraph-list"
    description: ClassVar[str] = "Python list literal of HTML paragraphs (scraper output)"
    patterns: ClassVar[tuple[str, ...]] = ("*.txt", "*.py")

    def sniff(self, head: bytes, path: Path) -> float:
        text = sniff_text(head).lstrip()
        if _LIST_OF_STRINGS.match(text):
            return 0.9
        return 0.3 if text.startswith("[") else 0.0

    def parse(self, data: bytes, path: Path) -> Iterator[ArticleDraft]:
        blocks = _blocks(_read_list(decode_text(data), len(data)))
        kept, removed = strip_trailing_boilerplate(blocks)
        # The rights holder usually sits in the footer just removed, so look there first.
        source = next(
            filter(None, map(outlet_from_copyright, (b.text for b in [*removed, *kept]))), ""
        )
        notes = [f"removed {len(removed)} trailing boilerplate paragraph(s)"] if removed else []
        yield ArticleDraft(
            blocks=kept,
            title=shorten_title(kept[0].text),
            source=source,
            raw=data,
            warnings=notes,
        )


def _read_list(text: str, size: int) -> list[str]:
    """The file's strings, or a plain reason why it is not a list of strings."""
    stripped = text.strip()
    # The syntax tree costs ~500 bytes a token: count them first, cheaply and no further than
    # the file's memory allows (12 million items once took 12 GB; arithmetic, nested, 5 GB).
    fixed = memory.text_cost(size, text, _MEMORY_PER_BYTE)
    count = functools.partial(_count_tokens, stripped)
    memory.require_pieces(size, fixed, _MEMORY_PER_TOKEN, count, "items and symbols")
    try:
        # Invalid escapes like "\d" only warn; they must not print or turn into errors. The
        # warning filters are process-wide, hence the lock between importer threads.
        with _WARNINGS_LOCK, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(stripped, mode="eval")
    except SyntaxError as exc:
        if not stripped.startswith("["):
            raise ImportFailure(
                "malformed list literal: the text does not start with '['"
            ) from None
        if not stripped.endswith("]") or "never closed" in str(exc.msg):
            raise ImportFailure("truncated list literal") from None
        where = f" (line {exc.lineno})" if exc.lineno else ""
        raise ImportFailure(f"malformed list literal: {_short(exc.msg)}{where}") from None
    except (RecursionError, MemoryError):
        raise ImportFailure("malformed list literal: nested too deeply") from None
    except ValueError as exc:
        raise ImportFailure(f"malformed list literal: {_short(str(exc))}") from None
    if not isinstance(tree.body, ast.List):
        raise ImportFailure(f"expected a list of strings, found {_describe(tree.body)}")
    items: list[str] = []
    for number, node in enumerate(tree.body.elts, 1):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            raise ImportFailure(f"item {number} is {_describe(node)}, not a string")
        items.append(node.value)  # a string constant is its own value
    return items


def _count_tokens(text: str, limit: int) -> int:
    """How many tokens the text has, counted no further than limit + 1; without counting when
    even the most it could have fits (a token takes a character, but for up to two a line
    and the end): tokenizing took a third of the time an import spent parsing such a file."""
    most = 4 * len(text) + 4
    if most <= limit:
        return most
    return memory.count_up_to(_tokens(text), limit)


def _tokens(text: str) -> Iterator[object]:
    """Python's tokens of the text, lazily, until the end or the first error (ast reports it)."""
    try:
        yield from tokenize.generate_tokens(io.StringIO(text).readline)
    except (tokenize.TokenError, SyntaxError):
        return


def _blocks(fragments: list[str]) -> list[Block]:
    blocks: list[Block] = []
    for number, fragment in enumerate(fragments, 1):
        try:
            block = fragment_to_block(fragment)
        except ImportFailure as exc:
            raise ImportFailure(f"item {number}: {exc}") from None
        if block is None:
            continue
        if not blocks and is_all_bold(block):
            block = as_lead(block)  # a first paragraph set all in bold is the standfirst
        blocks.append(block)
    if not blocks:
        raise ImportFailure("list holds no paragraphs")
    return blocks


def _describe(node: ast.expr) -> str:
    """What an expression is, in words, from its syntax alone."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant):
        node = node.operand  # -1 is an int, not "an expression"
    if isinstance(node, ast.Constant):
        return type(node.value).__name__
    return _NODE_NAMES.get(type(node), "an expression")


def _short(reason: str) -> str:
    return reason if len(reason) <= _MAX_REASON_CHARS else reason[: _MAX_REASON_CHARS - 1] + "…"
