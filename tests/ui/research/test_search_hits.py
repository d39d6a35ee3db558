"""Search hits in the reading pane: an article opened from a search shows where it matched."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from models.articles import article_text
from ui.library.model import snippet_html
from ui.library.view import ArticleListView
from ui.reading.view import ReadingView
from ui.research.search_hits import SearchHitsController, show_hits
from ui.session.session import Session

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

INTRO = "Intro 😀 with 👍🏽 and flags: the Café crème."
FILLER = "Filler paragraph that is long enough to push the rest of the article down. " * 8


@pytest.fixture
def wired(library, qtbot):  # type: ignore[no-untyped-def]
    """The list, the reading view and the controller, as the main window wires them."""
    session = Session()
    view = ArticleListView(session=session)
    reading = ReadingView(session)
    controller = SearchHitsController(session, reading.pane, view.search_query())
    view.searchChanged.connect(controller.set_query)
    for widget in (view, reading):
        qtbot.addWidget(widget)
    reading.resize(700, 400)
    reading.show()
    qtbot.waitExposed(reading)
    view.articleActivated.connect(session.open_article)
    return session, view, reading, controller


def _search(view: ArticleListView, text: str) -> None:
    view.search.setText(text)
    view.search_box.settle()


def _marked_text(reading: ReadingView) -> list[str]:
    selections = reading.pane.extraSelections()
    return [s.cursor.selectedText() for s in selections]


def test_opening_an_article_from_a_search_marks_its_hits(wired, add_article) -> None:
    session, view, reading, controller = wired
    article = add_article(INTRO, "A second paragraph about carbon tax and cafes.", title="T")
    _search(view, 'cafe "carbon tax" cr* -walrus')
    session.open_article(article)
    assert _marked_text(reading) == ["Café", "crème", "carbon tax"]
    # The marks sit where the canonical ranges are, across the astral characters before them.
    text = article_text(article)
    document_map = reading.pane.document_map()
    selections = reading.pane.extraSelections()  # (kept: the cursors live in the list)
    first = selections[0].cursor
    start = document_map.to_canonical(first.selectionStart())
    assert text[start : start + 4] == "Café"
    assert controller.marks()[0] == (first.selectionStart(), first.selectionEnd())


def test_marks_follow_the_search_and_survive_a_rebuild(wired, add_article) -> None:
    session, view, reading, _controller = wired
    article = add_article(INTRO, title="T")
    session.open_article(article)
    assert _marked_text(reading) == []
    _search(view, "flags")
    assert _marked_text(reading) == ["flags"]
    reading.pane.zoom_in()  # the document is rebuilt: marks are put back
    assert _marked_text(reading) == ["flags"]
    _search(view, "source:nothing-matches OR intro")
    assert _marked_text(reading) == ["Intro"]
    _search(view, "")
    assert _marked_text(reading) == []


def test_the_find_bar_query_wins_over_the_search(wired, add_article, qtbot) -> None:
    session, view, reading, _controller = wired
    article = add_article(INTRO, title="T")
    _search(view, "flags")
    session.open_article(article)
    reading.show_find_bar()
    reading.find_bar.edit.setText("crème")
    _search(view, "intro")
    assert _marked_text(reading) == ["crème"]
    qtbot.keyClicks(reading.find_bar.edit, "zzz")  # no match: the hits stay hidden
    assert _marked_text(reading) == []
    assert reading.find_bar.count_label.text() == "No matches"
    qtbot.keyClick(reading.find_bar.edit, Qt.Key.Key_Escape)  # closed: the hits come back
    assert _marked_text(reading) == ["Intro"]


def test_a_hit_out_of_sight_is_scrolled_to(wired, add_article) -> None:
    session, view, reading, _controller = wired
    article = add_article(*[FILLER] * 6, "The needle is here.", title="Long")
    _search(view, "needle")
    session.open_article(article)
    pane = reading.pane
    assert pane.verticalScrollBar().value() > 0
    cursor = QTextCursor(pane.document())
    selections = pane.extraSelections()
    cursor.setPosition(selections[0].cursor.selectionStart())
    assert 0 <= pane.cursorRect(cursor).top() < pane.viewport().height()


def test_show_hits_ignores_another_article_and_bad_queries(wired, add_article) -> None:
    session, _view, reading, _controller = wired
    shown = add_article(INTRO, title="T")
    other = add_article("Other text.", title="O")
    session.open_article(shown)
    assert show_hits(reading.pane, other, "other") == []
    assert show_hits(reading.pane, shown, '"unbalanced') == []
    assert len(show_hits(reading.pane, shown, "intro")) == 1


def test_clicking_a_hit_in_the_list_opens_it_with_marks(wired, add_article, qtbot) -> None:
    _session, view, reading, _controller = wired
    add_article("Nothing here.", title="Plain")
    wanted = add_article("The word zebra appears.", title="Stripes")
    view.resize(500, 300)
    view.show()
    qtbot.waitExposed(view)
    _search(view, "zebra")
    assert view.model().rowCount() == 1
    rect = view.table.visualRect(view.model().index(0, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert reading.pane.article_id() == wanted
    assert _marked_text(reading) == ["zebra"]


def test_snippet_html_escapes_text_and_bolds_hits() -> None:
    assert snippet_html("A <b> & c", "x \x02<hit>\x03 y") == (
        "<qt><b>A &lt;b&gt; &amp; c</b><br>x <b>&lt;hit&gt;</b> y</qt>"
    )


def test_marks_only_in_an_article_the_query_matches(wired, add_article) -> None:
    session, view, reading, _controller = wired
    both = add_article("The walrus met a zebra.", title="Both")
    session.open_article(both)
    _search(view, "walrus")
    assert _marked_text(reading) == ["walrus"]
    _search(view, "walrus -zebra")  # the open article does not match: no marks at all
    assert _marked_text(reading) == []
    _search(view, 'walrus "unclosed')  # a search that cannot run marks nothing either
    assert _marked_text(reading) == []
