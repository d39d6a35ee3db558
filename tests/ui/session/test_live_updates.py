"""Several people at once on one library (issue 19): a window sees what another window or
a script writes within its poll interval, re-applies nothing of its own, and an edit made on a
stale copy never silently overwrites a newer one."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from models import annotating, annotation_edits, changes
from models import codebook as cb
from ui.session.session import Session
from ui.shell.main_window import MainWindow
from ui.shell.settings import Settings

pytestmark = pytest.mark.both_backends  # a file, and a team library on a PostgreSQL server

REPO_ROOT = Path(__file__).resolve().parents[3]
TEXT = ("Officials denied the report on Monday.", "Critics disagreed with them.")


@pytest.fixture
def window(qtbot, library: Path, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    win = MainWindow(Session(), settings, library)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.session.live.interval = 0.05  # the tests wait for the poll, not for seconds
    yield win
    win.session.live.stop()


def _as_other(write):  # type: ignore[no-untyped-def]
    """A write by another window: another origin in the change log."""
    with changes.writing_as("another window"):
        return write()


def _open(window: MainWindow, article: int) -> None:
    window.session.articles_added()  # the list shows the articles added after the window
    window.session.open_article(article)
    window.article_list.select_article(article)


def _editing(qtbot, window: MainWindow, add_article, note: str = ""):  # type: ignore[no-untyped-def]
    """An article with a highlight of "Critics", open, the highlight selected: the highlight
    and its editor in the sidebar."""
    article = add_article(*TEXT)
    mark = annotating.annotate_quote(article, "Critics", note=note)
    _open(window, article)
    window.session.select_annotation(mark.id)
    editor = window.sidebar.editor
    qtbot.waitUntil(lambda: editor.annotation_id == mark.id)
    return mark, editor


def _count(window: MainWindow, article: int) -> int:
    model = window.article_list._model
    return model.summary(model.row_of(article)).annotations


def test_a_highlight_made_by_the_command_line_shows_in_sidebar_pane_and_list(
    qtbot, window, library: Path, add_article
) -> None:
    article = add_article(*TEXT)
    _open(window, article)
    window.session.live.start()
    env = {**os.environ, "GLOSS_CODER": "Script"}
    done = subprocess.run(
        [sys.executable, str(REPO_ROOT / "main.py"), "--library", str(library), "annotate"]
        + [str(article), "--quote", "Critics", "--note", "from the script"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    [stored] = annotating.list_annotations(article)

    qtbot.waitUntil(lambda: window.session.store.get(stored.id) == stored)
    assert window.pane.annotations() == [stored]  # the pane paints from the one store
    assert window.sidebar.count_label.text() == "1 highlight"
    assert _count(window, article) == 1
    start, _end = window.pane.document_map().range_to_document(stored.start, stored.end)
    assert window.pane.ids_at(start + 1) == (stored.id,)


def test_edits_deletes_and_counts_of_another_window_arrive_and_its_own_are_not_reapplied(
    qtbot, window, add_article
) -> None:
    article = add_article(*TEXT)
    elsewhere = add_article("A second article about something else.")
    _open(window, article)
    window.session.live.start()
    heard: list[object] = []
    window.session.annotationsChanged.connect(heard.append)
    arrived: list[changes.Change] = []
    window.session.live.changesArrived.connect(arrived.extend)

    cursor = window.pane.document().find("denied the report")
    window.pane.setTextCursor(cursor)
    qtbot.keyClick(window.pane, Qt.Key.Key_H)  # this window's own highlight
    [mine] = window.session.store.records()
    other = Session()  # a second window on the same library
    other.open_article(article)
    other.edit_annotation(mine.id, note="their note")
    other.create_annotation(elsewhere, 0, 8)
    qtbot.waitUntil(lambda: _count(window, elsewhere) == 1)
    assert window.session.store.get(mine.id).note == "their note"  # type: ignore[union-attr]
    assert window.sidebar.editor.note_editor.toPlainText() == "their note"
    made = [c for c in heard for old, new in c.pairs if old is None and new.id == mine.id]
    assert len(made) == 1 and not made[0].foreign  # its own highlight heard once, not twice
    assert {c.origin for c in arrived} == {other.origin}  # the log's own rows never came back

    other.delete_annotation(mine.id)
    qtbot.waitUntil(lambda: window.session.store.records() == [])
    assert window.sidebar.count_label.text() == "0 highlights"
    assert _count(window, article) == 0
    other.live.stop()


def test_codebook_changes_of_another_window_reload_the_tags(qtbot, window, add_article) -> None:
    article = add_article(*TEXT)
    mark = annotating.annotate_quote(article, "Critics", tags=["Actors/Critics"])
    _open(window, article)
    codebook = window.docks.codebook
    codebook.parentWidget().show()  # the codebook dock, open
    qtbot.waitUntil(codebook.isVisible)
    assert codebook.model.index_of("Actors/Critics").isValid()
    window.session.live.start()
    with qtbot.waitSignal(window.session.tagsChanged, timeout=5000):
        _as_other(lambda: cb.rename_tag("Actors", "People"))
    qtbot.waitUntil(lambda: codebook.model.index_of("People/Critics").isValid())
    qtbot.waitUntil(lambda: window.session.store.get(mark.id).tags == ("People/Critics",))  # type: ignore[union-attr]
    window.session.select_annotation(mark.id)
    assert window.sidebar.editor.chips.texts() == ["People/Critics"]  # the card's new name


def test_a_note_typed_on_a_stale_copy_is_refused_and_both_texts_survive(
    qtbot, window, add_article
) -> None:
    mark, editor = _editing(qtbot, window, add_article, note="first")
    failures: list[str] = []
    window.session.writeFailed.connect(failures.append)

    editor.note_editor.setFocus()
    qtbot.keyClick(editor.note_editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.note_editor, " and mine")  # typing on what it read
    _as_other(lambda: annotation_edits.update_annotation(mark.id, note="their rewrite"))
    editor.flush()  # the pause in typing: the save

    assert len(failures) == 1 and "note" in failures[0] and "not saved" in failures[0]
    assert "Not saved" in window.statusBar().currentMessage()
    assert annotating.get_annotation(mark.id).note == "their rewrite"  # theirs, not overwritten
    assert editor.note_editor.toPlainText() == "first and mine"  # mine, still here
    assert window.session.store.get(mark.id).note == "their rewrite"  # type: ignore[union-attr]


def test_a_colour_set_on_a_stale_copy_merges_with_another_note(qtbot, window, add_article) -> None:
    mark, editor = _editing(
        qtbot, window, add_article, note="first"
    )  # live updates off: it goes stale
    _as_other(lambda: annotation_edits.update_annotation(mark.id, note="their note"))

    qtbot.mouseClick(editor.swatches["blue"], Qt.MouseButton.LeftButton)

    stored = annotating.get_annotation(mark.id)
    assert (stored.color, stored.note) == ("blue", "their note")  # both edits kept
    assert window.session.store.get(mark.id) == stored
    assert editor.note_editor.toPlainText() == "their note"


def test_deleting_a_highlight_someone_changed_meanwhile_is_refused(
    qtbot, window, add_article
) -> None:
    mark, editor = _editing(qtbot, window, add_article)
    _as_other(lambda: annotation_edits.update_annotation(mark.id, note="their note"))

    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)

    assert annotating.get_annotation(mark.id).note == "their note"  # still there
    assert "delete" in window.statusBar().currentMessage()
    assert window.session.store.get(mark.id).note == "their note"  # type: ignore[union-attr]


def test_undo_puts_back_only_this_windows_edit_and_not_over_a_newer_one(
    qtbot, window, add_article
) -> None:
    mark, editor = _editing(qtbot, window, add_article, note="first")
    qtbot.mouseClick(editor.swatches["blue"], Qt.MouseButton.LeftButton)
    _as_other(lambda: annotation_edits.update_annotation(mark.id, note="their note"))

    window.session.undo_stack.undo()  # the colour goes back; their note stays
    stored = annotating.get_annotation(mark.id)
    assert (stored.color, stored.note) == ("yellow", "their note")

    window.session.undo_stack.redo()
    _as_other(lambda: annotation_edits.update_annotation(mark.id, color="green"))
    window.session.undo_stack.undo()  # their colour is newer than the one to undo: kept
    assert annotating.get_annotation(mark.id).color == "green"
    assert "colour" in window.statusBar().currentMessage()


def test_undoing_a_highlight_someone_has_since_annotated_keeps_it(
    qtbot, window, add_article
) -> None:
    article = add_article(*TEXT)
    _open(window, article)
    window.pane.setTextCursor(window.pane.document().find("denied the report"))
    qtbot.keyClick(window.pane, Qt.Key.Key_H)
    [mine] = window.session.store.records()
    _as_other(lambda: annotation_edits.update_annotation(mine.id, note="their reading of it"))
    window.session.undo_stack.undo()
    assert annotating.get_annotation(mine.id).note == "their reading of it"
    assert "delete" in window.statusBar().currentMessage()


def test_articles_another_window_renames_or_deletes_follow_in_the_list(
    qtbot, window, add_article
) -> None:
    article = add_article(*TEXT, title="Old title")
    other_article = add_article("Something else entirely.", title="To be deleted")
    _open(window, article)
    window.session.live.start()
    model = window.article_list._model
    other = Session()
    other.edit_article(article, title="New title")
    other.delete_articles([other_article])
    qtbot.waitUntil(lambda: model.row_of(other_article) < 0)
    assert model.summary(model.row_of(article)).title == "New title"  # type: ignore[union-attr]
    other.delete_articles([article])  # the open article goes: the window closes it
    qtbot.waitUntil(lambda: window.session.article_id is None)
    assert model.rowCount() == 0
    other.live.stop()


def test_articles_imported_elsewhere_appear_in_the_list(qtbot, window, add_article) -> None:
    _open(window, add_article(*TEXT))
    window.session.live.start()
    model = window.article_list._model
    new = add_article("Imported by someone else.", title="Fresh")  # another import
    qtbot.waitUntil(lambda: model.row_of(new) >= 0)


def test_a_note_edited_by_another_process_meanwhile_is_not_overwritten(
    qtbot, window, library: Path, add_article
) -> None:
    mark, editor = _editing(qtbot, window, add_article, note="first")
    qtbot.keyClick(editor.note_editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.note_editor, " (mine)")
    script = (
        "import sys; from models.db import open_library; from models import annotation_edits; "
        "open_library(sys.argv[1]); "
        "annotation_edits.update_annotation(int(sys.argv[2]), note='theirs')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(library), str(mark.id)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    editor.flush()
    assert annotating.get_annotation(mark.id).note == "theirs"
    assert editor.note_editor.toPlainText() == "first (mine)"
    assert "changed the note" in window.statusBar().currentMessage()


def test_tags_picked_while_someone_else_retags_are_not_saved_over_theirs(
    qtbot, window, add_article
) -> None:
    mark, editor = _editing(qtbot, window, add_article)

    def picker(_parent, current):  # type: ignore[no-untyped-def]
        _as_other(lambda: annotation_edits.update_annotation(mark.id, tags=["Theirs"]))
        return [*current, "Mine"]  # what the user picked, on the tags the picker showed

    editor._tag_picker = picker
    qtbot.mouseClick(editor.add_tag_button, Qt.MouseButton.LeftButton)
    assert annotating.get_annotation(mark.id).tags == ("Theirs",)
    assert "tags" in window.statusBar().currentMessage()
    assert editor.chips.texts() == ["Theirs"]  # the card shows theirs
