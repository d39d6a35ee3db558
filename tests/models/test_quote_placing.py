"""Quotes from other tools placed by the re-anchoring engine (models.quote_placing)."""

from models.anchoring import EXACT, FUZZY
from models.quote_placing import place_quote


def span(text: str, exact: str, prefix: str = "", suffix: str = "", hint: int | None = None):  # type: ignore[no-untyped-def]
    placed = place_quote(text, exact, prefix, suffix, hint)
    return None if placed is None else (placed.start, placed.end)


def test_context_picks_the_occurrence_and_hint_breaks_ties() -> None:
    text = "the cat sat. the dog ran. the cat ran."
    assert span(text, "the cat", suffix=" ran") == (26, 33)
    assert span(text, "the cat", prefix="", suffix=" sat") == (0, 7)
    assert span(text, "the", hint=14) == (13, 16)


def test_context_outweighs_a_position_pointing_at_the_other_copy() -> None:
    text = (
        "The minister said the plan was sound, according to officials.\n\n"
        "Later the opposition leader said the plan was sound, but only on paper."
    )
    first = text.index("said the plan was sound")
    second = text.rindex("said the plan was sound")
    placed = place_quote(
        text, "said the plan was sound", "Later the opposition leader ", ", but only on", hint=first
    )
    assert placed is not None and (placed.start, placed.anchor) == (second, EXACT)
    placed = place_quote(text, "said the plan was sound", "The minister ", ", according", second)
    assert placed is not None and placed.start == first


def test_words_without_their_context_are_not_placed() -> None:
    text = "Officials said the plan was sound. Nobody else commented on it."
    gone = place_quote(
        text, "the plan was sound", "A leaked memo from March said ", " and then it collapsed", 9
    )
    assert gone is None  # the same words, another passage: never a guess


def test_slightly_different_text_is_placed_fuzzy() -> None:
    text = "Critics from three parties disagreed strongly with that claim in parliament today."
    placed = place_quote(text, "disagreed very strongly with that", "three parties ", " claim in")
    assert placed is not None and placed.anchor == FUZZY
    assert placed.quote == text[placed.start : placed.end] == "disagreed strongly with that"


def test_whitespace_differences_and_code_points() -> None:
    text = "Smile 😀 at\n\nthe   ministry today."
    placed = place_quote(text, "at the ministry", prefix="😀 ")
    assert placed is not None and placed.anchor == EXACT
    assert text[placed.start : placed.end] == "at\n\nthe   ministry"


def test_absent_or_empty_quote_is_none() -> None:
    assert place_quote("some text", "other") is None
    assert place_quote("some text", "  ") is None
