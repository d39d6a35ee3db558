"""Import and export from the window: worker threads, progress, cancel, reports, errors, drops."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from models import articles, export, importing
from models.annotating import create_annotation
from ui.library.view import ArticleListView
from ui.session.session import Session
from ui.transfer import workers
from ui.transfer.export_flow import ARTICLE, FILTER, LIBRARY, ExportController, ExportDialog
from ui.transfer.import_flow import FILE_FILTER, ImportController, ImportReportDialog, accept_drops

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

DATED = "date 2024-01-02 Lead sentence number {n}.\n\nBody paragraph.\n"
PARAGRAPH_LIST = "['<b>Lead</b>', '<p>Body of the list article.</p>']"


@pytest.fixture
def window(library, qtbot):  # type: ignore[no-untyped-def]
    """A stand-in for the main window: a session, the article list and both controllers."""
    parent = QWidget()
    qtbot.addWidget(parent)
    session = Session()
    view = ArticleListView(parent, session=session)
    imports = ImportController(parent, session)
    exports = ExportController(parent, session, view)
    return parent, session, view, imports, exports


@pytest.fixture
def warnings_shown(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Message boxes are recorded instead of blocking the test."""
    shown: list[str] = []

    def record(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", record)
    monkeypatch.setattr(QMessageBox, "critical", record)
    return shown


def _seed_files(tmp_path: Path) -> tuple[Path, Path, Path]:
    folder = tmp_path / "in"  # tmp_path also holds the library file
    folder.mkdir(exist_ok=True)
    dated = folder / "dated.txt"
    dated.write_text(DATED.format(n=1), encoding="utf-8")
    listed = folder / "list.txt"
    listed.write_text(PARAGRAPH_LIST, encoding="utf-8")
    junk = folder / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 8)
    return dated, listed, junk


# --- workers ------------------------------------------------------------------------------


def test_run_in_thread_works_off_thread_and_answers_on_the_gui_thread(
    library, qtbot, monkeypatch
) -> None:
    main = threading.get_ident()
    seen: dict[str, int] = {}
    real_close = workers.close_thread_connection

    def close() -> None:
        seen["closed"] = threading.get_ident()
        real_close()

    monkeypatch.setattr(workers, "close_thread_connection", close)

    def work() -> int:
        seen["work"] = threading.get_ident()
        return articles.count_articles()  # its own connection, closed at the end

    def done(result: object) -> None:
        seen["done"] = threading.get_ident()
        seen["result"] = result  # type: ignore[assignment]

    worker = workers.run_in_thread(work, done)
    with qtbot.waitSignal(worker.finished, timeout=5000):
        pass
    assert seen["work"] != main and seen["done"] == main and seen["result"] == 0
    assert seen["closed"] == seen["work"]  # the worker closed its own connection
    assert not worker.is_running()


def test_run_in_thread_reports_an_exception_as_a_message(library, qtbot) -> None:
    def broken() -> None:
        raise RuntimeError("disk on fire")

    errors: list[str] = []
    worker = workers.run_in_thread(broken, on_error=errors.append)
    with qtbot.waitSignal(worker.failed, timeout=5000):
        pass
    assert errors == ["RuntimeError: disk on fire"]


def test_stop_all_workers_cancels_and_waits(library, qtbot) -> None:
    release = threading.Event()
    worker = workers.run_in_thread(lambda: release.wait(5))
    worker.cancel = lambda: (workers.Worker.cancel(worker), release.set())  # type: ignore[method-assign]
    assert workers.stop_all_workers(timeout_ms=5000)
    assert worker.is_cancelled() and release.is_set()
    with qtbot.waitSignal(worker.finished, timeout=5000):
        pass  # the outcome still arrives through the event loop
    assert not worker.is_running()


# --- import -------------------------------------------------------------------------------


def test_import_runs_on_a_worker_and_reports_each_file(window, qtbot, tmp_path, monkeypatch):
    _parent, _session, view, imports, _exports = window
    dated, listed, junk = _seed_files(tmp_path)
    threads: list[int] = []
    real = importing.import_paths

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "import_paths", spy)
    assert view.model().rowCount() == 0
    with qtbot.waitSignal(imports.importFinished, timeout=10000) as finished:
        assert imports.import_paths([dated, listed, junk])
        assert imports.is_busy()
        assert not imports.import_paths([dated])  # one import at a time
    report = finished.args[0]
    assert threads and threads[0] != threading.get_ident()
    assert sorted(Path(i.path).name for i in report.imported) == ["dated.txt", "list.txt"]
    assert [Path(f.path).name for f in report.failed] == ["junk.bin"]
    assert articles.count_articles() == 2
    assert view.model().rowCount() == 2  # the list heard libraryChanged
    assert imports.progress_dialog is None and not imports.is_busy()

    dialog = imports.last_report_dialog
    assert isinstance(dialog, ImportReportDialog) and dialog.isVisible()
    assert dialog.summary.text() == "1 file failed; 2 imported"  # problems first
    assert dialog.details.toPlainText().startswith("Failed (1)")
    assert f"junk.bin — {report.failed[0].error}" in dialog.details.toPlainText()
    assert "Lead sentence number 1." in dialog.details.toPlainText()
    assert dialog.details.lineWrapMode() == dialog.details.LineWrapMode.WidgetWidth
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == dialog.text()


def test_importing_again_reports_duplicates(window, qtbot, tmp_path) -> None:
    _parent, _session, _view, imports, _exports = window
    dated, _listed, _junk = _seed_files(tmp_path)
    with qtbot.waitSignal(imports.importFinished, timeout=10000) as first:
        imports.import_paths([dated])
    article_id = first.args[0].imported[0].id
    with qtbot.waitSignal(imports.importFinished, timeout=10000) as second:
        imports.import_paths([dated.parent])  # the folder: dated.txt again, plus two more
    assert [d.id for d in second.args[0].duplicates] == [article_id]
    text = imports.last_report_dialog.details.toPlainText()
    assert f"dated.txt — already in the library as #{article_id}" in text
    summary = imports.last_report_dialog.summary.text()
    assert summary == "1 imported, 1 duplicate, 1 file skipped (not articles)"  # junk.bin
    assert "junk.bin — binary file, not text" in text


def test_cancel_stops_between_files_or_while_one_is_read(
    window, qtbot, tmp_path, monkeypatch
) -> None:
    _parent, _session, _view, imports, _exports = window
    files = []
    for n in range(50):
        path = tmp_path / "in" / f"article-{n:02}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(DATED.format(n=n), encoding="utf-8")
        files.append(path)
    reached, resume = threading.Event(), threading.Event()
    real = importing.import_paths

    def pausing(paths, format, on_progress, should_cancel, **options):  # type: ignore[no-untyped-def]
        def progress(done: int, total: int, path: str) -> None:
            on_progress(done, total, path)
            if done == 3:  # hold the worker until the test has pressed Cancel
                reached.set()
                resume.wait(5)

        return real(paths, format, progress, should_cancel, **options)

    monkeypatch.setattr(importing, "import_paths", pausing)
    with qtbot.waitSignal(imports.importFinished, timeout=10000) as finished:
        imports.import_paths(files)
        qtbot.waitUntil(reached.is_set)
        imports.progress_dialog.findChild(QPushButton).click()
        resume.set()
    report = finished.args[0]
    assert report.cancelled
    assert len(report.imported) == 3  # files 0-2: the fourth, being read, is left out
    assert articles.count_articles() == 3  # every stored article is a whole file
    assert imports.last_report_dialog.summary.text().startswith("Import cancelled: 3 imported")


def test_an_unexpected_import_error_is_shown(window, qtbot, tmp_path, monkeypatch, warnings_shown):
    _parent, _session, _view, imports, _exports = window

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError("the disk went away")

    monkeypatch.setattr(importing, "import_paths", broken)
    with qtbot.waitSignal(imports.importFailed, timeout=10000):
        imports.import_paths([tmp_path])
    assert warnings_shown == ["The import stopped: OSError: the disk went away."]
    assert not imports.is_busy()


def test_dropped_files_are_imported(window, qtbot, tmp_path) -> None:
    parent, _session, view, imports, _exports = window
    dated, listed, _junk = _seed_files(tmp_path)
    accept_drops(view.table, imports)
    target = view.table.viewport()
    assert target.acceptDrops()

    web = QMimeData()
    web.setUrls([QUrl("https://example.com/article")])
    enter = _drag_enter(web)
    QApplication.sendEvent(target, enter)
    assert not enter.isAccepted()  # only local files

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dated)), QUrl.fromLocalFile(str(listed))])
    enter = _drag_enter(mime)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(imports.importFinished, timeout=10000) as finished:
        QApplication.sendEvent(target, drop)
        assert drop.isAccepted()
    assert len(finished.args[0].imported) == 2
    assert view.model().rowCount() == 2


def _drag_enter(mime: QMimeData) -> QDragEnterEvent:
    event = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    event.setAccepted(False)
    return event


# --- export -------------------------------------------------------------------------------


@pytest.fixture
def annotated(add_article):  # type: ignore[no-untyped-def]
    """Three articles (two from the BBC) with annotations; one note looks like a formula."""
    bbc1 = add_article("First BBC text here.", title="One", source="BBC News")
    other = add_article("Reuters text here.", title="Two", source="Reuters")
    bbc2 = add_article("Second BBC text here.", title="Three", source="BBC News")
    marks = {
        bbc1: [
            create_annotation(bbc1, 0, 5, note="=SUM(A1)", tags=["frame/conflict"]).id,
            create_annotation(bbc1, 6, 9).id,
        ],
        other: [create_annotation(other, 0, 7).id],
        bbc2: [create_annotation(bbc2, 7, 10).id],
    }
    return bbc1, other, bbc2, marks


def _read(path: Path) -> tuple[bool, list[dict[str, str]]]:
    data = path.read_text(encoding="utf-8")
    bom = data.startswith("\ufeff")
    rows = list(csv.DictReader(data.removeprefix("\ufeff").splitlines()))
    return bom, rows


def _export(qtbot, exports: ExportController, path: Path, scope: str, raw: bool = False):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(exports.exportFinished, timeout=10000) as finished:
        assert exports.export_to(path, scope, raw=raw)
    return finished.args


def test_export_each_scope_through_the_worker(window, annotated, qtbot, tmp_path) -> None:
    _parent, session, view, _imports, exports = window
    bbc1, other, bbc2, marks = annotated
    session.open_article(bbc1)
    view.model().set_filter("bbc")
    out = tmp_path / "out.csv"
    messages: list[str] = []
    exports.statusMessage.connect(messages.append)
    expected = {
        ARTICLE: marks[bbc1],
        FILTER: marks[bbc1] + marks[bbc2],
        LIBRARY: marks[bbc1] + marks[other] + marks[bbc2],
    }
    for scope, ids in expected.items():
        path, count = _export(qtbot, exports, out, scope)
        bom, rows = _read(out)
        assert (path, count, bom) == (str(out), len(ids), True)
        assert [int(row["annotation_id"]) for row in rows] == ids
    assert rows[0]["note"] == "'=SUM(A1)" and rows[0]["tags"] == "frame/conflict"
    assert messages[-1] == f"4 annotations written to {out}"
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]

    _export(qtbot, exports, out, LIBRARY, raw=True)
    bom, rows = _read(out)
    assert not bom and rows[0]["note"] == "=SUM(A1)"
    assert not list(tmp_path.glob(".out.csv.*"))  # no temporary file left behind


def test_a_filter_matching_nothing_exports_no_rows(window, annotated, qtbot, tmp_path) -> None:
    _parent, _session, view, _imports, exports = window
    view.model().set_filter("no such outlet")
    _path, count = _export(qtbot, exports, tmp_path / "out.csv", FILTER)
    assert count == 0 and _read(tmp_path / "out.csv")[1] == []


@pytest.mark.parametrize("where", ["missing-folder/out.csv", "a-folder"])
def test_an_unwritable_target_is_reported(
    window, annotated, qtbot, tmp_path, warnings_shown, where
):
    _parent, _session, _view, _imports, exports = window
    (tmp_path / "a-folder").mkdir()
    target = tmp_path / where
    with qtbot.waitSignal(exports.exportFailed, timeout=10000):
        exports.export_to(target, LIBRARY)
    [message] = warnings_shown
    assert str(target) in message
    assert ("is a folder" if target.is_dir() else "No such file or directory") in message
    assert not exports.is_busy() and not (tmp_path / "missing-folder").exists()


def test_a_cancelled_export_leaves_the_old_file(window, qtbot, tmp_path, monkeypatch) -> None:
    _parent, _session, _view, _imports, exports = window
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "out.csv"
    out.write_text("previous export\n", encoding="utf-8")
    row = (1, 1, "t", "s", "a", None, "", "q", "", "", 0, 1, "", "", "yellow", "", "")
    go = threading.Event()

    def rows(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        go.wait(5)  # until the test has pressed cancel
        yield from [row] * 5000

    monkeypatch.setattr(export, "iter_rows", rows)
    with qtbot.waitSignal(exports.exportCancelled, timeout=10000):
        exports.export_to(out, LIBRARY)
        exports.cancel()  # seen at the first progress check, after 1,000 rows
        go.set()
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in out.parent.iterdir()] == ["out.csv"]


def test_export_dialog_offers_only_the_scopes_that_apply(qtbot) -> None:
    dialog = ExportDialog(article_open=False, filter_text="bbc", filter_count=12)
    qtbot.addWidget(dialog)
    buttons = dialog.buttons_by_scope
    assert not buttons[ARTICLE].isEnabled()
    assert buttons[FILTER].text() == "Articles &matching the current filter (12)"
    assert dialog.scope() == FILTER and not dialog.raw()
    dialog.safe.setChecked(False)
    buttons[LIBRARY].click()
    assert dialog.scope() == LIBRARY and dialog.raw()


def test_filter_scope_exports_what_the_full_text_search_matches(
    window, add_article, qtbot, tmp_path
) -> None:
    _parent, _session, view, _imports, exports = window
    inside = add_article("Talks on a ceasefire resumed.", title="Talks", source="Wire")
    outside = add_article("Markets were calm.", title="Markets", source="Wire")
    create_annotation(inside, 0, 5)
    create_annotation(outside, 0, 7)
    view.refresh()
    view.model().set_filter("ceasefire")  # in the body only, not the title or outlet
    out = tmp_path / "out.csv"
    _path, count = _export(qtbot, exports, out, FILTER)
    _bom, rows = _read(out)
    assert count == 1 and [int(row["article_id"]) for row in rows] == [inside]


def test_the_file_dialog_lists_every_importable_extension() -> None:
    for (
        ext
    ) in "txt html htm xhtml csv tsv json jsonl ndjson gz md markdown xml rss atom rdf".split():
        assert f"*.{ext} " in FILE_FILTER or f"*.{ext})" in FILE_FILTER, ext


def test_search_scope_tooltip_names_the_search(qtbot) -> None:
    dialog = ExportDialog(article_open=True, filter_text="ceasefire", filter_count=3)
    qtbot.addWidget(dialog)
    assert dialog.buttons_by_scope[FILTER].toolTip().startswith("Articles matching this search")


def test_a_dataset_report_leads_with_rows_skipped_and_lists_each(window, qtbot, tmp_path):
    _parent, _session, _view, imports, _exports = window
    rows = ["title,text"] + [
        f"Row {n},{'' if n % 4 == 0 else f'Body number {n} of the dataset.'}" for n in range(1, 13)
    ]
    data = tmp_path / "rows.csv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with qtbot.waitSignal(imports.importFinished, timeout=10000):
        imports.import_paths([data])
    dialog = imports.last_report_dialog
    assert dialog.summary.text() == "9 imported, 3 rows skipped (no text)"
    details = dialog.details.toPlainText()
    assert details.startswith("Rows skipped, no text (3)\n")
    assert [line for line in details.splitlines() if "no text, skipped" in line] == [
        line for line in details.splitlines()[1:4]
    ]
    assert "Warnings" not in details  # the skipped rows are not listed twice
