"""Markdown inline syntax to text with marks: emphasis, strong emphasis, links, code spans.

A small take on CommonMark's delimiter rules, enough for articles written by hand: `*x*` and
`_x_` are italic, `**x**` and `__x__` bold, `_` never works inside a word (snake_case stays),
`[text](url)`, `[text][ref]`, `[text]` and `<https://…>` are links, images are dropped, and
backslash escapes and code spans keep their characters literal. Every scan is linear or
amortised so, hostile input (ten thousand `[`) stays fast.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from importers.draft import Mark
from importers.html_fragments import safe_href

_PLAIN = re.compile(r"[^\\`*_\[\]!<]+")
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_DESTINATION = re.compile(
    r"\(\s*(?:<(?P<angle>[^<>\n]*)>|(?P<bare>[^\s()]*(?:\([^\s()]*\)[^\s()]*)*))"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^\s<>]+)>", re.IGNORECASE)
_LABEL = re.compile(r"\[([^\[\]]{0,999})\]")

Refs = dict[str, str]


@dataclass
class _Delim:
    char: str
    count: int
    can_open: bool
    can_close: bool
    opens: list[int] = field(default_factory=list)  # pair ids starting here
    closes: list[int] = field(default_factory=list)  # pair ids ending here


@dataclass
class _Link:
    text: str
    marks: list[Mark]
    href: str | None


Token = str | _Delim | _Link


def normalise_label(label: str) -> str:
    return " ".join(label.split()).casefold()


def parse_inline(source: str, refs: Refs | None = None) -> tuple[str, list[Mark]]:
    """The visible text of one paragraph's markdown and its marks (raw offsets)."""
    return _Parser(source, refs or {}, links=True).run()


class _Parser:
    def __init__(self, source: str, refs: Refs, *, links: bool) -> None:
        self.s = source
        self.refs = refs
        self.links = links
        self.tokens: list[Token] = []
        self.delims: list[_Delim] = []
        self.closing = _matching_brackets(source)
        self.no_code_closer: dict[int, int] = {}  # run length -> searched in vain from here

    def run(self) -> tuple[str, list[Mark]]:
        s, i, n = self.s, 0, len(self.s)
        while i < n:
            plain = _PLAIN.match(s, i)
            if plain:
                self.tokens.append(plain.group())
                i = plain.end()
                continue
            i = self._special(i)
        kinds = _match_emphasis(self.delims)
        return _emit(self.tokens, kinds)

    def _special(self, i: int) -> int:
        s, c = self.s, self.s[i]
        if c == "\\":
            if i + 1 < len(s) and s[i + 1] in _ESCAPABLE:
                self.tokens.append(s[i + 1])
                return i + 2
        elif c == "`":
            return self._code(i)
        elif c in "*_":
            return self._delimiter(i)
        elif c == "!" and s.startswith("[", i + 1):
            end = self._link(i + 1, image=True)
            if end:
                return end
        elif c == "[" and self.links:
            end = self._link(i, image=False)
            if end:
                return end
        elif c == "<" and self.links:
            auto = _AUTOLINK.match(s, i)
            if auto:
                url = auto.group(1)
                self.tokens.append(_Link(url, [], safe_href(url)))
                return auto.end()
        self.tokens.append(c)
        return i + 1

    def _code(self, i: int) -> int:
        s = self.s
        j = i
        while j < len(s) and s[j] == "`":
            j += 1
        run = j - i
        if self.no_code_closer.get(run, len(s) + 1) <= j:
            self.tokens.append(s[i:j])
            return j
        closer = re.compile(rf"(?<!`){'`' * run}(?!`)").search(s, j)
        if closer is None:
            self.no_code_closer[run] = j
            self.tokens.append(s[i:j])
            return j
        code = s[j : closer.start()].replace("\n", " ")
        if len(code) > 2 and code[0] == code[-1] == " " and code.strip():
            code = code[1:-1]
        self.tokens.append(code)
        return closer.end()

    def _delimiter(self, i: int) -> int:
        s, c = self.s, self.s[i]
        j = i
        while j < len(s) and s[j] == c:
            j += 1
        before = s[i - 1] if i else " "
        after = s[j] if j < len(s) else " "
        left = not after.isspace() and (not _punct(after) or before.isspace() or _punct(before))
        right = not before.isspace() and (not _punct(before) or after.isspace() or _punct(after))
        if c == "_":
            opens = left and (not right or _punct(before))
            closes = right and (not left or _punct(after))
        else:
            opens, closes = left, right
        delim = _Delim(c, j - i, opens, closes)
        self.tokens.append(delim)
        self.delims.append(delim)
        return j

    def _link(self, i: int, *, image: bool) -> int:
        """Where a link (or image) starting at `[` ends, after adding its token; 0 if none."""
        s = self.s
        close = self.closing.get(i)
        if close is None:
            return 0
        label = s[i + 1 : close]
        href: str | None
        destination = _DESTINATION.match(s, close + 1)
        if destination:
            href, end = destination["angle"] or destination["bare"] or "", destination.end()
        else:
            reference = _LABEL.match(s, close + 1)
            key = normalise_label(reference.group(1) if reference and reference.group(1) else label)
            if key not in self.refs:
                return 0
            href, end = self.refs[key], reference.end() if reference else close + 1
        if not image:
            text, marks = _Parser(label, self.refs, links=False).run()
            self.tokens.append(_Link(text, marks, safe_href(href)))
        return end


def _matching_brackets(source: str) -> dict[int, int]:
    """Each `[` mapped to its `]`, in one pass (escaped brackets do not count)."""
    result: dict[int, int] = {}
    stack: list[int] = []
    escaped = False
    for index, char in enumerate(source):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            stack.append(index)
        elif char == "]" and stack:
            result[stack.pop()] = index
    return result


def _match_emphasis(delims: list[_Delim]) -> list[str]:
    """Pair closers with openers of the same character; returns each pair's mark kind."""
    kinds: list[str] = []
    openers: list[_Delim] = []
    waiting = {"*": 0, "_": 0}
    for delim in delims:
        while delim.can_close and delim.count and waiting[delim.char]:
            while openers[-1].char != delim.char:  # crossed openers can no longer match
                waiting[openers.pop().char] -= 1
            opener = openers[-1]
            used = 2 if delim.count >= 2 and opener.count >= 2 else 1
            opener.count -= used
            delim.count -= used
            opener.opens.append(len(kinds))
            delim.closes.append(len(kinds))
            kinds.append("bold" if used == 2 else "italic")
            if not opener.count:
                openers.pop()
                waiting[delim.char] -= 1
        if delim.can_open and delim.count:
            openers.append(delim)
            waiting[delim.char] += 1
    return kinds


def _emit(tokens: list[Token], kinds: list[str]) -> tuple[str, list[Mark]]:
    parts: list[str] = []
    length = 0
    starts: dict[int, int] = {}
    marks: list[Mark] = []
    for token in tokens:
        if isinstance(token, str):
            parts.append(token)
            length += len(token)
        elif isinstance(token, _Link):
            marks.extend(Mark(m.kind, m.start + length, m.end + length) for m in token.marks)
            if token.href and token.text:
                marks.append(Mark("link", length, length + len(token.text), token.href))
            parts.append(token.text)
            length += len(token.text)
        else:
            for pair in token.closes:
                if pair in starts and starts[pair] < length:
                    marks.append(Mark(kinds[pair], starts[pair], length))
            literal = token.char * token.count
            parts.append(literal)
            length += len(literal)
            for pair in token.opens:
                starts[pair] = length
    return "".join(parts), marks


def _punct(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"
