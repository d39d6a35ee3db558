"""Highlights built into a new document equal a full paint of the bare document.

Opening an article merges the highlight formats into the text runs as they are inserted
(Overlay) instead of painting them afterwards; every character must come out as
paint_highlights leaves it, over every paragraph kind, bold, italic, links, astral
characters, and highlights crossing runs and paragraph breaks.
"""

from __future__ import annotations

import random

import pytest
from PySide6.QtGui import QFont

from importers.draft import ArticleDraft, Mark, make_block
from models.annotating import AnnotationRecord
from models.articles import get_article
from models.colors import NAMED_COLORS
from models.storing import store_drafts
from tests.ui.reading.test_incremental_paint import formats
from ui.common.theme import get_theme
from ui.reading.document import build_document
from ui.reading.highlights import Overlay, clear_highlights, paint_highlights

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

BLOCKS = (
    ("lead", "Lead 😀 in bold, with 🇺🇦 and a link to the report.", [("link", 29, 35)]),
    ("heading", "A heading 𝔣𝔯𝔞𝔨", []),
    ("paragraph", "Some bold and italic words, then 👍🏽.", [("bold", 5, 9), ("italic", 14, 20)]),
    ("quote", "“A quote with a link 😀 inside it”, she said.", [("link", 16, 20), ("bold", 0, 7)]),
    ("list-item", "First item 😀", []),
    ("list-item", "Second item with q\u0301 in it", [("italic", 0, 6)]),
    ("paragraph", "After the list, the last paragraph 🇺🇦 ends.", []),
)


@pytest.fixture
def article(library) -> int:
    blocks = [
        make_block(kind, text, [Mark(m, a, b, "https://example.org/r") for m, a, b in marks])
        for kind, text, marks in BLOCKS
    ]
    draft = ArticleDraft(blocks=blocks, title="Title 😀", raw=b"raw")
    return store_drafts([draft], "test", "build.txt")[0].article_id


def records(text: str, rng: random.Random, count: int) -> list[AnnotationRecord]:
    found = []
    for number in range(1, count + 1):
        start = rng.randrange(len(text) - 1)
        end = min(len(text), start + rng.randrange(1, 60))
        color = rng.choice(list(NAMED_COLORS))
        found.append(
            AnnotationRecord(number, 1, start, end, text[start:end], "", "", "", color, (), "", "")
        )
    return found


def properties(doc) -> list[tuple[int, dict]]:  # type: ignore[no-untyped-def]
    return [(position, fmt.properties()) for position, fmt in formats(doc)]


@pytest.mark.parametrize("seed", range(8))
def test_built_in_highlights_equal_a_full_paint(qapp, article: int, seed: int) -> None:
    detail, theme, font = get_article(article), get_theme("light"), QFont()
    annotations = records(detail.text, random.Random(seed), 1 + seed * 4)
    overlays: list[Overlay] = []

    def overlay(dmap):  # type: ignore[no-untyped-def]
        overlays.append(Overlay.of(dmap, annotations, theme))
        return overlays[-1]

    built, _ = build_document(detail, theme, font, overlay=overlay)
    painted, dmap = build_document(detail, theme, font)
    paint_highlights(painted, dmap, annotations, theme)
    assert properties(built) == properties(painted)
    assert built.toPlainText() == painted.toPlainText()

    # What the overlay says it painted is enough to take every highlight off again.
    clear_highlights(built, overlays[0].painted)
    bare, _ = build_document(detail, theme, font)
    assert properties(built) == properties(bare)


def test_no_highlights_build_the_bare_document(qapp, article: int) -> None:
    detail, theme, font = get_article(article), get_theme("light"), QFont()
    built, _ = build_document(detail, theme, font, overlay=lambda dmap: Overlay())
    bare, _ = build_document(detail, theme, font)
    assert properties(built) == properties(bare)
