from models.quote_placing import place_quote


def test_context_picks_the_occurrence_and_hint_breaks_ties() -> None:
    text = "the cat sat. the dog ran. the cat ran."
    assert place_quote(text, "the cat", suffix=" ran") == (26, 33)
    assert place_quote(text, "the cat", prefix="", suffix=" sat") == (0, 7)
    assert place_quote(text, "the", hint=14) == (13, 16)


def test_whitespace_differences_and_code_points() -> None:
    text = "Smile 😀 at\n\nthe   ministry today."
    start, end = place_quote(text, "at the ministry", prefix="😀 ")
    assert text[start:end] == "at\n\nthe   ministry"


def test_absent_or_empty_quote_is_none() -> None:
    assert place_quote("some text", "other") is None
    assert place_quote("some text", "  ") is None
