"""Codebook and article-tag edits while another connection holds the library's write lock go
through the same writer as annotations: queued in order, never waited for on the window's
thread, each joining the undo stack as it lands; undo and redo queue the same way."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from models import article_tags
from models import codebook as cb
from models.tags import list_tags
from tests.ui.session.test_failed_writes import locked
from ui.session.session import Session


@pytest.fixture
def session(library, qtbot) -> Session:  # type: ignore[no-untyped-def]
    made = Session()
    failures: list[str] = []
    made.writeFailed.connect(failures.append)
    yield made
    assert failures == []


def landed(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not session.writer.is_busy(), timeout=15000)


def tags() -> list[tuple[str, str]]:
    return [(t.path, t.color) for t in list_tags()]


def test_codebook_edits_made_while_locked_land_in_order(library, session, qtbot) -> None:
    heard: list[str] = []
    with locked(library):
        assert not session.edit_codebook(
            "New", lambda: cb.create_tag("Frames"), None, lambda: heard.append("new")
        )
        assert not session.edit_codebook("Rename", lambda: cb.rename_tag("Frames", "Frame"))
        assert not session.edit_codebook("Colour", lambda: cb.set_tag_color("Frame", "red"))
        assert tags() == [] and session.undo_stack.count() == 0 and heard == []
        assert session.writer.waiting == 3
    landed(qtbot, session)
    assert tags() == [("Frame", "red")] and heard == ["new"]
    assert session.undo_stack.count() == 3


def test_undo_and_redo_of_codebook_edits_queue_while_locked(library, session, qtbot) -> None:
    session.edit_codebook("New", lambda: cb.create_tag("Frames", "blue"))
    session.edit_codebook("Rename", lambda: cb.rename_tag("Frames", "Frame"))
    with locked(library):
        session.undo_stack.undo()
        session.undo_stack.undo()
        assert tags() == [("Frame", "blue")]  # nothing written yet
    landed(qtbot, session)
    assert tags() == []
    with locked(library):
        session.undo_stack.redo()
        session.undo_stack.redo()
        assert tags() == []
    landed(qtbot, session)
    assert tags() == [("Frame", "blue")]


def test_a_drop_of_several_tags_while_locked_is_one_write_and_one_step(
    library, session, qtbot
) -> None:
    for path in ("A", "B", "Target"):
        session.edit_codebook("New", lambda p=path: cb.create_tag(p))
    edits: list[Callable[[], cb.Snapshot]] = [
        lambda: cb.reparent_tag("A", "Target"),
        lambda: cb.reparent_tag("Target", "Target"),  # under itself: refused, the rest kept
        lambda: cb.reparent_tag("B", "Target"),
    ]
    outcomes: list[list[str | None]] = []
    with locked(library):
        assert not session.edit_codebook_many("Move tags", edits, outcomes.append)
        assert outcomes == [] and session.writer.waiting == 1
    landed(qtbot, session)
    [(first, refused, last)] = outcomes
    assert first is None and last is None and refused
    assert [p for p, _c in tags()] == ["Target", "Target/A", "Target/B"]
    assert session.undo_stack.count() == 4
    session.undo_stack.undo()
    assert [p for p, _c in tags()] == ["A", "B", "Target"]


def test_an_articles_own_tags_set_while_locked_land_and_undo_later(
    library, session, add_article, qtbot
) -> None:
    article = add_article("Text.")
    heard: list[int] = []
    session.tagsChanged.connect(lambda: heard.append(1))
    with locked(library):
        assert session.set_article_tags(article, ["screening/include"])  # queued
        assert article_tags.article_tags(article) == [] and heard == []
    landed(qtbot, session)
    assert article_tags.article_tags(article) == ["screening/include"] and len(heard) == 1
    with locked(library):
        session.undo_stack.undo()
        assert article_tags.article_tags(article) == ["screening/include"]
    landed(qtbot, session)
    assert article_tags.article_tags(article) == [] and len(heard) == 2
