"""The search language's parsed form: a small tree of words, field filters, NOT/AND/OR.

Also how FTS5's unicode61 tokenizer reads words (fold, fts_tokens), which decides whether a
term has any word in it at all; and simplify(), which the parser applies last.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from models.errors import LibraryError


class QueryError(LibraryError):
    """The query cannot be read; str() is a one-line reason the user can act on."""


# --- the tree --------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A word or "quoted phrase"; `prefix`: its last word may continue (word*)."""

    text: str
    prefix: bool = False
    quoted: bool = False

    @property
    def tokens(self) -> list[str]:
        return fts_tokens(self.text)


@dataclass(frozen=True)
class Field:
    """name: tag, articletag, coder, source, date, has, is or color; value normalised
    (date: 'lo..hi' with either end possibly empty; has: note|annotations; is: read|unread)."""

    name: str
    value: str


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Text | Field | Not | And | Or


@dataclass(frozen=True)
class Query:
    """A parsed query; root None means 'every article'."""

    text: str
    root: Node | None

    @property
    def ranked(self) -> bool:
        """Whether the query has words to rank by (else relevance means nothing)."""
        return bool(positive_terms(self.root))


def positive_terms(node: Node | None, negated: bool = False) -> list[Text]:
    """The words and phrases a matching article contains (those not under a NOT)."""
    if node is None or isinstance(node, Field):
        return []
    if isinstance(node, Text):
        return [] if negated else [node]
    if isinstance(node, Not):
        return positive_terms(node.child, not negated)
    return [t for child in node.children for t in positive_terms(child, negated)]


# --- words as FTS5's unicode61 tokenizer sees them ---------------------------------------


def _is_token_char(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "LN" or category == "Co"


def fold(text: str) -> str:
    """Lower case without diacritics ('Café' → 'cafe'), like unicode61 remove_diacritics 2."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fts_tokens(text: str) -> list[str]:
    """Split like unicode61: runs of letters, digits and private-use characters, folded.

    Close to SQLite's tables, not identical for rare scripts and symbols; the search itself
    always leaves tokenizing to FTS5, this only decides whether a term has any word in it.
    """
    words: list[str] = []
    current: list[str] = []
    for ch in text:
        if _is_token_char(ch):
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return [w for w in (fold(word) for word in words) if w]


def simplify(node: Node | None) -> Node | None:
    """Drop terms without words, flatten nested AND/OR, cancel double negation."""
    if node is None or isinstance(node, Field):
        return node
    if isinstance(node, Text):
        return node if node.tokens else None
    if isinstance(node, Not):
        child = simplify(node.child)
        if child is None:
            return None
        return child.child if isinstance(child, Not) else Not(child)
    kind = type(node)
    flat: list[Node] = []
    for child in node.children:
        simple = simplify(child)
        if simple is None:
            continue
        flat.extend(simple.children if isinstance(simple, kind) else (simple,))
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else kind(tuple(flat))
