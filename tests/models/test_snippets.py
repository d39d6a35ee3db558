"""models.snippets (a server library's snippets) gives what FTS5's snippet() gives."""

from __future__ import annotations

import random
import sqlite3

import pytest

from models.folding import FOLDING
from models.snippets import row_snippet

# Accents (composed and decomposed), emoji, case, apostrophes, sentence ends, line breaks.
WORDS = (
    "climate change Climate CHANGE café Café cafe\u0301 été Été ete Zürich zurich 😀 🌍x "
    "l'été naïve naive the tax carbon rain wind owners \u0301 œuvre ŒUVRE straße"
).split()
GLUE = [" ", " ", " ", ", ", ". ", ": ", ".\n\n", " – ", " (", ") ", "\n", ".  ", "! ", " 😀 "]


TOKENIZER = "unicode61 remove_diacritics 2"  # article_fts's


def fts5(rows: list[tuple[str, str]], query: str) -> dict[int, str]:
    """models.search's choice between FTS5's text and title snippets, per matching row (a
    row's number in `rows`)."""
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE f USING fts5(title, text, tokenize='{TOKENIZER}')")
    db.executemany(
        "INSERT INTO f (rowid, title, text) VALUES (?, ?, ?)",
        [(rowid, title, text) for rowid, (title, text) in enumerate(rows)],
    )
    found = {}
    for rowid, text, title in db.execute(
        "SELECT rowid, snippet(f, 1, char(2), char(3), '…', 12), "
        "snippet(f, 0, char(2), char(3), '…', 12) FROM f WHERE f MATCH ?",
        (query,),
    ):
        found[rowid] = title if "\x02" not in text and "\x02" in title else text
    db.close()
    return found


def expression(terms: list[tuple[str, bool]]) -> str:
    return " OR ".join(f'"{text}"' + (" *" if prefix else "") for text, prefix in terms)


def python(rows: list[tuple[str, str]], terms: list[tuple[str, bool]]) -> dict[int, str]:
    words = [(FOLDING.tokens(text), prefix) for text, prefix in terms]
    found = {}
    for rowid, (title, text) in enumerate(rows):
        snippet = row_snippet(text, title, words, 12, "\x02", "\x03")
        if snippet is not None:
            found[rowid] = snippet
    return found


def random_text(rng: random.Random, words: int) -> str:
    return "".join(rng.choice(WORDS) + rng.choice(GLUE) for _ in range(words)).strip()


@pytest.mark.parametrize(
    "terms",
    [
        [("climate", False)],
        [("cafe", False)],
        [("ete", False), ("zurich", False)],
        [("climate change", False)],
        [("caf", True)],
        [("climate", False), ("climate change", False)],
        [("change climate change", False)],
        [("naive", False), ("the", False), ("oeuvre", False), ("strasse", False)],
    ],
)
def test_snippets_match_fts5_on_random_texts(terms: list[tuple[str, bool]]) -> None:
    rng = random.Random(len(str(terms)))
    rows = [
        (random_text(rng, rng.randint(1, 6)), random_text(rng, rng.choice([3, 12, 13, 40, 400])))
        for _ in range(150)
    ]
    expected = fts5(rows, expression(terms))
    assert expected  # the words occur: the comparison means something
    assert python(rows, terms) == expected


def test_edge_texts() -> None:
    rows = [
        ("Title", ""),
        ("Climate", "No hit in the text at all, but more than twelve words to cut off at the end."),
        ("t", "climate"),
        ("t", ". climate: climate. Climate"),
        ("t", "x " * 30 + "climate"),
        ("t", "a. b. c. d. e. f. g. h. i. j. k. l. m. n. o. p. climate q. r. s. t. u. v. w."),
        ("t", "e\u0301te\u0301 \u0301 \u0301\u0301 climate 😀climate😀 ÉTÉ climate"),
        # long texts (their tokens' places are kept): twice each, the second from the cache
        ("t", "été " * 50 + "mot, " * 11_000 + "the climate. Climate: été"),
        ("t", "x. " * 20_000 + "climate change, climate"),
        ("t", "été " * 50 + "mot, " * 11_000 + "the climate. Climate: été"),
        ("t", "x. " * 20_000 + "climate change, climate"),
    ]
    terms = [("climate", False), ("ete", False)]
    assert python(rows, terms) == fts5(rows, expression(terms))


# Rare characters in mostly-ASCII text (FOLDING.marked translates the ASCII runs apart):
# accents composed and decomposed, emoji, CJK words, curly quotes.
RARE = ["é", "É", "e\u0301", "\u0301", "😀", "🌍", "中文", "“", "”", "’", "ß", "Œ", "ü"]
PLAIN = "the climate talks went on in zurich and the cafe owners said that rain".split()


def sparse_text(rng: random.Random, words: int, rare_ones: list[str] = RARE) -> str:
    """Mostly ASCII words with a rare character now and then (inside or beside a word)."""
    out = []
    for _ in range(words):
        word = rng.choice(PLAIN)
        if rng.random() < 0.08:
            rare, at = rng.choice(rare_ones), rng.randint(0, len(word))
            word = word[:at] + rare + word[at:]
        out.append(word + rng.choice(GLUE))
    return "".join(out).strip()


def test_marked_texts_with_rare_characters_fold_as_each_character_does() -> None:
    rng = random.Random(5)
    for _ in range(300):
        text = sparse_text(rng, rng.choice([1, 5, 60, 400]), [*RARE, "\ud800"])  # a surrogate
        one_by_one = "".join(FOLDING.marked(char) for char in text)
        marked = FOLDING.marked(text)
        assert len(marked) == len(text)
        assert marked.replace("\x00", " ") == one_by_one.replace("\x00", " ")  # lone ones go
        assert FOLDING.tokens(text) == [w.replace("\x00", "") for w in marked.split()]


@pytest.mark.parametrize(
    "terms",
    [[("climate", False)], [("cafe", False), ("zurich", False)], [("the c", True)]],
)
def test_snippets_of_mostly_ascii_texts_match_fts5_in_either_order(
    terms: list[tuple[str, bool]],
) -> None:
    rng = random.Random(len(str(terms)))
    rows = [
        (sparse_text(rng, rng.randint(1, 6)), sparse_text(rng, rng.choice([3, 13, 60, 400])))
        for _ in range(200)
    ]
    expected = fts5(rows, expression(terms))
    assert expected
    assert python(rows, terms) == expected
    backwards = list(reversed(rows))  # a page read the other way (a descending sort)
    assert python(backwards, terms) == {len(rows) - 1 - i: s for i, s in expected.items()}


# What makes a sentence start for FTS5 and what does not: blanks after '.' or ':' only, and
# a word right after them (a quote, a bracket or a number's point in between: no start).
TRICKY_GLUE = [
    " ",
    " ",
    ". ",
    ".\t",
    ":\n",
    '. "',
    ".(",
    " 3.5 ",
    " U.S. ",
    "... ",
    ".",
    ": ",
    " . ",
]


@pytest.mark.parametrize(
    "terms",
    [
        [("climate", False)],
        [("climate", False), ("climate change", False), ("the", False)],  # hits at one token
        [("rain", False), ("c", True)],
        [("the climate", False)],
    ],
)
def test_sentence_starts_and_windows_scored_once_match_fts5(
    terms: list[tuple[str, bool]],
) -> None:
    rng = random.Random(len(str(terms)) * 7)
    words = "climate change the rain cafe owners talks said".split()
    rows = []
    for _ in range(200):
        size = rng.choice([1, 4, 12, 13, 30, 200])
        text = "".join(rng.choice(words) + rng.choice(TRICKY_GLUE) for _ in range(size))
        rows.append(("t", rng.choice(["", ". ", ": "]) + text))
    expected = fts5(rows, expression(terms))
    assert expected
    assert python(rows, terms) == expected
