"""Reading RTF as text: lines, cells, escapes, and link fields on long lines."""

from __future__ import annotations

import pytest

from importers.draft import ImportFailure
from importers.rtf_text import is_rtf, read_rtf_text


def test_paragraphs_are_lines_and_cells_are_tabs() -> None:
    data = rb"{\rtf1\ansi\ansicpg1252 {\b HD}\tab Caf\'e9\par \trowd\intbl PD\cell 1 May\cell\row}"
    assert read_rtf_text(data).splitlines() == ["HD\tCafé", "PD\t1 May\t"]


def test_characters_past_the_basic_plane_are_joined_and_lone_halves_replaced() -> None:
    assert read_rtf_text(rb"{\rtf1 \u-10179?\u-8704? and \u-10179?.}") == "😀 and \ufffd."


def test_a_long_line_of_link_fields_keeps_the_visible_text() -> None:
    field = rb'{\field{\*\fldinst{HYPERLINK "https://example.org"}}{\fldrslt{Link}}} and '
    text = read_rtf_text(rb"{\rtf1 " + field * 5000 + b"}")
    assert text.count("Link and ") == 5000 and "example.org" not in text


@pytest.mark.parametrize("data", [b"plain text", b"", b"\x00{\\rtf1}"])
def test_what_is_not_rtf_is_refused(data: bytes) -> None:
    assert not is_rtf(data)
    with pytest.raises(ImportFailure, match="not an RTF document"):
        read_rtf_text(data)
