"""The chip box: a record shown again with the same tags keeps its chips (the annotation
editor shows its record on every change: rebuilding them cost ~1.5 ms of each highlight)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.common.chips import ChipBox


def test_the_same_tags_keep_their_chips_and_new_ones_replace_them(qtbot: QtBot) -> None:
    box = ChipBox()
    qtbot.addWidget(box)
    box.show()
    box.set_chips(["Frames/Conflict", "Actors/Russia"])
    first = [box.chip("Frames/Conflict"), box.chip("Actors/Russia")]
    box.set_chips(("Frames/Conflict", "Actors/Russia"))  # any iterable of the same texts
    assert [box.chip("Frames/Conflict"), box.chip("Actors/Russia")] == first
    removed: list[str] = []
    box.removeRequested.connect(removed.append)
    box.set_chips(["Actors/Russia"])
    assert box.texts() == ["Actors/Russia"]
    assert all(chip is not None and not chip.isVisible() for chip in first)  # not painted
    assert box.chip("Actors/Russia") not in first
    kept = box.chip("Actors/Russia")
    assert kept is not None and kept.isVisible()
    qtbot.mouseClick(kept.remove_button, Qt.MouseButton.LeftButton)
    assert removed == ["Actors/Russia"]
    box.set_chips([])
    assert box.texts() == [] and not kept.isVisible()
