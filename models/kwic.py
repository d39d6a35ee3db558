"""Keyword in context: every occurrence of a word or phrase across the library, with context.

Words are what the search index calls words. The FTS5 index (tokenizer `unicode61
remove_diacritics 2`) finds the candidate articles quickly; their canonical texts are then
scanned in Python for exact code-point offsets. For the index to be a safe pre-filter, the scan
must never match where the index cannot, so it folds case and diacritics, and decides which
characters belong to words, exactly as the tokenizer does: `Folding` asks SQLite itself, one
character at a time, and caches the answers. Folding maps each code point to one code point, so
an offset in the folded text is the same offset in the canonical text.

Matching: case- and diacritics-insensitive ("cafe" finds "Café"), whole words only (a term that
starts or ends with a word character needs a non-word character or the text's edge there), and
the words of a phrase may be separated by any whitespace holding at most one line break: a
phrase can run over a line break inside a paragraph but never over the blank line between two
paragraphs. A final `*` makes the last word a prefix ("climat*"). Occurrences do not overlap.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from models.backend import ARTICLE_INDEX, backend
from models.folding import FOLDING, Folding
from models.schema import database
from models.search import matching_article_ids

DEFAULT_CONTEXT = 60
PILCROW = " ¶ "
# Between two words of a phrase: whitespace with at most one line break (never "\n\n").
_PHRASE_GAP = r"(?=\s)[^\S\n]*\n?[^\S\n]*"
_NEWLINES = re.compile(r"\s*\n\s*")
_SORT_WORD = re.compile(r"\w+")


class TermMatcher:
    """Finds a term's occurrences in canonical texts (see the module docstring for the rules)."""

    def __init__(self, term: str, folding: Folding = FOLDING) -> None:
        self.folding = folding
        text = unicodedata.normalize("NFC", term).strip()
        self.prefix = len(text) > 1 and text.endswith("*") and folding.is_word(text[-2])
        if self.prefix:
            text = text[:-1]
        self.words = text.split()
        folded = [folding.fold(word) for word in self.words]
        self._pattern = re.compile(_PHRASE_GAP.join(map(re.escape, folded))) if folded else None
        self._check_left = bool(text) and folding.is_word(text[0])
        self._check_right = bool(text) and folding.is_word(text[-1]) and not self.prefix
        self.has_words = any(folding.is_word(c) for c in text)

    @property
    def empty(self) -> bool:
        return self._pattern is None

    def fts_query(self) -> str | None:
        """An FTS5 query for article_fts matching (at least) every article with an occurrence;
        None when the term has no word the index knows (then every article is a candidate)."""
        if not self.has_words:
            return None
        return backend().phrase(" ".join(self.words), self.prefix, column="text")

    def ranges(self, text: str) -> Iterator[tuple[int, int]]:
        """[start, end) code-point ranges of the occurrences in `text`, in order."""
        if self._pattern is None:
            return
        folded = self.folding.fold(text)
        word = self.folding.word_chars
        position = 0
        while (found := self._pattern.search(folded, position)) is not None:
            start, end = found.span()
            if (self._check_left and start > 0 and text[start - 1] in word) or (
                self._check_right and end < len(text) and text[end] in word
            ):
                position = start + 1  # part of a longer word: an occurrence may start inside
                continue
            if self.prefix:
                while end < len(text) and text[end] in word:
                    end += 1
            yield start, end
            position = max(end, start + 1)


@dataclass(frozen=True)
class KwicRow:
    article_id: int
    title: str
    source: str
    date: str | None
    start: int  # canonical code points: text[start:end] is the occurrence
    end: int
    left: str
    match: str
    right: str


def kwic(
    term: str,
    query_text: str = "",
    context_chars: int = DEFAULT_CONTEXT,
    limit: int | None = None,
    *,
    article_ids: Sequence[int] | None = None,
) -> list[KwicRow]:
    """Every occurrence of `term` in the articles matching `query_text` (the search language,
    models.search; empty: all) and, if given, among `article_ids`; oldest article first, then
    text order. A malformed query raises models.search.QueryError (a LibraryError).

    Stops after `limit` rows: ask for one more than you show to know whether there are more.
    """
    matcher = TermMatcher(term)
    if matcher.empty or limit == 0:
        return []
    ids = list(article_ids) if article_ids is not None else None
    if query_text.strip():
        found = set(matching_article_ids(query_text))  # QueryError if malformed
        ids = [i for i in ids if i in found] if ids is not None else sorted(found)
    if ids is not None and not ids:
        return []
    rows: list[KwicRow] = []
    for article_id, title, source, date, text in _candidates(matcher.fts_query(), ids):
        for start, end in matcher.ranges(text):
            left, match, right = context(text, start, end, context_chars)
            rows.append(KwicRow(article_id, title, source, date, start, end, left, match, right))
            if limit is not None and len(rows) >= limit:
                return rows
    return rows


def _candidates(
    fts_query: str | None, ids: list[int] | None
) -> Iterator[tuple[int, str, str, str | None, str]]:
    """Articles that may hold the term, streamed (a common word must not load every text)."""
    sql = 'SELECT a.id, a.title, a.source, a.date, a.text FROM "article" AS a WHERE 1 = 1'
    params: list[object] = []
    if fts_query is not None:
        sql += f" AND {backend().index_condition(ARTICLE_INDEX, 'a.id')}"
        params.append(fts_query)
    if ids is not None:
        sql += " AND a.id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))"
        params.append(json.dumps(ids))
    sql += " ORDER BY a.date IS NULL, a.date, a.id"
    yield from database.execute_sql(sql, params)


def context(text: str, start: int, end: int, chars: int = DEFAULT_CONTEXT) -> tuple[str, str, str]:
    """(left, match, right) for display: at most `chars` code points each side, cut where
    whitespace is so no word is shown in part, line and paragraph breaks shown as " ¶ "."""
    cut = max(0, start - chars)
    left = text[cut:start]
    if cut > 0 and not text[cut - 1].isspace() and left and not left[0].isspace():
        space = next((i for i, c in enumerate(left) if c.isspace()), None)
        left = left[space:] if space is not None else ""
    cut = min(len(text), end + chars)
    right = text[end:cut]
    if cut < len(text) and not text[cut].isspace() and right and not right[-1].isspace():
        space = next((i for i in range(len(right) - 1, -1, -1) if right[i].isspace()), None)
        right = right[:space] if space is not None else ""
    return _display(left).strip(), _display(text[start:end]), _display(right).strip()


def _display(text: str) -> str:
    return _NEWLINES.sub(PILCROW, text)


# --- sorting (concordancers sort the left context by its words read backwards) ---------------


def _words(text: str) -> list[str]:
    return _SORT_WORD.findall(FOLDING.fold(text))


def left_key(row: KwicRow) -> tuple[object, ...]:
    return (_words(row.left)[::-1], row.article_id, row.start)


def right_key(row: KwicRow) -> tuple[object, ...]:
    return (_words(row.right), row.article_id, row.start)


def match_key(row: KwicRow) -> tuple[object, ...]:
    return (FOLDING.fold(row.match), row.match, *right_key(row))


def article_key(row: KwicRow) -> tuple[object, ...]:
    return (FOLDING.fold(row.title), row.date or "", row.article_id, row.start)


def sort_by_left(rows: Sequence[KwicRow], descending: bool = False) -> list[KwicRow]:
    return sorted(rows, key=left_key, reverse=descending)


def sort_by_right(rows: Sequence[KwicRow], descending: bool = False) -> list[KwicRow]:
    return sorted(rows, key=right_key, reverse=descending)


def sort_by_article(rows: Sequence[KwicRow], descending: bool = False) -> list[KwicRow]:
    """By title; within an article, in text order (reversed when descending)."""
    return sorted(rows, key=article_key, reverse=descending)
