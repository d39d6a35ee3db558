from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from importers.draft import ArticleDraft, ImportFailure
from importers.paragraph_list import ParagraphListImporter

IMPORTER = ParagraphListImporter()


def parse(data: bytes | str) -> ArticleDraft:
    raw = data.encode() if isinstance(data, str) else data
    (draft,) = IMPORTER.parse(raw, Path("article.txt"))
    return draft


@pytest.mark.parametrize(
    ("literal", "texts", "kinds"),
    [
        (
            "['<b>The lead.</b>', 'Para <i>one</i>.']",
            ["The lead.", "Para one."],
            ["lead", "paragraph"],
        ),
        # Not bold first: no lead, the first paragraph is a paragraph.
        ('["First.", "Second."]', ["First.", "Second."], ["paragraph", "paragraph"]),
        ("  [\n  'a',\n  'b',\n]\n", ["a", "b"], ["paragraph", "paragraph"]),
        ("['implicit ' 'concatenation']", ["implicit concatenation"], ["paragraph"]),
        (r"[r'raw \d', u'unicode']", [r"raw \d", "unicode"], ["paragraph", "paragraph"]),
        # An invalid escape only warns in Python; it must not fail (filterwarnings = error).
        (r"['invalid \d escape']", [r"invalid \d escape"], ["paragraph"]),
        (
            r"['It\'s', 'I\u2019m', 'tab\tand\nnewline', 'nul\x00gone']",
            ["It's", "I\u2019m", "tab and newline", "nulgone"],
            ["paragraph"] * 4,
        ),
        # Empty fragments are skipped; the first one with text may still be the lead.
        (
            "['', '  ', '<script>x()</script>', '<strong>Lead</strong>', 'Body']",
            ["Lead", "Body"],
            ["lead", "paragraph"],
        ),
        # A bold first paragraph only counts when all of it is bold.
        ("['<b>Half</b> bold', 'Body']", ["Half bold", "Body"], ["paragraph", "paragraph"]),
        ("['A', '<b>bold later</b>']", ["A", "bold later"], ["paragraph", "paragraph"]),
        # Code inside the strings is only text: nothing is ever run.
        (
            "[\"__import__('os').system('rm -rf /')\"]",
            ["__import__('os').system('rm -rf /')"],
            ["paragraph"],
        ),
    ],
)
def test_paragraph_list_parses(literal: str, texts: list[str], kinds: list[str]) -> None:
    draft = parse(literal)
    assert [block.text for block in draft.blocks] == texts
    assert [block.kind for block in draft.blocks] == kinds
    assert draft.title == texts[0]
    assert draft.raw == literal.encode()


def test_lead_loses_its_bold_and_marks_survive() -> None:
    draft = parse(
        """['<b>Lead</b>', 'See <a href="https://example.org/a">this</a> &amp; <b>that</b>.']"""
    )
    lead, body = draft.blocks
    assert lead.marks == ()
    assert body.text == "See this & that."
    assert [(m.kind, body.text[m.start : m.end], m.href) for m in body.marks] == [
        ("link", "this", "https://example.org/a"),
        ("bold", "that", None),
    ]


def test_trailing_boilerplate_is_cut_and_names_the_source() -> None:
    draft = parse(
        "['<b>Lead</b>', 'Body.', 'Sign up for our newsletter.', "
        "'\u00a9 2021 Example News. All rights reserved.']"
    )
    assert [block.text for block in draft.blocks] == ["Lead", "Body."]
    assert draft.source == "Example News"
    assert draft.warnings == ["removed 2 trailing boilerplate paragraph(s)"]


def test_no_copyright_line_leaves_the_source_unknown() -> None:
    assert parse("['Body.', 'More.']").source == ""


def test_utf16_file_with_bom() -> None:
    data = codecs.BOM_UTF16_LE + "['J\u00fcrgen', 'b']".encode("utf-16-le")
    assert [block.text for block in parse(data).blocks] == ["J\u00fcrgen", "b"]


@pytest.mark.parametrize(
    ("literal", "message"),
    [
        ("[]", "list holds no paragraphs"),
        ("['', '   ', '<script>x</script>', '<b> </b>']", "list holds no paragraphs"),
        ("['a', 'b'", "truncated list literal"),
        ("['a', 'b", "truncated list literal"),
        ("['a', 'b',\n", "truncated list literal"),
        ("[" * 300, "truncated list literal"),
        (
            "['a' 'b' c]",
            "malformed list literal: invalid syntax. Perhaps you forgot a comma? (line 1)",
        ),
        ("['a',\n\n'b',, 'c']", "malformed list literal: invalid syntax (line 3)"),
        (
            "Just some prose, not a list.",
            "malformed list literal: the text does not start with '['",
        ),
        ("['a'] ['b']", "expected a list of strings, found an expression"),
        ("[" * 300 + "]" * 300, "malformed list literal: too many nested parentheses (line 1)"),
        ("[" + "-" * 100_000 + "1]", "malformed list literal: nested too deeply"),
        ("['a' " + "+ 'b' " * 50_000 + "]", "malformed list literal: nested too deeply"),
        ("[__import__('os').system('x')]", "item 1 is a function call, not a string"),
        ('["ok", __import__("os").system("x")]', "item 2 is a function call, not a string"),
        ("['a', os.system]", "item 2 is an attribute, not a string"),
        ("['a', name]", "item 2 is a name, not a string"),
        ("['a', f'{x}']", "item 2 is an f-string, not a string"),
        ("['a', 'b', 3]", "item 3 is int, not a string"),
        ("[1, 2]", "item 1 is int, not a string"),
        ("[-1.5]", "item 1 is float, not a string"),
        ("[None]", "item 1 is NoneType, not a string"),
        ("[b'bytes']", "item 1 is bytes, not a string"),
        ("[['nested']]", "item 1 is list, not a string"),
        ("['a' + 'b']", "item 1 is an expression, not a string"),
        ("[lambda: 1]", "item 1 is an expression, not a string"),
        ("{'a': 1}", "expected a list of strings, found dict"),
        ("('a', 'b')", "expected a list of strings, found tuple"),
        ("{'a'}", "expected a list of strings, found set"),
        ("'just a string'", "expected a list of strings, found str"),
        ("42", "expected a list of strings, found int"),
        ("['a'] + ['b']", "expected a list of strings, found an expression"),
        ("__import__('os')", "expected a list of strings, found a function call"),
    ],
)
def test_paragraph_list_refuses(literal: str, message: str) -> None:
    with pytest.raises(ImportFailure) as caught:
        parse(literal)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "file has no text"),
        (b"\n \t ", "file has no text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
        (b"['caf\xe9 \xff\xfe\xfd\xfc\xfb\xfa']", "cannot decode text (not UTF-8)"),
    ],
)
def test_paragraph_list_refuses_files_that_are_not_text(data: bytes, message: str) -> None:
    with pytest.raises(ImportFailure) as caught:
        parse(data)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("head", "score"),
    [
        (b"['<b>Lead", 0.9),
        (b'["a", "b"]', 0.9),
        (b"[ 'a'", 0.9),
        (b"\n  [\n    'a',", 0.9),
        (codecs.BOM_UTF8 + b"['a'", 0.9),
        (codecs.BOM_UTF16_LE + "['a'".encode("utf-16-le"), 0.9),
        (b"[1, 2]", 0.3),
        (b"[]", 0.3),
        (b"date 2022-09-22 ['a']", 0.0),
        (b"{'a': 1}", 0.0),
        (b"", 0.0),
    ],
)
def test_paragraph_list_sniff(head: bytes, score: float) -> None:
    assert IMPORTER.sniff(head, Path("x.txt")) == score


def test_paragraph_list_seed(list_seed: bytes) -> None:
    draft = parse(list_seed)
    lead, *paragraphs = draft.blocks
    assert draft.source == "BBC"
    assert lead.kind == "lead" and lead.marks == ()
    assert lead.text == (
        "The foreign secretary has demanded justice for victims of war crimes in Ukraine "
        "at a meeting of world leaders."
    )
    assert draft.title == lead.text
    assert len(paragraphs) == 14
    assert {block.kind for block in paragraphs} == {"paragraph"}
    assert paragraphs[-1].text.startswith("While Russia is outnumbered")
    texts = [block.text for block in draft.blocks]
    # The promo, the copyright footer and its link are gone.
    assert not any("J\u00fcrgen" in text or "newsletter" in text for text in texts)
    assert not any("\u00a9" in text or "external linking" in text for text in texts)
    assert all(not block.marks for block in draft.blocks)
    assert any("Vladimir Putin's nuclear threat" in text for text in texts)
    assert any(text.startswith("\"I'm not surprised. I don't think") for text in texts)
    for block in draft.blocks:
        assert block.text == block.text.strip() and "  " not in block.text
    assert draft.raw == list_seed
