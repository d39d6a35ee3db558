"""Re-anchoring highlights in a new version of a text (models.anchoring)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from models.anchoring import EXACT, FUZZY, ORPHANED, Selector, reanchor, select

PARAGRAPHS = [
    "The minister said on Monday that the plan would cut emissions by half before 2030.",
    "Critics from three opposition parties disagreed strongly with that claim in parliament.",
    "Farmers' unions warned that the new rules would raise the price of diesel for everyone.",
    "The vote on the bill is expected on Tuesday evening, the minister's office said.",
    "Analysts at two banks said the costs had been underestimated by at least a third.",
]
TEXT = "\n\n".join(PARAGRAPHS)


def mark(text: str, quote: str, occurrence: int = 1) -> Selector:
    start = -1
    for _ in range(occurrence):
        start = text.index(quote, start + 1)
    return select(text, start, start + len(quote))


def test_an_unchanged_text_keeps_every_highlight_exactly() -> None:
    marks = [mark(TEXT, "the plan would cut"), mark(TEXT, "Tuesday evening"), select(TEXT, 0, 3)]
    placed = reanchor(TEXT, TEXT, marks)
    assert [(p.anchor, p.start, p.end) for p in placed] == [(EXACT, m.start, m.end) for m in marks]


def test_an_inserted_paragraph_shifts_highlights_after_it() -> None:
    new = "\n\n".join([PARAGRAPHS[0], "A new paragraph was added here.", *PARAGRAPHS[1:]])
    [placed] = reanchor(TEXT, new, [mark(TEXT, "disagreed strongly")])
    assert placed.anchor == EXACT
    assert placed.start == new.index("disagreed strongly")


def test_a_deleted_paragraph_orphans_its_highlights_and_keeps_the_quote() -> None:
    new = "\n\n".join(PARAGRAPHS[:1] + PARAGRAPHS[2:])
    stored = mark(TEXT, "disagreed strongly with that claim")
    [placed] = reanchor(TEXT, new, [stored])
    assert (placed.anchor, placed.start, placed.end) == (ORPHANED, None, None)
    assert placed.quote == stored.quote


def test_the_same_words_elsewhere_without_their_context_are_not_the_passage() -> None:
    # the paragraph goes; its highlighted words survive in another sentence: still an orphan
    new = "\n\n".join(
        [PARAGRAPHS[0], "Nobody disagreed strongly with the budget.", *PARAGRAPHS[2:]]
    )
    [placed] = reanchor(TEXT, new, [mark(TEXT, "disagreed strongly")])
    assert placed.anchor == ORPHANED


def test_a_highlighted_sentence_repeated_elsewhere_stays_where_it_was() -> None:
    sentence = PARAGRAPHS[1]
    new = "\n\n".join([sentence + " As one put it:", *PARAGRAPHS, "Quote: " + sentence])
    [placed] = reanchor(TEXT, new, [mark(TEXT, sentence)])
    assert placed.anchor == EXACT
    assert placed.start == new.index("\n\n" + sentence) + 2


def test_repeated_quotes_are_told_apart_by_context() -> None:
    text = "Yes, he said. The end.\n\nNo, she said. Then, yes, he said again."
    at = text.index("he said again")
    stored = select(text, at, at + len("he said"))
    new = "Intro.\n\n" + text
    [placed] = reanchor(text, new, [stored])
    assert placed.start == new.index("he said again")


def test_a_word_changed_inside_a_highlight_places_it_fuzzily_on_the_new_text() -> None:
    stored = mark(TEXT, "the plan would cut emissions by half")
    new = TEXT.replace("cut emissions by half", "cut emissions by a half")
    [placed] = reanchor(TEXT, new, [stored])
    assert placed.anchor == FUZZY
    assert (
        placed.quote == new[placed.start : placed.end] == "the plan would cut emissions by a half"
    )


def test_a_moved_paragraph_carries_its_highlights() -> None:
    new = "\n\n".join([PARAGRAPHS[3], *PARAGRAPHS[:3], PARAGRAPHS[4]])
    [placed] = reanchor(TEXT, new, [mark(TEXT, "expected on Tuesday evening")])
    assert placed.anchor == EXACT
    assert placed.start == new.index("expected on Tuesday evening")


def test_curly_quotes_and_spaces_normalised_give_a_fuzzy_placement() -> None:
    stored = mark(TEXT, "Farmers' unions warned that")
    new = TEXT.replace("Farmers' unions", "Farmers’ unions").replace(
        "that the new", "that  the new"
    )
    [placed] = reanchor(TEXT, new, [stored])
    assert placed.anchor == FUZZY
    assert new[placed.start : placed.end] == "Farmers’ unions warned that"


def test_an_orphan_is_found_again_by_its_quote_and_context() -> None:
    stored = mark(TEXT, "disagreed strongly")
    orphan = Selector(None, None, stored.quote, stored.prefix, stored.suffix)
    [placed] = reanchor(None, TEXT, [orphan])
    assert (placed.anchor, placed.start) == (EXACT, stored.start)


words = st.sampled_from("alpha beta gamma delta epsilon zeta eta theta iota kappa".split())
paragraph = st.lists(words, min_size=8, max_size=30).map(" ".join)


@given(st.lists(paragraph, min_size=2, max_size=6), st.data())
def test_untouched_text_reanchors_every_highlight_exactly(paras: list[str], data) -> None:
    text = "\n\n".join(paras)
    marks = []
    for _ in range(data.draw(st.integers(1, 6))):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, min(len(text), start + 60)))
        marks.append(select(text, start, end))
    placed = reanchor(text, text, marks)
    assert [(p.anchor, p.start, p.end) for p in placed] == [(EXACT, m.start, m.end) for m in marks]


@given(st.lists(paragraph, min_size=3, max_size=6, unique=True), st.data())
def test_deleting_a_highlighted_paragraph_never_places_it_wrongly(paras: list[str], data) -> None:
    gone = data.draw(st.integers(0, len(paras) - 1))
    text = "\n\n".join(paras)
    start = sum(len(p) + 2 for p in paras[:gone])
    # a whole paragraph the others do not contain: nothing else can be its passage
    if any(paras[gone] in p for i, p in enumerate(paras) if i != gone):
        return
    new = "\n\n".join(p for i, p in enumerate(paras) if i != gone)
    [placed] = reanchor(text, new, [select(text, start, start + len(paras[gone]))])
    assert placed.anchor == ORPHANED or placed.quote in new  # never a placement of other text
    if placed.anchor != ORPHANED:
        assert new[placed.start : placed.end] == placed.quote


@given(st.lists(paragraph, min_size=2, max_size=5), st.data())
def test_a_placed_highlight_always_quotes_the_new_text(paras: list[str], data) -> None:
    text = "\n\n".join(paras)
    start = data.draw(st.integers(0, len(text) - 2))
    stored = select(text, start, data.draw(st.integers(start + 1, min(len(text), start + 40))))
    at = data.draw(st.integers(0, len(text)))
    cut = data.draw(st.integers(at, min(len(text), at + 30)))
    new = text[:at] + data.draw(paragraph) + text[cut:]
    [placed] = reanchor(text, new, [stored])
    if placed.anchor == ORPHANED:
        assert (placed.start, placed.end, placed.quote) == (None, None, stored.quote)
    else:
        assert new[placed.start : placed.end] == placed.quote


def test_a_changed_passage_is_not_swapped_for_an_unchanged_copy_elsewhere() -> None:
    # the sentence is quoted again at the end; then words inside the original change: the
    # diff says where the highlighted passage went, so the copy is not it
    stored = mark(TEXT, "the plan would cut emissions by half before")
    new = TEXT.replace("cut emissions", "reduce the pollution") + "\n\n" + PARAGRAPHS[0]
    [placed] = reanchor(TEXT, new, [stored])
    assert placed.anchor != EXACT and placed.start < len(PARAGRAPHS[0])
