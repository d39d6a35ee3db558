"""A note written in the popover (N) while someone else rewrites it: theirs is not overwritten,
the user is told, and the popover opens again with what they typed (issue 19)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from test_popovers import when_popover
from test_reading_pane import select_found

from models import annotating, annotation_edits, changes
from ui.reading.note_popover import NotePopover

CTRL = Qt.KeyboardModifier.ControlModifier


def test_a_note_saved_over_a_newer_one_is_refused_and_offered_again(
    qtbot, pane, session, article_id
) -> None:
    text = annotating.article_text(article_id)
    start = text.index("Kyiv")
    mark = annotating.create_annotation(article_id, start, start + 4, note="first")
    session.open_article(article_id)
    said: list[str] = []
    session.writeFailed.connect(said.append)
    offered: list[str] = []

    def type_while_they_rewrite(popup: QWidget) -> None:
        assert isinstance(popup, NotePopover)
        with changes.writing_as("another window"):
            annotation_edits.update_annotation(mark.id, note="their rewrite")
        qtbot.keyClicks(popup.editor, " and mine")
        when_popover(look_then_cancel)  # the popover that comes back
        qtbot.keyClick(popup.editor, Qt.Key.Key_Return, CTRL)

    def look_then_cancel(popup: QWidget) -> None:
        assert isinstance(popup, NotePopover)
        offered.append(popup.note())
        qtbot.keyClick(popup.editor, Qt.Key.Key_Escape)

    select_found(pane, "Kyiv")
    when_popover(type_while_they_rewrite)
    qtbot.keyClick(pane, Qt.Key.Key_N)

    assert annotating.get_annotation(mark.id).note == "their rewrite"
    assert offered == ["first and mine"]  # what the user typed, offered again
    assert len(said) == 1 and "changed the note" in said[0]
    assert session.store.get(mark.id).note == "their rewrite"  # type: ignore[union-attr]
