"""The annotation sidebar, driven like a user would, checked against the library."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPalette

from models import annotating, annotation_edits
from models.articles import article_text
from models.colors import NAMED_COLORS
from models.errors import NotFound
from ui.session.session import Session
from ui.session.store import (
    AnnotationChange,
    AnnotationStore,
    ColorRole,
    IdRole,
    NoteRole,
    TagsRole,
)
from ui.sidebar import delegate
from ui.sidebar.delegate import quoted
from ui.sidebar.model import AnnotationFilterProxy
from ui.sidebar.panel import EMPTY_TEXT, NO_MATCH_TEXT, AnnotationSidebar

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

PARAGRAPHS = (
    "The minister met Russian envoys in Geneva on Monday.",
    "Critics called the deal a surrender to Moscow.",
    "Markets rose on the news of a ceasefire, analysts said.",
)


def mark(article_id: int, quote: str, **fields: object) -> int:
    start = article_text(article_id).index(quote)
    return annotating.create_annotation(article_id, start, start + len(quote), **fields).id


@dataclass
class FakePicker:
    answer: list[str] | None = None
    calls: list[list[str]] = field(default_factory=list)

    def __call__(self, parent: object, initial: list[str]) -> list[str] | None:
        self.calls.append(list(initial))
        return self.answer


@dataclass
class Env:
    session: Session
    sidebar: AnnotationSidebar
    picker: FakePicker
    article: int
    ids: dict[str, int]

    def visible_ids(self) -> list[int]:
        proxy = self.sidebar.proxy
        return [proxy.index(row, 0).data(IdRole) for row in range(proxy.rowCount())]


@pytest.fixture
def env(library, add_article, qtbot):
    article = add_article(*PARAGRAPHS)
    # Created out of text order on purpose: the sidebar must show them in text order.
    ids = {
        "markets": mark(article, "Markets rose", color="green", tags=["Frames/Economy"]),
        "minister": mark(
            article, "The minister", note="Who exactly?", tags=["Actors/Russia", "Frames/Conflict"]
        ),
        "critics": mark(article, "Critics called", color="green", tags=["Actors"]),
        "ceasefire": mark(article, "a ceasefire", color="pink"),
    }
    session = Session()
    picker = FakePicker()
    sidebar = AnnotationSidebar(session, tag_picker=picker)
    qtbot.addWidget(sidebar)
    sidebar.resize(360, 760)
    sidebar.show()
    qtbot.waitExposed(sidebar)
    session.open_article(article)
    yield Env(session, sidebar, picker, article, ids)
    sidebar.close()  # while the library is still open: closing flushes pending notes


def activate(qtbot, widget) -> None:
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def click_row(qtbot, sidebar: AnnotationSidebar, row: int) -> None:
    view = sidebar.list_view
    rect = view.visualRect(sidebar.proxy.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


# --- models -------------------------------------------------------------------------------
def loaded(article: int) -> AnnotationStore:
    """A store holding the article as the library has it now."""
    store = AnnotationStore()
    store.load(article, annotating.list_annotations(article))
    return store


def test_store_and_proxy_pass_the_model_tester(env: Env, qtmodeltester) -> None:
    model = loaded(env.article)
    assert model.rowCount() == 4
    qtmodeltester.check(model)
    proxy = AnnotationFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_tag_filter("actors")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 2


def test_changes_keep_row_identity(env: Env, add_article) -> None:
    model = loaded(env.article)
    critics = QPersistentModelIndex(model.index(model.row_of(env.ids["critics"])))
    gone = annotation_edits.delete_annotation(env.ids["minister"])  # the first row
    edited = annotation_edits.update_annotation(env.ids["critics"], note="changed")
    model.apply([(gone, None), (None, edited)])
    assert critics.isValid() and critics.row() == 0
    assert critics.data(NoteRole) == "changed"
    start = article_text(env.article).index("Geneva")
    new = annotating.create_annotation(env.article, start, start + 6)
    other = annotating.annotate_quote(add_article("Elsewhere."), "Elsewhere")
    model.apply(AnnotationChange.made([new, other]).pairs)  # another article's: not held
    assert model.row_of(new.id) == 0 and critics.row() == 1
    assert model.row_of(other.id) == -1 and model.rowCount() == 4
    assert model.index(0).data(Qt.ItemDataRole.DisplayRole) == "Geneva"


# --- listing ------------------------------------------------------------------------------
def test_shows_the_articles_annotations_in_text_order(env: Env, add_article) -> None:
    ids = env.ids
    assert env.visible_ids() == [ids["minister"], ids["critics"], ids["markets"], ids["ceasefire"]]
    assert env.sidebar.count_label.text() == "4 highlights"
    assert env.sidebar.stack.currentWidget() is env.sidebar.list_view
    env.session.open_article(add_article("Nothing marked here."))
    assert env.visible_ids() == []
    assert env.sidebar.count_label.text() == "0 highlights"
    assert env.sidebar.stack.currentWidget() is env.sidebar.empty_label
    assert env.sidebar.empty_label.text() == EMPTY_TEXT


def test_new_annotation_appears_selected(env: Env) -> None:
    start = article_text(env.article).index("Geneva")
    new = env.session.create_annotation(env.article, start, start + 6)
    assert env.visible_ids()[1] == new
    assert env.sidebar.current_annotation_id() == new
    assert env.sidebar.count_label.text() == "5 highlights"


def test_clicking_a_card_activates_it(env: Env, qtbot) -> None:
    emitted: list[int] = []
    env.sidebar.annotationActivated.connect(emitted.append)
    with qtbot.waitSignal(env.sidebar.annotationActivated, timeout=1000) as blocker:
        click_row(qtbot, env.sidebar, 1)
    assert blocker.args == [env.ids["critics"]]
    assert emitted == [env.ids["critics"]]  # once, not once per press and release
    assert env.sidebar.current_annotation_id() == env.ids["critics"]
    with qtbot.waitSignal(env.sidebar.annotationActivated, timeout=1000) as blocker:
        click_row(qtbot, env.sidebar, 0)
    assert blocker.args == [env.ids["minister"]]
    assert env.sidebar.editor.note_editor.toPlainText() == "Who exactly?"
    with qtbot.waitSignal(env.sidebar.annotationActivated, timeout=1000) as blocker:
        qtbot.keyClick(env.sidebar.list_view, Qt.Key.Key_Down)  # arrow keys activate too
    assert blocker.args == [env.ids["critics"]]
    assert env.sidebar.editor.note_editor.toPlainText() == ""


def test_session_selection_selects_without_activating(env: Env, qtbot) -> None:
    env.sidebar.color_filter.setCurrentIndex(env.sidebar.color_filter.findData("green"))
    with qtbot.assertNotEmitted(env.sidebar.annotationActivated):
        env.session.select_annotation(env.ids["minister"])  # hidden by the filter
    assert env.sidebar.current_annotation_id() == env.ids["minister"]
    assert env.sidebar.color_filter.currentData() is None
    env.session.select_annotation(-1)
    assert env.sidebar.current_annotation_id() is None


# --- deleting -----------------------------------------------------------------------------
@pytest.mark.parametrize("key", [Qt.Key.Key_Delete, Qt.Key.Key_Backspace])
def test_delete_key_deletes_and_undo_restores(env: Env, qtbot, key) -> None:
    minister = env.ids["minister"]
    click_row(qtbot, env.sidebar, 0)
    qtbot.keyClick(env.sidebar.list_view, key)
    with pytest.raises(NotFound):
        annotating.get_annotation(minister)
    assert minister not in env.visible_ids()
    assert env.sidebar.current_annotation_id() == env.ids["critics"]  # took its place
    env.session.undo_stack.undo()
    restored = annotating.get_annotation(minister)
    assert (restored.note, restored.tags) == ("Who exactly?", ("Actors/Russia", "Frames/Conflict"))
    assert env.visible_ids()[0] == minister
    assert env.sidebar.current_annotation_id() == minister


def test_delete_button(env: Env, qtbot) -> None:
    click_row(qtbot, env.sidebar, 3)
    qtbot.mouseClick(env.sidebar.editor.delete_button, Qt.MouseButton.LeftButton)
    assert [a.id for a in annotating.list_annotations(env.article)] == env.visible_ids()
    assert env.ids["ceasefire"] not in env.visible_ids()
    assert env.sidebar.current_annotation_id() == env.ids["markets"]


# --- editing ------------------------------------------------------------------------------
def test_typed_note_is_saved_on_focus_out_as_one_undo_step(env: Env, qtbot) -> None:
    activate(qtbot, env.sidebar)
    minister = env.ids["minister"]
    click_row(qtbot, env.sidebar, 0)
    qtbot.keyClick(env.sidebar.list_view, Qt.Key.Key_Return)
    note = env.sidebar.editor.note_editor
    assert note.hasFocus()
    steps = env.session.undo_stack.count()
    qtbot.keyClicks(note, " The envoy, not the PM.")
    env.sidebar.list_view.setFocus()
    assert annotating.get_annotation(minister).note == "Who exactly? The envoy, not the PM."
    assert env.session.undo_stack.count() == steps + 1
    env.session.undo_stack.undo()
    assert annotating.get_annotation(minister).note == "Who exactly?"
    assert note.toPlainText() == "Who exactly?"


def test_note_saves_while_typing_and_merges_per_session(env: Env, qtbot, monkeypatch) -> None:
    activate(qtbot, env.sidebar)
    critics = env.ids["critics"]
    editor = env.sidebar.editor
    editor._save_timer.setInterval(50)
    click_row(qtbot, env.sidebar, 1)
    steps = env.session.undo_stack.count()
    editor.note_editor.setFocus()
    qtbot.keyClicks(editor.note_editor, "Loaded")
    qtbot.waitUntil(lambda: annotating.get_annotation(critics).note == "Loaded")  # no focus out
    qtbot.keyClicks(editor.note_editor, " word")
    qtbot.waitUntil(lambda: annotating.get_annotation(critics).note == "Loaded word")
    env.sidebar.list_view.setFocus()  # ends the editing session
    editor.note_editor.setFocus()
    qtbot.keyClicks(editor.note_editor, "!")
    env.sidebar.list_view.setFocus()
    assert annotating.get_annotation(critics).note == "Loaded word!"
    assert env.session.undo_stack.count() == steps + 2  # one step per editing session
    env.session.undo_stack.undo()
    assert annotating.get_annotation(critics).note == "Loaded word"
    env.session.undo_stack.undo()
    assert annotating.get_annotation(critics).note == ""


def test_refresh_does_not_clobber_a_note_being_typed(env: Env, qtbot) -> None:
    activate(qtbot, env.sidebar)
    minister = env.ids["minister"]
    click_row(qtbot, env.sidebar, 0)
    note = env.sidebar.editor.note_editor
    note.setFocus()
    note.selectAll()
    qtbot.keyClicks(note, "Rewritten")
    env.session.edit_annotation(minister, color="blue")  # e.g. pressing 3 in the reading pane
    assert note.toPlainText() == "Rewritten"
    assert env.sidebar.editor.swatches["blue"].isChecked()
    click_row(qtbot, env.sidebar, 1)  # moving on saves the note
    record = annotating.get_annotation(minister)
    assert (record.note, record.color) == ("Rewritten", "blue")


def test_swatch_click_changes_the_colour(env: Env, qtbot) -> None:
    click_row(qtbot, env.sidebar, 0)
    swatch = env.sidebar.editor.swatches["purple"]
    qtbot.mouseClick(swatch, Qt.MouseButton.LeftButton)
    assert annotating.get_annotation(env.ids["minister"]).color == "purple"
    assert env.sidebar.proxy.index(0, 0).data(ColorRole) == "purple"
    assert swatch.isChecked()
    env.session.undo_stack.undo()
    assert annotating.get_annotation(env.ids["minister"]).color == "yellow"
    assert env.sidebar.editor.swatches["yellow"].isChecked()


def test_remove_a_tag_chip_and_add_tags_with_the_picker(env: Env, qtbot) -> None:
    minister = env.ids["minister"]
    click_row(qtbot, env.sidebar, 0)
    chip = env.sidebar.editor.chips.chip("Frames/Conflict")
    assert chip is not None
    qtbot.mouseClick(chip.remove_button, Qt.MouseButton.LeftButton)
    assert annotating.get_annotation(minister).tags == ("Actors/Russia",)
    assert env.sidebar.editor.chips.texts() == ["Actors/Russia"]

    env.picker.answer = ["Actors/Russia", "Frames/Economy/Energy"]
    qtbot.mouseClick(env.sidebar.editor.add_tag_button, Qt.MouseButton.LeftButton)
    assert env.picker.calls == [["Actors/Russia"]]
    assert annotating.get_annotation(minister).tags == ("Actors/Russia", "Frames/Economy/Energy")
    assert env.sidebar.proxy.index(0, 0).data(TagsRole) == [
        "Actors/Russia",
        "Frames/Economy/Energy",
    ]
    assert env.sidebar.tag_filter.findData("Frames/Economy/Energy") > 0

    steps = env.session.undo_stack.count()
    env.picker.answer = None  # cancelled
    qtbot.mouseClick(env.sidebar.editor.add_tag_button, Qt.MouseButton.LeftButton)
    assert env.session.undo_stack.count() == steps
    assert annotating.get_annotation(minister).tags == ("Actors/Russia", "Frames/Economy/Energy")


# --- filters and navigation ---------------------------------------------------------------
def test_filter_by_tag_includes_descendants_and_by_colour(env: Env) -> None:
    sidebar, ids = env.sidebar, env.ids
    tags = [sidebar.tag_filter.itemText(i) for i in range(sidebar.tag_filter.count())]
    assert tags == [
        "All tags",
        "Actors",
        "Actors/Russia",
        "Frames",
        "Frames/Conflict",
        "Frames/Economy",
    ]
    sidebar.tag_filter.setCurrentIndex(sidebar.tag_filter.findData("Actors"))
    assert env.visible_ids() == [ids["minister"], ids["critics"]]
    assert sidebar.count_label.text() == "2 of 4 highlights"
    sidebar.color_filter.setCurrentIndex(sidebar.color_filter.findData("green"))
    assert env.visible_ids() == [ids["critics"]]
    sidebar.tag_filter.setCurrentIndex(0)
    assert env.visible_ids() == [ids["critics"], ids["markets"]]
    sidebar.color_filter.setCurrentIndex(sidebar.color_filter.findData("purple"))
    assert env.visible_ids() == []
    assert sidebar.stack.currentWidget() is sidebar.empty_label
    assert sidebar.empty_label.text() == NO_MATCH_TEXT
    sidebar.color_filter.setCurrentIndex(0)
    sidebar.proxy.set_tag_filter("frames")  # case-insensitive
    assert env.visible_ids() == [ids["minister"], ids["markets"]]
    sidebar.proxy.set_tag_filter("Frame")  # a path, not a prefix of letters
    assert env.visible_ids() == []


def test_next_and_previous_follow_the_filtered_text_order(env: Env, qtbot) -> None:
    sidebar, ids = env.sidebar, env.ids
    order = [ids["minister"], ids["critics"], ids["markets"], ids["ceasefire"]]
    for expected in order:
        with qtbot.waitSignal(sidebar.annotationActivated, timeout=1000) as blocker:
            sidebar.select_next()
        assert blocker.args == [expected] and sidebar.current_annotation_id() == expected
    with qtbot.assertNotEmitted(sidebar.annotationActivated):
        sidebar.select_next()  # stops at the end
    assert sidebar.current_annotation_id() == ids["ceasefire"]
    sidebar.select_previous()
    assert sidebar.current_annotation_id() == ids["markets"]

    sidebar.color_filter.setCurrentIndex(sidebar.color_filter.findData("green"))
    env.session.select_annotation(-1)
    sidebar.select_previous()  # from nothing: the last one shown
    assert sidebar.current_annotation_id() == ids["markets"]
    sidebar.select_previous()
    assert sidebar.current_annotation_id() == ids["critics"]
    with qtbot.assertNotEmitted(sidebar.annotationActivated):
        sidebar.select_previous()
    assert sidebar.current_annotation_id() == ids["critics"]


# --- painting -----------------------------------------------------------------------------
@pytest.mark.parametrize("dark", [False, True])
def test_cards_paint_the_colour_bar_on_the_palette_background(env: Env, dark: bool) -> None:
    view = env.sidebar.list_view
    if dark:
        palette = QPalette(view.palette())
        palette.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
        palette.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
        view.setPalette(palette)
    image = view.viewport().grab().toImage()
    rect = view.visualRect(env.sidebar.proxy.index(2, 0))  # "Markets rose": green
    bar_x = rect.left() + delegate.MARGIN_X + 3 + delegate.BAR // 2
    assert image.pixelColor(bar_x, rect.center().y()).name() == NAMED_COLORS["green"]
    background = image.pixelColor(rect.right() - delegate.MARGIN_X - 4, rect.center().y())
    assert (background.lightness() < 80) == dark


def test_card_height_follows_content_and_width(env: Env) -> None:
    view = env.sidebar.list_view
    heights = {row: view.visualRect(env.sidebar.proxy.index(row, 0)).height() for row in range(4)}
    assert heights[0] > heights[3]  # note and two tags vs a bare quote
    annotation_edits.update_annotation(env.ids["ceasefire"], note="word " * 200)
    env.session.reload_annotations()
    tall = view.visualRect(env.sidebar.proxy.index(3, 0)).height()
    line = view.fontMetrics().lineSpacing()
    assert heights[3] + 2 * line < tall < heights[3] + 5 * line  # the note stops at 3 lines


def test_tag_filter_offers_all_tags_before_any_tag_exists(library, add_article, qtbot) -> None:
    article = add_article("Nothing tagged here.")
    session = Session()
    sidebar = AnnotationSidebar(session, tag_picker=FakePicker())
    qtbot.addWidget(sidebar)
    assert [sidebar.tag_filter.itemText(i) for i in range(sidebar.tag_filter.count())] == [
        "All tags"
    ]
    session.open_article(article)
    mark(article, "Nothing")
    session.reload_annotations()
    assert sidebar.tag_filter.itemText(0) == "All tags"


@pytest.mark.parametrize(
    ("quote", "shown"),
    [
        ("plain words", "“plain words”"),
        ("“already quoted”", "“already quoted”"),
        ('"straight quotes"', '"straight quotes"'),
        ("« guillemets »", "« guillemets »"),
        ("ends with a quote”", "ends with a quote”"),
    ],
)
def test_card_quote_marks_are_not_doubled(quote: str, shown: str) -> None:
    assert quoted(quote) == shown


# --- incremental refresh -----------------------------------------------------------------
def cards(model: AnnotationStore) -> list[annotating.AnnotationRecord]:
    return [model.record(row) for row in range(model.rowCount())]


def test_changes_move_only_the_rows_they_name(env: Env, qtmodeltester) -> None:
    """Random creates, edits, deletes and restores: the rows then match a fresh load, through
    row signals (checked by the model tester) and never a reset."""
    import random

    model = loaded(env.article)
    qtmodeltester.check(model, force_py=True)  # checks every signal as it comes
    resets: list[str] = []
    model.modelReset.connect(lambda: resets.append("reset"))
    model.layoutChanged.connect(lambda: resets.append("layout"))
    text = article_text(env.article)
    rng = random.Random(3)
    deleted: list[annotating.AnnotationRecord] = []
    for _ in range(40):
        ids = [r.id for r in cards(model)]
        roll = rng.random()
        if roll < 0.35 or not ids:
            start = rng.randrange(len(text) - 1)
            end = min(len(text), start + rng.randrange(1, 30))
            pair = (None, annotating.create_annotation(env.article, start, end))
        elif roll < 0.55:
            target = model.get(rng.choice(ids))
            edited = annotation_edits.update_annotation(
                target.id, color=rng.choice(list(NAMED_COLORS)), note=str(rng.random())
            )
            pair = (target, edited)
        elif roll < 0.75:
            deleted.append(annotation_edits.delete_annotation(rng.choice(ids)))
            pair = (deleted[-1], None)
        elif deleted:
            pair = (None, annotation_edits.restore_annotation(deleted.pop()))
        else:
            continue
        changed = [(pair[0] or pair[1]).id]
        kept = QPersistentModelIndex(model.index(0))
        kept_id = kept.data(IdRole)
        assert model.apply([pair]) == [pair]
        fresh = loaded(env.article)
        assert cards(model) == cards(fresh)
        assert all(model.row_of(r.id) == row for row, r in enumerate(cards(fresh)))
        if kept_id not in changed:
            assert kept.isValid() and kept.data(IdRole) == kept_id  # rows keep their identity
    assert resets == []


def test_sidebar_follows_known_changes_keeping_filter_and_selection(env: Env, qtbot) -> None:
    sidebar, ids, session = env.sidebar, env.ids, env.session
    sidebar.color_filter.setCurrentIndex(sidebar.color_filter.findData("green"))
    session.select_annotation(ids["critics"])
    resets: list[int] = []
    sidebar.model.modelReset.connect(lambda: resets.append(1))

    def fresh_visible() -> list[int]:
        model, proxy = loaded(env.article), AnnotationFilterProxy()
        proxy.setSourceModel(model)
        proxy.set_color_filter("green")
        return [proxy.index(row, 0).data(IdRole) for row in range(proxy.rowCount())]

    session.delete_annotation(ids["minister"])  # hidden by the filter
    assert env.visible_ids() == fresh_visible() == [ids["critics"], ids["markets"]]
    assert sidebar.current_annotation_id() == ids["critics"]
    session.edit_annotation(ids["ceasefire"], note="hidden, still green-filtered out")
    assert sidebar.current_annotation_id() == ids["ceasefire"]  # the session selects it...
    assert sidebar.color_filter.currentData() is None  # ...clearing the filter that hid it
    sidebar.color_filter.setCurrentIndex(sidebar.color_filter.findData("green"))
    session.select_annotation(ids["critics"])
    start = article_text(env.article).index("Geneva")
    new = session.create_annotation(env.article, start, start + 6, color="green")
    assert env.visible_ids() == fresh_visible() == [new, ids["critics"], ids["markets"]]
    assert sidebar.current_annotation_id() == new
    session.select_annotation(ids["markets"])
    session.undo_stack.undo()  # the create: the card goes, the selection stays
    assert env.visible_ids() == fresh_visible() == [ids["critics"], ids["markets"]]
    assert sidebar.current_annotation_id() == ids["markets"]
    session.edit_annotation(ids["critics"], color="pink")  # now filtered out
    assert sidebar.color_filter.currentData() is None
    assert sidebar.current_annotation_id() == ids["critics"]
    assert sidebar.count_label.text() == "3 highlights"  # the minister was deleted
    assert cards(sidebar.model) == annotating.list_annotations(env.article)
    assert resets == []


def test_card_sizes_follow_known_edits_and_the_width(env: Env, qtbot) -> None:
    view, proxy = env.sidebar.list_view, env.sidebar.proxy
    row = proxy.row_of(env.ids["ceasefire"])

    def height() -> int:
        return view.visualRect(proxy.index(row, 0)).height()

    short = height()
    env.session.edit_annotation(env.ids["ceasefire"], note="word " * 12)
    tall = height()
    assert tall > short  # the remembered size of the old record is not reused
    env.sidebar.resize(env.sidebar.width() * 2, env.sidebar.height())
    qtbot.waitUntil(lambda: short < height() < tall, timeout=2000)  # the note on fewer lines


def test_home_and_end_go_to_the_first_and_last_card(env: Env, qtbot) -> None:
    click_row(qtbot, env.sidebar, 1)
    with qtbot.waitSignal(env.sidebar.annotationActivated, timeout=1000) as blocker:
        qtbot.keyClick(env.sidebar.list_view, Qt.Key.Key_End)
    assert blocker.args == [env.ids["ceasefire"]]
    with qtbot.waitSignal(env.sidebar.annotationActivated, timeout=1000) as blocker:
        qtbot.keyClick(env.sidebar.list_view, Qt.Key.Key_Home)
    assert blocker.args == [env.ids["minister"]]
    assert env.sidebar.current_annotation_id() == env.ids["minister"]
