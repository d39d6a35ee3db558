"""Canonical code points ↔ Qt document positions, checked against a real QTextDocument."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QFont, QTextCursor

from models.articles import ArticleDetail
from models.text import Paragraph, Span, plain_paragraphs
from ui.common.theme import get_theme
from ui.reading.document import build_document
from ui.reading.offsets import DocumentMap

GRIN = "😀"  # one code point, two UTF-16 units
THUMB = "👍🏽"  # two code points (thumb + skin tone), four units
FLAG = "🇺🇦"  # two regional indicators, four units
Q_ACUTE = "q\u0301"  # no precomposed form: stays two code points even after NFC


def article(paragraphs: Sequence[str], title: str = "Title", source: str = "") -> ArticleDetail:
    text = "\n\n".join(paragraphs)
    return ArticleDetail(
        1, title, source, "", None, "", "test", text, plain_paragraphs(text), "", "", None
    )


def make_map(paragraphs: Sequence[str], title: str = "T", meta: str = "") -> DocumentMap:
    text = "\n\n".join(paragraphs)
    return DocumentMap(title, meta, text, plain_paragraphs(text))


def selected(doc, a: int, b: int) -> str:
    cursor = QTextCursor(doc)
    cursor.setPosition(a)
    cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


def test_plain_text_maps_one_to_one_after_title_and_meta() -> None:
    dmap = make_map(["abc", "de"], title="Title", meta="Outlet")
    body = len("Title") + 1 + len("Outlet") + 1
    assert dmap.body_start == body
    assert [dmap.to_document(i) for i in range(3)] == [body, body + 1, body + 2]
    assert dmap.to_document(5) == body + 4  # "d": after "abc" and one block separator
    assert dmap.to_canonical(body + 4) == 5


def test_astral_characters_count_two_units_before_and_inside_a_selection() -> None:
    para = f"a{GRIN}b{THUMB}c{FLAG}d{Q_ACUTE}e"
    dmap = make_map([para], title=f"T{GRIN}")  # the title's emoji shifts the body by 2 units
    body = 3 + 1 + 0 + 1  # "T😀", separator, empty meta, separator
    assert dmap.body_start == body
    b = para.index("b")
    assert dmap.to_document(b) == body + 3  # "a" + 2 units of 😀
    c = para.index("c")
    assert dmap.to_document(c) == body + 3 + 1 + 4  # 👍🏽 is four units
    d = para.index("d")
    assert dmap.to_document(d) == body + 3 + 1 + 4 + 1 + 4
    e = para.index("e")
    assert dmap.to_document(e) == dmap.to_document(d) + 1 + 2  # q + U+0301 = two units
    # Inside the skin-tone sequence: between its two code points.
    assert dmap.to_document(para.index(THUMB) + 1) == body + 3 + 1 + 2
    assert dmap.range_to_canonical(dmap.to_document(b), dmap.to_document(e)) == (b, e)


def test_position_inside_a_surrogate_pair_rounds_down_or_up_for_an_end() -> None:
    dmap = make_map([f"x{GRIN}y"])
    middle = dmap.body_start + 2  # between the two halves of 😀
    assert dmap.to_canonical(middle) == 1
    assert dmap.to_canonical(middle, prefer_end=True) == 2


def test_title_and_meta_positions_clamp_to_zero() -> None:
    dmap = make_map(["body"], title="A title", meta="Outlet · Author")
    assert all(dmap.to_canonical(p) == 0 for p in range(dmap.body_start))
    assert dmap.range_to_canonical(0, 3) == (0, 0)
    assert dmap.range_to_canonical(2, dmap.body_start + 2) == (0, 2)


def test_a_gap_between_paragraphs_maps_to_the_end_of_the_paragraph_before() -> None:
    dmap = make_map(["one", "two"])
    end_of_one = dmap.body_start + 3
    assert dmap.to_document(3) == end_of_one
    assert dmap.to_document(4) == end_of_one  # the second "\n"
    assert dmap.to_document(5) == end_of_one + 1  # "t"


def test_selection_across_paragraphs_gives_a_range_holding_the_blank_line() -> None:
    paras = [f"first {GRIN} para", "second para", "third"]
    dmap = make_map(paras)
    text = "\n\n".join(paras)
    a = dmap.to_document(text.index("para"))
    b = dmap.to_document(text.index("para", text.index("second")))
    start, end = dmap.range_to_canonical(b, a)  # either order
    assert text[start:end] == "para\n\nsecond "


def test_range_ending_at_a_paragraph_start_stops_before_the_separator() -> None:
    dmap = make_map(["one", "two"])
    second = dmap.to_document(5)
    assert dmap.to_canonical(second) == 5
    assert dmap.to_canonical(second, prefer_end=True) == 3
    assert dmap.range_to_canonical(dmap.body_start, second) == (0, 3)


def test_empty_article_maps_everything_to_the_meta_line_end() -> None:
    dmap = DocumentMap("T", "", "", [])
    assert dmap.to_document(0) == dmap.end_position == 2
    assert dmap.to_canonical(5) == 0


def test_large_article_with_a_few_astral_paragraphs() -> None:
    paras = ["word " * 40 + str(i) for i in range(1500)]  # about 300,000 characters
    paras[700] = f"{GRIN} {paras[700]}"
    text = "\n\n".join(paras)
    dmap = make_map(paras)
    after = text.index("word", text.index(GRIN))
    assert dmap.to_document(after) - dmap.to_document(text.index(GRIN)) == 3
    last = len(text) - 1
    assert dmap.to_canonical(dmap.to_document(last)) == last
    gaps = len(paras) - 1  # each "\n\n" is one block separator
    assert dmap.to_document(last) == dmap.body_start + last - gaps + 1  # + 😀's second unit


def test_newlines_in_title_do_not_split_blocks(qapp) -> None:
    detail = article(["body"], title="two\nlines", source="out\u2029let")
    doc, dmap = build_document(detail, get_theme("light"), QFont())
    assert doc.blockCount() == 3
    assert selected(doc, *dmap.range_to_document(0, 4)) == "body"


TOKENS = ["a", "b", "Z", " ", "é", "e\u0301", Q_ACUTE, GRIN, THUMB, FLAG, "中", "\u00a0", "—"]
paragraph_text = st.lists(st.sampled_from(TOKENS), min_size=0, max_size=8).map("".join)


@st.composite
def article_and_range(draw):
    paras = draw(st.lists(paragraph_text, min_size=1, max_size=5))
    title = draw(paragraph_text)
    text = "\n\n".join(paras)
    inside = [i for p in plain_paragraphs(text) for i in range(p.start, p.end + 1)]
    a = draw(st.sampled_from(inside))
    b = draw(st.sampled_from(inside))
    return paras, title, min(a, b), max(a, b)


@settings(max_examples=150, deadline=None)
@given(article_and_range())
def test_round_trip_and_qt_text_match(qapp, case) -> None:
    paras, title, start, end = case
    detail = article(paras, title=title)
    doc, dmap = build_document(detail, get_theme("light"), QFont())
    text = detail.text
    for p in plain_paragraphs(text):
        for i in range(p.start, p.end + 1):
            assert dmap.to_canonical(dmap.to_document(i)) == i
    a, b = dmap.range_to_document(start, end)
    assert selected(doc, a, b) == text[start:end].replace("\n\n", "\u2029")
    assert dmap.to_canonical(a) == start


@pytest.mark.parametrize("kind", ["lead", "heading", "quote", "list-item", "paragraph"])
def test_block_kinds_keep_positions(qapp, kind: str) -> None:
    text = f"one {GRIN}\n\ntwo\n\nthree"
    paragraphs = [Paragraph(kind, p.start, p.end) for p in plain_paragraphs(text)]
    detail = ArticleDetail(1, "T", "", "", None, "", "t", text, paragraphs, "", "", None)
    doc, dmap = build_document(detail, get_theme("light"), QFont())
    assert doc.blockCount() == 5
    start = text.index(GRIN)
    assert selected(doc, *dmap.range_to_document(start, len(text))) == text[start:].replace(
        "\n\n", "\u2029"
    )


def test_leading_byte_order_mark_in_a_paragraph_or_run_keeps_positions(qapp) -> None:
    """PySide drops a leading U+FEFF from strings passed to Qt; display_text must replace it."""
    text = "\ufeffAlpha beta gamma.\n\nplain \ufeffbold tail"
    bold_start = text.index("\ufeffbold")
    paragraphs = plain_paragraphs(text)
    paragraphs[1] = Paragraph(
        "paragraph",
        paragraphs[1].start,
        paragraphs[1].end,
        (Span("bold", bold_start, bold_start + len("\ufeffbold")),),
    )
    detail = ArticleDetail(1, "T", "", "", None, "", "t", text, paragraphs, "", "", None)
    doc, dmap = build_document(detail, get_theme("light"), QFont())
    assert doc.characterCount() - 1 == dmap.end_position
    for word in ("gamma", "bold", "tail"):
        start = text.index(word)
        assert selected(doc, *dmap.range_to_document(start, start + len(word))) == word
