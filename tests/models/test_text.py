import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from importers.draft import Mark, make_block
from models.text import (
    build_canonical,
    count_words,
    dump_structure,
    load_structure,
    plain_paragraphs,
)


def test_canonical_text_joins_blocks_with_one_blank_line() -> None:
    blocks = [make_block("lead", " Lead  text "), make_block("paragraph", "Second\n line")]
    text, paragraphs = build_canonical([b for b in blocks if b])
    assert text == "Lead text\n\nSecond line"
    assert [(p.kind, text[p.start : p.end]) for p in paragraphs] == [
        ("lead", "Lead text"),
        ("paragraph", "Second line"),
    ]


def test_marks_move_to_canonical_offsets() -> None:
    first = make_block("paragraph", "Hello world")
    second = make_block("paragraph", "A  bold   claim", [Mark("bold", 3, 7)])
    assert first and second
    text, paragraphs = build_canonical([first, second])
    [span] = paragraphs[1].spans
    assert text[span.start : span.end] == "bold"


def test_nfc_and_whitespace_keep_marks_on_the_same_characters() -> None:
    raw = "Caf\u0065\u0301 \U0001f600  and\tJos\u0065\u0301"
    block = make_block("paragraph", raw, [Mark("italic", raw.index("and"), raw.index("and") + 3)])
    assert block is not None
    assert block.text == "Café 😀 and José"
    [mark] = block.marks
    assert block.text[mark.start : mark.end] == "and"


def test_structure_round_trips_through_json() -> None:
    block = make_block("quote", "See here", [Mark("link", 4, 8, "https://example.org")])
    assert block
    text, paragraphs = build_canonical([block])
    assert load_structure(text, dump_structure(paragraphs)) == paragraphs


@pytest.mark.parametrize("broken", ["", "{", "[{}]", "null"])
def test_broken_structure_falls_back_to_plain_paragraphs(broken: str) -> None:
    text = "One\n\nTwo"
    assert load_structure(text, broken) == plain_paragraphs(text)


@pytest.mark.parametrize(
    ("text", "words"),
    [("", 0), ("one", 1), ("It's a well-known fact.", 4), ("Zoë met José", 3), ("— 😀 —", 0)],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


_TOKEN = st.text(st.sampled_from(list("ab_9é’'-—.,😀٣\u0301")), max_size=4) | st.text(max_size=4)
# Short tokens between whitespace of several kinds, as words sit in text.
WORDISH = st.lists(st.tuples(_TOKEN, st.sampled_from([" ", "\n", "\u00a0", "\u2028", "\t"])))


@given(WORDISH)
def test_count_words_counts_what_the_word_pattern_finds(tokens: list[tuple[str, str]]) -> None:
    text = "".join(token + space for token, space in tokens)
    # The definition count_words speeds up: apostrophes and hyphens join words.
    assert count_words(text) == len(re.findall(r"\w+(?:['’-]\w+)*", text))
