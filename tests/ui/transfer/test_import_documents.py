"""Word files and Nexis exports dropped on the window land in the library as articles."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from models import articles
from ui.library.view import ArticleListView
from ui.session.session import Session
from ui.transfer.import_flow import FILE_FILTER, ImportController, accept_drops

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "importers"))
from nexis_fixtures import Doc, nexis_docx

DOCS = [
    Doc("Storm hits the coast", "The Guardian", dt.date(2019, 7, 1), "UK", "A B", ("One.",)),
    Doc("Budget vote", "Le Monde", dt.date(2021, 3, 3), "Eco", "C D", ("Deux.",)),
]


def test_a_dropped_nexis_export_becomes_one_article_per_document(library, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    session = Session()
    view = ArticleListView(parent, session=session)
    imports = ImportController(parent, session)
    accept_drops(view.table, imports)
    export = tmp_path / "Nexis download.DOCX"
    export.write_bytes(nexis_docx(DOCS))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(export))])
    target = view.table.viewport()
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(imports.importFinished, timeout=20000) as finished:
        QApplication.sendEvent(target, drop)
    assert len(finished.args[0].imported) == 2 and not finished.args[0].failed
    stored = sorted((row.title, row.source, row.date) for row in articles.query_articles())
    assert stored == [
        ("Budget vote", "Le Monde", "2021-03-03"),
        ("Storm hits the coast", "The Guardian", "2019-07-01"),
    ]
    assert view.model().rowCount() == 2


def test_the_file_dialog_offers_documents() -> None:
    for ext in ("docx", "odt", "rtf", "pdf"):
        assert f"*.{ext}" in FILE_FILTER
