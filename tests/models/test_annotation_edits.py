"""Editing, deleting and restoring annotations: one transaction each, what was written returned."""

import pytest
from peewee import OperationalError

from models import annotating, annotation_edits
from models.annotating import annotate_quote, list_annotations
from models.annotation_edits import delete_annotation, restore_annotation, update_annotation
from models.errors import LibraryError


def test_update_note_colour_tags_and_timestamp(add_article, monkeypatch) -> None:
    article = add_article("alpha beta")
    mark = annotate_quote(article, "alpha", tags=["A"])
    monkeypatch.setattr(annotation_edits, "utc_now", lambda: "2030-01-01T00:00:00Z")
    changed = update_annotation(mark.id, note="why it matters", color="Blue", tags=["B", "C"])
    assert (changed.note, changed.color, changed.tags) == ("why it matters", "blue", ("B", "C"))
    assert changed.updated_at == "2030-01-01T00:00:00Z"
    assert changed.created_at == mark.created_at


def test_delete_then_restore_gives_back_the_same_annotation(add_article) -> None:
    article = add_article("alpha beta")
    mark = annotate_quote(article, "beta", note="n", tags=["T/U"], color="green")
    assert delete_annotation(mark.id) == mark
    assert list_annotations(article) == []
    assert restore_annotation(mark) == mark
    assert list_annotations(article) == [mark]


def test_update_can_put_back_an_earlier_modification_time(library, add_article) -> None:
    article = add_article("Officials denied the report.")
    record = annotating.create_annotation(article, 0, 9)
    edited = annotation_edits.update_annotation(
        record.id, note="n", tags=["A"], updated_at="2000-01-01T00:00:00Z"
    )
    assert (edited.note, edited.tags, edited.updated_at) == ("n", ("A",), "2000-01-01T00:00:00Z")


def test_failed_write_becomes_a_library_error_and_delete_is_atomic(
    library, add_article, monkeypatch
) -> None:

    article = add_article("Officials denied the report.")
    record = annotating.create_annotation(article, 0, 9, tags=["A"])

    def busy(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(annotation_edits, "_set_tags", busy)
    with pytest.raises(LibraryError, match="could not save: database is busy"):
        annotation_edits.update_annotation(record.id, note="x", tags=["B"])
    assert annotating.get_annotation(record.id) == record  # rolled back as one transaction
    monkeypatch.undo()

    real_delete = annotation_edits.Annotation.delete

    class Failing:
        def where(self, *args):
            raise OperationalError("disk I/O error")

    monkeypatch.setattr(annotation_edits.Annotation, "delete", classmethod(lambda cls: Failing()))
    with pytest.raises(LibraryError, match="could not save"):
        annotation_edits.delete_annotation(record.id)
    monkeypatch.setattr(annotation_edits.Annotation, "delete", real_delete)
    assert annotation_edits.delete_annotation(record.id) == record
