"""Repainting only what an edit touched leaves the reading document exactly as a full repaint.

A random run of creates, colour changes, deletes, undos and redos through the Session (so the
pane hears the ids) over overlapping ranges; after each step every character's format is
compared with a fresh pane that painted the same annotations from scratch.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtGui import QTextCharFormat, QTextDocument, QTextFormat

from importers.draft import ArticleDraft, Mark, make_block
from models.annotating import list_annotations
from models.annotation_edits import update_annotation
from models.colors import NAMED_COLORS
from models.storing import store_drafts
from ui.reading import highlights
from ui.reading import pane as pane_module
from ui.reading.pane import ReadingPane
from ui.session.session import Session

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

# Astral characters (two UTF-16 units each) before and inside the ranges, a link in the
# middle paragraph, and ranges free to cross the paragraph breaks.
PARAGRAPHS = (
    ("Intro 😀 with 👍🏽 and 🇺🇦 flags, 𝔣𝔯𝔞𝔨𝔱𝔲𝔯 and q\u0301 before any mark.", []),
    ("Read the report here 😀, or the other one about Kyiv.", [("link", 9, 15)]),
    ("Last 🇺🇦 paragraph: the talks in Geneva went on 👍🏽 for hours.", []),
)
_BACKGROUND = QTextFormat.Property.BackgroundBrush
_UNDERLINE_COLOR = QTextFormat.Property.TextUnderlineColor


@pytest.fixture
def article(library) -> int:
    blocks = []
    for text, links in PARAGRAPHS:
        marks = [Mark(kind, a, b, "https://example.org/report") for kind, a, b in links]
        blocks.append(make_block("paragraph", text, marks))
    draft = ArticleDraft(blocks=blocks, title="Title 😀", raw=b"raw")
    return store_drafts([draft], "test", "incremental.txt")[0].article_id


@pytest.fixture
def make_pane(qtbot) -> Iterator[Callable[[Session], ReadingPane]]:
    panes: list[ReadingPane] = []

    def make(session: Session) -> ReadingPane:
        pane = ReadingPane(session)
        panes.append(pane)
        qtbot.addWidget(pane)
        pane.resize(700, 500)
        return pane

    yield make
    for pane in panes:
        pane.close()


def formats(doc: QTextDocument) -> list[tuple[int, QTextCharFormat]]:
    """Each character's format, block by block (separators, never painted, left out)."""
    found = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            start = fragment.position()
            found += [(p, fmt) for p in range(start, start + fragment.length())]
            it += 1
        block = block.next()
    return found


def described(fmt: QTextCharFormat) -> dict[str, object]:
    """What a failure shows: the painted properties."""
    has = fmt.hasProperty
    return {
        "background": fmt.background().color().name() if has(_BACKGROUND) else None,
        "underline": fmt.underlineStyle(),
        "underline colour": fmt.underlineColor().name() if has(_UNDERLINE_COLOR) else None,
        "anchor": fmt.anchorHref(),
    }


def assert_same_as_full_repaint(pane: ReadingPane, make_pane, article: int, step: str) -> None:
    fresh = Session()
    reference = make_pane(fresh)
    fresh.open_article(article)  # a fresh document, painted in full from the library
    ours, theirs = formats(pane.document()), formats(reference.document())
    assert [p for p, _ in ours] == [p for p, _ in theirs]
    for (position, mine), (_, full) in zip(ours, theirs, strict=True):
        # properties(), not ==: a format's == also compares the order its properties were set
        got, want = mine.properties(), full.properties()
        keys = got.keys() | want.keys()
        differ = {int(k): (got.get(k), want.get(k)) for k in keys if got.get(k) != want.get(k)}
        assert not differ, (step, position, differ, described(full))
    by_id = {a.id: a for a in list_annotations(article)}
    assert {a.id: a for a in pane.annotations()} == by_id  # the cache is up to date
    for position, _fmt in ours:  # what hover and click find there
        assert pane.ids_at(position) == covering(pane, position), (step, position)
        assert reference.ids_at(position) == covering(pane, position), (step, position)


def covering(pane: ReadingPane, position: int) -> tuple[int, ...]:
    """Brute force: the annotations whose document range holds the position, shortest (then
    newest) first."""
    dmap, found = pane.document_map(), []
    for record in pane.annotations():
        start, end = dmap.range_to_document(record.start, record.end)
        if start <= position < end:
            found.append((end - start, -record.id, record.id))
    return tuple(annotation_id for *_order, annotation_id in sorted(found))


@pytest.mark.parametrize("seed", range(5))
def test_incremental_repaints_equal_a_full_repaint(
    seed: int, article: int, make_pane, monkeypatch
) -> None:
    session = Session()
    pane = make_pane(session)
    pane.show()
    session.open_article(article)
    text = pane.document_map().text
    full_paints: list[int] = []  # of this pane's document (the references paint in full)
    real_paint = highlights.paint_highlights

    def paint(doc, *args):  # type: ignore[no-untyped-def]
        if doc is pane.document():
            full_paints.append(1)
        return real_paint(doc, *args)

    monkeypatch.setattr(pane_module, "paint_highlights", paint)
    rng = random.Random(seed)
    stack = session.undo_stack
    link = text.index("report")
    for number in range(45):
        ids = [a.id for a in pane.annotations()]
        roll = rng.random()
        if roll < 0.4 or not ids:
            if rng.random() < 0.3:  # touching or overlapping the link
                start = rng.randrange(link - 6, link + 6)
            else:
                start = rng.randrange(len(text) - 1)
            end = min(len(text), start + rng.randrange(1, 40))
            session.create_annotation(article, start, end, color=rng.choice(list(NAMED_COLORS)))
            step = f"create {start}-{end}"
        elif roll < 0.6:
            target = rng.choice(ids)
            session.edit_annotation(target, color=rng.choice(list(NAMED_COLORS)))
            step = f"colour {target}"
        elif roll < 0.75:
            target = rng.choice(ids)
            session.delete_annotation(target)
            step = f"delete {target}"
        elif roll < 0.9 and stack.canUndo():
            stack.undo()
            step = "undo"
        elif stack.canRedo():
            stack.redo()
            step = "redo"
        else:
            continue
        assert_same_as_full_repaint(pane, make_pane, article, f"step {number}: {step}")
    assert full_paints == []  # every step took the incremental path


def test_overlaps_and_link_underline_after_incremental_edits(article: int, make_pane) -> None:
    session = Session()
    pane = make_pane(session)
    session.open_article(article)
    text, dmap = pane.document_map().text, pane.document_map()
    link = text.index("report")
    first = session.create_annotation(article, link - 4, link + 3, color="green")
    second = session.create_annotation(article, link + 1, link + 12, color="pink")
    doc = pane.document()
    inside = dict(formats(doc))[dmap.to_document(link + 2)]
    assert pane.ids_at(dmap.to_document(link + 2)) == (first, second)
    assert inside.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
    session.delete_annotation(first)
    session.delete_annotation(second)
    link_format = dict(formats(doc))[dmap.to_document(link + 2)]
    assert link_format.isAnchor() and link_format.fontUnderline()
    assert not link_format.hasProperty(_BACKGROUND)
    assert_same_as_full_repaint(pane, make_pane, article, "after deleting both")


def test_note_and_tag_edits_repaint_nothing(article: int, make_pane) -> None:
    session = Session()
    pane = make_pane(session)
    session.open_article(article)
    target = session.create_annotation(article, 3, 30)
    changes: list[tuple[int, int, int]] = []
    pane.document().contentsChange.connect(lambda *change: changes.append(change))
    session.edit_annotation(target, note="Why here?")
    session.edit_annotation(target, tags=["Frames/Conflict"])
    session.undo_stack.undo()
    assert changes == []
    assert session.store.get(target).note == "Why here?"  # tooltips read the store
    assert session.store.get(target).tags == ()
    session.edit_annotation(target, color="blue")
    assert changes  # a colour does repaint


def test_an_edit_keeps_the_scroll_position(qtbot, add_article, make_pane) -> None:
    article = add_article(*[f"Paragraph {i} 😀 " + "words " * 60 for i in range(60)])
    session = Session()
    pane = make_pane(session)
    pane.show()
    qtbot.waitExposed(pane)
    session.open_article(article)
    bar = pane.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    value = bar.value()
    start = pane.document_map().text.index("Paragraph 45")
    target = session.create_annotation(article, start, start + 200)
    session.edit_annotation(target, color="red")
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert bar.value() == value


def test_a_change_without_ids_repaints_only_what_differs(article: int, make_pane) -> None:
    # A codebook edit reloads the open article (which changed is unknown): tags alone paint nothing,
    # a colour changed behind the pane's back is repainted in place, as a full repaint would.
    session = Session()
    pane = make_pane(session)
    session.open_article(article)
    first = session.create_annotation(article, 3, 30, color="green")
    second = session.create_annotation(article, 20, 50, color="pink")
    changes: list[tuple[int, int, int]] = []
    pane.document().contentsChange.connect(lambda *change: changes.append(change))
    update_annotation(first, tags=["Frames/Conflict"])
    session.reload_annotations()
    assert changes == [] and session.store.get(first).tags == ("Frames/Conflict",)
    update_annotation(second, color="blue")
    session.reload_annotations()
    assert changes
    assert_same_as_full_repaint(pane, make_pane, article, "colour changed without ids")
