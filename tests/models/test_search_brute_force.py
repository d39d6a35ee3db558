"""search_articles against a plain-Python evaluator of the same query over the same texts.

A seeded generator writes ~200 articles from a small vocabulary (so words recur and phrases
hit), with outlets, dates, read marks, annotations (colours, notes, tags) and article tags,
then hundreds of random queries mixing words, phrases, prefixes, AND/OR/NOT, parentheses and
every field filter. The evaluator tokenizes like unicode61 (lower case, no diacritics, split
on anything but letters and digits) and knows nothing of SQL or of the query tree models.search
uses: the queries are generated as trees here and rendered to text.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import pytest

from models import articles, search, storing
from models.annotating import create_annotation
from models.article_tags import tag_article
from tests.conftest import draft

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

VOCABULARY = (
    "climate carbon tax crisis war peace minister ministry summit storm rain wind café "
    "naïve Zürich economy energy gas oil price prices prime crime report reporter the of "
    "and in on Kyiv Moscow Brussels élection don't well-known"
).split()
OUTLETS = ["BBC News", "The Guardian", "Reuters", "Al Jazeera", "Le Monde", "bbc sport"]
TAGS = ["Actors", "Actors/Russia", "Actors/Ukraine", "Frames", "Frames/Long term", "Frames/War"]
ARTICLE_TAGS = ["screening/include", "screening/exclude", "topic/energy"]
COLORS = ["yellow", "green", "pink", "blue"]


@cache
def words_of(text: str) -> list[str]:
    """unicode61 remove_diacritics 2, for the characters this corpus uses."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.findall(r"[^\W_]+", plain)


@dataclass
class Doc:
    id: int
    title: str  # ' word word … ': the folded words with a space either side of each
    text: str
    source: str
    date: str | None
    read: bool = False
    marks: list[tuple[str, str, set[str]]] = field(default_factory=list)  # colour, note, tags
    article_tags: set[str] = field(default_factory=set)


def _under(tags: set[str], path: str) -> bool:
    path = path.lower()
    return any(t.lower() == path or t.lower().startswith(path + "/") for t in tags)


# A query tree: ("word", text, prefix) ("phrase", text, prefix) ("field", name, value)
# ("not", node) ("and", [nodes]) ("or", [nodes]); evaluate() gives True/False, or None for a
# term with no word in it (ignored, as the language says).


def _phrase_in(words: str, phrase: list[str], prefix: bool) -> bool:
    """`words` is ' w1 w2 … ': a phrase is a run of whole words, the last maybe a prefix."""
    return f" {' '.join(phrase)}{'' if prefix else ' '}" in words


def _field(doc: Doc, name: str, value: str) -> bool:
    if name == "source":
        return value.lower() in doc.source.lower()
    if name == "tag":
        return any(_under(tags, value) for _c, _n, tags in doc.marks)
    if name == "articletag":
        return _under(doc.article_tags, value)
    if name == "color":
        return any(color == value for color, _n, _t in doc.marks)
    if name == "has":
        if value == "note":
            return any(note.strip() for _c, note, _t in doc.marks)
        return bool(doc.marks)
    if name == "no":
        return not doc.marks
    if name == "is":
        return doc.read == (value == "read")
    low, _sep, high = value.partition("..") if ".." in value else (value, "", value)
    return (
        doc.date is not None
        and (not low or doc.date >= low)
        and (not high or doc.date[: len(high)] <= high)
    )


def evaluate(node: tuple, doc: Doc) -> bool | None:  # type: ignore[type-arg]
    kind = node[0]
    if kind in ("word", "phrase"):
        phrase = words_of(node[1])
        if not phrase:
            return None
        return _phrase_in(doc.title, phrase, node[2]) or _phrase_in(doc.text, phrase, node[2])
    if kind == "field":
        return _field(doc, node[1], node[2])
    if kind == "not":
        inner = evaluate(node[1], doc)
        return None if inner is None else not inner
    values = [v for v in (evaluate(child, doc) for child in node[1]) if v is not None]
    if not values:
        return None
    return all(values) if kind == "and" else any(values)


def render(node: tuple, rng: random.Random) -> str:  # type: ignore[type-arg]
    kind = node[0]
    if kind == "word":
        return node[1] + ("*" if node[2] else "")
    if kind == "phrase":
        return f'"{node[1]}"' + ("*" if node[2] else "")
    if kind == "field":
        value = node[2]
        if " " in value:
            value = f'"{value}"'
        return f"{node[1]}:{value}"
    if kind == "not":
        inner = render(node[1], rng)
        if node[1][0] in ("and", "or"):
            inner = f"({inner})"
        return ("-" if rng.random() < 0.4 else "NOT ") + inner
    parts = [f"({render(c, rng)})" if c[0] in ("and", "or") else render(c, rng) for c in node[1]]
    if kind == "or":
        return " OR ".join(parts)
    return " ".join(p if i == 0 or rng.random() < 0.6 else f"AND {p}" for i, p in enumerate(parts))


class Generator:
    def __init__(self, rng: random.Random, docs: list[Doc], texts: list[str]) -> None:
        self.rng, self.docs, self.texts = rng, docs, texts

    def word(self) -> str:
        word = self.rng.choice(VOCABULARY)
        shout = self.rng.random() < 0.1 and word.upper() not in ("AND", "OR", "NOT")
        return word.upper() if shout else word

    def leaf(self) -> tuple:  # type: ignore[type-arg]
        rng = self.rng
        roll = rng.random()
        if roll < 0.35:
            return ("word", self.word(), False)
        if roll < 0.45:
            word = words_of(self.word())[0]
            return ("word", word[: rng.randint(1, max(1, len(word) - 1))], True)
        if roll < 0.6:
            tokens = words_of(rng.choice(self.texts))
            start = rng.randrange(max(1, len(tokens) - 2))
            phrase = " ".join(tokens[start : start + rng.randint(2, 3)])
            return ("phrase", phrase, rng.random() < 0.2)
        if roll < 0.63:
            return ("word", rng.choice(["-", "&", "***", "—"]), False)  # no word: ignored
        return ("field", *self.field())

    def field(self) -> tuple[str, str]:
        rng = self.rng
        name = rng.choice(["source", "tag", "articletag", "color", "has", "is", "date", "no"])
        if name == "source":
            outlet = rng.choice(OUTLETS)
            start = rng.randrange(len(outlet) - 2)
            return name, outlet[start : start + rng.randint(2, 6)].strip() or "bbc"
        if name == "tag":
            return name, rng.choice([*TAGS, "actors", "frames/long term", "Nope"])
        if name == "articletag":
            return name, rng.choice([*ARTICLE_TAGS, "screening", "topic"])
        if name == "color":
            return name, rng.choice(COLORS)
        if name in ("has", "no"):
            return name, "annotations" if name == "no" else rng.choice(["note", "annotations"])
        if name == "is":
            return name, rng.choice(["read", "unread"])
        return name, self.date()

    def date(self) -> str:
        rng = self.rng

        def one() -> str:
            day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1100))
            return day.isoformat()[: rng.choice([4, 7, 10])]

        shape = rng.random()
        if shape < 0.5:
            return one()
        low, high = sorted([one(), one()])
        if shape < 0.6:
            return f"{low}.."
        if shape < 0.7:
            return f"..{high}"
        return f"{low}..{high}"

    def tree(self, depth: int = 0) -> tuple:  # type: ignore[type-arg]
        roll = self.rng.random()
        if depth >= 3 or roll < 0.35:
            return self.leaf()
        if roll < 0.45:
            return ("not", self.tree(depth + 1))
        kind = "and" if roll < 0.75 else "or"
        return (kind, [self.tree(depth + 1) for _ in range(self.rng.randint(2, 3))])


def _sentence(rng: random.Random, count: int) -> str:
    words = [rng.choice(VOCABULARY) for _ in range(count)]
    words[0] = words[0].capitalize()
    return " ".join(w + ("," if rng.random() < 0.1 else "") for w in words) + "."


@pytest.fixture
def corpus(library) -> tuple[list[Doc], list[str]]:  # type: ignore[no-untyped-def]
    rng = random.Random(20240917)
    drafts, texts = [], []
    for i in range(200):
        paragraphs = [_sentence(rng, rng.randint(4, 18)) for _ in range(rng.randint(1, 3))]
        date = None if i % 9 == 0 else dt.date(2020, 1, 1) + dt.timedelta(rng.randrange(1100))
        drafts.append(
            draft(
                *paragraphs,
                title=_sentence(rng, rng.randint(2, 5)).rstrip("."),
                source=rng.choice(OUTLETS),
                date=date,
            )
        )
        texts.append("\n\n".join(paragraphs))
    stored = storing.store_drafts(drafts, "test", "brute.txt")
    docs = []
    for result, article in zip(stored, drafts, strict=True):
        assert not result.duplicate
        text = articles.article_text(result.article_id)
        doc = Doc(
            result.article_id,
            f" {' '.join(words_of(article.title))} ",
            f" {' '.join(words_of(text))} ",
            article.source,
            article.date.isoformat() if article.date else None,
        )
        if rng.random() < 0.3:
            articles.mark_read(doc.id)
            doc.read = True
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
            start = rng.randrange(len(text) - 1)
            tags = set(rng.sample(TAGS, rng.choice([0, 1, 1, 2])))
            note = rng.choice(["", "", "  ", "a note", _sentence(rng, 3)])
            color = rng.choice(COLORS)
            create_annotation(doc.id, start, start + 1, note=note, color=color, tags=tags)
            doc.marks.append((color, note, tags))
        for path in rng.sample(ARTICLE_TAGS, rng.choice([0, 0, 1, 2])):
            tag_article(doc.id, path)
            doc.article_tags.add(path)
        docs.append(doc)
    return docs, texts


def test_search_agrees_with_brute_force(corpus) -> None:
    docs, texts = corpus
    rng = random.Random(7)
    generator = Generator(rng, docs, texts)
    nonempty = 0
    for _ in range(400):
        tree = generator.tree()
        query = render(tree, rng)
        expected = set()
        for doc in docs:
            verdict = evaluate(tree, doc)
            if verdict is None or verdict:  # a query of nothing but ignored terms: everything
                expected.add(doc.id)
        assert search.matching_article_ids(query) == sorted(expected), query
        assert search.count_matching_articles(query) == len(expected), query
        if rng.random() < 0.25:  # whole pages with snippets cost more: check some of them
            hits = search.search_articles(query)
            assert [h.id for h in hits] == [h.id for h in search.search_articles(query)]
            assert sorted(h.id for h in hits) == sorted(expected), query  # each article once
            scores = [h.score for h in hits]
            assert scores == sorted(scores), query  # best (lowest bm25) first
        nonempty += 0 < len(expected) < len(docs)
    assert nonempty > 150  # most queries tell articles apart
