"""The window on a library it cannot write: it says so, reads as usual, and a highlight
attempt is a dialog that changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from models import annotating, articles
from models.db import close_library, open_library
from models.errors import read_only_reason
from tests.filesystems import read_only_file
from tests.ui.shell.test_main_window import make_window, select_text
from tests.ui.test_cli_read_only import digest, make_library


@pytest.fixture
def read_only_library(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "lib.sqlite"
    make_library(path)
    with read_only_file(path):
        open_library(path)
        yield path
        close_library()


def test_the_window_says_read_only_and_a_highlight_is_refused_in_a_dialog(
    qtbot, read_only_library: Path, tmp_path: Path, monkeypatch
) -> None:
    before = digest(read_only_library)
    shown: list[str] = []  # the dialogs' sentences
    monkeypatch.setattr(
        "ui.reading.annotate.show_error", lambda _parent, text, *_: shown.append(text)
    )
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text, *_: shown.append(text)
    )
    assert read_only_reason() == "the file is read-only"
    window = make_window(qtbot, read_only_library, tmp_path / "settings.ini")
    assert window.windowTitle() == "lib.sqlite (read-only)"
    badge = window.findChild(QLabel, "readOnlyBadge")
    assert badge is not None and badge.isVisible() and badge.text() == "Read-only"

    window.session.open_article(1)  # reading leaves no trace (no "read" mark is written)
    assert window.session.article_id == 1 and shown == []
    assert "Officials denied" in window.pane.toPlainText()
    select_text(window, "report")  # "denied" is highlighted already: H would select that one
    qtbot.keyClick(window.pane, Qt.Key.Key_H)
    [refused] = shown
    assert refused.startswith("The highlight could not be saved: ")
    assert refused.endswith(
        "read-only (the file is read-only): Gloss can show this library but not change it"
    )
    assert [a.quote for a in annotating.list_annotations(1)] == ["denied"]  # as it was
    assert articles.get_article(1).read_at is None
    assert digest(read_only_library) == before
