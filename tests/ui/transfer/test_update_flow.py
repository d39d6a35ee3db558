"""The window's update flow: File ▸ Update article from file…, the review sections, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from models import annotating, articles
from models.importing import import_paths
from ui.session.session import Session
from ui.shell.main_window import MainWindow
from ui.shell.settings import Settings

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

FIRST = "The minister said the plan would cut emissions by half before the end of 2030."
SECOND = "Critics from three parties disagreed strongly with that claim in parliament today."
THIRD = "The vote on the bill is expected on Tuesday evening, officials said on Monday."


@pytest.fixture(autouse=True)
def keep_app_palette(qapp):  # type: ignore[no-untyped-def]
    palette = qapp.palette()
    yield
    qapp.setPalette(palette)


def write(path: Path, *paragraphs: str) -> Path:
    path.write_text("# An article\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def window(qtbot, library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    [item] = import_paths([write(tmp_path / "old.md", FIRST, SECOND, THIRD)]).imported
    for quote in ("expected on Tuesday evening", "cut emissions by half", "disagreed strongly"):
        annotating.annotate_quote(item.id, quote)
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Session(), Settings(store), library)
    qtbot.addWidget(win)
    with qtbot.waitActive(win):
        win.show()
        win.activateWindow()
    win.session.open_article(item.id)
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: errors.append(box.text()) or 0)
    win.errors = errors
    return win


def update_from(window: MainWindow, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(  # the window's dialogs are file_dialogs' (they keep SQLite's locks)
        "ui.common.file_dialogs.open_file_name", lambda *a, **k: str(path)
    )
    action = window.actions_by_name["update_article"]
    assert action in window.menuBar().actions()[0].menu().actions()  # File ▸
    action.trigger()


def review_item(window: MainWindow, quote: str):  # type: ignore[no-untyped-def]
    for item in window.review._items():
        if quote in item.text(0):
            return item
    raise AssertionError(f"{quote!r} is not listed for review")


def test_update_then_accept_move_reattach_delete_and_undo(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article_id = window.session.article_id
    new = write(tmp_path / "new.md", FIRST.replace("by half", "by a half"), THIRD, SECOND[:20])
    update_from(window, monkeypatch, new)
    assert window.errors == []
    text = articles.get_article(article_id).text
    assert window.pane.toPlainText().count("by a half") == 1  # the pane shows the new text
    assert window.review.isVisible()
    fuzzy = review_item(window, "cut emissions by a half")
    orphan = review_item(window, "disagreed strongly")
    assert {fuzzy.parent().text(0)[:7], orphan.parent().text(0)[:7]} == {"Changed", "Passage"}
    assert window.statusBar().currentMessage() == (
        "Article updated: 1 highlights in place, 1 to review, 1 whose passage is gone"
    )

    # accept the fuzzy one: exact from now on, and gone from the review
    qtbot.mouseClick(window.review.tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.review.tree.visualItemRect(fuzzy).center())  # fmt: skip
    qtbot.mouseClick(window.review.accept_button, Qt.MouseButton.LeftButton)
    fuzzy_id = next(a.id for a in annotating.list_annotations(article_id) if "half" in a.quote)
    assert annotating.get_annotation(fuzzy_id).anchor == "exact"
    assert [i.text(0) for i in window.review._items()] == ["disagreed strongly"]
    window.session.undo_stack.undo()  # undoable
    assert annotating.get_annotation(fuzzy_id).anchor == "fuzzy"
    window.session.undo_stack.redo()
    assert annotating.get_annotation(fuzzy_id).anchor == "exact"

    # re-attach the orphan to a selected passage
    orphan = review_item(window, "disagreed strongly")
    window.review.tree.setCurrentItem(orphan)
    cursor = window.pane.document().find("officials said")
    window.pane.setTextCursor(cursor)
    qtbot.mouseClick(window.review.place_button, Qt.MouseButton.LeftButton)
    orphan_id = next(
        a.id for a in annotating.list_annotations(article_id) if a.quote == "officials said"
    )
    placed = annotating.get_annotation(orphan_id)
    assert (placed.anchor, text[placed.start : placed.end]) == ("exact", "officials said")
    assert window.review.isHidden()  # nothing left to review
    window.session.undo_stack.undo()
    again = annotating.get_annotation(orphan_id)
    assert (again.anchor, again.start, again.quote) == ("orphaned", None, "disagreed strongly")

    # or delete it; undo brings it back
    window.review.tree.setCurrentItem(review_item(window, "disagreed strongly"))
    qtbot.mouseClick(window.review.delete_button, Qt.MouseButton.LeftButton)
    assert orphan_id not in {a.id for a in annotating.list_annotations(article_id)}
    window.session.undo_stack.undo()
    assert annotating.get_annotation(orphan_id).anchor == "orphaned"


def test_placing_without_a_selection_says_what_to_do(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    update_from(window, monkeypatch, write(tmp_path / "new.md", FIRST, THIRD))
    window.review.tree.setCurrentItem(review_item(window, "disagreed strongly"))
    qtbot.mouseClick(window.review.place_button, Qt.MouseButton.LeftButton)
    assert window.errors == ["Select the passage the highlight belongs to, then try again."]


def test_a_file_with_two_articles_is_refused_and_changes_nothing(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article_id = window.session.article_id
    before = articles.get_article(article_id).text
    two = tmp_path / "two.csv"
    two.write_text("title,text\nOne,First text.\nTwo,Second text.\n", encoding="utf-8")
    update_from(window, monkeypatch, two)
    assert len(window.errors) == 1 and "holds 2 articles" in window.errors[0]
    assert articles.get_article(article_id).text == before
    assert window.review.isHidden()


def test_the_import_choice_updates_instead_of_adding(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    article_id = window.session.article_id
    window.update_existing.trigger()  # File ▸ Imported new versions update their articles
    assert window.imports.update_existing
    write(tmp_path / "old.md", FIRST, THIRD)  # the same file, a new version
    with qtbot.waitSignal(window.imports.importFinished, timeout=20000) as done:
        window.imports.import_paths([tmp_path / "old.md"])
    report = done.args[0]
    assert [u.id for u in report.updated] == [article_id] and report.imported == []
    assert articles.count_articles() == 1
    qtbot.waitUntil(lambda: window.review.isVisible())
    assert [i.text(0) for i in window.review._items()] == ["disagreed strongly"]
    assert "1 updated" in window.statusBar().currentMessage()
