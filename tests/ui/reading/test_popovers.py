"""T and N open popovers beside the passage; driven with real keys, checked in the library."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

from models.annotating import create_annotation, list_annotations
from models.tags import ensure_tag
from tests.ui.reading.pane_actions import only, select_found
from ui.codebook.tag_picker import TagPickerDialog
from ui.reading.note_popover import NotePopover

CTRL = Qt.KeyboardModifier.ControlModifier


def when_popover(action: Callable[[QWidget], None]) -> list[QWidget]:
    """Run `action` on the popover once it is open (it runs its own event loop)."""
    seen: list[QWidget] = []

    def run(tries: int = 0) -> None:
        popup = QApplication.activePopupWidget()
        if popup is None and tries < 300:
            QTimer.singleShot(10, lambda: run(tries + 1))
        elif popup is not None:
            seen.append(popup)
            action(popup)

    QTimer.singleShot(0, run)
    return seen


def test_t_then_one_enter_applies_the_tag_beside_the_passage(qtbot, pane, article_id) -> None:
    ensure_tag("Actors/Russia")
    select_found(pane, "Kyiv")
    passage = pane.selection_anchor()
    placed = []

    def type_and_enter(popup: QWidget) -> None:
        assert isinstance(popup, TagPickerDialog)
        placed.append(popup.frameGeometry())
        qtbot.keyClicks(popup.input, "acru")
        qtbot.keyClick(popup.input, Qt.Key.Key_Return)

    seen = when_popover(type_and_enter)
    qtbot.keyClick(pane, Qt.Key.Key_T)
    assert seen, "no popover opened"
    assert only(article_id).tags == ("Actors/Russia",)
    assert not placed[0].intersects(passage)  # the passage stays in view
    assert not pane.toolbar.isVisible()


def test_alt_number_applies_a_recently_used_tag(qtbot, pane, article_id) -> None:
    text = pane.document_map().text
    create_annotation(article_id, 0, 5, tags=["Frames/Cost"])
    create_annotation(article_id, 6, 8, tags=["Outcome"])
    select_found(pane, "Kyiv")

    def alt_two(popup: QWidget) -> None:
        assert isinstance(popup, TagPickerDialog)
        assert popup.recent == ["Outcome", "Frames/Cost"]  # newest first
        qtbot.keyClick(popup.input, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)

    when_popover(alt_two)
    qtbot.keyClick(pane, Qt.Key.Key_T)
    [record] = [r for r in list_annotations(article_id) if r.start == text.index("Kyiv")]
    assert record.tags == ("Frames/Cost",)


def test_escape_in_the_tag_popover_tags_nothing(qtbot, pane, article_id) -> None:
    select_found(pane, "Kyiv")
    typed = []

    def type_then_escape(popup: QWidget) -> None:
        assert isinstance(popup, TagPickerDialog)
        qtbot.keyClicks(popup.input, "h2")  # the popover's keys, not the pane's H and 2
        typed.append(popup.input.text())
        qtbot.keyClick(popup.input, Qt.Key.Key_Escape)

    when_popover(type_then_escape)
    qtbot.keyClick(pane, Qt.Key.Key_T)
    assert typed == ["h2"]
    assert list_annotations(article_id) == []
    assert pane.textCursor().selectedText() == "Kyiv"  # the selection waits for another key


def test_n_note_popover_ctrl_enter_saves_without_trailing_newline(qtbot, pane, article_id) -> None:
    select_found(pane, "Kyiv")
    passage = pane.selection_anchor()
    placed = []

    def write(popup: QWidget) -> None:
        assert isinstance(popup, NotePopover)
        placed.append(popup.frameGeometry())
        editor = popup.editor
        assert editor.lineWrapMode() == QPlainTextEdit.LineWrapMode.WidgetWidth
        qtbot.keyClicks(editor, "Says no")
        qtbot.keyClick(editor, Qt.Key.Key_Return)  # a new line, not saved yet
        qtbot.keyClicks(editor, "to the deal.")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        assert popup.isVisible()
        qtbot.keyClick(editor, Qt.Key.Key_Return, CTRL)

    when_popover(write)
    qtbot.keyClick(pane, Qt.Key.Key_N)
    record = only(article_id)
    assert (record.quote, record.note) == ("Kyiv", "Says no\nto the deal.")
    assert not placed[0].intersects(passage)


def test_escape_in_the_note_popover_saves_nothing(qtbot, pane, article_id) -> None:
    select_found(pane, "Kyiv")

    def type_then_escape(popup: QWidget) -> None:
        assert isinstance(popup, NotePopover)
        qtbot.keyClicks(popup.editor, "never mind")
        qtbot.keyClick(popup.editor, Qt.Key.Key_Escape)

    when_popover(type_then_escape)
    qtbot.keyClick(pane, Qt.Key.Key_N)
    assert list_annotations(article_id) == []


def test_t_on_a_highlighted_span_adds_the_tag_to_that_highlight(qtbot, pane, article_id) -> None:
    ensure_tag("Actors/Russia")
    ensure_tag("Outcome")

    def tag(typed: str) -> None:
        def type_and_enter(popup: QWidget) -> None:
            qtbot.keyClicks(popup.input, typed)
            qtbot.keyClick(popup.input, Qt.Key.Key_Return)

        select_found(pane, "Kyiv")
        seen = when_popover(type_and_enter)
        qtbot.keyClick(pane, Qt.Key.Key_T)
        assert seen, "no popover opened"

    tag("outc")
    [first] = list_annotations(article_id)
    tag("acru")  # the same span again: the tag goes on the highlight already there
    [record] = list_annotations(article_id)
    assert record.id == first.id
    assert sorted(record.tags) == ["Actors/Russia", "Outcome"]
    assert not pane.textCursor().hasSelection()
    tag("outc")  # a tag it has already: nothing doubles
    assert [sorted(r.tags) for r in list_annotations(article_id)] == [["Actors/Russia", "Outcome"]]


def test_n_on_a_highlighted_span_edits_that_highlights_note(qtbot, pane, article_id) -> None:
    select_found(pane, "Kyiv")
    qtbot.keyClick(pane, Qt.Key.Key_6)  # a highlight in the sixth colour, no note
    [first] = list_annotations(article_id)
    offered = []

    def write(text: str):  # type: ignore[no-untyped-def]
        def run(popup: QWidget) -> None:
            offered.append(popup.editor.toPlainText())
            popup.editor.moveCursor(QTextCursor.MoveOperation.End)
            qtbot.keyClicks(popup.editor, text)
            qtbot.keyClick(popup.editor, Qt.Key.Key_Return, CTRL)

        return run

    for text in ("Capital", " under fire"):
        select_found(pane, "Kyiv")
        when_popover(write(text))
        qtbot.keyClick(pane, Qt.Key.Key_N)
    assert offered == ["", "Capital"]  # the second time, the note already there to add to
    [record] = list_annotations(article_id)
    assert (record.id, record.color, record.note) == (first.id, first.color, "Capital under fire")


def test_t_on_a_span_only_overlapping_a_highlight_makes_a_new_one(qtbot, pane, article_id) -> None:
    ensure_tag("Outcome")
    select_found(pane, "Kyiv said")
    qtbot.keyClick(pane, Qt.Key.Key_H)
    select_found(pane, "Kyiv")

    def type_and_enter(popup: QWidget) -> None:
        qtbot.keyClicks(popup.input, "outc")
        qtbot.keyClick(popup.input, Qt.Key.Key_Return)

    when_popover(type_and_enter)
    qtbot.keyClick(pane, Qt.Key.Key_T)
    assert sorted((r.quote, r.tags) for r in list_annotations(article_id)) == [
        ("Kyiv", ("Outcome",)),
        ("Kyiv said", ()),
    ]
