"""Every change from the window is a Session call: opening an article (it is marked read),
codebook and article-tag edits (undo steps), an import's new articles. The Session alone tells
the views, so each of these is checked through its signals and what lands in the library."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from models import article_tags, articles
from models import codebook as cb
from models.tags import list_tags
from tests.ui.session.test_failed_writes import locked
from ui.session.session import Session


@pytest.fixture
def session(library, qtbot) -> Session:  # type: ignore[no-untyped-def]
    return Session()


def _record(signal) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    heard: list[tuple[object, ...]] = []
    signal.connect(lambda *args: heard.append(args))
    return heard


def test_opening_an_article_marks_it_read_and_tells_the_views(session, add_article) -> None:
    article = add_article("A paragraph.")
    opened = _record(session.articleOpened)
    assert articles.get_article(article).read_at is None
    assert session.open_article(article)
    assert opened == [(article,)] and session.article_id == article
    assert articles.get_article(article).read_at is not None


def test_an_article_opened_on_a_locked_library_opens_and_is_marked_read_later(
    library, session, add_article, qtbot
) -> None:
    first, second = add_article("One."), add_article("Two.")
    session.open_article(first)
    failed, opened = _record(session.openFailed), _record(session.articleOpened)
    with locked(library):
        assert session.open_article(second)  # the window never waits for the lock
        assert opened == [(second,)] and session.article_id == second
        assert articles.get_article(second).read_at is None  # queued
    qtbot.waitUntil(lambda: articles.get_article(second).read_at is not None, timeout=15000)
    assert failed == []


def test_a_codebook_edit_is_one_undo_step_and_refreshes_the_open_article(
    session, add_article
) -> None:
    session.open_article(add_article("Text."))
    tags, cards = _record(session.tagsChanged), _record(session.annotationsChanged)
    session.edit_codebook("New tag", lambda: cb.create_tag("Actors/Police", "blue"))
    assert [t.path for t in list_tags()] == ["Actors/Police"]
    # The open article's store reloads; no highlight of it changed, so nothing is announced.
    assert len(tags) == 1 and cards == []
    session.undo_stack.undo()
    assert list_tags() == [] and len(tags) == 2
    session.undo_stack.redo()
    assert [t.path for t in list_tags()] == ["Actors/Police"]


def test_an_edit_that_changes_nothing_leaves_no_undo_step(session) -> None:
    session.edit_codebook("New tag", lambda: cb.create_tag("Frame", "red"))
    session.edit_codebook("Colour", lambda: cb.set_tag_color("Frame", "red"))
    assert session.undo_stack.count() == 1


def test_several_codebook_edits_make_one_step_and_say_which_were_refused(session) -> None:
    edits: list[Callable[[], cb.Snapshot]] = [
        lambda: cb.create_tag("A"),
        lambda: cb.rename_tag("no such tag", "B"),
        lambda: cb.create_tag("C"),
    ]
    heard: list[list[str | None]] = []
    assert session.edit_codebook_many("Add tags", edits, heard.append)
    [outcomes] = heard
    assert outcomes[0] is None and outcomes[2] is None and outcomes[1]
    assert [t.path for t in list_tags()] == ["A", "C"]
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert list_tags() == []


def test_an_articles_own_tags_are_set_as_an_undo_step(session, add_article) -> None:
    article = add_article("Text.")
    heard = _record(session.tagsChanged)
    assert session.set_article_tags(article, ["screening/include"])
    assert not session.set_article_tags(article, ["Screening/Include"])  # the same tags
    assert article_tags.article_tags(article) == ["screening/include"] and len(heard) == 1
    session.undo_stack.undo()
    assert article_tags.article_tags(article) == [] and len(heard) == 2


def test_a_highlight_cuts_its_quote_from_the_open_articles_text_not_the_library(
    session, add_article, monkeypatch
) -> None:
    """The Session holds the article it opened: a highlight's quote and context come from
    that text (emoji count as one code point), with no read of the article's text."""
    from models import annotating

    article = add_article("Before 😀 the quote 👍🏽 after.", "Second paragraph.")
    session.open_article(article)
    assert session.article is not None and session.article.id == article

    def no_read(*args: object) -> None:
        raise AssertionError("read the article's text again")

    monkeypatch.setattr(annotating, "text_window", no_read)
    monkeypatch.setattr(annotating, "article_text", no_read)
    text = session.article.text
    start = text.index("the quote")
    made = session.create_annotation(article, start, start + len("the quote 👍🏽"))
    [stored] = annotating.list_annotations(article)
    assert made == stored.id and stored.quote == "the quote 👍🏽"
    assert stored.prefix.endswith("Before 😀 ") and stored.suffix.startswith(" after.")


def test_an_edited_open_article_is_read_again_by_the_session(session, add_article) -> None:
    article = add_article("Text.", title="Old title")
    session.open_article(article)
    assert session.edit_article(article, title="New title")
    assert session.article is not None and session.article.title == "New title"
    session.close_article()
    assert session.article is None
