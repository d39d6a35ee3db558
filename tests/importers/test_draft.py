"""Whitespace collapsing must carry mark offsets exactly; checked against a plain reference."""

import unicodedata

from hypothesis import assume, given
from hypothesis import strategies as st

from importers.draft import Mark, collapse_whitespace, collapsed_offsets, make_block


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
