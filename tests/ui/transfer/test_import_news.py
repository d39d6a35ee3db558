"""News-database downloads dropped on the window: many articles per file, with their fields."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from models import articles
from ui.library.view import ArticleListView
from ui.session.session import Session
from ui.transfer.import_flow import FILE_FILTER, ImportController, accept_drops

NEWS = Path(__file__).resolve().parents[2] / "importers" / "fixtures" / "news"


def _drop(qtbot, target: QWidget, controller: ImportController, paths: list[Path]):  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    with qtbot.waitSignal(controller.importFinished, timeout=20000) as finished:
        QApplication.sendEvent(target, drop)
    return finished.args[0]


def test_dropped_downloads_become_articles_and_again_duplicates(library, qtbot, tmp_path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    session = Session()
    view = ArticleListView(parent, session=session)
    imports = ImportController(parent, session)
    accept_drops(view.table, imports)
    names = ["factiva_en.html", "factiva_fr.rtf", "lexisnexis_en.txt", "nexis_uk.html"]
    files = [NEWS / name for name in names]
    cover_only = tmp_path / "cover.txt"
    data = (NEWS / "lexisnexis_en.txt").read_bytes()
    cover_only.write_bytes(data[: data.index(b"1 of 3 DOCUMENTS")].rstrip(b" "))

    report = _drop(qtbot, view.table.viewport(), imports, [*files, cover_only])
    assert len(report.imported) == 3 + 2 + 3 + 3
    assert [(f.path, f.error) for f in report.failed] == [
        (str(cover_only), "no articles in this export")
    ]
    assert view.model().rowCount() == 11
    stored = {(a.title, a.source): a.id for a in articles.query_articles(sort="imported")}
    banks = articles.get_article(stored["Banks brace for Brexit bill", "Financial Times (FT.Com)"])
    assert (banks.source, banks.date, banks.document_id) == (
        "Financial Times (FT.Com)",
        "2017-11-13",
        "factiva:FTCOM00020171113edbd0001f",
    )
    assert "Document FTCOM" not in banks.text and b"Document FTCOM" in bytes(
        articles.original_content(banks.id)
    )

    again = _drop(qtbot, view.table.viewport(), imports, files)
    assert (len(again.imported), len(again.duplicates)) == (0, 11)
    assert "already in the library" in imports.last_report_dialog.details.toPlainText()


def test_the_file_dialog_offers_rtf() -> None:
    assert "*.rtf" in FILE_FILTER
