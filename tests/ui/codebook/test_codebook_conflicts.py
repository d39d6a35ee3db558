"""Codebook edits made on a stale tree (another window changed the codebook since this one last
read it): an edit of what the other changed is refused with a message, nothing lost; an edit of
another field merges (issue 19)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from models import changes
from models import codebook as cb
from models.conflicts import TagConflict
from tests.ui.codebook import test_codebook_panel as panel_tests
from tests.ui.codebook.test_codebook_panel import Env, db_state, tag_row, type_into_editor
from ui.common.chips import ColorSwatch

env = panel_tests.env  # the panel's tests' library, tree and answers


def _as_other(write):  # type: ignore[no-untyped-def]
    with changes.writing_as("another window"):
        return write()


def test_renaming_a_tag_someone_renamed_meanwhile_is_refused_and_says_so(env: Env, qtbot) -> None:
    russia = tag_row("Actors/Russia").id
    _as_other(lambda: cb.rename_tag(russia, "Actors/Rossiya"))
    theirs = db_state()
    type_into_editor(qtbot, env, "Actors/Russia", "Russland")  # the tree still shows Russia
    qtbot.waitUntil(lambda: "after you read it" in env.panel.message_text())
    assert "renamed “Actors/Russia” to “Actors/Rossiya”" in env.panel.message_text()
    assert db_state() == theirs and env.session.undo_stack.count() == 0
    assert env.model.index_of("Actors/Rossiya").isValid()  # the tree shows theirs now


@pytest.mark.parametrize(
    ("their_edit", "stored", "said"),
    [
        # They described it, this window colours it: both kept.
        (
            lambda war: cb.set_tag_description(war, "Armed conflict"),
            ("purple", "Armed conflict"),
            "",
        ),
        # They coloured it too: theirs stays, this window is told.
        (lambda war: cb.set_tag_color(war, "green"), ("green", ""), "recoloured"),
    ],
)
def test_a_colour_set_on_a_stale_tree(env: Env, qtbot, their_edit, stored, said) -> None:  # type: ignore[no-untyped-def]
    env.panel.select_path("Frames/War")
    war = tag_row("Frames/War").id
    _as_other(lambda: their_edit(war))
    swatch = env.panel.form.findChild(ColorSwatch, "swatch_purple")
    qtbot.mouseClick(swatch, Qt.MouseButton.LeftButton)
    row = tag_row("Frames/War")
    assert (row.color, row.description) == stored
    assert said in env.panel.message_text()


def test_merging_into_a_tag_renamed_meanwhile_changes_nothing(env: Env, qtbot) -> None:
    war = tag_row("Frames/War").id
    _as_other(lambda: cb.rename_tag(war, "Frames/Conflict"))
    before = db_state()
    src, dst = env.model.node(env.index("Actors/Ukraine")), env.model.node(env.index("Frames/War"))
    assert src is not None and dst is not None
    assert not env.panel.merge(src, dst)  # the user meant the tag called War
    assert db_state() == before
    assert "renamed “Frames/War” to “Frames/Conflict”" in env.panel.message_text()


def test_deleting_a_tag_someone_described_meanwhile_is_refused(env: Env) -> None:
    war = tag_row("Frames/War").id
    seen = env.model.node(env.index("Frames/War"))
    _as_other(lambda: cb.set_tag_description(war, "Armed conflict"))
    with pytest.raises(TagConflict, match="redescribed"):
        cb.delete_tag(war, seen=seen)
    assert tag_row("Frames/War").description == "Armed conflict"
