"""Selecting from the keyboard and snapping selections, driven by key and mouse events."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from models.annotating import list_annotations
from tests.ui.reading.pane_actions import only, point_of, select, text_of

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def put_caret(pane, offset: int) -> None:
    select(pane, offset, offset)


def test_shift_arrows_select_by_character_and_word_then_h(qtbot, pane, article_id) -> None:
    text = text_of(pane)
    start = text.index("Kyiv")
    put_caret(pane, start)
    for _ in range(4):
        qtbot.keyClick(pane, Qt.Key.Key_Right, SHIFT)
    assert pane.textCursor().selectedText() == "Kyiv"
    assert pane.toolbar.isVisible()
    put_caret(pane, start)
    qtbot.keyClick(pane, Qt.Key.Key_Right, SHIFT | CTRL)  # by word: to the next word's start
    qtbot.keyClick(pane, Qt.Key.Key_Right, SHIFT | CTRL)
    assert pane.textCursor().selectedText() == "Kyiv said "
    qtbot.keyClick(pane, Qt.Key.Key_H)  # the space after is not highlighted
    assert only(article_id).quote == "Kyiv said"


def test_shift_end_and_shift_home_select_to_the_line_ends(qtbot, pane, article_id) -> None:
    text = text_of(pane)
    start = text.index("Kyiv")
    put_caret(pane, start)
    qtbot.keyClick(pane, Qt.Key.Key_End, SHIFT)
    qtbot.keyClick(pane, Qt.Key.Key_2)
    assert only(article_id).quote == "Kyiv said no."
    put_caret(pane, start)
    qtbot.keyClick(pane, Qt.Key.Key_Home, SHIFT)
    qtbot.keyClick(pane, Qt.Key.Key_3)
    quotes = sorted(r.quote for r in list_annotations(article_id))
    assert quotes == ["Kyiv said no.", "The passage we want to mark:"]


def test_shift_arrows_never_split_an_emoji_or_an_accent(qtbot, pane, article_id) -> None:
    text = text_of(pane)
    for cluster in ("👍🏽", "🇺🇦", "q\u0301"):
        put_caret(pane, text.index(cluster))
        qtbot.keyClick(pane, Qt.Key.Key_Right, SHIFT)
        qtbot.keyClick(pane, Qt.Key.Key_H)
    records = sorted(list_annotations(article_id), key=lambda r: r.start)
    assert [r.quote for r in records] == ["👍🏽", "🇺🇦", "q\u0301"]
    assert [r.end - r.start for r in records] == [2, 2, 2]  # code points, not UTF-16 units


def test_a_selection_set_inside_a_cluster_takes_all_of_it(qtbot, pane, article_id) -> None:
    text = text_of(pane)
    thumb = text.index("👍🏽")
    select(pane, thumb + 1, thumb + 2)  # only the skin tone
    qtbot.keyClick(pane, Qt.Key.Key_H)
    assert only(article_id).quote == "👍🏽"


def test_caret_mode_f7_lets_plain_arrows_move_a_caret(qtbot, pane, article_id) -> None:
    text = text_of(pane)
    put_caret(pane, text.index("Kyiv"))
    qtbot.keyClick(pane, Qt.Key.Key_Right)  # caret mode off: arrows scroll, the caret stays
    assert pane.textCursor().position() == pane.document_map().to_document(text.index("Kyiv"))
    qtbot.keyClick(pane, Qt.Key.Key_F7)
    assert pane.caret_mode()
    assert pane.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard
    put_caret(pane, text.index("Kyiv"))
    for _ in range(5):
        qtbot.keyClick(pane, Qt.Key.Key_Right)
    qtbot.keyClick(pane, Qt.Key.Key_Right, SHIFT | CTRL)
    qtbot.keyClick(pane, Qt.Key.Key_H)
    assert only(article_id).quote == "said"
    qtbot.keyClick(pane, Qt.Key.Key_F7)
    assert not pane.caret_mode()


def test_s_and_p_select_the_sentence_and_paragraph_around_the_caret(
    qtbot, open_view, add_article, session
) -> None:
    first = "Mayor Ann spoke first. Then the council voted! Was it close? It was."
    article = add_article(first, "A second paragraph.")
    pane = open_view(article).pane
    put_caret(pane, first.index("council"))
    qtbot.keyClick(pane, Qt.Key.Key_S)
    assert pane.textCursor().selectedText() == "Then the council voted!"
    qtbot.keyClick(pane, Qt.Key.Key_H)
    put_caret(pane, first.index("close"))
    qtbot.keyClick(pane, Qt.Key.Key_P)
    qtbot.keyClick(pane, Qt.Key.Key_5)
    quotes = {r.color: r.quote for r in list_annotations(article)}
    assert quotes == {"yellow": "Then the council voted!", "purple": first}


def test_s_extends_a_selection_to_whole_sentences(qtbot, open_view, add_article) -> None:
    text = "One two. Three four five. Six."
    pane = open_view(add_article(text)).pane
    select(pane, text.index("two"), text.index("four"))
    qtbot.keyClick(pane, Qt.Key.Key_S)
    assert pane.textCursor().selectedText() == "One two. Three four five."


def drag(qtbot, pane, start: int, end: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Press on the character at canonical `start`, move and release at `end`."""
    dmap, viewport = pane.document_map(), pane.viewport()
    a, b = point_of(pane, dmap.to_document(start)), point_of(pane, dmap.to_document(end))
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, modifiers, a - QPoint(2, 0))
    qtbot.mouseMove(viewport, (a + b) / 2)
    qtbot.mouseMove(viewport, b - QPoint(2, 0))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifiers, b - QPoint(2, 0))


def test_a_sloppy_drag_takes_whole_words_alt_keeps_exact_characters(
    qtbot, pane, article_id
) -> None:
    text = text_of(pane)
    start = text.index("passage") + 3  # mid-word
    end = text.index("want") + 2  # mid-word
    drag(qtbot, pane, start, end)
    assert pane.textCursor().selectedText() == "passage we want"
    qtbot.keyClick(pane, Qt.Key.Key_H)
    drag(qtbot, pane, start, end, ALT)
    assert pane.textCursor().selectedText() == text[start:end]
    qtbot.keyClick(pane, Qt.Key.Key_2)
    quotes = {r.color: r.quote for r in list_annotations(article_id)}
    assert quotes == {"yellow": "passage we want", "green": "sage we wa"}


def test_a_backwards_drag_keeps_its_direction_after_snapping(qtbot, pane, article_id) -> None:
    text = text_of(pane)
    drag(qtbot, pane, text.index("want") + 2, text.index("passage") + 3)
    cursor = pane.textCursor()
    assert cursor.selectedText() == "passage we want"
    assert cursor.position() < cursor.anchor()
