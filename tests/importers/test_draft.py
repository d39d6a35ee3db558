"""Whitespace collapsing must carry mark offsets exactly; checked against a plain reference."""

import unicodedata

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from importers.draft import (
    Block,
    Mark,
    _merge_adjacent,
    collapse_whitespace,
    collapsed_offsets,
    make_block,
    nfc_offsets,
)


def reference_map(text: str) -> list[int]:
    """Character by character: where each raw offset lands after collapsing."""
    out: list[str] = []
    positions: list[int] = []
    pending = False
    for ch in text:
        if ch.isspace():
            positions.append(len(out))
            pending = pending or bool(out)
            continue
        if pending:
            out.append(" ")
            pending = False
        positions.append(len(out))
        out.append(ch)
    positions.append(len(out))
    return [min(p, len(out)) for p in positions]


@given(st.text(alphabet="ab é\n\t\u00a0", max_size=40))
def test_collapse_map_matches_the_reference(text: str) -> None:
    limit = len(collapse_whitespace(text))
    mapping = collapsed_offsets(text, range(len(text) + 1))
    assert [min(mapping[o], limit) for o in range(len(text) + 1)] == reference_map(text)


@given(st.text(alphabet="ab \ne\u0301", max_size=30), st.data())
def test_marks_cover_the_same_characters(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    # A mark ending inside "e + U+0301" grows to the composed "é": test whole characters.
    assume(not any(0 < i < len(text) and unicodedata.combining(text[i]) for i in (start, end)))
    block = make_block("paragraph", text, [Mark("bold", start, end)])
    marked = collapse_whitespace(text[start:end])
    if block is None or not marked:
        return
    [mark] = block.marks or [None]
    assert mark is not None
    assert block.text[mark.start : mark.end] == unicodedata.normalize("NFC", marked)


# Decomposed Latin, Hangul jamo (starters that compose with the starter before), Tibetan
# U+0F73 (class 0 but decomposes into marks), an Oriya two-starter vowel, precomposed é.
NFC_TRICKY = ["a", " ", "e", "\u0301", "\u0323", "\u1100", "\u1161", "\u11a8", "\u0f40", "\u0f73",
              "\u0f71", "\u0b47", "\u0b3e", "é", "\u0308"]  # fmt: skip


@settings(deadline=None)  # the first example builds the Unicode composition table
@given(st.lists(st.sampled_from(NFC_TRICKY), max_size=30).map("".join))
def test_nfc_offsets_match_normalising_each_prefix(text: str) -> None:
    got = nfc_offsets(text, range(len(text) + 1))
    assert got == {o: len(unicodedata.normalize("NFC", text[:o])) for o in range(len(text) + 1)}


def slow_make_block(text: str, marks: list[Mark]) -> Block | None:
    """The old per-mark reference: one NFC of the prefix for every mark offset."""
    collapsed = collapse_whitespace(text)
    normal = unicodedata.normalize("NFC", collapsed)
    moved = collapsed_offsets(text, (o for m in marks for o in (m.start, m.end)))

    def position(offset: int) -> int:
        prefix = collapsed[: min(moved[offset], len(collapsed))]
        return min(len(unicodedata.normalize("NFC", prefix)), len(normal))

    kept = []
    for mark in marks:
        start, end = position(mark.start), position(mark.end)
        while start < end and normal[start] == " ":
            start += 1
        while end > start and normal[end - 1] == " ":
            end -= 1
        if start < end:
            kept.append(Mark(mark.kind, start, end, mark.href))
    return Block("paragraph", normal, tuple(_merge_adjacent(kept)))


def many_marks() -> tuple[str, list[Mark]]:
    """Decomposed text with 300 marks (its speed is a benchmark: tests/perf/bench_limits.py)."""
    text = "Cafe\u0301 que\u0301be\u0301cois, \u1100\u1161\u11a8 d\u0323\u0307 " * 4000
    step = len(text) // 300
    return text, [Mark("bold" if i % 2 else "italic", i * step, i * step + 7) for i in range(300)]


def test_decomposed_text_with_many_marks_matches_the_reference() -> None:
    text, marks = many_marks()
    assert make_block("paragraph", text, marks) == slow_make_block(text, marks)


# Soft hyphens, zero-width spaces, word joiners and a stray BOM, each inside a word.
INVISIBLE = ["Ab\u00adgeord\u00adneten\u00adhaus", "news\u200broom", "in\u2060line", "st\ufeffop"]


def test_invisible_characters_leave_the_text_and_marks_keep_their_words() -> None:
    text = " ".join(INVISIBLE) + " soft\u200dware"
    words = ["Abgeordnetenhaus", "newsroom", "inline", "stop", "software"]
    marks, start = [], 0
    for raw in text.split(" "):
        marks.append(Mark("bold", start, start + len(raw)))
        start += len(raw) + 1
    block = make_block("paragraph", text, marks)
    assert block is not None
    assert block.text == " ".join(words)
    assert [block.text[m.start : m.end] for m in block.marks] == words


@given(st.lists(st.sampled_from(["a", " ", "é", "\u00ad", "\u200b", "\u2060"]), max_size=30))
def test_marks_over_invisible_characters_match_the_text_without_them(parts: list[str]) -> None:
    text = "".join(parts)
    plain = "".join(c for c in text if c not in "\u00ad\u200b\u2060")
    marks = [Mark("bold", 0, len(text))] if text else []
    expected = make_block("paragraph", plain, [Mark("bold", 0, len(plain))] if text else [])
    assert make_block("paragraph", text, marks) == expected


def test_joiners_stay_where_a_script_or_an_emoji_needs_them() -> None:
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "I want": ZWNJ after the prefix
    scientist = "\U0001f469\u200d\U0001f52c"  # woman + ZWJ + microscope: one emoji
    devanagari = "\u0915\u094d\u200d\u0937"  # a half form asked for with ZWJ
    text = f"{persian} {scientist} {devanagari}"
    block = make_block("paragraph", text)
    assert block is not None and block.text == text
