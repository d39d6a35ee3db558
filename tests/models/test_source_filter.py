"""`source:` matches outlets that hold the words, ignoring case in all of Unicode, the same on
both backends (SQLite's LIKE folds ASCII only; the server's ILIKE under "C" too)."""

from __future__ import annotations

import pytest

from models.annotating import create_annotation
from models.name_keys import containing
from models.schema import Article
from models.search import count_matching_articles, matching_article_ids, search_annotations
from models.storing import store_drafts
from tests.conftest import draft

pytestmark = pytest.mark.both_backends

OUTLETS = ["Ärzte Zeitung", "ÄRZTE BLATT", "Der Spiegel", "ΣΟΦΊΑ news", "50%_off", "", "Straße"]


def _library() -> list[int]:
    """One article an outlet, set directly: an import would merge outlets differing in case."""
    results = store_drafts([draft(f"Text {n}.") for n in range(len(OUTLETS))], "t", "x.txt")
    ids = [r.article_id for r in results]
    for article_id, outlet in zip(ids, OUTLETS, strict=True):
        Article.update(source=outlet).where(Article.id == article_id).execute()
    return ids


def test_containing_folds_case_in_all_of_unicode() -> None:
    assert containing("ärzte", OUTLETS) == ["ÄRZTE BLATT", "Ärzte Zeitung"]
    assert containing("A\u0308RZTE Z", OUTLETS) == ["Ärzte Zeitung"]  # NFC first
    assert containing("STRASSE", OUTLETS) == ["Straße"]
    assert containing("arzte", OUTLETS) == []  # accents are kept


def test_source_ignores_case_in_all_of_unicode(library) -> None:
    ids = _library()
    aerzte, blatt, spiegel, sofia, off, _none, strasse = ids

    def found(query: str) -> list[int]:
        return sorted(matching_article_ids(query))

    assert found("source:ärzte") == found("source:ÄRZTE") == [aerzte, blatt]
    assert found('source:"ärzte zeitung"') == [aerzte]
    assert found("source:σοφία") == found("source:ΣΟΦΊΑ") == [sofia]
    assert found("source:spiegel") == [spiegel]
    assert found("source:STRASSE") == [strasse]
    assert found("source:%") == found("source:_off") == [off]  # no wildcards
    assert found("source:x%y") == [] and count_matching_articles("source:nowhere") == 0
    assert found("-source:ärzte") == sorted(set(ids) - {aerzte, blatt})
    marks = [create_annotation(article, 0, 4).id for article in (blatt, spiegel)]
    assert [a.id for a in search_annotations("source:ärzte")] == marks[:1]  # the same there
