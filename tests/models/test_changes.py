"""The change log other windows follow, and edits on a stale copy (issue 19: several people at
once). Two writers are told apart by their origin, as two windows are."""

from __future__ import annotations

from dataclasses import replace

import pytest

from models import annotating, annotation_edits, article_tags, changes
from models import codebook as cb
from models.conflicts import EditConflict


def _as(origin: str, write):  # type: ignore[no-untyped-def]
    with changes.writing_as(origin):
        return write()


def test_each_annotation_write_is_logged_with_its_article_and_action(add_article) -> None:
    article = add_article("One two three four.")
    start = changes.last_change_id()
    made = annotating.create_annotation(article, 0, 3)
    annotation_edits.update_annotation(made.id, note="a note")
    annotation_edits.delete_annotation(made.id)
    annotation_edits.restore_annotation(made)
    logged = changes.changes_since(start)
    assert [(c.kind, c.action, c.article_id, c.annotation_id) for c in logged] == [
        ("annotation", action, article, made.id)
        for action in ("insert", "update", "delete", "insert")
    ]
    assert all(c.coder == "Test Coder" for c in logged)


def test_a_window_skips_its_own_changes_and_sees_the_others(add_article) -> None:
    article = add_article("One two three four.")
    start = changes.last_change_id()
    mine, theirs = changes.new_origin(), changes.new_origin()
    _as(mine, lambda: annotating.create_annotation(article, 0, 3))
    other = _as(theirs, lambda: annotating.create_annotation(article, 4, 7))
    _as(theirs, lambda: cb.create_tag("Frames/Economy"))
    _as(theirs, lambda: article_tags.set_article_tags(article, ["screening/include"]))
    seen = changes.changes_since(start, skip_origin=mine)
    assert [(c.kind, c.annotation_id) for c in seen] == [
        ("annotation", other.id),
        ("codebook", None),
        ("codebook", None),  # the article tag was new: the codebook grew too
        ("article_tags", None),
    ]
    assert seen[-1].article_id == article
    assert changes.changes_since(seen[-1].id, skip_origin=mine) == []


def test_a_failed_write_logs_nothing(add_article) -> None:
    article = add_article("One two three four.")
    start = changes.last_change_id()
    with pytest.raises(annotating.LibraryError):
        annotating.create_annotation(article, 0, 999)
    assert changes.changes_since(start) == []


def test_an_edit_on_a_stale_copy_of_the_same_field_is_refused_and_both_texts_survive(
    add_article,
) -> None:
    article = add_article("One two three four.")
    read = annotating.create_annotation(article, 0, 3, note="first")
    _as("them", lambda: annotation_edits.update_annotation(read.id, note="their text"))
    with pytest.raises(EditConflict) as refused:
        annotation_edits.update_annotation(read.id, note="my text", base=read)
    assert "note" in str(refused.value) and "Test Coder" in str(refused.value)
    assert refused.value.current.note == "their text"
    assert annotating.get_annotation(read.id).note == "their text"


def test_fields_nobody_else_changed_merge(add_article) -> None:
    article = add_article("One two three four.")
    read = annotating.create_annotation(article, 0, 3, note="first", tags=["A"])
    _as("them", lambda: annotation_edits.update_annotation(read.id, note="their note"))
    mine = annotation_edits.update_annotation(read.id, color="blue", tags=["A", "B"], base=read)
    assert (mine.note, mine.color, mine.tags) == ("their note", "blue", ("A", "B"))
    # The same value on both sides is no conflict either.
    _as("them", lambda: annotation_edits.update_annotation(read.id, color="green"))
    same = annotation_edits.update_annotation(read.id, color="green", base=mine)
    assert same.color == "green"


def test_tags_changed_by_both_conflict_and_a_delete_of_an_edited_copy_is_refused(
    add_article,
) -> None:
    article = add_article("One two three four.")
    read = annotating.create_annotation(article, 0, 3, tags=["A"])
    _as("them", lambda: annotation_edits.update_annotation(read.id, tags=["A", "C"]))
    with pytest.raises(EditConflict, match="tags"):
        annotation_edits.update_annotation(read.id, tags=["B"], base=read)
    with pytest.raises(EditConflict, match="delete"):
        annotation_edits.delete_annotations([read.id], bases=[read])
    assert annotating.get_annotation(read.id).tags == ("A", "C")
    fresh = annotating.get_annotation(read.id)
    assert annotation_edits.delete_annotations([read.id], bases=[fresh]) == [fresh]


def test_an_edit_of_a_highlight_deleted_meanwhile_says_so(add_article) -> None:
    article = add_article("One two three four.")
    read = annotating.create_annotation(article, 0, 3)
    _as("them", lambda: annotation_edits.delete_annotation(read.id))
    with pytest.raises(EditConflict, match="deleted") as refused:
        annotation_edits.update_annotation(read.id, note="mine", base=replace(read))
    assert refused.value.current is None


def test_old_rows_are_pruned(add_article) -> None:
    article = add_article("One two three four.")
    annotating.create_annotation(article, 0, 3)
    assert changes.prune(days=1) == 0
    assert changes.prune(days=-1) >= 1 and changes.last_change_id() == 0


def test_article_edits_deletes_and_restores_are_logged(add_article) -> None:
    from models import managing

    article = add_article("One two three four.")
    start = changes.last_change_id()
    managing.edit_article(article, title="Renamed")
    gone = managing.delete_articles([article])
    managing.restore_articles(gone)
    logged = [(c.kind, c.action, c.article_id) for c in changes.changes_since(start)]
    assert logged == [
        ("article", "edit", article),
        ("article", "delete", article),
        ("article", "insert", article),
    ]
