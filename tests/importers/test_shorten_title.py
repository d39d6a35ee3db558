from __future__ import annotations

import pytest

from importers.draft import shorten_title

WORDS_120 = ("abcd " * 24).strip() + "!"  # 24 words of 4 letters and a bang: 120 characters


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Short lead.", "Short lead."),
        ("  spaced \n out  ", "spaced out"),
        (WORDS_120, WORDS_120),
        (WORDS_120 + "x", ("abcd " * 23).strip() + "…"),
        ("x" * 200, "x" * 119 + "…"),  # one giant word: a hard cut
        ("a" * 100 + ", " + "b" * 30, "a" * 100 + "…"),  # no dangling comma before the "…"
    ],
)
def test_shorten_title(text: str, title: str) -> None:
    assert len(WORDS_120) == 120
    assert shorten_title(text) == title
    assert len(shorten_title(text)) <= 120
