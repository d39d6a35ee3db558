"""Keyword in context: checked against a brute-force scan of generated texts."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import unicodedata

import pytest

from importers.draft import ArticleDraft, Block
from models.kwic import (
    FOLDING,
    KwicRow,
    TermMatcher,
    context,
    kwic,
    sort_by_article,
    sort_by_left,
    sort_by_right,
)
from models.schema import Article
from models.search import QueryError
from models.storing import store_drafts

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

EMOJI = ["😀", "🇫🇷", "👍🏽", "🙂"]


def _tokenizer_word_chars(chars: set[str]) -> set[str]:
    """Which characters SQLite's tokenizer keeps inside words ("a<c>b" is then one word, and
    "a" alone does not match it). Its Unicode tables are old: it takes 🙂 and the skin-tone
    modifier for letters but 😀 and flags for punctuation, so ask rather than assume."""
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2')")
    inside = set()
    for char in chars:
        con.execute("DELETE FROM t")
        con.execute("INSERT INTO t(x) VALUES (?)", (f"a{char}b",))
        if not con.execute("SELECT count(*) FROM t WHERE t MATCH 'a'").fetchone()[0]:
            inside.add(char)
    con.close()
    return inside


# Within the generated alphabet: letters (accented too) are word characters, spaces and
# punctuation are not, and emoji are whatever the index's tokenizer says.
WORD_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéÉèêëïîàâçÇüÜñÑ")
WORD_CHARS |= _tokenizer_word_chars({c for e in EMOJI for c in e})
VOCABULARY = [
    "café", "Cafe", "CAFÉ", "cafés", "caféine", "tea", "Tea", "thé", "the", "The", "naïve",
    "naive", "NAÏVE", "fête", "fete", "e-mail", "email", "(café)", "tea,", "tea.", "«thé»",
    "tea😀", "😀", "🇫🇷", "👍🏽", "café😀", "🙂", "tea🙂", "👍🏽tea", "l'été", "ete", "Ñandú",
    "nandu",
]  # fmt: skip
TERMS = [
    "cafe", "CAFÉ", "tea", "the", "naive", "fete", "e-mail", "mail", "😀", "🇫🇷", "ete",
    "nandu", "🙂", "👍🏽", "cafe tea", "the cafe", "tea the", "tea 😀", "naive the cafe", "caf*",
    "the c*", ",", "tea,", "(café)", "l'été",
]  # fmt: skip


def _fold(text: str) -> str:
    """Independent of the module: drop accents, lower case (right for the alphabet above)."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    ).lower()


def brute_force(text: str, term: str) -> list[tuple[int, int]]:
    prefix = term.endswith("*")
    words = (term[:-1] if prefix else term).split()
    found, i = [], 0
    while i < len(text):
        end = _match_at(text, i, words, prefix)
        if end is None:
            i += 1
        else:
            found.append((i, end))
            i = end
    return found


def _match_at(text: str, i: int, words: list[str], prefix: bool) -> int | None:
    if words[0][0] in WORD_CHARS and i > 0 and text[i - 1] in WORD_CHARS:
        return None
    position = i
    for k, word in enumerate(words):
        if k:
            gap = position
            while gap < len(text) and text[gap].isspace():
                gap += 1
            if gap == position or text[position:gap].count("\n") > 1:
                return None
            position = gap
        piece = text[position : position + len(word)]
        if len(piece) < len(word) or _fold(piece) != _fold(word):
            return None
        position += len(word)
    if prefix:
        while position < len(text) and text[position] in WORD_CHARS:
            position += 1
    elif words[-1][-1] in WORD_CHARS and position < len(text) and text[position] in WORD_CHARS:
        return None
    return position


def store(*paragraphs: str, title: str = "A title", date: dt.date | None = None) -> int:
    """Blocks stored as given (make_block would collapse the line breaks we want to keep)."""
    blocks = [Block("paragraph", p) for p in paragraphs]
    draft = ArticleDraft(blocks=blocks, title=title, source="Outlet", date=date, raw=b"raw")
    [result] = store_drafts([draft], "test", "test.txt")
    return result.article_id


def _paragraph(rng: random.Random) -> str:
    words = rng.choices(VOCABULARY, k=rng.randint(1, 25))
    out = words[0]
    for word in words[1:]:
        out += rng.choice([" ", " ", " ", "\n", " \n"]) + word
    return out


def test_matches_brute_force_on_generated_texts(library: object) -> None:
    rng = random.Random(20240917)
    texts: dict[int, str] = {}
    for n in range(60):
        paragraphs = [_paragraph(rng) for _ in range(rng.randint(1, 4))]
        article_id = store(*paragraphs, title=f"Article {n}", date=dt.date(2022, 1, 1 + n % 28))
        texts[article_id] = "\n\n".join(paragraphs)
    checked = 0
    for term in TERMS:
        expected = sorted(
            (a, s, e) for a, text in texts.items() for s, e in brute_force(text, term)
        )
        rows = kwic(term)
        got = sorted((r.article_id, r.start, r.end) for r in rows)
        assert got == expected, term
        for row in rows:
            assert _fold(texts[row.article_id][row.start : row.end]).startswith(
                _fold(term.rstrip("*").split()[0])
            )
        checked += len(rows)
    assert checked > 500  # the generator produced plenty of occurrences to compare


def test_offsets_are_code_points_after_emoji_and_accents(library: object) -> None:
    text = "👍🏽 Le café 😀 était «CAFÉ» mais pas cafés ni caféine."
    article_id = store(text)
    rows = kwic("cafe")
    assert [text[r.start : r.end] for r in rows] == ["café", "CAFÉ"]
    assert all(r.article_id == article_id for r in rows)
    assert rows[1].left == "👍🏽 Le café 😀 était «"
    assert rows[1].match == "CAFÉ"


def test_phrase_spans_a_line_break_but_not_a_paragraph_break(library: object) -> None:
    text_id = store("the climate\nchange debate", "climate", "change again", "climate  change")
    rows = kwic("climate change")
    assert [(r.start, r.end) for r in rows] == [(4, 18), (50, 65)]
    assert rows[0].match == "climate ¶ change"
    assert all(r.article_id == text_id for r in rows)


def test_whole_words_only_unless_prefix(library: object) -> None:
    store("cat cats concat cat's scatter Cat")
    assert [r.match for r in kwic("cat")] == ["cat", "cat", "Cat"]
    assert [r.match for r in kwic("cat*")] == ["cat", "cats", "cat", "Cat"]


def test_context_cuts_at_word_boundaries_and_marks_paragraphs() -> None:
    text = "alpha beta gamma\n\ndelta KEY epsilon zeta eta"
    start = text.index("KEY")
    left, match, right = context(text, start, start + 3, chars=14)
    assert (left, match, right) == ("gamma ¶ delta", "KEY", "epsilon zeta")
    assert context(text, 0, 5, chars=4) == ("", "alpha", "")
    assert context("KEY", 0, 3) == ("", "KEY", "")


def test_filters_by_article_ids_and_limit(library: object) -> None:
    first = store("tea one tea two", date=dt.date(2020, 1, 1))
    second = store("tea three", date=dt.date(2021, 1, 1))
    undated = store("tea four")
    assert [r.article_id for r in kwic("tea")] == [first, first, second, undated]
    assert [r.article_id for r in kwic("tea", article_ids=[second, undated])] == [second, undated]
    assert kwic("tea", article_ids=[]) == []
    assert len(kwic("tea", limit=3)) == 3
    assert kwic("   ") == []


def test_query_text_goes_through_the_search_language(library: object) -> None:
    bbc = store("tea at the BBC, then coffee")
    other = store("tea elsewhere")
    Article.update(source="BBC News").where(Article.id == bbc).execute()
    assert [r.article_id for r in kwic("tea", 'source:"bbc"')] == [bbc]
    assert [r.article_id for r in kwic("tea", "NOT coffee")] == [other]
    assert [r.article_id for r in kwic("tea", "coffee", article_ids=[other])] == []
    with pytest.raises(QueryError):
        kwic("tea", 'source:"bbc')


@pytest.mark.sqlite_only("the FTS5 query text itself")
def test_fts_query_is_a_superset_filter(library) -> None:
    assert TermMatcher("climate change").fts_query() == 'text : "climate change"'
    assert TermMatcher('say "no"').fts_query() == 'text : "say ""no"""'
    assert TermMatcher("climat*").fts_query() == 'text : "climat"*'
    assert TermMatcher("--").fts_query() is None  # no word: every article is a candidate
    assert FOLDING.fold("Ÿ CAFÉ µ") == "y cafe μ"
    assert len(FOLDING.fold("İstanbul 👍🏽")) == len("İstanbul 👍🏽")
    # ASCII-only texts take a lower() shortcut: it must agree with what SQLite taught us.
    ascii_chars = "".join(map(chr, range(1, 128)))
    assert FOLDING.fold(ascii_chars + "é")[:-1] == ascii_chars.lower()


def _row(article_id: int, left: str, right: str, title: str = "T", start: int = 0) -> KwicRow:
    return KwicRow(article_id, title, "", None, start, start + 1, left, "x", right)


def test_sort_helpers() -> None:
    rows = [
        _row(1, "a zebra", "beta z", title="b"),
        _row(2, "zebra apple", "Alpha y", title="A"),
        _row(3, "b Ápple", "alpha x", title="c"),
    ]
    # Left context is compared word by word from the match backwards: apple, apple; then b < zebra.
    assert [r.article_id for r in sort_by_left(rows)] == [3, 2, 1]
    assert [r.article_id for r in sort_by_right(rows)] == [3, 2, 1]
    assert [r.article_id for r in sort_by_right(rows, descending=True)] == [1, 2, 3]
    assert [r.article_id for r in sort_by_article(rows)] == [2, 1, 3]
