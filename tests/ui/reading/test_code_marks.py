"""Seeing codes in the text: note dots, tag tooltips under the mouse, the code margin."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QToolTip

from models.annotating import list_annotations
from models.colors import NAMED_COLORS
from models.tags import ensure_tag
from tests.ui.reading.pane_actions import point_of, select_found
from ui.reading.code_marks import LANE


def pixel(pane, point: QPoint) -> QColor:
    return pane.viewport().grab().toImage().pixelColor(point)


def test_a_highlight_with_a_note_shows_a_dot(qtbot, open_view, article_id) -> None:
    pane = open_view(article_id, note_editor=lambda parent, initial, anchor: "Why?").pane
    select_found(pane, "passage we")
    qtbot.keyClick(pane, Qt.Key.Key_H)  # no note: no dot
    assert pane.marks.note_dots() == []
    select_found(pane, "Kyiv")
    qtbot.keyClick(pane, Qt.Key.Key_N)
    noted = next(r for r in list_annotations(article_id) if r.note)
    assert noted.note == "Why?"
    [dot] = pane.marks.note_dots()
    end = pane.cursorRect(pane.document().find("Kyiv"))  # the caret after "Kyiv"
    assert abs(dot.center().x() - end.x()) <= 3 and dot.center().y() <= end.top() + 3
    pane.repaint()
    assert pixel(pane, dot.center()) == QColor(pane.theme().link)


def test_the_tags_of_the_highlight_under_the_mouse_show_in_a_tooltip(
    qtbot, open_view, article_id
) -> None:
    picker = lambda parent, initial, anchor: ["Actors/Ukraine", "Frames/Refusal"]  # noqa: E731
    pane = open_view(article_id, tag_picker=picker).pane
    found = select_found(pane, "Kyiv")
    qtbot.keyClick(pane, Qt.Key.Key_T)
    assert list_annotations(article_id)[0].tags == ("Actors/Ukraine", "Frames/Refusal")
    point = point_of(pane, found.selectionStart() + 1)
    qtbot.mouseMove(pane.viewport(), point)
    qtbot.waitUntil(QToolTip.isVisible, timeout=3000)
    assert "Actors/Ukraine, Frames/Refusal" in QToolTip.text()
    qtbot.mouseMove(pane.viewport(), point_of(pane, pane.document_map().to_document(0)))
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=3000)


def test_the_code_margin_shows_a_stripe_per_tag_in_lanes(qtbot, open_view, article_id) -> None:
    ensure_tag("Actors", color="blue")
    ensure_tag("Frames", color="red")
    chosen: list[list[str]] = [["Actors", "Frames"], ["Actors"]]
    pane = open_view(article_id, tag_picker=lambda parent, initial, anchor: chosen.pop(0)).pane
    select_found(pane, "passage we want")
    qtbot.keyClick(pane, Qt.Key.Key_T)
    select_found(pane, "Another")
    qtbot.keyClick(pane, Qt.Key.Key_T)
    assert sorted(r.tags for r in list_annotations(article_id)) == [
        ("Actors",),
        ("Actors", "Frames"),
    ]
    assert pane.marks.stripes() == []  # off until asked for
    pane.marks.set_margin(True)
    pane.repaint()
    stripes = pane.marks.stripes()
    assert [s.tag for s in stripes] == ["Actors", "Frames", "Actors"]
    first, second, third = (s.rect for s in stripes)
    assert first.x() != second.x()  # the same passage's two codes side by side
    assert third.x() == first.x()  # a later passage reuses the free lane
    text_left = pane.document().rootFrame().frameFormat().leftMargin()
    assert all(s.rect.right() < text_left for s in stripes)  # in the margin, not on the text
    assert pixel(pane, second.center()) == QColor(NAMED_COLORS["red"])
    assert pixel(pane, first.center()) == QColor(NAMED_COLORS["blue"])
    assert first.width() == LANE
    assert pane.tooltip_at(second.center()) == "Frames"
    pane.marks.set_margin(False)
    assert pane.marks.stripes() == []


def test_the_marks_measure_only_the_paragraphs_on_screen_scrolled_far_down(
    qtbot, open_view, add_article
) -> None:
    """The span on screen is found by bisection over laid-out paragraphs: scrolled to the
    middle of a long article it covers every character shown and stops within a paragraph
    of each edge (a note far above or below gets no dot measured)."""
    from ui.reading.code_marks import visible_span

    paragraphs = [f"Paragraph {n} 😀 says something about the news of day {n}." for n in range(400)]
    article = add_article(*paragraphs)
    pane = open_view(article).pane
    bar = pane.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    doc = pane.document()
    doc.documentLayout().blockBoundingRect(doc.lastBlock())  # laid out to the end
    bar.setValue(bar.maximum() // 2)
    viewport = pane.viewport().rect()
    dmap = pane.document_map()
    shown_first = dmap.to_canonical(pane.cursorForPosition(viewport.topLeft()).position())
    shown_last = dmap.to_canonical(pane.cursorForPosition(viewport.bottomRight()).position())
    start, end, top = visible_span(pane, dmap)
    assert visible_span(pane, dmap, hint=top)[:2] == (start, end)
    assert visible_span(pane, dmap, hint=pane.document().blockCount() - 1)[:2] == (start, end)
    text = "\n\n".join(paragraphs)
    # every character shown is inside (past its end, at most the gap to a paragraph below)
    assert start <= shown_first < shown_last and text[end:shown_last].strip() == ""
    assert text[:start].count("\n\n") >= text[:shown_first].count("\n\n") - 1
    assert text[:end].count("\n\n") <= text[:shown_last].count("\n\n") + 1
    assert 0 < start and end < len(text)  # not the whole article


def test_the_top_paragraph_is_found_from_any_hint() -> None:
    """Galloping out from the last paint's paragraph, then bisecting, finds what a plain
    search over the tops finds, from every starting point, and probes few paragraphs."""
    import bisect
    import functools
    import random

    from ui.reading.code_marks import _last_block_above

    rng = random.Random(5)
    for count in (1, 2, 3, 50, 1000):
        tops = sorted(rng.uniform(0, 50_000) for _ in range(count))
        tops[0] = 0.0
        for _ in range(40):
            y, hint = rng.uniform(-10, 51_000), rng.randrange(-2, count + 2)
            probed: list[int] = []
            top_of = functools.partial(_probe, tops, probed)
            expected = max(bisect.bisect_right(tops, y) - 1, 0)
            assert _last_block_above(top_of, count, y, hint) == expected
            assert len(probed) <= 4 * max(count, 2).bit_length() + 2


def _probe(tops: list[float], probed: list[int], number: int) -> float:
    probed.append(number)
    return tops[number]
