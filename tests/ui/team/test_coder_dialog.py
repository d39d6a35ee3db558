from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from models import coders
from models.coders import saved_coder
from ui.team.coder import CoderDialog


def test_the_first_start_dialog_saves_the_typed_name(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(coders, "system_user_name", lambda: "Ada Lovelace")
    import ui.team.coder as module

    monkeypatch.setattr(module, "system_user_name", lambda: "Ada Lovelace")
    dialog = CoderDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.name_edit.text() == "Ada Lovelace"  # the default, selected: typing replaces it
    qtbot.keyClicks(dialog.name_edit, "Grace Hopper")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.result() == CoderDialog.DialogCode.Accepted
    assert saved_coder() == "Grace Hopper"


def test_an_empty_name_is_not_accepted(qtbot) -> None:
    dialog = CoderDialog(name="x")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.name_edit.selectAll()
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Delete)
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert saved_coder() is None and dialog.result() != CoderDialog.DialogCode.Accepted


def test_asked_once_only_when_no_coder_is_set(qtbot, monkeypatch) -> None:
    import ui.team.coder as module

    monkeypatch.delenv(coders.CODER_ENV)
    asked: list[str] = []

    def closed(dialog) -> int:
        asked.append(dialog.name_edit.text())
        return CoderDialog.DialogCode.Rejected

    monkeypatch.setattr(module, "system_user_name", lambda: "Ada Lovelace")
    monkeypatch.setattr(CoderDialog, "exec", closed)
    module.ensure_coder()
    assert asked == ["Ada Lovelace"] and saved_coder() == "Ada Lovelace"  # closed: the default
    module.ensure_coder()
    assert asked == ["Ada Lovelace"]  # not asked again


def test_not_asked_when_the_command_line_names_the_coder(qtbot, monkeypatch) -> None:
    import ui.team.coder as module

    monkeypatch.delenv(coders.CODER_ENV)
    monkeypatch.setattr(CoderDialog, "exec", lambda dialog: pytest.fail("asked"))
    coders.set_coder("Grace")  # what main.py does with --coder Grace
    module.ensure_coder()
    assert coders.current_coder() == "Grace" and saved_coder() is None
