"""Undo and redo of annotation edits through the Session, checked in the library."""

from __future__ import annotations

import pytest

from models import annotating, annotation_edits
from models.articles import article_text
from models.errors import NotFound
from ui.session.session import Session

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


@pytest.fixture
def setup(library, add_article, qtbot):
    article = add_article("Officials denied the report.", "Later they confirmed parts of it.")
    session = Session()
    session.open_article(article)
    return session, article


def state(annotation_id: int) -> tuple[str, str, tuple[str, ...]] | None:
    try:
        record = annotating.get_annotation(annotation_id)
    except NotFound:
        return None
    return record.note, record.color, record.tags


def test_create_edit_recolour_delete_then_undo_and_redo_all(setup, qtbot) -> None:
    session, article = setup
    stack = session.undo_stack
    start = article_text(article).index("denied the report")
    changed: list[int] = []
    selected: list[int] = []
    session.annotationsChanged.connect(
        lambda change: changed.extend({(o or n).article_id for o, n in change.pairs})
    )
    session.annotationSelected.connect(selected.append)

    new = session.create_annotation(article, start, start + 17, color="yellow", tags=["Claims"])
    created = annotating.get_annotation(new)
    assert created.quote == "denied the report"
    annotation_edits.set_updated_at(new, "2000-01-01T00:00:00Z")  # so undo of the edit can show it
    session.reload_annotations()  # a write behind the session's back: its store learns it
    session.edit_annotation(new, note="Contradicted in para 2")
    assert annotating.get_annotation(new).updated_at != "2000-01-01T00:00:00Z"
    session.edit_annotation(new, color="red")
    session.delete_annotation(new)

    states = [
        None,
        ("", "yellow", ("Claims",)),
        ("Contradicted in para 2", "yellow", ("Claims",)),
        ("Contradicted in para 2", "red", ("Claims",)),
        None,
    ]
    assert stack.count() == 4 and stack.index() == 4
    assert state(new) == states[4]
    for step in (3, 2, 1, 0):
        stack.undo()
        assert state(new) == states[step], f"after undo to step {step}"
    assert annotating.list_annotations(article) == []
    for step in (1, 2, 3, 4):
        stack.redo()
        assert state(new) == states[step], f"after redo to step {step}"
    assert changed == [article] * 13
    assert selected == [new] * 9  # every step that leaves it in place selects it

    stack.undo()  # the deletion: same id, created_at and quote
    restored = annotating.get_annotation(new)
    assert (restored.id, restored.created_at, restored.quote) == (
        new,
        created.created_at,
        created.quote,
    )
    stack.undo()
    stack.undo()  # the note edit, with its earlier modification time
    assert annotating.get_annotation(new).updated_at == "2000-01-01T00:00:00Z"


def test_note_edits_with_one_merge_key_are_one_undo_step(setup) -> None:
    session, article = setup
    stack = session.undo_stack
    new = annotating.create_annotation(article, 0, 9, note="first").id
    session.edit_annotation(new, note="first draft", merge_key="a")
    session.edit_annotation(new, note="first draft, longer", merge_key="a")
    assert stack.count() == 1
    session.edit_annotation(new, color="green", merge_key="a")  # not a note edit: its own step
    session.edit_annotation(new, note="second", merge_key="a")
    session.edit_annotation(new, note="second!", merge_key="b")
    assert stack.count() == 4
    stack.undo()
    stack.undo()
    assert state(new) == ("first draft, longer", "green", ())
    stack.undo()
    stack.undo()
    assert state(new) == ("first", "yellow", ())
    stack.redo()
    assert state(new) == ("first draft, longer", "yellow", ())


def test_typing_back_to_the_old_note_leaves_no_undo_step(setup) -> None:
    session, article = setup
    new = annotating.create_annotation(article, 0, 9, note="same").id
    session.edit_annotation(new, note="same plus", merge_key=1)
    session.edit_annotation(new, note="same", merge_key=1)
    assert session.undo_stack.count() == 0
    assert state(new) == ("same", "yellow", ())


def test_undo_of_an_edit_writes_note_tags_and_time_in_one_update(setup, monkeypatch) -> None:
    session, article = setup
    new = session.create_annotation(article, 0, 9, note="first")
    before = annotating.get_annotation(new)
    session.edit_annotation(new, note="second", tags=["A"])
    calls: list[dict] = []
    real = annotation_edits.update_annotation
    monkeypatch.setattr(
        annotation_edits, "update_annotation", lambda *a, **k: calls.append(k) or real(*a, **k)
    )
    monkeypatch.setattr(annotation_edits, "set_updated_at", None)  # a second write would fail here
    session.undo_stack.undo()
    assert len(calls) == 1
    assert annotating.get_annotation(new) == before
