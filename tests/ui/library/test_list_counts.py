"""A sort of the article list reads one page and counts nothing (the same articles match);
the counts still follow imports, deletions and filters, and a library that shrank under it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from models import articles, search
from models.managing import delete_articles
from models.storing import store_drafts
from tests.conftest import draft, many_articles
from ui.library.model import DATE, OUTLET, PAGE_SIZE, TITLE, ArticleTableModel

pytestmark = pytest.mark.both_backends
ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


def _no_count(*args: object) -> int:
    raise AssertionError("counted")


def _fetch_all(model: ArticleTableModel) -> None:
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())


def test_a_sort_sends_one_query_the_page(library, statements_during, monkeypatch) -> None:
    many_articles(PAGE_SIZE + 50)
    model = ArticleTableModel()
    for column, order in ((TITLE, ASC), (DATE, DESC), (OUTLET, DESC), (-1, ASC)):
        sent = statements_during(lambda c=column, o=order: model.sort(c, o))
        assert len(sent) == 1 and "LIMIT" in sent[0].upper(), sent
        assert model.rowCount() == PAGE_SIZE and model.total_count() == PAGE_SIZE + 50
    model.set_filter("T1 OR T2 OR T3")  # a filter counts its matches
    assert model.total_count() == 3
    with monkeypatch.context() as patch:  # a sort of the matches does not count them again
        patch.setattr(search, "count_matching_articles", _no_count)
        patch.setattr(articles, "count_articles", _no_count)
        model.sort(TITLE, DESC)
        model.sort_by_relevance()
        model.sort(OUTLET, ASC)
    _fetch_all(model)
    assert model.rowCount() == model.total_count() == 3


def test_counts_follow_imports_and_deletions_across_sorts(library, qtmodeltester) -> None:
    ids = many_articles(30)
    model = ArticleTableModel(page_size=10)
    store_drafts([draft(f"New {n}.", title=f"New {n}") for n in range(5)], "test", "new.txt")
    model.refresh()  # what the list does on libraryChanged
    model.sort(TITLE, ASC)
    assert (model.total_count(), model.library_count()) == (35, 35)
    delete_articles(ids[:12])
    model.refresh()
    model.sort(DATE, ASC)
    _fetch_all(model)
    assert model.rowCount() == model.total_count() == model.library_count() == 23
    qtmodeltester.check(model)


def test_a_library_that_shrank_unseen_ends_the_list_where_it_ends(library) -> None:
    ids = many_articles(30)
    model = ArticleTableModel(page_size=10)
    delete_articles(ids[:15])  # another coder's deletion, before this window hears of it
    model.sort(TITLE, DESC)
    _fetch_all(model)
    assert model.rowCount() == model.total_count() == 15
    assert not model.canFetchMore(QModelIndex())
