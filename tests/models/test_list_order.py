"""The article list sorts titles and outlets the same on both backends: SQLite's NOCASE (ASCII
letters folded, then code point order), ties by id."""

from __future__ import annotations

import pytest

from models.articles import query_articles
from models.schema import Article
from models.search import search_articles
from models.storing import store_drafts
from tests.conftest import draft

pytestmark = pytest.mark.both_backends

# `_` (U+005F) sorts before `a` once folded, and after `1` and `A`..`Z` unfolded; non-ASCII
# letters keep their case and come after ASCII; duplicates and "" show the ties.
TRICKY = ["_a", "1a", "Ärzte", "Beta", "ä", "Z", "", "beta", "z", "😀 news", "[x]", "Ä", "a_", "B"]


def nocase(text: str) -> str:
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def _articles(column: str) -> dict[int, str]:
    """The tricky strings as titles or outlets (set directly: an import would merge outlets
    that differ only in case)."""
    results = store_drafts([draft(f"Text {n}.") for n in range(len(TRICKY))], "t", "x.txt")
    ids = [r.article_id for r in results]
    for article_id, text in zip(ids, TRICKY, strict=True):
        Article.update({column: text}).where(Article.id == article_id).execute()
    return dict(zip(ids, TRICKY, strict=True))


@pytest.mark.parametrize("column", ["title", "source"])
def test_titles_and_outlets_sort_as_sqlite_nocase(library, column: str) -> None:
    texts = _articles(column)
    expected = sorted(texts, key=lambda i: (nocase(texts[i]), i))
    for descending in (False, True):
        order = expected[::-1] if descending else expected
        listed = [a.id for a in query_articles(sort=column, descending=descending)]
        assert listed == order
        # The same order from the search path (a filter without words), and paged.
        found = [h.id for h in search_articles("is:unread", column, descending)]
        assert found == order
        pages = [
            a.id
            for o in range(0, len(order), 4)
            for a in query_articles("", column, descending, o, 4)
        ]
        assert pages == order


def test_the_order_is_the_documented_one(library) -> None:
    texts = _articles("title")
    listed = [texts[a.id] for a in query_articles(sort="title")]
    assert listed[:5] == ["", "1a", "[x]", "_a", "a_"]
    assert listed.index("_a") > listed.index("1a")  # `_` after digits, before letters
    assert listed.index("_a") < listed.index("a_")
    assert listed.index("Beta") < listed.index("Ärzte")  # non-ASCII after every ASCII letter
    assert listed.index("Z") < listed.index("Ä") < listed.index("ä") < listed.index("😀 news")
    assert listed[0] == ""
    assert listed.index("Beta") < listed.index("beta")  # equal folded: by id
