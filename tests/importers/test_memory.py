"""The memory budget's arithmetic, and the slicing that keeps long texts from costing 12×."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from importers import draft, memory
from importers.draft import ImportFailure, collapse_whitespace, whitespace_slices
from models.text import count_words

MB = 1_000_000


def test_budget_is_ten_times_the_file_plus_headroom_less_what_gloss_holds_anyway() -> None:
    assert memory.budget(48 * MB) + memory.RESERVED == 10 * 48 * MB + 300 * MB


@pytest.mark.parametrize(
    ("text", "width"),
    [("a" * 100, 1), ("é" * 100, 1), ("ł" * 100, 2), ("a" * 99 + "\U0001f600", 4)],
)
def test_char_width_is_read_from_the_string_size(text: str, width: int) -> None:
    assert memory.char_width(text) == width


def test_require_refuses_in_one_line_with_the_sizes() -> None:
    memory.require(MB, memory.budget(MB))
    with pytest.raises(ImportFailure) as refused:
        memory.require(MB, memory.budget(MB) + 1)
    assert str(refused.value) == (
        "too large to import in bounded memory: it would take about 310 MB, "
        "more than the 310 MB allowed for a file of 1 MB"
    )


def test_pieces_are_counted_no_further_than_the_limit() -> None:
    seen = []

    def count(limit: int) -> int:
        return memory.count_up_to((seen.append(n) for n in itertools.count()), limit)

    with pytest.raises(ImportFailure, match="^too many rows to import in bounded memory: more"):
        memory.require_pieces(MB, 0, 1_000, count, "rows")
    assert len(seen) == memory.budget(MB) // 1_000 + 1


@given(st.text(st.sampled_from(["a", "é", " ", "\n", "\t", "\u3000", "-"]), max_size=200))
def test_slices_keep_words_whole_and_change_nothing(text: str) -> None:
    slices = list(whitespace_slices(text, 7))
    assert "".join(slices) == text
    assert [w for s in slices for w in s.split()] == text.split()


@given(
    st.lists(st.sampled_from(["ab", "é.", " ", "\n", "x_y", "\u3000"]), max_size=150).map("".join)
)
def test_long_texts_collapse_and_count_as_short_ones_do(text: str) -> None:
    expected = (" ".join(text.split()), count_words(text))
    original = draft._SLICE_CHARS
    draft._SLICE_CHARS = 5  # every text is "long"
    try:
        assert (collapse_whitespace(text), count_words(text)) == expected
    finally:
        draft._SLICE_CHARS = original


@pytest.mark.parametrize(
    ("text", "cost"), [("a" * 100, 600), ("ł" * 100, 1_000), ("😀" * 100, 1_800)]
)
def test_text_costs_grow_with_the_width_of_its_characters(text: str, cost: int) -> None:
    assert memory.text_cost(100, text, (6.0, 18.0)) == cost
