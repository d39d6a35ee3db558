"""The filter panel writes the search language; saved searches live in the library."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QToolButton

from models import annotating
from models.articles import article_text, mark_read
from models.saved_searches import list_saved_searches, save_search
from models.search import matching_article_ids, parse_query
from ui.research.filters import FilterPanel, Filters, combine, compose
from ui.research.saved_search_list import QueryRole, SavedSearchModel
from ui.session.session import Session

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


@dataclass
class Dialogs:
    names: list[str | None] = field(default_factory=list)
    answers: list[bool] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)

    def ask_name(self, _parent: object, _suggested: str) -> str | None:
        return self.names.pop(0)

    def confirm(self, _parent: object, question: str) -> bool:
        self.questions.append(question)
        return self.answers.pop(0)


@pytest.fixture
def ids(add_article) -> dict[str, int]:  # type: ignore[no-untyped-def]
    found = {
        "bbc_sept": add_article(
            "Actors met.", title="A", source="BBC News", date=dt.date(2022, 9, 14)
        ),
        "bbc_oct": add_article("Later.", title="B", source="BBC News", date=dt.date(2022, 10, 2)),
        "guardian": add_article("Other.", title="C", source="The Guardian"),
    }
    text = article_text(found["bbc_sept"])
    annotating.create_annotation(found["bbc_sept"], 0, 6, color="pink", tags=["Actors/Leaders"])
    assert text[:6] == "Actors"
    mark_read(found["bbc_oct"])
    return found


@pytest.fixture
def dialogs() -> Dialogs:
    return Dialogs()


@pytest.fixture
def panel(library, ids, qtbot, dialogs) -> FilterPanel:  # type: ignore[no-untyped-def]
    widget = FilterPanel(Session(), ask_name=dialogs.ask_name, confirm=dialogs.confirm)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_compose_each_field() -> None:
    assert compose(Filters()) == ""
    assert compose(Filters(source="BBC News")) == 'source:"BBC News"'
    # The language cannot quote a '"': the longest quote-free piece still finds the outlet.
    assert compose(Filters(source='The "Sun" online')) == 'source:"online"'
    assert compose(Filters(date_from=dt.date(2022, 9, 1))) == "date:2022-09-01.."
    assert compose(Filters(date_to=dt.date(2022, 9, 30))) == "date:..2022-09-30"
    assert (
        compose(Filters(date_from=dt.date(2022, 9, 30), date_to=dt.date(2022, 9, 1)))
        == "date:2022-09-01..2022-09-30"
    )
    assert compose(Filters(tag="Frames/Long term")) == 'tag:"Frames/Long term"'
    assert compose(Filters(color="pink")) == "color:pink"
    assert compose(Filters(annotations="has")) == "has:annotations"
    assert compose(Filters(annotations="no")) == "no:annotations"
    assert compose(Filters(read="unread")) == "is:unread"
    every = Filters(
        "BBC", dt.date(2022, 9, 1), dt.date(2022, 9, 30), "Actors", "red", "has", "read"
    )
    query = compose(every)
    assert query == (
        'source:"BBC" date:2022-09-01..2022-09-30 tag:"Actors" color:red has:annotations is:read'
    )
    parse_query(query)  # the search language reads it


@pytest.mark.parametrize(
    ("text", "filters", "expected"),
    [
        ("", "", ""),
        ("  climate ", "", "climate"),
        ("", " is:unread ", "is:unread"),
        ("climate change", "is:unread", "climate change is:unread"),
        ("climate OR weather", "is:unread", "(climate OR weather) is:unread"),
        ("(climate OR weather) heat", "is:unread", "(climate OR weather) heat is:unread"),
        ('"this OR that"', "is:unread", '"this OR that" is:unread'),
        ("ORwell", "is:unread", "ORwell is:unread"),
        ("a OR(b)", "is:unread", "(a OR(b)) is:unread"),
    ],
)
def test_combine(text: str, filters: str, expected: str) -> None:
    assert combine(text, filters) == expected


def test_combine_keeps_or_inside_the_search_text(library, ids) -> None:  # type: ignore[no-untyped-def]
    query = combine("Later OR Other", 'source:"BBC"')
    assert matching_article_ids(query) == [ids["bbc_oct"]]  # not the Guardian's "Other"


def test_each_control_composes_its_filter(qtbot, panel: FilterPanel, ids) -> None:  # type: ignore[no-untyped-def]
    emitted: list[str] = []
    panel.queryChanged.connect(emitted.append)
    items = [panel.source.itemText(i) for i in range(panel.source.count())]
    assert items == ["Any outlet", "BBC News (2)", "The Guardian (1)"]

    panel.source.setFocus()
    qtbot.keyClick(panel.source, Qt.Key.Key_Down)
    assert emitted[-1] == 'source:"BBC News"'

    with qtbot.waitSignal(panel.queryChanged):
        panel.date_from.set_value(dt.date(2022, 9, 1))
    assert emitted[-1] == 'source:"BBC News" date:2022-09-01..'
    with qtbot.waitSignal(panel.queryChanged):
        panel.date_to.set_value(dt.date(2022, 9, 30))
    assert emitted[-1] == 'source:"BBC News" date:2022-09-01..2022-09-30'

    panel.tag.setFocus()
    qtbot.keyClicks(panel.tag, "Actors")
    qtbot.keyClick(panel.tag, Qt.Key.Key_Return)
    assert emitted[-1].endswith(' tag:"Actors"')

    pink = panel.findChild(QToolButton, "filterColor_pink")
    qtbot.mouseClick(pink, Qt.MouseButton.LeftButton)
    assert emitted[-1].endswith(' tag:"Actors" color:pink')

    panel.annotations.setCurrentIndex(panel.annotations.findData("has"))
    panel.read.setCurrentIndex(panel.read.findData("unread"))
    expected = (
        'source:"BBC News" date:2022-09-01..2022-09-30 tag:"Actors" color:pink '
        "has:annotations is:unread"
    )
    assert emitted[-1] == expected == panel.query()
    assert matching_article_ids(expected) == [ids["bbc_sept"]]  # the filters mean what they say

    qtbot.mouseClick(panel.findChild(QToolButton, "filterColor_any"), Qt.MouseButton.LeftButton)
    assert "color:" not in emitted[-1]
    panel.annotations.setCurrentIndex(panel.annotations.findData("no"))
    panel.read.setCurrentIndex(panel.read.findData("read"))
    assert emitted[-1].endswith("no:annotations is:read")
    count = len(emitted)
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    assert emitted[count:] == [""]  # one signal for the whole reset
    assert panel.query() == ""


def test_tag_box_completes_and_delete_clears_a_date(qtbot, panel: FilterPanel) -> None:  # type: ignore[no-untyped-def]
    panel.tag.setFocus()
    completer = panel.tag.completer()
    completer.setCompletionPrefix("lead")
    assert completer.currentCompletion() == "Actors/Leaders"
    with qtbot.waitSignal(panel.queryChanged):
        panel.date_to.set_value(dt.date(2021, 1, 1))
    panel.date_to.setFocus()
    with qtbot.waitSignal(panel.queryChanged) as blocker:
        qtbot.keyClick(panel.date_to, Qt.Key.Key_Delete)
    assert blocker.args == [""]
    assert panel.date_to.value() is None
    assert panel.date_to.text() == "any"


def test_outlets_refresh_and_keep_the_choice(qtbot, panel: FilterPanel, add_article) -> None:  # type: ignore[no-untyped-def]
    panel.source.setCurrentIndex(panel.source.findData("The Guardian"))
    add_article("More.", title="D", source="The Guardian")
    panel.refresh_choices()
    assert panel.source.currentText() == "The Guardian (2)"
    assert panel.query() == 'source:"The Guardian"'


def test_a_hidden_panel_reads_the_outlets_when_shown(
    qtbot, library, ids, add_article, dialogs: Dialogs
) -> None:  # type: ignore[no-untyped-def]
    """Its dock starts hidden: the outlets and counts wait for the first show, and an import
    while it is hidden shows up when it is shown again."""
    session = Session()
    panel = FilterPanel(session, ask_name=dialogs.ask_name, confirm=dialogs.confirm)
    qtbot.addWidget(panel)
    emitted: list[str] = []
    panel.queryChanged.connect(emitted.append)
    assert panel.source.count() == 0  # no query over the library while it starts
    panel.set_filters(Filters(source="The Guardian"))  # a saved search, before any show
    assert emitted == ['source:"The Guardian"']
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.source.currentText() == "The Guardian (1)"
    panel.hide()
    add_article("More.", title="D", source="The Guardian")
    add_article("Elsewhere.", title="E", source="Le Monde")
    session.articles_added()
    panel.show()
    items = [panel.source.itemText(i) for i in range(panel.source.count())]
    assert items == ["Any outlet", "BBC News (2)", "Le Monde (1)", "The Guardian (2)"]
    assert panel.source.currentText() == "The Guardian (2)"  # still chosen
    assert emitted == ['source:"The Guardian"']  # and the query never changed


def test_save_current_apply_and_overwrite(qtbot, panel: FilterPanel, dialogs: Dialogs) -> None:  # type: ignore[no-untyped-def]
    panel.set_search_text("climate OR weather")
    panel.read.setCurrentIndex(panel.read.findData("unread"))
    dialogs.names.append("Unread weather")
    qtbot.mouseClick(panel.saved.save_button, Qt.MouseButton.LeftButton)
    [saved] = list_saved_searches()
    assert (saved.name, saved.query) == ("Unread weather", "(climate OR weather) is:unread")
    assert panel.saved.model.index(0).data() == "Unread weather"

    panel.set_search_text("heat")
    dialogs.names.append("unread WEATHER")
    dialogs.answers.append(False)  # "Replace?" → no
    qtbot.mouseClick(panel.saved.save_button, Qt.MouseButton.LeftButton)
    assert "Replace the saved search “Unread weather”?" in dialogs.questions[-1]
    assert list_saved_searches()[0].query == "(climate OR weather) is:unread"
    dialogs.names.append("unread WEATHER")
    dialogs.answers.append(True)
    qtbot.mouseClick(panel.saved.save_button, Qt.MouseButton.LeftButton)
    assert [(s.name, s.query) for s in list_saved_searches()] == [
        ("unread WEATHER", "heat is:unread")
    ]

    rect = panel.saved.view.visualRect(panel.saved.model.index(0))
    emitted: list[str] = []
    panel.queryChanged.connect(emitted.append)
    with qtbot.waitSignal(panel.savedSearchApplied) as blocker:
        qtbot.mouseClick(panel.saved.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["heat is:unread"]
    assert emitted == [""] and panel.query() == ""  # the saved query replaces the controls


def test_invalid_or_empty_searches_are_not_saved(qtbot, panel: FilterPanel) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(panel.saved.save_button, Qt.MouseButton.LeftButton)
    assert panel.saved.message.text().startswith("Nothing to save")
    panel.set_search_text('"unclosed')
    qtbot.mouseClick(panel.saved.save_button, Qt.MouseButton.LeftButton)
    assert "cannot be saved" in panel.saved.message.text()
    assert list_saved_searches() == []


def test_rename_in_place_and_delete_key(qtbot, panel: FilterPanel, dialogs: Dialogs) -> None:  # type: ignore[no-untyped-def]
    save_search("alpha", "tea")
    save_search("beta", "coffee")
    saved = panel.saved
    saved.model.refresh()
    saved.view.setFocus()
    saved.view.setCurrentIndex(saved.model.index(0))
    qtbot.keyClick(saved.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "zeta")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: saved.model.index(1).data() == "zeta")  # re-sorted after the edit
    assert [(s.name, s.query) for s in list_saved_searches()] == [
        ("beta", "coffee"),
        ("zeta", "tea"),
    ]

    saved.view.setCurrentIndex(saved.model.index(0))
    saved.view.setFocus()
    dialogs.answers += [False, True]
    qtbot.keyClick(saved.view, Qt.Key.Key_Delete)
    assert len(list_saved_searches()) == 2  # declined
    qtbot.keyClick(saved.view, Qt.Key.Key_Delete)
    assert [s.name for s in list_saved_searches()] == ["zeta"]
    assert dialogs.questions[-1] == "Delete the saved search “beta”?"


def test_rename_to_a_taken_name_is_refused(qtbot, library) -> None:  # type: ignore[no-untyped-def]
    save_search("alpha", "tea")
    save_search("beta", "coffee")
    model = SavedSearchModel()
    model.refresh()
    reasons: list[str] = []
    model.renameFailed.connect(reasons.append)
    assert not model.setData(model.index(0), "BETA")
    assert reasons == ["There is already a saved search called “beta”."]
    assert model.index(0).data(QueryRole) == "tea"


def test_saved_search_model_passes_qmodeltester(library, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    save_search("alpha", "tea")
    save_search("beta", "coffee")
    model = SavedSearchModel()
    model.refresh()
    qtmodeltester.check(model)


def test_date_popup_opens_near_the_articles_not_in_1800(qtbot, panel: FilterPanel) -> None:  # type: ignore[no-untyped-def]
    edit = panel.date_from
    assert edit.suggested.toPython() == dt.date(2022, 10, 2)  # the latest article's date
    arrow = edit.rect().right() - 4, edit.rect().center().y()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(*arrow))
    calendar = edit.calendarWidget()
    assert (calendar.yearShown(), calendar.monthShown()) == (2022, 10)
    assert edit.value() is None  # only looking: still "any"
    calendar.window().close()
