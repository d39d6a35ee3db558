"""The codebook panel driven like a user would, checked in the library; undo and redo of each."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from models import article_tags as at
from models.annotating import create_annotation, get_annotation
from models.articles import article_text
from models.codebook import TagNode, codebook
from models.schema import AnnotationTag, ArticleTag, Tag
from ui.codebook.model import ANNOTATIONS, ARTICLES, MIME_TYPE, PathRole, TagTreeModel
from ui.codebook.panel import CodebookPanel, codebook_dialog
from ui.common.chips import ColorSwatch
from ui.session.session import Session

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


def db_state() -> tuple[list[tuple[object, ...]], list[tuple[int, int]], list[tuple[int, int]]]:
    tags = Tag.select(Tag.id, Tag.path, Tag.color, Tag.description).order_by(Tag.id).tuples()
    notes = AnnotationTag.select(AnnotationTag.annotation, AnnotationTag.tag).tuples()
    articles = ArticleTag.select(ArticleTag.article, ArticleTag.tag).tuples()
    return list(tags), sorted(notes), sorted(articles)


def paths() -> list[str]:
    return [n.path for n in codebook()]


def tag_row(path: str) -> Tag:
    return Tag.get(Tag.path == path)


def mark(article: int, quote: str, *tags: str) -> int:
    start = article_text(article).index(quote)
    return create_annotation(article, start, start + len(quote), tags=tags).id


@dataclass
class Env:
    session: Session
    panel: CodebookPanel
    articles: tuple[int, int]
    ids: dict[str, int]
    asked: list[tuple[str, str]] = field(default_factory=list)
    answers: list[str | None] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)

    @property
    def model(self) -> TagTreeModel:
        return self.panel.model

    def index(self, path: str, column: int = 0) -> QModelIndex:
        index = self.model.index_of(path)
        assert index.isValid(), path
        return index.siblingAtColumn(column)

    def check_undo_redo(self, before: object, after: object) -> None:
        """Undo gives back `before` exactly, redo `after`, and the tree follows each time."""
        stack = self.session.undo_stack
        stack.undo()
        assert db_state() == before
        assert [n.path for n in self.model.nodes()] == paths()
        stack.redo()
        assert db_state() == after
        assert [n.path for n in self.model.nodes()] == paths()


@pytest.fixture
def env(library, add_article, qtbot):
    one = add_article("The Kremlin denied it. Moscow said no. Kyiv disagreed.", title="One")
    two = add_article("Washington and Moscow met. The frame was war.", title="Two")
    ids = {
        "kremlin": mark(one, "Kremlin", "Actors/Russia/Kremlin", "Actors/Russia"),
        "moscow1": mark(one, "Moscow", "Actors/Russia"),
        "kyiv": mark(one, "Kyiv", "Actors/Ukraine"),
        "moscow2": mark(two, "Moscow", "Actors/Russia", "Frames/War"),
        "war": mark(two, "war", "Frames/War"),
    }
    at.tag_article(two, "Actors/Russia")
    session = Session()
    session.open_article(one)
    e = Env(session, None, (one, two), ids)  # type: ignore[arg-type]

    def ask(_parent, title, label, default):  # type: ignore[no-untyped-def]
        e.asked.append((title, default))
        return e.answers.pop(0)

    def choose(_parent, source, candidates):  # type: ignore[no-untyped-def]
        e.asked.append((source, candidates[0]))
        return e.answers.pop(0)

    e.panel = CodebookPanel(session, ask_text=ask, choose_target=choose)
    session.tagsChanged.connect(lambda: e.signals.append("tags"))
    session.annotationsChanged.connect(
        lambda change: e.signals.extend(f"annotations {a}" for a in change.count_changes())
    )
    qtbot.addWidget(e.panel)
    e.panel.resize(480, 640)
    e.panel.show()
    qtbot.waitExposed(e.panel)
    yield e
    e.panel.close()


def confirm(monkeypatch, answer: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


# --- the model ------------------------------------------------------------------------------
def test_tree_model_passes_the_model_tester(env: Env, qtmodeltester) -> None:
    model = TagTreeModel()
    model.reload()
    assert model.rowCount() == 2  # Actors (a group), Frames (a group)
    russia = model.index_of("actors/russia")
    assert model.rowCount(russia) == 1 and model.parent(russia) == model.index_of("Actors")
    qtmodeltester.check(model)
    model.set_nodes([])
    qtmodeltester.check(model)


def test_counts_swatches_and_descriptions_are_shown(env: Env, qtbot) -> None:
    russia = env.index("Actors/Russia")
    assert russia.data() == "Russia" and russia.data(PathRole) == "Actors/Russia"
    assert env.index("Actors/Russia", ANNOTATIONS).data() == "3"
    # articles: two by annotations, one of them also tagged at article level
    assert env.index("Actors/Russia", ARTICLES).data() == "2"
    assert env.index("Actors", ANNOTATIONS).data() == "(4)"  # a group: only its subtags' uses
    assert env.index("Frames/War", ANNOTATIONS).data() == "2"
    assert "with it or a subtag" in env.index("Actors", ARTICLES).data(Qt.ItemDataRole.ToolTipRole)
    assert not russia.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert "No description yet" in russia.data(Qt.ItemDataRole.ToolTipRole)
    assert env.panel.tree.isExpanded(env.index("Actors/Russia"))
    # a new highlight through the session: the counts follow
    start = article_text(env.articles[1]).index("Washington")
    env.session.create_annotation(env.articles[1], start, start + 10, tags=["Actors/Russia"])
    qtbot.waitUntil(lambda: env.index("Actors/Russia", ANNOTATIONS).data() == "4")
    assert env.index("Actors", ANNOTATIONS).data() == "(5)"


# --- rename -----------------------------------------------------------------------------------
def type_into_editor(qtbot, env: Env, path: str, text: str) -> None:
    """F2 on the tag, replace the name in the editor, Enter."""
    tree = env.panel.tree
    tree.setFocus()
    tree.setCurrentIndex(env.index(path))
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    editor = tree.viewport().findChild(QLineEdit)
    assert editor is not None and editor.text() == path.rsplit("/", 1)[-1]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_rename_in_place_moves_subtags_and_undoes(env: Env, qtbot) -> None:
    before = db_state()
    russia_id = tag_row("Actors/Russia").id
    type_into_editor(qtbot, env, "Actors/Russia", "Russland")
    qtbot.waitUntil(lambda: "Actors/Russland/Kremlin" in paths())
    assert tag_row("Actors/Russland").id == russia_id
    assert get_annotation(env.ids["kremlin"]).tags == ("Actors/Russland", "Actors/Russland/Kremlin")
    assert env.panel.current_node().path == "Actors/Russland"  # still selected after the reload
    assert env.model.index_of("Actors/Russland/Kremlin").isValid()
    assert "tags" in env.signals and f"annotations {env.articles[0]}" in env.signals
    env.check_undo_redo(before, db_state())


def test_rename_with_a_full_path_moves_the_tag(env: Env, qtbot) -> None:
    type_into_editor(qtbot, env, "Actors/Russia", "States/Russia")
    qtbot.waitUntil(lambda: "States/Russia/Kremlin" in paths())
    assert not any(p.startswith("Actors/Russia") for p in paths())
    assert env.model.index_of("States/Russia/Kremlin").isValid()


def test_renaming_onto_an_existing_tag_is_refused_with_a_plain_message(env: Env, qtbot) -> None:
    before = db_state()
    type_into_editor(qtbot, env, "Actors/Russia", "Ukraine")
    qtbot.waitUntil(lambda: "merge" in env.panel.message_text())
    assert "There is already a tag “Actors/Ukraine”" in env.panel.message_text()
    assert db_state() == before and env.session.undo_stack.count() == 0
    assert env.index("Actors/Russia").data() == "Russia"


# --- drag and drop ----------------------------------------------------------------------------
def test_drop_on_a_tag_reparents_and_on_empty_space_moves_to_the_top(env: Env, qtbot) -> None:
    model = env.model
    before = db_state()
    data = model.mimeData([env.index("Actors/Russia"), env.index("Actors/Russia", ARTICLES)])
    assert data.hasFormat(MIME_TYPE)
    move = Qt.DropAction.MoveAction
    assert not model.canDropMimeData(data, move, -1, -1, env.index("Actors/Russia/Kremlin"))
    assert not model.canDropMimeData(data, move, -1, -1, env.index("Actors"))  # already there
    assert model.dropMimeData(data, move, -1, -1, env.index("Frames/War"))
    qtbot.waitUntil(lambda: "Frames/War/Russia/Kremlin" in paths())
    after = db_state()
    assert get_annotation(env.ids["moscow1"]).tags == ("Frames/War/Russia",)
    env.check_undo_redo(before, after)

    data = model.mimeData([env.index("Frames/War/Russia")])
    assert model.dropMimeData(data, move, -1, -1, QModelIndex())
    qtbot.waitUntil(lambda: "Russia/Kremlin" in paths())
    assert env.index("Russia").parent() == QModelIndex()
    env.session.undo_stack.undo()
    assert db_state() == after


def test_dropping_two_tags_is_one_undo_step_and_a_clash_stays_put(env: Env, qtbot) -> None:
    Tag.create(path="Frames/Ukraine")
    before = db_state()
    model = env.model
    data = model.mimeData([env.index("Actors/Russia"), env.index("Actors/Ukraine")])
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, env.index("Frames"))
    qtbot.waitUntil(lambda: "Frames/Russia/Kremlin" in paths())
    assert "Actors/Ukraine" in paths()  # Frames/Ukraine exists: refused, with the reason
    assert "Moved Russia under Frames. There is already a tag “Frames/Ukraine”" in (
        env.panel.message_text()
    )
    assert env.session.undo_stack.count() == 1
    env.check_undo_redo(before, db_state())


def test_a_real_drag_in_the_view(env: Env, qtbot) -> None:
    """The view's own drop path: a drop event on the Frames row lands Ukraine under it."""
    from PySide6.QtGui import QDropEvent

    tree = env.panel.tree
    target = tree.visualRect(env.index("Frames/War")).center()
    data = env.model.mimeData([env.index("Actors/Ukraine")])
    event = QDropEvent(
        target.toPointF(),
        Qt.DropAction.MoveAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tree.dropEvent(event)
    qtbot.waitUntil(lambda: "Frames/War/Ukraine" in paths())
    assert env.model.index_of("Frames/War/Ukraine").isValid()


# --- merge ------------------------------------------------------------------------------------
def test_merge_two_selected_tags(env: Env, qtbot) -> None:
    before = db_state()
    tree, selection = env.panel.tree, env.panel.tree.selectionModel()
    for path, modifier in (
        ("Actors/Russia", Qt.KeyboardModifier.NoModifier),
        ("Actors/Ukraine", Qt.KeyboardModifier.ControlModifier),  # the one to fold in
    ):
        point = tree.visualRect(env.index(path)).center()
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, modifier, point)
    assert len(selection.selectedRows()) == 2
    assert env.panel.current_node().path == "Actors/Ukraine"
    env.answers.append("Actors/Russia")
    qtbot.mouseClick(env.panel.buttons["merge"], Qt.MouseButton.LeftButton)
    assert env.asked[-1] == ("Actors/Ukraine", "Actors/Russia")  # the other selected one first
    assert "Actors/Ukraine" not in paths()
    assert get_annotation(env.ids["kyiv"]).tags == ("Actors/Russia",)
    assert env.index("Actors/Russia", ANNOTATIONS).data() == "4"
    assert env.panel.message_text() == "Merged Actors/Ukraine into Actors/Russia."
    env.check_undo_redo(before, db_state())


def test_merge_refusal_and_cancel(env: Env) -> None:
    env.panel.select_path("Actors/Russia")
    env.answers.append(None)
    assert not env.panel.merge_selected()
    assert not env.panel.merge("Actors", "Actors/Russia")
    assert "own subtag" in env.panel.message_text()
    assert env.session.undo_stack.count() == 0


# --- delete -----------------------------------------------------------------------------------
def test_delete_key_asks_with_the_counts_first(env: Env, qtbot, monkeypatch) -> None:
    before = db_state()
    asked = confirm(monkeypatch, QMessageBox.StandardButton.No)
    tree = env.panel.tree
    tree.setFocus()
    env.panel.select_path("Actors/Russia")
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert len(asked) == 1
    assert "“Actors/Russia” and its 1 subtag?" in asked[0]
    assert "3 annotations in 2 articles will lose it" in asked[0]
    assert "1 article tagged with it as a whole" in asked[0]
    assert db_state() == before

    asked = confirm(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert len(asked) == 1
    assert not any(p.startswith("Actors/Russia") for p in paths())
    assert get_annotation(env.ids["moscow2"]).tags == ("Frames/War",)  # the annotation stays
    assert not env.model.index_of("Actors/Russia").isValid()
    env.check_undo_redo(before, db_state())


def test_delete_a_group_deletes_its_subtags(env: Env, monkeypatch) -> None:
    asked = confirm(monkeypatch, QMessageBox.StandardButton.Yes)
    assert env.panel.delete("Frames")
    assert "“Frames” and its 1 subtag?" in asked[0]
    assert not any(p.startswith("Frames") for p in paths())
    env.session.undo_stack.undo()
    assert "Frames/War" in paths() and tag_row("Frames/War").id is not None
    assert "Frames" in paths() and next(n for n in codebook() if n.path == "Frames").id is None


# --- the side form ----------------------------------------------------------------------------
def test_description_saves_after_typing_as_one_undo_step(env: Env, qtbot) -> None:
    env.panel.select_path("Frames/War")
    editor = env.panel.form.description
    assert editor.toPlainText() == ""
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClicks(editor, "Armed conflict")
    qtbot.waitUntil(lambda: tag_row("Frames/War").description == "Armed conflict")
    qtbot.keyClicks(editor, " framing.")
    env.panel.tree.setFocus()  # leaving the box saves at once
    assert tag_row("Frames/War").description == "Armed conflict framing."
    assert editor.toPlainText() == "Armed conflict framing."
    assert env.session.undo_stack.count() == 1
    assert "Armed conflict framing." in env.index("Frames/War").data(Qt.ItemDataRole.ToolTipRole)
    env.session.undo_stack.undo()
    assert tag_row("Frames/War").description == ""
    assert editor.toPlainText() == ""


def test_closing_the_panel_keeps_a_description_being_typed(env: Env, qtbot) -> None:
    env.panel.select_path("Actors/Ukraine")
    editor = env.panel.form.description
    editor.setFocus()
    qtbot.keyClicks(editor, "Ukrainian state actors")
    assert tag_row("Actors/Ukraine").description == ""  # still waiting for a pause
    env.panel.close()
    assert tag_row("Actors/Ukraine").description == "Ukrainian state actors"


def test_colour_swatch_and_a_group_becoming_a_tag(env: Env, qtbot) -> None:
    before = db_state()
    env.panel.select_path("Actors")  # a group: no row yet
    swatch = env.panel.form.findChild(ColorSwatch, "swatch_purple")
    qtbot.mouseClick(swatch, Qt.MouseButton.LeftButton)
    assert tag_row("Actors").color == "purple"
    assert env.panel.current_node().id is not None and swatch.isChecked()
    env.check_undo_redo(before, db_state())
    env.session.undo_stack.undo()
    assert env.panel.current_node().id is None  # a group again


# --- new tag, files ---------------------------------------------------------------------------
def test_new_tag_under_the_current_one(env: Env, qtbot) -> None:
    env.panel.select_path("Frames")
    env.answers.append("Frames/Blame")
    qtbot.mouseClick(env.panel.buttons["new"], Qt.MouseButton.LeftButton)
    assert env.asked[-1] == ("New tag", "Frames/")
    assert "Frames/Blame" in paths() and env.panel.current_node().path == "Frames/Blame"
    env.answers.append("frames/blame")
    assert not env.panel.new_tag()
    assert "already a tag" in env.panel.message_text()
    env.session.undo_stack.undo()
    assert "Frames/Blame" not in paths()


@pytest.mark.parametrize("suffix", [".csv", ".qdc"])
def test_export_then_import_and_undo_the_import(env: Env, tmp_path: Path, suffix: str) -> None:
    Tag.update(description="Russian state actors").where(Tag.path == "Actors/Russia").execute()
    out = tmp_path / f"codebook{suffix}"
    assert env.panel.export_to(out) == (4 if suffix == ".csv" else 6)  # qdc: groups too
    edited = tmp_path / f"edited{suffix}"
    text = out.read_text(encoding="utf-8").replace("Russian state actors", "Russian officials")
    edited.write_text(text.replace("Frames", "Cadres"), encoding="utf-8")
    before = db_state()
    report = env.panel.import_from(edited)
    assert report is not None and report.updated == ["Actors/Russia"]
    assert "Cadres/War" in paths() and "Codebook imported" in env.panel.message_text()
    assert tag_row("Actors/Russia").description == "Russian officials"
    env.check_undo_redo(before, db_state())


def test_import_of_a_bad_file_says_why(env: Env, tmp_path: Path) -> None:
    bad = tmp_path / "bad.qdc"
    bad.write_text("<nope", encoding="utf-8")
    assert env.panel.import_from(bad) is None
    assert "not a REFI-QDA codebook" in env.panel.message_text()
    assert env.session.undo_stack.count() == 0


def test_as_a_dialog(env: Env, qtbot) -> None:
    dialog = codebook_dialog(env.session)
    qtbot.addWidget(dialog)
    panel = dialog.findChild(CodebookPanel, "codebook")
    assert panel is not None and panel.model.rowCount() == 0  # nothing built while hidden
    dialog.show()
    assert panel.model.rowCount() == 2
    assert isinstance(panel.model.nodes()[0], TagNode)
