"""The search language, parsed into a small tree; models.search turns the tree into SQL.

One syntax serves the window's search box, the command line and saved searches:

    climate "carbon tax" adapt*          words (all of them), phrases, prefixes
    climate OR weather, NOT coal, -coal  OR, NOT (upper case); AND is the default
    (a OR b) c                           parentheses
    tag:Actors  tag:"Frames/Long term"   annotation tag or one below it
    articletag:screening/include         article-level tag or one below it
    overlaps:Actors                      annotations sharing a character with one so tagged
    coder:alice  coder:"Ann Lee"         annotations by that coder (case-insensitive)
    source:guardian                      outlet contains (ASCII case-insensitive)
    date:2022  date:2022-09  date:2022-09-01  date:2022-09..2022-10  date:..2021
    has:note  has:memo  has:annotations (has:highlights)  no:annotations  no:note
    is:read  is:unread  color:pink (colour:pink)
    attr:country=DE  attr:wave=2  attr:country  article variable equals (or is set)
    -tag:Actors                          any field filter negated

Words are matched the way the FTS5 unicode61 tokenizer reads text: case and diacritics
are ignored and punctuation splits words, so a term like "don't" is the phrase "don t". A
term with no letters or digits at all (a lone dash, "***") is ignored rather than matching
nothing, which is what someone typing "war - peace" means.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from models.attributes import check_name, parse_value
from models.colors import normalize_color
from models.query_tree import (
    And,
    Field,
    Node,
    Not,
    Or,
    Query,
    QueryError,
    Text,
    fold,
    fts_tokens,
    positive_terms,
    simplify,
)
from models.tags import normalize_tag_path

__all__ = [
    "And",
    "Field",
    "Node",
    "Not",
    "Or",
    "Query",
    "QueryError",
    "Text",
    "date_bounds",
    "fold",
    "fts_tokens",
    "parse_query",
    "positive_terms",
    "simplify",
]

MAX_DEPTH = 40  # nested parentheses / NOTs
MAX_TERMS = 200  # words, phrases and field filters in one query
OPERATORS = ("AND", "OR", "NOT")
FIELDS = (
    "tag",
    "articletag",
    "coder",
    "source",
    "date",
    "has",
    "no",
    "is",
    "color",
    "colour",
    "attr",
    "overlaps",
)
_HAS_VALUES = {
    "note": "note",
    "notes": "note",
    "annotation": "annotations",
    "annotations": "annotations",
    "highlight": "annotations",
    "highlights": "annotations",
    "memo": "memo",
}
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_FIELD = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)


# --- reading the text ------------------------------------------------------------------

_Token = tuple[str, object]  # (kind, payload): "(", ")", "op", "-", "term", "field"


def _lex(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            tokens.append((ch, None))
            i += 1
        elif ch == '"':
            phrase, i = _quoted(text, i)
            prefix = i < n and text[i] == "*"
            while i < n and text[i] == "*":
                i += 1
            tokens.append(("term", Text(phrase, prefix, quoted=True)))
        elif ch == "-" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] != ")":
            tokens.append(("-", None))
            i += 1
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] not in '()"':
                i += 1
            chunk = text[start:i]
            field = _FIELD.fullmatch(chunk)
            if chunk in OPERATORS:
                tokens.append(("op", chunk))
            elif field and field.group(1).lower() in FIELDS:
                value = field.group(2)
                if not value and i < n and text[i] == '"':
                    value, i = _quoted(text, i)
                tokens.append(("field", _field(field.group(1).lower(), value)))
            elif field and field.group(1).lower() not in ("http", "https") and field.group(2):
                raise QueryError(
                    f"unknown field '{field.group(1)}:' (known: tag, articletag, coder, source, "
                    "date, has, no, is, color, attr, overlaps); "
                    'put words with a colon in quotes: "10:30"'
                )
            else:
                word = chunk.rstrip("*")
                tokens.append(("term", Text(word, prefix=word != chunk)))
    return tokens


def _quoted(text: str, start: int) -> tuple[str, int]:
    """The string between the quote at `start` and the next one; the index after it."""
    end = text.find('"', start + 1)
    if end < 0:
        raise QueryError('unbalanced quotes: a " is not closed')
    return text[start + 1 : end], end + 1


def _field(name: str, value: str) -> Node:
    """A field filter from its name and raw value, checked and normalised."""
    value = value.strip()
    if not value:
        raise QueryError(f"{name}: needs a value, e.g. {_EXAMPLES[name]}")
    if name == "source":
        return Field(name, value)
    if name == "coder":
        return Field(name, " ".join(value.split()))
    if name == "attr":
        return Field(name, _attribute_value(value))
    if name in ("tag", "articletag", "overlaps"):
        try:
            return Field(name, normalize_tag_path(value))
        except ValueError as exc:
            raise QueryError(str(exc)) from None
    if name == "date":
        return Field("date", _date_value(value))
    if name in ("color", "colour"):
        try:
            return Field("color", normalize_color(value))
        except ValueError as exc:
            raise QueryError(str(exc)) from None
    if name == "is":
        if value.lower() not in ("read", "unread"):
            raise QueryError(f"is:{value} is not a filter; use is:read or is:unread")
        return Field("is", value.lower())
    has = _HAS_VALUES.get(value.lower())
    if has is None:
        raise QueryError(
            f"{name}:{value} is not a filter; use {name}:note, {name}:memo or {name}:annotations"
        )
    return Field("has", has) if name == "has" else Not(Field("has", has))


_EXAMPLES = {
    "tag": "tag:Actors",
    "articletag": "articletag:screening/include",
    "coder": "coder:alice",
    "source": "source:guardian",
    "date": "date:2022-09",
    "has": "has:note",
    "no": "no:annotations",
    "is": "is:unread",
    "color": "color:pink",
    "colour": "colour:pink",
    "attr": "attr:country=DE",
    "overlaps": "overlaps:Actors",
}


def _attribute_value(value: str) -> str:
    """attr:NAME=VALUE or attr:NAME, checked; the SQL side splits at the first '='."""
    name, sep, wanted = value.partition("=")
    try:
        name = check_name(name)
        return f"{name}={parse_value(wanted)}" if sep else name
    except ValueError as exc:
        raise QueryError(f"attr:{value}: {exc}") from None


def _date_value(value: str) -> str:
    low, sep, high = value.partition("..")
    if sep and not (low or high):
        raise QueryError("date:.. needs a start or an end, e.g. date:2022-01..2022-06")
    if not sep:
        high = low
    return f"{_date_prefix(low)}..{_date_prefix(high)}"


def _date_prefix(text: str) -> str:
    """'2022-9' → '2022-09' after checking it is a real year, month or day ('' stays '')."""
    if not text:
        return ""
    found = _DATE.fullmatch(text)
    if found is None:
        raise QueryError(f"'{text}' is not a date; write 2022, 2022-09 or 2022-09-01")
    year, month, day = found.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise QueryError(f"'{text}' is not a date; write 2022, 2022-09 or 2022-09-01") from None
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    return "-".join(parts)


def date_bounds(value: str) -> tuple[str | None, str | None]:
    """A normalised date value → (lowest date, highest date *prefix*), None when open."""
    low, _sep, high = value.partition("..")
    return low or None, high or None


class _Parser:
    """Recursive descent: OR binds loosest, then AND (written or implied), then NOT / '-'."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0
        self.leaves = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def starts_operand(self) -> bool:
        token = self.peek()
        return token is not None and (
            token[0] in ("(", "-", "term", "field") or token == ("op", "NOT")
        )

    def parse(self) -> Node | None:
        node = self.parse_or()
        if self.peek() is not None:  # only a stray ')' can stop parse_or early
            raise QueryError("unbalanced parentheses: a ) has no (")
        return node

    def parse_or(self) -> Node:
        children = [self.parse_and()]
        while self.peek() == ("op", "OR"):
            self.take()
            if not self.starts_operand():
                raise QueryError("OR needs a term on both sides")
            children.append(self.parse_and())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def parse_and(self) -> Node:
        children = [self.parse_unary()]
        while True:
            if self.peek() == ("op", "AND"):
                self.take()
                if not self.starts_operand():
                    raise QueryError("AND needs a term on both sides")
            elif not self.starts_operand():
                break
            children.append(self.parse_unary())
        return children[0] if len(children) == 1 else And(tuple(children))

    def parse_unary(self) -> Node:
        token = self.peek()
        if token is not None and (token[0] == "-" or token == ("op", "NOT")):
            self.take()
            if not self.starts_operand():
                raise QueryError(
                    "NOT needs a term after it"
                    if token[0] == "op"
                    else "a '-' needs a term right after it"
                )
            return Not(self._nested(self.parse_unary))
        return self.parse_primary()

    def parse_primary(self) -> Node:
        token = self.peek()
        if token is None:
            raise QueryError("the query ends too early")
        kind, payload = self.take()
        if kind == "(":
            if self.peek() == (")", None):
                raise QueryError("empty parentheses")
            node = self._nested(self.parse_or)
            if self.peek() != (")", None):
                raise QueryError("unbalanced parentheses: a ( is not closed")
            self.take()
            return node
        if kind == ")":
            raise QueryError("unbalanced parentheses: a ) has no (")
        if kind == "op":
            raise QueryError(f"{payload} needs a term on both sides")
        self.leaves += 1
        if self.leaves > MAX_TERMS:
            raise QueryError(f"too many search terms (at most {MAX_TERMS})")
        assert isinstance(payload, Text | Field | Not)
        return payload

    def _nested(self, parse: Callable[[], Node]) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError("too many nested parentheses or NOTs")
        try:
            return parse()
        finally:
            self.depth -= 1


def parse_query(text: str) -> Query:
    """Read a query; raises QueryError with a one-line reason when it is malformed."""
    tokens = _lex(text)
    root = _Parser(tokens).parse() if tokens else None
    return Query(text, simplify(root))
