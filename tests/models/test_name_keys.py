"""Outlet and coder names match ignoring case in all of Unicode, the same on both backends
(SQLite's NOCASE folds ASCII only, PostgreSQL's nocase collation more than case)."""

from __future__ import annotations

import pytest

from models import attributes, outlets
from models.annotating import create_annotation
from models.facets import distinct_coders, distinct_sources
from models.name_keys import counts_by_name, name_key, spellings_of
from models.schema import Article, OutletAlias
from models.search import matching_article_ids
from models.storing import store_drafts
from tests.conftest import draft


def sources() -> list[str]:
    return [a.source for a in Article.select().order_by(Article.id)]


def test_keys_fold_unicode_case() -> None:
    assert name_key("ÄRZTE") == name_key("Ärzte") == name_key("A\u0308rzte")  # NFC first
    assert name_key("ΣΟΦΊΑ") == name_key("σοφία") and name_key("Straße") == name_key("STRASSE")
    assert name_key("Ärzte") != name_key("Arzte")  # accents are kept
    assert spellings_of("jörg", ["JÖRG", "Jorg", "jörg", "Jörg"]) == ["JÖRG", "Jörg", "jörg"]
    assert counts_by_name([("b", 1), ("ÄRZTE", 2), ("Ärzte", 3), ("a", 4)]) == [
        ("a", 4),
        ("b", 1),
        ("ÄRZTE", 5),
    ]


@pytest.mark.both_backends
def test_an_outlet_met_in_another_case_takes_the_first_spelling(library) -> None:
    store_drafts([draft("One.", source="Ärzte Zeitung")], "test", "a.txt")
    store_drafts(
        [draft("Two.", source="ÄRZTE ZEITUNG"), draft("Three.", source="σοφία news")],
        "test",
        "b.txt",
    )
    store_drafts([draft("Four.", source="ΣΟΦΊΑ NEWS")], "test", "c.txt")
    assert sources() == ["Ärzte Zeitung", "Ärzte Zeitung", "σοφία news", "σοφία news"]
    assert [(s.name, s.articles) for s in distinct_sources()] == [
        ("Ärzte Zeitung", 2),
        ("σοφία news", 2),
    ]


@pytest.mark.both_backends
def test_aliases_and_their_articles_match_in_any_case(library) -> None:
    store_drafts(
        [draft("One.", source="ärzte blatt"), draft("Two.", source="ÄRZTE BLATT")],
        "test",
        "a.txt",
    )  # the second took the first's spelling; a tool may still have written another:
    Article.update(source="ÄRZTE BLATT").where(Article.id == 2).execute()
    assert [(s.name, s.articles) for s in distinct_sources()] == [("ÄRZTE BLATT", 2)]

    assert outlets.set_alias("Ärzte Blatt", "Ärzteblatt") == 2  # both spellings renamed
    assert sources() == ["Ärzteblatt", "Ärzteblatt"]
    outlets.set_alias("ÄRZTE BLATT", "Ärzteblatt")  # the same alias: one row, respelled
    assert [a.spelling for a in OutletAlias.select() if name_key(a.spelling) == "ärzte blatt"] == [
        "ÄRZTE BLATT"
    ]
    [entry] = [o for o in outlets.list_outlets() if o.name == "Ärzteblatt"]
    assert (entry.articles, entry.aliases) == (2, ("ÄRZTE BLATT",))
    store_drafts([draft("Three.", source="ärzte BLATT")], "test", "b.txt")
    assert sources()[-1] == "Ärzteblatt"  # the alias, in another case again
    assert outlets.remove_alias("ärzte blatt") is True
    assert not any(name_key(a.spelling) == "ärzte blatt" for a in OutletAlias.select())


@pytest.mark.both_backends
def test_coder_search_matches_the_name_in_any_case(library, add_article) -> None:
    first, second, third = (add_article(f"Text {n} here.") for n in range(3))
    create_annotation(first, 0, 4, coder="Jörg")
    create_annotation(second, 0, 4, coder="JÖRG")
    create_annotation(third, 0, 4, coder="Jorg")
    assert matching_article_ids("coder:jörg") == [first, second]
    assert matching_article_ids("coder:JORG") == [third]
    assert matching_article_ids("coder:nobody") == []
    assert distinct_coders() == ["Jorg", "JÖRG", "Jörg"]


@pytest.mark.both_backends
def test_a_variable_text_matches_in_any_case(library, add_article) -> None:
    ids = [add_article(f"Text {n}.") for n in range(4)]
    for article, land in zip(ids, ["Österreich", "ÖSTERREICH", "Osterreich", "12"], strict=True):
        attributes.set_attributes([article], {"land": attributes.parse_value(land)})
    assert matching_article_ids("attr:land=österreich") == ids[:2]
    assert matching_article_ids("attr:land=OSTERREICH") == [ids[2]]
    assert matching_article_ids("attr:land=schweiz") == []
    assert matching_article_ids("attr:land=12.0") == [ids[3]]  # numbers still as numbers
