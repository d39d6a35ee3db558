"""The tag picker: fuzzy suggestions, chips, new paths, OK and Cancel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from models.tags import ensure_tag
from ui.codebook.tag_picker import TagPickerDialog, fuzzy_filter, fuzzy_score, pick_tags

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

TAGS = [
    "Accruals",
    "Actors",
    "Actors/Russia",
    "Actors/Ukraine",
    "Crude/Russia",
    "Frames/Conflict",
    "Frames/Economy",
]


def test_fuzzy_needs_every_character_in_order_case_insensitive() -> None:
    assert fuzzy_score("acru", "Actors/Russia") is not None
    assert fuzzy_score("ACRU", "actors/russia") is not None
    assert fuzzy_score("urca", "Actors/Russia") is None  # same letters, wrong order
    assert fuzzy_score("acrux", "Actors/Russia") is None
    assert fuzzy_filter("acru", TAGS) == ["Actors/Russia", "Accruals", "Actors/Ukraine"]


def test_fuzzy_ranking_prefers_exact_prefix_and_segment_starts() -> None:
    assert fuzzy_filter("russia", TAGS)[0] == "Crude/Russia"  # segment start, shorter
    assert fuzzy_filter("frec", TAGS)[0] == "Frames/Economy"  # "ec" starts a segment
    assert fuzzy_filter("actors", TAGS)[0] == "Actors"  # exact beats prefix
    assert fuzzy_filter("ac", TAGS)[:2] == ["Actors", "Accruals"]  # prefix, then shortest
    assert fuzzy_filter("", TAGS) == sorted(TAGS, key=lambda t: (len(t), t.lower()))
    assert fuzzy_filter("a", TAGS, limit=2) == ["Actors", "Accruals"]


@pytest.fixture
def existing(library) -> list[str]:
    for path in TAGS:
        ensure_tag(path)
    return TAGS


def make_dialog(qtbot, initial=()) -> TagPickerDialog:
    dialog = TagPickerDialog(None, initial)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_suggestions_come_from_the_library(existing, qtbot) -> None:
    dialog = make_dialog(qtbot, ["Actors"])
    assert "Actors" not in dialog.suggestion_texts()  # already chosen
    assert len(dialog.suggestion_texts()) == len(TAGS) - 1
    qtbot.keyClicks(dialog.input, "acru")
    assert dialog.suggestion_texts() == ["Actors/Russia", "Accruals", "Actors/Ukraine"]


def test_one_enter_applies_the_best_suggestion(existing, qtbot) -> None:
    dialog = make_dialog(qtbot, ["Actors"])
    qtbot.keyClicks(dialog.input, "frec")  # the best match is highlighted as one types
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.input, Qt.Key.Key_Return)
    assert dialog.tags() == ["Actors", "Frames/Economy"]


def test_arrows_choose_and_up_goes_back_to_the_typed_text(existing, qtbot) -> None:
    dialog = make_dialog(qtbot)
    qtbot.keyClicks(dialog.input, "acru")
    qtbot.keyClick(dialog.input, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.input, Qt.Key.Key_Comma)  # a comma adds a chip and stays open
    assert dialog.tags() == ["Accruals"] and dialog.isVisible()
    qtbot.keyClicks(dialog.input, "Frames/Econ")
    qtbot.keyClick(dialog.input, Qt.Key.Key_Up)  # off the suggestions: the typed path
    qtbot.keyClick(dialog.input, Qt.Key.Key_Return)
    assert dialog.tags() == ["Accruals", "Frames/Econ"]
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_alt_number_applies_a_recent_tag(existing, qtbot) -> None:
    dialog = TagPickerDialog(None, ["Actors"], recent=["Frames/Conflict", "Crude/Russia"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert [b.text() for b in dialog.recent_buttons] == ["1 Frames/Conflict", "2 Crude/Russia"]
    qtbot.keyClick(dialog.input, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # none: no-op
    assert dialog.result() != QDialog.DialogCode.Accepted
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.input, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert dialog.tags() == ["Actors", "Crude/Russia"]


def test_tab_completes_the_best_suggestion(existing, qtbot) -> None:
    dialog = make_dialog(qtbot)
    qtbot.keyClicks(dialog.input, "acuk")
    qtbot.keyClick(dialog.input, Qt.Key.Key_Tab)
    assert dialog.input.text() == "Actors/Ukraine"
    assert dialog.input.hasFocus() or not dialog.isActiveWindow()
    qtbot.keyClick(dialog.input, Qt.Key.Key_Return)
    assert dialog.tags() == ["Actors/Ukraine"]


def test_new_paths_are_normalised_and_existing_spelling_wins(existing, qtbot) -> None:
    dialog = make_dialog(qtbot)
    qtbot.keyClicks(dialog.input, "  Frames /  Trade war ")
    qtbot.keyClick(dialog.input, Qt.Key.Key_Comma)
    assert dialog.tags() == ["Frames/Trade war"]
    assert "New tag" in dialog.message.text()
    qtbot.keyClicks(dialog.input, "actors/UKRAINE")
    qtbot.keyClick(dialog.input, Qt.Key.Key_Comma)
    assert dialog.tags() == ["Frames/Trade war", "Actors/Ukraine"]
    qtbot.keyClicks(dialog.input, "frames/trade WAR")  # a duplicate, ignoring case
    qtbot.keyClick(dialog.input, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.input, Qt.Key.Key_Comma)
    assert dialog.tags() == ["Frames/Trade war", "Actors/Ukraine"]
    assert "already" in dialog.message.text()


def test_invalid_path_is_refused_with_a_message(existing, qtbot) -> None:
    dialog = make_dialog(qtbot)
    qtbot.keyClicks(dialog.input, " / ")
    qtbot.keyClick(dialog.input, Qt.Key.Key_Return)
    assert dialog.tags() == []
    assert "not a tag name" in dialog.message.text()
    dialog.accept()  # OK with an invalid leftover: stays open to say why
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()


def test_chips_can_be_removed(existing, qtbot) -> None:
    dialog = make_dialog(qtbot, ["Actors", "Frames/Conflict", "Crude/Russia"])
    chip = dialog.chips.chip("Frames/Conflict")
    assert chip is not None
    qtbot.mouseClick(chip.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.tags() == ["Actors", "Crude/Russia"]
    assert "Frames/Conflict" in dialog.suggestion_texts()
    qtbot.keyClick(dialog.input, Qt.Key.Key_Backspace)  # on an empty line: the last chip
    assert dialog.tags() == ["Actors"]


def _when_modal(action) -> None:
    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, run)
        else:
            action(dialog)

    QTimer.singleShot(0, run)


def test_pick_tags_returns_the_list_or_none(existing, qtbot) -> None:
    def type_and_accept(dialog: TagPickerDialog) -> None:
        qtbot.keyClicks(dialog.input, "Frames/Economy/Energy")  # no suggestion matches
        qtbot.keyClick(dialog.input, Qt.Key.Key_Return)  # one Enter applies

    _when_modal(type_and_accept)
    assert pick_tags(None, ["Actors"]) == ["Actors", "Frames/Economy/Energy"]

    _when_modal(lambda dialog: dialog.reject())
    assert pick_tags(None, ["Actors"]) is None

    def type_then_ok(dialog: TagPickerDialog) -> None:
        qtbot.keyClicks(dialog.input, "crude/russia")
        dialog.accept()  # OK takes what is still typed

    _when_modal(type_then_ok)
    assert pick_tags(None) == ["Crude/Russia"]
