"""File ▸ Export in every format: the dialog's choice reaches the file, scopes still apply."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from models.annotating import create_annotation
from models.attributes import set_attributes
from ui.library.view import ArticleListView
from ui.session.session import Session
from ui.transfer import export_flow
from ui.transfer.export_flow import ARTICLE, ExportController, ExportDialog

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


@pytest.fixture
def exports(library, qtbot, add_article):  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    session = Session()
    view = ArticleListView(parent, session=session)
    first = add_article("Smile 😀 at the ministry.", title="First")
    second = add_article("Other text here.", title="Second")
    create_annotation(first, 11, 23, note="why", tags=["Frames"])
    create_annotation(second, 0, 5)
    return session, ExportController(parent, session, view), first


def test_format_chosen_by_keyboard_is_written(exports, qtbot, tmp_path, monkeypatch) -> None:
    session, controller, first = exports
    chosen: list[str] = []

    def choose_markdown(dialog: ExportDialog) -> int:
        dialog.show()
        for _ in range(3):  # csv → qdpx → w3c → markdown
            qtbot.keyClick(dialog.format, Qt.Key.Key_Down)
        chosen.append(dialog.export_format())
        assert not dialog.safe.isEnabled()  # spreadsheet safety is CSV's alone
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", choose_markdown)
    target = tmp_path / "notes"
    monkeypatch.setattr(  # the window's dialogs are file_dialogs' (they keep SQLite's locks)
        "ui.common.file_dialogs.save_file_name",
        lambda *_args: (str(target), "Markdown files (*.md)"),
    )
    with qtbot.waitSignal(controller.exportFinished, timeout=10000) as finished:
        controller.export_annotations()
    assert chosen == ["markdown"]
    assert finished.args == [str(tmp_path / "notes.md"), 2]  # the suffix comes with the format
    text = (tmp_path / "notes.md").read_text(encoding="utf-8")
    assert "## First" in text and "> the ministry" in text and "Note: why" in text


@pytest.mark.parametrize("fmt", ["qdpx", "w3c"])
def test_article_scope_in_each_format(exports, qtbot, tmp_path, fmt) -> None:
    session, controller, first = exports
    session.open_article(first)
    out = tmp_path / f"out.{fmt}"
    with qtbot.waitSignal(controller.exportFinished, timeout=10000) as finished:
        assert controller.export_to(out, ARTICLE, fmt=fmt)
    assert finished.args[1] == 1
    if fmt == "w3c":
        items = json.loads(out.read_text(encoding="utf-8"))["items"]
        assert [i["target"]["selector"][0]["exact"] for i in items] == ["the ministry"]
    else:
        names = zipfile.ZipFile(out).namelist()
        assert "project.qde" in names and len(names) == 2  # one article's text


def test_default_name_follows_the_format() -> None:
    assert export_flow.default_file_name(fmt="qdpx").endswith(".qdpx")
    assert export_flow.default_file_name().endswith(".csv")


def test_window_import_places_a_w3c_file_and_reports_it(exports, qtbot, tmp_path) -> None:
    from models.annotating import annotate_quote
    from models.export_formats import write_export
    from models.schema import Annotation
    from ui.transfer.import_flow import report_details
    from ui.transfer.workers import ImportWorker

    _session, _controller, first = exports
    annotate_quote(first, "Smile", note="hello")
    file = tmp_path / "notes.jsonld"
    with file.open("w", encoding="utf-8") as out:
        write_export(out, "w3c")
    Annotation.delete().where(Annotation.note == "hello").execute()
    worker = ImportWorker([file])
    with qtbot.waitSignal(worker.finished, timeout=10000) as finished:
        worker.start()
    report = finished.args[0]
    assert report.imported == [] and report.failed == []  # not an article
    assert Annotation.get(Annotation.note == "hello").quote == "Smile"
    assert "1 annotation(s) placed, 2 already in the library" in report_details(report)


def test_csv_with_variables_ticked_by_mouse_adds_their_columns(
    exports, qtbot, tmp_path, monkeypatch
) -> None:
    session, controller, first = exports
    set_attributes([first], {"country": "Kenya", "wave": 2})

    def tick_variables(dialog: ExportDialog) -> int:
        dialog.show()
        assert dialog.export_format() == "csv" and dialog.variables.isEnabled()
        qtbot.mouseClick(dialog.variables, Qt.MouseButton.LeftButton)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", tick_variables)
    target = tmp_path / "coded.csv"
    monkeypatch.setattr(
        "ui.common.file_dialogs.save_file_name", lambda *_args: (str(target), "CSV")
    )
    with qtbot.waitSignal(controller.exportFinished, timeout=10000):
        controller.export_annotations()
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert list(rows[0])[-2:] == ["attr:country", "attr:wave"]  # after the usual columns
    by_title = {row["article_title"]: row for row in rows}
    assert (by_title["First"]["attr:country"], by_title["First"]["attr:wave"]) == ("Kenya", "2")
    assert (by_title["Second"]["attr:country"], by_title["Second"]["attr:wave"]) == ("", "")


def test_variables_are_a_csv_option_only(exports, qtbot) -> None:
    dialog = ExportDialog(article_open=False, filter_text="", filter_count=0)
    qtbot.addWidget(dialog)
    dialog.variables.setChecked(True)
    qtbot.keyClick(dialog.format, Qt.Key.Key_Down)  # csv → qdpx
    assert not dialog.variables.isEnabled() and not dialog.with_variables()
