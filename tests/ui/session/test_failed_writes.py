"""Writes while another connection holds the library's write lock are queued, never lost:
each lands when the lock is released, in the order made, and joins the undo stack then; a
write the library refuses for another reason raises at once and pushes nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from models import annotating
from models.articles import article_text
from models.errors import LibraryError
from ui.session.session import Session
from ui.sidebar.editor import AnnotationEditor


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Another connection (an import, the CLI) holds the write lock meanwhile."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("COMMIT")
        other.close()


@pytest.fixture
def setup(library, add_article, qtbot):
    article = add_article("Officials denied the report.")
    session = Session()
    session.open_article(article)
    failures: list[str] = []
    session.writeFailed.connect(failures.append)
    waiting: list[int] = []
    session.writer.waitingChanged.connect(waiting.append)
    return library, session, article, failures, waiting


def landed(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not session.writer.is_busy(), timeout=15000)


def test_highlights_made_while_locked_land_in_order_after_the_release(setup, qtbot) -> None:
    library, session, article, failures, waiting = setup
    text = article_text(article)
    with locked(library):
        first = session.create_annotation(article, text.index("denied"), text.index(" the"))
        second = session.create_annotation(article, 0, 9, color="green")
        assert first is None and second is None  # queued: nothing to show yet
        assert session.writer.waiting == 2 and waiting == [1, 2]
        assert annotating.list_annotations(article) == [] and session.undo_stack.count() == 0
    landed(qtbot, session)
    made = sorted(annotating.list_annotations(article), key=lambda r: r.id)
    assert [(r.quote, r.color) for r in made] == [("denied", "yellow"), ("Officials", "green")]
    assert session.store.records() == annotating.list_annotations(article)
    assert session.undo_stack.count() == 2 and waiting[-1] == 0 and failures == []
    session.undo_stack.undo()
    assert [r.quote for r in annotating.list_annotations(article)] == ["denied"]


def test_an_edit_and_a_delete_while_locked_land_in_order(setup, qtbot) -> None:
    library, session, article, failures, _waiting = setup
    new = session.create_annotation(article, 0, 9, note="first")
    assert new is not None
    with locked(library):
        session.edit_annotation(new, note="second")
        session.delete_annotation(new)
        assert annotating.get_annotation(new).note == "first"
    landed(qtbot, session)
    assert annotating.list_annotations(article) == [] and session.store.records() == []
    assert session.undo_stack.count() == 3 and failures == []
    session.undo_stack.undo()
    assert annotating.get_annotation(new).note == "second"
    session.undo_stack.undo()
    assert annotating.get_annotation(new).note == "first"


def test_a_note_typed_while_locked_is_saved_when_the_lock_goes(setup, qtbot) -> None:
    library, session, article, failures, _waiting = setup
    new = session.create_annotation(article, 0, 9)
    editor = AnnotationEditor(session, tag_picker=lambda *a: None)
    qtbot.addWidget(editor)
    editor.sync(session.store.get(new))
    editor.note_editor.insertPlainText("important thought")
    with locked(library):
        editor.flush()  # queued, not refused
        assert annotating.get_annotation(new).note == ""
    landed(qtbot, session)
    assert annotating.get_annotation(new).note == "important thought"
    assert session.undo_stack.count() == 2 and failures == []
    session.undo_stack.undo()
    assert annotating.get_annotation(new).note == ""


def test_a_refused_write_raises_at_once_and_pushes_nothing(setup) -> None:
    _library, session, article, failures, _waiting = setup
    with pytest.raises(LibraryError, match="not inside the text"):
        session.create_annotation(article, 0, 9999)
    assert session.undo_stack.count() == 0 and len(failures) == 1
    assert not session.writer.is_busy()
