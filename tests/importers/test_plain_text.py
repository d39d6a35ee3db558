from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from importers.draft import ArticleDraft, ImportFailure
from importers.plain_text import PlainTextImporter
from importers.registry import choose_importer, parse_file

FIXTURES = Path(__file__).parent / "fixtures"
IMPORTER = PlainTextImporter()
LONG = "A first line that runs on and on " * 5


def parse(text: str) -> ArticleDraft:
    (draft,) = IMPORTER.parse(text.encode("utf-8"), Path("a.txt"))
    return draft


def test_fixture() -> None:
    name, [draft] = parse_file(FIXTURES / "article.txt")
    assert name == "plain-text"
    assert draft.title == "Allotments get a new water supply"
    assert [(b.kind, b.text) for b in draft.blocks] == [
        ("paragraph", "The allotment society has laid a new pipe along the eastern path."),
        ("paragraph", "Members paid for the work themselves."),
    ]
    assert draft.raw == (FIXTURES / "article.txt").read_bytes()
    assert draft.date is None and draft.source == ""


@pytest.mark.parametrize(
    ("text", "title", "paragraphs"),
    [
        # A short line on its own, without a final period, is the title.
        ("Storm warning\n\nWinds of 90 km/h.", "Storm warning", ["Winds of 90 km/h."]),
        ("  Is it over?\n\nYes.", "Is it over?", ["Yes."]),
        # Followed by a line starting a sentence, it is still the title.
        ("Storm warning\nWinds of 90 km/h.", "Storm warning", ["Winds of 90 km/h."]),
        # A final period, or a line that wraps into the next, makes it text.
        ("It rained.\n\nThen it stopped.", "It rained.", ["It rained.", "Then it stopped."]),
        (
            "The minister said on Tuesday that the\nplan would wait. More later.",
            "The minister said on Tuesday that the plan would wait.",
            ["The minister said on Tuesday that the plan would wait. More later."],
        ),
        # Too long for a title: the shortened first sentence.
        (LONG + "\n\nBody.", LONG.strip()[:118].rsplit(" ", 1)[0] + "…", [LONG.strip(), "Body."]),
        # Only a title line: it is the text as well.
        ("Lonely headline", "Lonely headline", ["Lonely headline"]),
        ("\r\n\r\nCRLF title\r\n\r\nBody\r\nlines.\r\n", "CRLF title", ["Body lines."]),
    ],
)
def test_title_rules(text: str, title: str, paragraphs: list[str]) -> None:
    draft = parse(text)
    assert draft.title == title
    assert [block.text for block in draft.blocks] == paragraphs
    assert all(block.kind == "paragraph" for block in draft.blocks)


def test_blank_file_fails() -> None:
    with pytest.raises(ImportFailure, match="^file has no text$"):
        parse(" \n\t\n")


@pytest.mark.parametrize(
    ("name", "content", "score"),
    [
        ("a.txt", b"Some words.", 0.25),
        ("A.TXT", b"Some words.", 0.25),
        ("a.text", b"Some words.", 0.0),
        ("a.xyz", b"Some words.", 0.0),  # other names are not claimed: a folder walk skips them
        ("a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 0.0),
        ("a.txt", b"  \n ", 0.0),
    ],
)
def test_sniff_is_low_and_only_for_txt(name: str, content: bytes, score: float) -> None:
    assert IMPORTER.sniff(content, Path(name)) == score


@pytest.mark.parametrize(
    ("content", "chosen"),
    [
        (b"date 2022-09-22 Lead.\n\nBody.", "dated-text"),
        (b"['<b>Lead.</b>', 'Body.']", "paragraph-list"),
        (b"Just a note.\n\nWith two paragraphs.", "plain-text"),
        (b"title,text\nA,B\n", "dataset"),
    ],
)
def test_specific_formats_win_over_plain_text(content: bytes, chosen: str) -> None:
    assert choose_importer(Path("a.txt"), content).name == chosen


def test_any_readable_txt_file_imports(write_file: Callable[..., Path]) -> None:
    name, [draft] = parse_file(write_file("Hello world"))
    assert (name, draft.title, draft.blocks[0].text) == ("plain-text", "Hello world", "Hello world")
