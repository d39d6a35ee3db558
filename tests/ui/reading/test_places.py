"""Reading places: an article reopens on the character that was at the top when it was left,
whatever the pane does while it settles."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ui.reading.places import ReadingPlaces, top_place
from ui.reading.view import ReadingView
from ui.session.session import Session

PARAGRAPHS = [f"Paragraph {n} says something worth reading twice." for n in range(600)]


@pytest.fixture
def reader(qtbot, add_article, session: Session):  # type: ignore[no-untyped-def]
    """(places, view, long article, short article), the view 800 × 600 and shown."""
    places = ReadingPlaces(session)  # before the view: it reads the place being left
    view = ReadingView(session)
    places.attach(view.pane)
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    long_one = add_article(*PARAGRAPHS, title="Long")
    short = add_article("Short.", title="Short")
    return places, view, long_one, short


def leave_at_a_place(qtbot, session: Session, reader, pages: int) -> int:  # type: ignore[no-untyped-def]
    places, view, long_one, short = reader
    session.open_article(long_one)
    view.pane.setFocus()
    for _ in range(pages):
        qtbot.keyClick(view.pane, Qt.Key.Key_PageDown)
    session.open_article(short)
    place = places.place(long_one)
    assert place is not None
    return place


def test_the_place_is_read_where_the_text_is_even_while_it_is_being_laid_out(
    qtbot, session: Session, reader
) -> None:
    # One page down right after opening: the rest of the text is not laid out yet.
    place = leave_at_a_place(qtbot, session, reader, 1)
    paragraph = PARAGRAPHS[0]
    assert 0 < place < 20 * len(paragraph), place  # a page in, not the end of the text


def test_an_article_reopens_on_the_same_character_at_another_pane_height(
    qtbot, session: Session, reader
) -> None:
    places, view, long_one, _short = reader
    place = leave_at_a_place(qtbot, session, reader, 4)
    assert place > 200
    view.resize(800, 380)  # a shorter pane, as when the chrome above it changes
    session.open_article(long_one)
    qtbot.waitUntil(lambda: top_place(view.pane) == place, timeout=2000)
    assert view.pane.top_offset() == place
    assert view.pane.document_map().text[place:].startswith("Paragraph ")

    # The pane keeps settling after the place was restored: taller, then narrower (the text
    # rewraps, every line moves). The same character stays at the top.
    for width, height in ((800, 700), (420, 700)):
        view.resize(width, height)
        qtbot.waitUntil(lambda: top_place(view.pane) == place, timeout=2000)
    assert places.anchored()


def test_the_place_lets_go_once_the_reader_scrolls(qtbot, session: Session, reader) -> None:
    places, view, long_one, _short = reader
    place = leave_at_a_place(qtbot, session, reader, 4)
    session.open_article(long_one)
    qtbot.waitUntil(places.anchored, timeout=2000)
    view.pane.setFocus()
    qtbot.keyClick(view.pane, Qt.Key.Key_PageDown)
    assert not places.anchored()
    moved = top_place(view.pane)
    assert moved is not None and moved > place
    view.resize(800, 450)  # a resize no longer brings the old place back
    qtbot.wait(50)
    assert top_place(view.pane) == moved
    session.open_article(_short)
    assert places.place(long_one) == moved
