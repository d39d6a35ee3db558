"""Selection positions read as each REFI-QDA writer counts them."""

from models.qdpx_selections import PositionReader

TEXT = "Intro 😀 line.\r\nSecond line about money.\r\n"


def units(text: str, *, crlf_as_one: bool, utf16: bool) -> int:
    """Where 'money' starts, counted the writer's way."""
    before = text[: text.index("money")]
    if crlf_as_one:
        before = before.replace("\r\n", "\n")
    return len(before.encode("utf-16-le")) // 2 if utf16 else len(before)


def test_each_counting_lands_on_the_quote_its_name_gives() -> None:
    reader = PositionReader(TEXT, "NVivo 14")
    for crlf_as_one in (False, True):
        for utf16 in (False, True):
            start = units(TEXT, crlf_as_one=crlf_as_one, utf16=utf16)
            span = reader.span(start, start + 5, "money")
            assert span is not None and TEXT[span[0] : span[1]] == "money"


def test_without_a_name_the_writers_habit_decides() -> None:
    nvivo = units(TEXT, crlf_as_one=False, utf16=False)
    atlas = units(TEXT, crlf_as_one=True, utf16=False)
    assert nvivo != atlas
    found = PositionReader(TEXT, "NVivo 14").span(nvivo, nvivo + 5)
    assert found is not None and TEXT[found[0] : found[1]] == "money"
    found = PositionReader(TEXT, "ATLAS.ti 23").span(atlas, atlas + 5)
    assert found is not None and TEXT[found[0] : found[1]] == "money"


def test_positions_outside_the_text_are_refused() -> None:
    reader = PositionReader("short", "")
    assert reader.span(2, 99) is None and reader.span(3, 3) is None and reader.span(-1, 2) is None
    assert reader.span(0, 5) == (0, 5)
