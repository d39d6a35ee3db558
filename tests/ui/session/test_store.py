"""One store for the open article: a write's records reach every view without a read-back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from models import annotating, annotation_edits
from ui.session.session import Session
from ui.shell.main_window import MainWindow
from ui.shell.settings import Settings


def test_h_writes_once_and_every_view_shows_the_record_unread(
    qtbot, library: Path, add_article, tmp_path: Path, statements_during
) -> None:
    article = add_article("Officials denied the report on Monday.", "Critics disagreed.")
    earlier = annotating.annotate_quote(article, "Critics", tags=["Actors"])
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(Session(), settings, library)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.session.open_article(article)
    window.article_list.select_article(article)
    row = window.article_list._model.row_of(article)
    assert window.article_list._model.summary(row).annotations == 1

    cursor = window.pane.document().find("denied the report")
    window.pane.setTextCursor(cursor)
    sent = statements_during(lambda: qtbot.keyClick(window.pane, Qt.Key.Key_H))

    reads = [s for s in sent if s.lstrip().upper().startswith("SELECT") and '"annotation' in s]
    inserts = [s for s in sent if s.upper().startswith('INSERT INTO "ANNOTATION"')]
    assert reads == [] and len(set(inserts)) == 1, sent  # (a trigger's step repeats the text)
    stored = annotating.list_annotations(article)
    [new] = [r for r in stored if r.id != earlier.id]
    assert new.quote == "denied the report"
    assert window.session.store.records() == stored  # the one store: the pane paints from it
    assert window.pane.annotations() == stored
    assert window.sidebar.current_annotation_id() == new.id  # its card, selected
    assert window.sidebar.count_label.text() == "2 highlights"
    assert window.article_list._model.summary(row).annotations == 2  # the list's count
    start, _end = window.pane.document_map().range_to_document(new.start, new.end)
    assert window.pane.ids_at(start + 1) == (new.id,)


def test_reopening_or_reloading_an_unchanged_article_announces_nothing(
    library: Path, add_article
) -> None:
    article = add_article("Officials denied the report on Monday.")
    mark = annotating.annotate_quote(article, "denied")
    session = Session()
    session.open_article(article)
    changes: list[object] = []
    session.annotationsChanged.connect(changes.append)
    session.open_article(article)
    session.reload_annotations()
    assert changes == []
    annotation_edits.update_annotation(mark.id, note="behind the session's back")
    session.reload_annotations()
    [change] = changes
    assert change.pairs == ((mark, annotating.get_annotation(mark.id)),)
