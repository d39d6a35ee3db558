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
