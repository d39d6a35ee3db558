"""The search index's view of text: FTS5's `unicode61 remove_diacritics 2` tokenizer, learned.

SQLite's index folds case and diacritics and decides which characters make words; the same
rules, asked of SQLite one character at a time and cached, let Python find words exactly as the
index does: keyword-in-context scans (models.kwic) and PostgreSQL's index, built from the
tokens Python makes here (models.backend_pg), so a query finds the same articles on both.
"""

from __future__ import annotations

import re
import sqlite3
import threading

# Must match the tokenizer of "article_fts" (models/migrations.py, V2).
_TOKENIZE = "unicode61 remove_diacritics 2"
_ASCII_WORDS = re.compile(r"[a-z0-9]+")
# Folding.marked's mark for a diacritic the tokenizer drops (inside a word), and its words.
DROPPED = "\x00"
MARKED_WORDS = re.compile(r"[^ ]+")
# marked() keeps its answer for the last few texts this long (a few MB at most).
LONG_TEXT, LONG_TEXTS_KEPT = 50_000, 8
# Diacritics at a word's start: FTS5 takes them into a word only after its first character.
_LEADING_DROPPED = re.compile(r"(?<![^ ])\x00+")
_ASCII_BYTES = bytes(range(128))
# A text with more non-ASCII characters than one per this many is translated whole.
_RARE_SPACING = 64


class Folding:
    """The index tokenizer's view of characters: its case/diacritic folding and word characters.

    Learned from SQLite (an in-memory FTS5 table with the same tokenizer): "a<c>b" is one
    token when c is a word character, and that token shows what c folds to.
    """

    def __init__(self) -> None:
        # Every learned code point -> its folded one (identities too: translate() is much
        # slower on characters missing from the table).
        self._table: dict[int, int] = {}
        self._word: set[str] = set()
        # Every learned code point -> what a token keeps of it: its folded self, nothing (a
        # diacritic the tokenizer drops) or a space (a separator).
        self._split: dict[int, str | None] = {}
        # The same as one character each (a dropped diacritic as DROPPED): token_spans.
        self._spans: dict[int, str] = {}
        self._long_marked: dict[str, str] = {}  # the last few long texts' marked()
        self._lock = threading.Lock()
        self._probe: sqlite3.Connection | None = None
        self._ascii_learned = False

    def fold(self, text: str) -> str:
        """The text as the index compares it; same length as `text`."""
        if text.isascii():  # the tokenizer folds ASCII as lower() does
            if not self._ascii_learned:
                self.learn("".join(map(chr, range(1, 128))))
                self._ascii_learned = True
            return text.lower()
        self.learn(text)
        return text.translate(self._table)

    def tokens(self, text: str) -> list[str]:
        """The words the index makes of `text`, in order (folded, diacritics dropped)."""
        if text.isascii():
            return _ASCII_WORDS.findall(text.lower())
        self.learn(text)
        return text.translate(self._split).split()

    def token_spans(self, text: str) -> list[tuple[int, int, str]]:
        """Each word of `text` as (start, end, word): code-point offsets into `text`."""
        if text.isascii():
            return [(m.start(), m.end(), m.group()) for m in _ASCII_WORDS.finditer(text.lower())]
        marked = self.marked(text)
        if DROPPED not in marked:
            return [(m.start(), m.end(), m.group()) for m in MARKED_WORDS.finditer(marked)]
        return [
            (m.start(), m.end(), m.group().replace(DROPPED, ""))
            for m in MARKED_WORDS.finditer(marked)
        ]

    def marked(self, text: str) -> str:
        """`text` as the tokenizer sees it, one character for each: a word's characters folded
        (a diacritic it drops as DROPPED), every other character a space. Its words are then
        found at C speed (MARKED_WORDS; a loop per character cost ~1 ms a page)."""
        if text.isascii():
            if not self._ascii_learned:
                self.fold(text)
            return text.translate(self._spans)  # CPython's fast path: ASCII to ASCII
        if len(text) >= LONG_TEXT:  # a long article comes back on page after page
            with self._lock:
                found = self._long_marked.get(text)
            if found is not None:
                return found
        marked = self._translated(text, self._spans)
        if DROPPED in marked:  # diacritics with no letter before them are no word
            marked = _LEADING_DROPPED.sub(lambda m: " " * len(m.group()), marked)
        if len(text) >= LONG_TEXT:
            with self._lock:
                self._long_marked[text] = marked
                while len(self._long_marked) > LONG_TEXTS_KEPT:
                    del self._long_marked[next(iter(self._long_marked))]
        return marked

    def _translated(self, text: str, table: dict[int, str]) -> str:
        """A non-ASCII text's translate(table), after learning its characters. CPython's
        translate is fast only on an all-ASCII string (else it looks each character up in the
        dict, ~15 ns each, ~150 µs an article): a text of mostly ASCII with a few curly quotes
        or accents is translated an ASCII run at a time, its other characters one by one."""
        # Its non-ASCII characters in order (C code throughout: no loop over the text).
        rare = text.encode(errors="surrogatepass").translate(None, _ASCII_BYTES)
        others = rare.decode(errors="surrogatepass")
        if len(others) * _RARE_SPACING > len(text):  # dense: character by character
            self.learn(text)
            return text.translate(table)
        if not self._ascii_learned:
            self.fold("a")
        self.learn(others)
        parts: list[str] = []
        last = 0
        for char in others:
            at = text.find(char, last)  # the next non-ASCII character is this one
            parts += (text[last:at].translate(table), char.translate(table))
            last = at + 1
        parts.append(text[last:].translate(table))
        return "".join(parts)

    def is_word(self, char: str) -> bool:
        self.learn(char)
        return char in self._word

    @property
    def word_chars(self) -> set[str]:
        """The word characters among those learned (every character of a folded text)."""
        return self._word

    def learn(self, text: str) -> None:
        missing = {c for c in set(text) if ord(c) not in self._table}
        if missing:
            with self._lock:
                self._learn({c for c in missing if ord(c) not in self._table})

    def _learn(self, chars: set[str]) -> None:
        if self._probe is None:
            self._probe = sqlite3.connect(":memory:", check_same_thread=False)
            self._probe.execute(f"CREATE VIRTUAL TABLE probe USING fts5(x, tokenize='{_TOKENIZE}')")
            self._probe.execute("CREATE VIRTUAL TABLE probe_terms USING fts5vocab(probe, instance)")
        probe = self._probe
        # Lone surrogates cannot be encoded and NUL would cut the text short: not words.
        asked = sorted(c for c in chars if c != "\x00" and not 0xD800 <= ord(c) < 0xE000)
        probe.executemany(
            "INSERT INTO probe(rowid, x) VALUES (?, ?)", [(ord(c), f"a{c}b") for c in asked]
        )
        terms: dict[int, list[str]] = {}
        for term, doc in probe.execute("SELECT term, doc FROM probe_terms ORDER BY doc, offset"):
            terms.setdefault(doc, []).append(term)
        probe.execute("DELETE FROM probe")
        for char in chars:
            found = terms.get(ord(char), [])
            if len(found) == 1 and len(found[0]) == 3 and found[0][0] + found[0][2] == "ab":
                self._word.add(char)
                folded = found[0][1]
                self._split[ord(char)] = folded
            elif len(found) == 1 and found[0] == "ab":
                self._word.add(char)  # a diacritic the tokenizer drops: still part of the word
                folded = char
                self._split[ord(char)] = None
            else:  # a separator: fold its case anyway (harmless, the index ignores it)
                lower = char.lower()
                folded = lower if len(lower) == 1 else char
                self._split[ord(char)] = " "
            self._table[ord(char)] = ord(folded)
            kept = self._split[ord(char)]
            self._spans[ord(char)] = DROPPED if kept is None else kept


FOLDING = Folding()
