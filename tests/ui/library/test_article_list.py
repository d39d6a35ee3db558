"""The article list: lazy paging, SQL sorting and filtering, and the view's keyboard and mouse."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt
from PySide6.QtGui import QFocusEvent, QFont, QPalette
from PySide6.QtWidgets import QApplication

from importers.draft import ArticleDraft, make_block
from models import articles, search, storing
from models.annotating import create_annotation
from ui.common.theme import application_palette, get_theme
from ui.library.model import DATE, NOTES, OUTLET, PAGE_SIZE, TITLE, ArticleIdRole, ArticleTableModel
from ui.library.view import ArticleListView
from ui.session.session import Session

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

OUTLETS = ["BBC News", "The Guardian", "Reuters", "Al Jazeera", "Le Monde"]


def _draft(i: int, rng: random.Random) -> ArticleDraft:
    """Article i, with shuffled titles, outlets and dates (every 7th undated)."""
    block = make_block("paragraph", f"Body of article number {i}.")
    assert block is not None
    date = None if i % 7 == 0 else dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1500))
    return ArticleDraft(
        blocks=[block],
        title=f"{rng.choice(['Alpha', 'beta', 'Gamma', 'delta'])} story {rng.randrange(10**6)}",
        source=OUTLETS[i % len(OUTLETS)],
        date=date,
        raw=b"raw",
    )


def _add_many(count: int) -> list[int]:
    rng = random.Random(count)
    results = storing.store_drafts([_draft(i, rng) for i in range(count)], "test", "many.txt")
    return [r.article_id for r in results]


@pytest.fixture
def thousand(library):  # type: ignore[no-untyped-def]
    return _add_many(1000)


def _expected(sort: str, descending: bool, filter_text: str = "") -> list[int]:
    """The order query_articles promises, computed in Python over every row."""
    rows = search.search_articles(filter_text) if filter_text else articles.query_articles()
    key = {
        "title": lambda r: r.title.lower(),
        "source": lambda r: r.source.lower(),
        "date": lambda r: r.date,
    }[sort]
    present = [r for r in rows if key(r) is not None]
    missing = [r for r in rows if key(r) is None]
    ordered = sorted(present, key=lambda r: (key(r), r.id), reverse=descending)
    ordered += sorted(missing, key=lambda r: r.id, reverse=descending)  # NULLs last either way
    return [r.id for r in ordered]


def _loaded_ids(model: ArticleTableModel) -> list[int]:
    return [model.data(model.index(row, TITLE), ArticleIdRole) for row in range(model.rowCount())]


def test_model_passes_the_model_tester_with_articles(library, qtmodeltester) -> None:
    _add_many(50)
    model = ArticleTableModel()
    assert model.rowCount() == 50
    qtmodeltester.check(model)


def test_model_passes_the_model_tester_when_empty(library, qtmodeltester) -> None:
    model = ArticleTableModel()
    assert model.rowCount() == 0
    assert not model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)


def test_pages_are_fetched_lazily_until_the_end(thousand) -> None:
    model = ArticleTableModel()
    assert model.total_count() == 1000
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE_SIZE
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 1000
    assert sorted(_loaded_ids(model)) == sorted(thousand)  # no page skipped or repeated


def test_view_loads_only_the_first_pages(thousand, qtbot) -> None:
    view = ArticleListView()
    qtbot.addWidget(view)
    view.resize(600, 800)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(50)  # the view's own fetch-more check runs from the event loop
    assert view.model().rowCount() in (PAGE_SIZE, 2 * PAGE_SIZE)
    assert view.status_text() == "1,000 articles"


def test_cells_show_title_outlet_date_and_highlight_count(library, add_article) -> None:
    dated = add_article("One.", title="Dated", source="BBC News", date=dt.date(2024, 1, 2))
    undated = add_article("Two.", title="Undated", source="Reuters")
    create_annotation(dated, 0, 3)
    create_annotation(dated, 0, 2)
    model = ArticleTableModel()
    model.sort(-1)  # import order
    assert [model.index(0, c).data() for c in (TITLE, OUTLET, DATE, NOTES)] == [
        "Dated",
        "BBC News",
        "2024-01-02",
        "2",
    ]
    assert [model.index(1, c).data() for c in (DATE, NOTES)] == ["—", ""]
    assert model.article_id(1) == undated
    assert model.row_of(undated) == 1


def test_row_of_fetches_pages_until_found(thousand) -> None:
    model = ArticleTableModel()
    last = _expected("date", True)[-1]
    assert model.rowCount() == PAGE_SIZE
    assert model.row_of(last) == 999
    assert model.article_id(999) == last


def test_row_of_is_minus_one_for_an_article_the_filter_hides(library, add_article) -> None:
    bbc = add_article("One.", title="One", source="BBC News")
    other = add_article("Two.", title="Two", source="Reuters")
    model = ArticleTableModel()
    model.set_filter("source:bbc")
    assert model.row_of(bbc) == 0
    assert model.row_of(other) == -1
    model.set_filter("two")  # a word in the title or text
    assert (model.row_of(other), model.row_of(bbc)) == (0, -1)


@pytest.mark.parametrize("column,key", [(TITLE, "title"), (DATE, "date"), (OUTLET, "source")])
def test_clicking_a_header_sorts_in_sql(thousand, qtbot, column, key) -> None:
    view = ArticleListView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    header = view.table.horizontalHeader()
    seen = set()
    for _click in range(2):  # the second click reverses the order
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_point(x, 5))
        sort, descending = view.model().sort_key()
        assert sort == key
        seen.add(descending)
        expected = _expected(key, descending)
        loaded = _loaded_ids(view.model())
        assert PAGE_SIZE <= len(loaded) < 1000
        assert loaded == expected[: len(loaded)]
    assert seen == {True, False}


def _point(x: int, y: int):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    return QPoint(x, y)


def test_the_search_box_narrows_the_rows_after_a_pause(thousand, qtbot) -> None:
    view = ArticleListView()
    qtbot.addWidget(view)
    view.show()
    box = view.findChild(type(view.search), "librarySearch")
    assert box is view.search
    assert box.placeholderText().startswith('Search: words, "phrases", tag:')
    with qtbot.waitSignal(view.filterChanged, timeout=2000) as changed:
        qtbot.keyClicks(box, "source:bbc")
        assert view.model().filter_text() == ""  # debounced: nothing yet
    assert changed.args == ["source:bbc"]
    qtbot.waitUntil(lambda: view.model().total_count() == 200)
    summaries = [view.model().summary(row) for row in range(view.model().rowCount())]
    assert {s.source for s in summaries} == {"BBC News"}
    assert view.model().sort_key() == ("date", True)  # no words to rank by: the header sort
    assert _loaded_ids(view.model()) == _expected("date", True, "source:bbc")[: len(summaries)]
    assert view.status_text() == "200 of 1,000 articles match"
    box.clear()
    qtbot.waitUntil(lambda: view.model().total_count() == 1000)
    assert view.status_text() == "1,000 articles"


def test_a_word_searches_the_full_text_by_relevance(thousand, qtbot) -> None:
    view = ArticleListView()
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.searchChanged, timeout=2000) as changed:
        qtbot.keyClicks(view.search, "gamma")
    assert changed.args == ["gamma"]
    model = view.model()
    gamma = [s.id for s in articles.query_articles() if s.title.startswith("Gamma")]
    assert model.total_count() == len(gamma) > 0
    assert model.sort_key() == ("rank", False)
    assert not view.table.horizontalHeader().isSortIndicatorShown()
    assert _loaded_ids(model) == [h.id for h in search.search_articles("gamma")][:PAGE_SIZE]
    tip = model.index(0, TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "<b>Gamma</b>" in tip
    assert view.status_text() == f"{len(gamma):,} of 1,000 articles match"
    view.search.setText("number 12")  # words of the body text
    view.search_box.settle()
    assert model.total_count() == 1 and model.summary(0).id == thousand[12]


def test_headers_sort_a_search_and_relevance_comes_back(thousand, qtbot) -> None:
    view = ArticleListView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    model, header = view.model(), view.table.horizontalHeader()
    view.search.setText("alpha OR beta")
    view.search_box.settle()
    relevance = view.search_box.relevance
    assert model.sort_key() == ("rank", False) and not relevance.isVisible()
    x = header.sectionViewportPosition(TITLE) + header.sectionSize(TITLE) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_point(x, 5))
    key, descending = model.sort_key()
    assert key == "title" and header.isSortIndicatorShown() and relevance.isVisible()
    loaded = _loaded_ids(model)
    assert loaded == _expected("title", descending, "alpha OR beta")[: len(loaded)]
    relevance.trigger()
    assert model.sort_key() == ("rank", False) and not header.isSortIndicatorShown()
    assert (
        _loaded_ids(model)
        == [h.id for h in search.search_articles("alpha OR beta")][: len(_loaded_ids(model))]
    )
    view.search.setText("is:unread")  # filters only: relevance means nothing
    view.search_box.settle()
    assert model.sort_key()[0] == "title" and not relevance.isVisible()


def test_a_malformed_query_is_explained_inline_and_empties_the_list(thousand, qtbot) -> None:
    view = ArticleListView()
    qtbot.addWidget(view)
    view.show()
    view.search.setText("alpha")
    view.search_box.settle()
    before = _loaded_ids(view.model())
    changes: list[str] = []
    view.searchChanged.connect(changes.append)
    qtbot.keyClicks(view.search, ' "story')
    qtbot.waitUntil(lambda: view.search_error() != "")
    assert view.search_error() == 'Unbalanced quotes: a " is not closed'
    assert view.search_box.error.isVisible() and view.search_box.error.objectName()
    # No rows and no count: the last good query's rows would pass for this one's results.
    assert before and view.model().rowCount() == 0 and changes == [""]
    assert view.status_text().startswith("Search not run") and "1,000 articles" in (
        view.status_text()
    )
    qtbot.keyClicks(view.search, '"')
    qtbot.waitUntil(lambda: changes == ["", 'alpha "story"'])
    assert view.search_error() == "" and not view.search_box.error.isVisible()
    assert view.model().rowCount() > 0 and view.status_text().endswith("match")


def test_filter_panel_queries_are_anded_with_the_box(thousand, qtbot) -> None:
    view = ArticleListView()
    qtbot.addWidget(view)
    view.search.setText("alpha OR beta")
    view.search_box.settle()
    with qtbot.waitSignal(view.searchChanged, timeout=1000) as changed:
        view.set_filter_query("source:reuters")
    assert changed.args == ["(alpha OR beta) source:reuters"]
    expected = search.count_matching_articles("(alpha OR beta) source:reuters")
    assert view.model().total_count() == expected < 200
    view.search.clear()
    view.search_box.settle()
    assert view.search_query() == "source:reuters" and view.model().total_count() == 200


def test_model_with_search_hits_passes_the_model_tester(thousand, qtmodeltester) -> None:
    model = ArticleTableModel()
    model.set_filter("delta")
    assert 0 < model.rowCount() <= model.total_count()
    qtmodeltester.check(model)


def test_unread_rows_are_bold_and_read_rows_are_not(library, add_article) -> None:
    first = add_article("One.", title="One")
    second = add_article("Two.", title="Two")
    view = ArticleListView()
    model = view.model()

    def bold(article_id: int) -> bool:
        font = model.index(model.row_of(article_id), TITLE).data(Qt.ItemDataRole.FontRole)
        return isinstance(font, QFont) and font.bold()

    assert bold(first) and bold(second)
    articles.mark_read(first)
    view.refresh()
    assert not bold(first) and bold(second)
    articles.mark_read(first, read=False)
    view.refresh()
    assert bold(first)


def test_opening_an_article_unbolds_and_selects_its_row(library, add_article, qtbot) -> None:
    first = add_article("One.", title="One")
    second = add_article("Two.", title="Two")
    session = Session()
    view = ArticleListView(session=session)
    qtbot.addWidget(view)
    activated: list[int] = []
    view.articleActivated.connect(activated.append)
    session.open_article(second)
    model = view.model()
    assert view.current_article_id() == second
    assert model.index(model.row_of(second), TITLE).data(Qt.ItemDataRole.FontRole) is None
    assert model.index(model.row_of(first), TITLE).data(Qt.ItemDataRole.FontRole) is not None
    assert activated == []  # following the session does not re-open the article


def test_keyboard_down_activates_the_next_article(thousand, qtbot) -> None:
    view = ArticleListView()
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    model = view.model()
    first, second = model.article_id(0), model.article_id(1)
    assert view.select_article(first)
    view.table.setFocus()
    with qtbot.waitSignal(view.articleActivated, timeout=1000) as activated:
        qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert activated.args == [second]
    assert view.current_article_id() == second


def test_down_from_the_filter_box_moves_into_the_list(thousand, qtbot) -> None:
    view = ArticleListView()
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.articleActivated, timeout=1000) as activated:
        qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert activated.args == [view.model().article_id(0)]


def test_refresh_keeps_selection_and_shows_new_counts_and_articles(library, add_article) -> None:
    first = add_article("One.", title="One")
    view = ArticleListView()
    view.select_article(first)
    create_annotation(first, 0, 3)
    view.refresh()
    model = view.model()
    assert model.index(0, NOTES).data() == "1"
    assert view.current_article_id() == first
    second = add_article("Two.", title="Two")
    view.refresh()
    assert sorted(_loaded_ids(model)) == [first, second]
    assert view.current_article_id() == first
    assert view.status_text() == "2 articles"


def test_a_resort_keeps_the_current_article_selected(library) -> None:
    _add_many(50)
    view = ArticleListView()
    target = view.model().article_id(5)
    view.select_article(target)
    view.model().sort(TITLE, Qt.SortOrder.AscendingOrder)
    assert view.model().article_id(5) != target  # it moved...
    assert view.current_article_id() == target  # ...and is still the current one


def test_a_new_highlight_updates_only_that_rows_count(library, add_article) -> None:
    first = add_article("One two three.", title="One")
    second = add_article("Four five six.", title="Two")
    session = Session()
    view = ArticleListView(session=session)
    model = view.model()
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, bottom: changed.append((top.row(), bottom.row())))
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    session.create_annotation(second, 0, 4)
    row = model.row_of(second)
    assert model.index(row, NOTES).data() == "1"
    assert model.index(model.row_of(first), NOTES).data() == ""
    assert changed == [(row, row)] and resets == []
    session.undo_stack.undo()
    assert model.index(row, NOTES).data() == ""


def test_sorting_after_clearing_the_filter_keeps_the_open_article(thousand, qtbot) -> None:
    """A reset (filter, sort) or a focus change never opens another article by itself."""
    session = Session()
    view = ArticleListView(session=session)
    view.articleActivated.connect(session.open_article)
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    model = view.model()
    view.search.setText("alpha")
    view.search_box.settle()
    rect = view.table.visualRect(model.index(2, TITLE))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    opened = session.article_id
    assert opened == model.article_id(2)
    view.search.clear()
    view.search_box.settle()
    header = view.table.horizontalHeader()
    for column in (TITLE, OUTLET, TITLE):
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
        # e.g. a dialog closing hands focus back to the list
        focus = QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.ActiveWindowFocusReason)
        QApplication.sendEvent(view.table, focus)
        assert session.article_id == opened
    assert model.sort_column() == TITLE


def test_a_narrow_list_gives_the_title_the_room(library, add_article, qtbot) -> None:
    add_article("Body.", title="A rather long title about the regional elections", source="BBC")
    view = ArticleListView()
    qtbot.addWidget(view)
    view.resize(300, 300)
    view.show()
    qtbot.waitExposed(view)
    assert view.table.isColumnHidden(OUTLET)
    view.resize(800, 300)
    assert not view.table.isColumnHidden(OUTLET)
    assert view.table.columnWidth(TITLE) > 2 * view.table.columnWidth(OUTLET)
    tip = view.model().index(0, TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "A rather long title about the regional elections"


def test_header_icon_and_filter_border_follow_a_dark_palette(library, qtbot) -> None:
    view = ArticleListView()
    qtbot.addWidget(view)
    dark = application_palette(get_theme("dark"), view.palette())
    view.setPalette(dark)
    ink = dark.color(QPalette.ColorRole.ButtonText)
    icon = view.model().headerData(NOTES, Qt.Orientation.Horizontal, Qt.ItemDataRole.DecorationRole)
    image = icon.pixmap(32, 32).toImage()
    painted = [
        image.pixelColor(x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 200
    ]
    assert painted and all(abs(c.lightness() - ink.lightness()) < 40 for c in painted)
    mid = dark.color(QPalette.ColorRole.Mid).lighter(130).name()
    assert mid in view.search.styleSheet()
