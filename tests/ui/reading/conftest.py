"""Fixtures of the reading pane's tests: an article with astral and combining characters."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ui.reading.pane import ReadingPane
from ui.reading.view import ReadingView
from ui.session.session import Session

INTRO = "Intro 😀 with 👍🏽 and 🇺🇦 flags and q\u0301 accent."
PASSAGE = "The passage we want to mark: Kyiv said no."
LAST = "Another paragraph, with the word passage again."


@pytest.fixture
def session(library) -> Session:
    return Session()


@pytest.fixture
def article_id(add_article) -> int:
    return add_article(INTRO, PASSAGE, LAST, title="Title 😀", source="Outlet", author="Ann")


@pytest.fixture
def open_view(qtbot, session: Session) -> Callable[..., ReadingView]:
    views: list[ReadingView] = []  # qtbot holds widgets weakly; the test keeps them alive

    def make(article: int, **kwargs: object) -> ReadingView:
        view = ReadingView(session, **kwargs)
        views.append(view)
        qtbot.addWidget(view)
        view.resize(800, 600)
        view.show()
        qtbot.waitExposed(view)
        session.open_article(article)
        return view

    return make


@pytest.fixture
def pane(open_view, article_id: int) -> ReadingPane:
    return open_view(article_id).pane
