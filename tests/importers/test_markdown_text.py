from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from importers.draft import ArticleDraft, Block, ImportFailure, Mark
from importers.markdown_inline import parse_inline
from importers.markdown_text import MarkdownImporter
from importers.registry import choose_importer, parse_file

FIXTURES = Path(__file__).parent / "fixtures"
IMPORTER = MarkdownImporter()


def parse(text: str) -> ArticleDraft:
    (draft,) = IMPORTER.parse(text.encode("utf-8"), Path("a.md"))
    return draft


def marked(block: Block) -> list[tuple[str, str, str | None]]:
    return [(m.kind, block.text[m.start : m.end], m.href) for m in block.marks]


def test_fixture_structure_and_marks() -> None:
    name, [draft] = parse_file(FIXTURES / "article.md")
    assert name == "markdown"
    assert draft.title == "Bridges of the Old Town"  # the top heading, not a block
    assert [(b.kind, b.text) for b in draft.blocks] == [
        (
            "paragraph",
            "The old town has seven bridges, and the oldest dates from 1412. "
            "Its arches were restored in 1990.",
        ),
        ("heading", "The stone bridge"),
        ("quote", "Nobody remembers who built it, said the archivist."),
        ("list-item", "Seven bridges"),
        ("list-item", "Two of them closed to cars"),
        ("list-item", "first visit the museum"),
        ("paragraph", "A closing line with snake_case_name and strong words."),
    ]
    first = draft.blocks[0]
    assert first.marks == (
        Mark("italic", 17, 22),
        Mark("bold", 40, 46),
        Mark("link", 80, 88, "https://heritage.example/bridges"),
    )
    assert marked(first) == [
        ("italic", "seven", None),
        ("bold", "oldest", None),
        ("link", "restored", "https://heritage.example/bridges"),
    ]
    assert marked(draft.blocks[-1]) == [("bold", "strong", None)]
    assert draft.raw == (FIXTURES / "article.md").read_bytes()


@pytest.mark.parametrize(
    ("source", "text", "marks"),
    [
        (
            "*a* _b_ **c** __d__",
            "a b c d",
            [("italic", "a"), ("italic", "b"), ("bold", "c"), ("bold", "d")],
        ),
        ("***both***", "both", [("bold", "both"), ("italic", "both")]),
        ("***x** y*", "x y", [("bold", "x"), ("italic", "x y")]),
        ("**un*closed", "*unclosed", [("italic", "un")]),  # as CommonMark has it
        ("**unclosed", "**unclosed", []),
        ("2 * 3 * 4", "2 * 3 * 4", []),
        ("snake_case_name", "snake_case_name", []),
        ("in*word*emphasis", "inwordemphasis", [("italic", "word")]),
        ("\\*not\\* `*code*`", "*not* *code*", []),
        ("``a ` b``", "a ` b", []),
        (
            "[**bold link**](https://x.org)",
            "bold link",
            [("bold", "bold link"), ("link", "bold link")],
        ),
        ("[rel](page.html) [js](javascript:alert(1))", "rel js", []),
        ("<https://x.org/a>", "https://x.org/a", [("link", "https://x.org/a")]),
        ("![a photo](p.jpg) caption", " caption", []),
        ("[not a link] [x]", "[not a link] [x]", []),
        ('[t](<https://x.org/a b> "Title")', "t", [("link", "t")]),
    ],
)
def test_inline(source: str, text: str, marks: list[tuple[str, str]]) -> None:
    parsed, found = parse_inline(source)
    assert parsed == text
    assert sorted((m.kind, parsed[m.start : m.end]) for m in found) == sorted(marks)


def test_reference_links_and_definitions() -> None:
    draft = parse(
        "Read [the report][r] and [Notes].\n\n[r]: https://r.example/x\n[notes]: <https://n.example>\n"
    )
    [block] = draft.blocks
    assert marked(block) == [
        ("link", "the report", "https://r.example/x"),
        ("link", "Notes", "https://n.example"),
    ]


@pytest.mark.parametrize(
    ("source", "title", "first"),
    [
        ("# Top\n\nBody.", "Top", ("paragraph", "Body.")),
        ("Top\n===\n\nBody.", "Top", ("paragraph", "Body.")),
        ("Intro first.\n\n# Later\n\nBody.", "Intro first.", ("paragraph", "Intro first.")),
        ("## Second level\n\nBody.", "Second level", ("heading", "Second level")),
        (
            "Mr. Ward spoke. Then left.\n\nMore.",
            "Mr. Ward spoke.",
            ("paragraph", "Mr. Ward spoke. Then left."),
        ),
        ("# A # title ##\n\nBody.", "A # title", ("paragraph", "Body.")),
        ("#hashtag is text", "#hashtag is text", ("paragraph", "#hashtag is text")),
    ],
)
def test_titles(source: str, title: str, first: tuple[str, str]) -> None:
    draft = parse(source)
    assert draft.title == title
    assert (draft.blocks[0].kind, draft.blocks[0].text) == first


def test_front_matter_fills_the_metadata() -> None:
    draft = parse(
        "---\ntitle: 'From the front'\ndate: 2019-07-01\nauthors:\n  - A. Pen\n  - B. Ink\n"
        "url: https://www.paper.example/x\n---\nJust the text.\n"
    )
    assert (draft.title, draft.date, draft.author) == (
        "From the front",
        dt.date(2019, 7, 1),
        "A. Pen, B. Ink",
    )
    assert (draft.url, draft.source) == ("https://www.paper.example/x", "paper.example")
    assert [b.text for b in draft.blocks] == ["Just the text."]
    bad = parse("---\ndate: someday\n---\nText.")
    assert bad.date is None and bad.warnings == [
        "front matter: unreadable date 'someday'; no date set"
    ]


def test_lists_quotes_code_and_breaks() -> None:
    draft = parse(
        "Para\n2. two does not\n- item interrupts\n  lazy line\n\n"
        "> > nested quote\nlazy\n\n***\n\n```python\nx = *1*\n```\n\n1) one\n10. ten\n"
    )
    assert [(b.kind, b.text) for b in draft.blocks] == [
        ("paragraph", "Para 2. two does not"),  # only "1." may interrupt a paragraph
        ("list-item", "item interrupts lazy line"),
        ("quote", "nested quote lazy"),
        ("paragraph", "x = *1*"),
        ("list-item", "one"),
        ("list-item", "ten"),
    ]


@pytest.mark.parametrize("source", ["# Only a title", "   \n---\n", "![img](x.png)"])
def test_no_text(source: str) -> None:
    with pytest.raises(ImportFailure, match="^no text"):
        parse(source)


# Inputs that made naive parsers quadratic; how fast they parse is a benchmark
# (tests/perf/bench_limits.py), that they parse or fail cleanly is checked here.
HOSTILE = {
    "brackets": "[" * 20_000,
    "open-links": "[a](" * 5_000,
    "crossed-emphasis": "*a _b " * 5_000 + "_c* " * 5_000,
    "backticks": "`" + "``x" * 5_000,
    "quotes": ">" * 20_000 + " deep",
    "spaces": "# " + " " * 50_000 + "#x",
    "items": "- " * 10_000,
}


@pytest.mark.parametrize("source", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markdown_parses_or_fails_cleanly(source: str) -> None:
    try:
        blocks = parse(source).blocks
    except ImportFailure as exc:
        assert str(exc)
    else:
        assert all(block.text for block in blocks)


@pytest.mark.parametrize(
    ("name", "content", "chosen"),
    [
        ("a.md", "Just prose.", "markdown"),
        ("a.txt", "# Heading\n\nProse with a [link](https://x.org).", "markdown"),
        ("a.txt", "Plain prose, nothing marked.", "plain-text"),
        ("a.txt", "No heading, but a [link](https://x.org) and **bold** words.", "markdown"),
        ("a.txt", "No heading, only a [link](https://x.org).", "plain-text"),
        ("a.txt", "date 2022-09-22 # not a heading", "dated-text"),
        ("a.txt", "['# not a heading']", "paragraph-list"),
    ],
)
def test_sniffing_against_the_other_text_formats(name: str, content: str, chosen: str) -> None:
    assert choose_importer(Path(name), content.encode()).name == chosen


def test_code_files_are_not_markdown() -> None:
    assert IMPORTER.sniff(b"# a comment\nimport os\n", Path("tool.py")) == 0.0
