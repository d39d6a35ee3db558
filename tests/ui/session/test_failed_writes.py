"""A write that fails (another process holds the library's write lock) loses nothing: the
session raises LibraryError and says so on writeFailed, the undo stack stays as it was, and
the note editor keeps the text and saves it later."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from models import annotating
from models.articles import article_text
from models.errors import LibraryError
from models.schema import database
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
    database.execute_sql("PRAGMA busy_timeout = 50")  # fail fast instead of waiting 10 s
    article = add_article("Officials denied the report.")
    session = Session()
    session.open_article(article)
    failures: list[str] = []
    session.writeFailed.connect(failures.append)
    return library, session, article, failures


def test_failed_highlight_raises_pushes_nothing_and_the_next_attempt_works(setup) -> None:
    library, session, article, failures = setup
    start = article_text(article).index("denied")
    with locked(library), pytest.raises(LibraryError, match="could not save: database is busy"):
        session.create_annotation(article, start, start + 6)
    assert session.undo_stack.count() == 0
    assert annotating.list_annotations(article) == []
    assert len(failures) == 1 and "busy" in failures[0]

    new = session.create_annotation(article, start, start + 6)
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert annotating.list_annotations(article) == []
    session.undo_stack.redo()
    assert annotating.get_annotation(new).quote == "denied"


def test_failed_edit_and_delete_leave_the_stack_and_the_library_alone(setup) -> None:
    library, session, article, failures = setup
    new = session.create_annotation(article, 0, 9, note="first")
    with locked(library):
        with pytest.raises(LibraryError):
            session.edit_annotation(new, note="second")
        with pytest.raises(LibraryError):
            session.delete_annotation(new)
    assert session.undo_stack.count() == 1 and len(failures) == 2
    assert annotating.get_annotation(new).note == "first"
    session.edit_annotation(new, color="blue")
    session.undo_stack.undo()
    record = annotating.get_annotation(new)
    assert (record.note, record.color) == ("first", "yellow")


def test_note_editor_keeps_unsaved_text_and_saves_it_on_the_next_flush(setup, qtbot) -> None:
    library, session, article, failures = setup
    new = session.create_annotation(article, 0, 9)
    editor = AnnotationEditor(session, tag_picker=lambda *a: None)
    qtbot.addWidget(editor)
    editor.sync(annotating.get_annotation(new))
    editor.note_editor.insertPlainText("important thought")
    with locked(library):
        editor.flush()  # must not raise: the session reported it on writeFailed
    assert failures and editor.is_dirty()
    assert editor.note_editor.toPlainText() == "important thought"
    assert annotating.get_annotation(new).note == ""
    assert session.undo_stack.count() == 1

    editor.flush()
    assert not editor.is_dirty()
    assert annotating.get_annotation(new).note == "important thought"
    assert session.undo_stack.count() == 2
    session.undo_stack.undo()
    assert annotating.get_annotation(new).note == ""
