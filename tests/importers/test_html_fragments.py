from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importers.draft import Block, Mark
from importers.html_fragments import (
    _parsed_fragment_to_block,
    as_lead,
    fragment_to_block,
    is_all_bold,
    safe_href,
)


def marked(block: Block) -> list[tuple[str, str, str | None]]:
    """Each mark as (kind, the words it covers, href), in block order."""
    return [(m.kind, block.text[m.start : m.end], m.href) for m in block.marks]


def convert(html: str) -> Block:
    block = fragment_to_block(html)
    assert block is not None
    return block


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("Tom &amp; Jerry &eacute;t&eacute; &lt;b&gt; &#8217; &#x2014;", "Tom & Jerry été <b> ’ —"),
        ("a<script>alert('x')</script> b", "a b"),
        ("a<style>p { color: red }</style>b", "ab"),
        ("<noscript>enable js</noscript>kept<template><p>t</p></template>", "kept"),
        ("one<br>two<br/>three", "one two three"),
        ("<p>first</p><p>second</p>", "first second"),
        ("  spread \n\t out  ", "spread out"),
        ("a<!-- a comment -->b", "ab"),
        ("<span class='x'>plain</span> <u>under</u>", "plain under"),
        ("a&#1;b&#x1b;c", "abc"),  # control characters from entities are dropped
        ("I&#39;m &quot;here&quot;", 'I\'m "here"'),
        # Things bs4 would warn about or treat as a whole document.
        ("https://example.com/page", "https://example.com/page"),
        ("notes.txt", "notes.txt"),
        ("<?xml version='1.0'?><item>x</item>", "x"),
        ("</div>stray closers</p>", "stray closers"),
        ("<b>unclosed bold", "unclosed bold"),
    ],
)
def test_fragment_text(html: str, text: str) -> None:
    assert convert(html).text == text


@pytest.mark.parametrize(
    "html",
    ["", "   ", "<b> </b>", "<script>only code</script>", "<!-- nothing -->", "<br><br>"],
)
def test_fragment_without_text_gives_no_block(html: str) -> None:
    assert fragment_to_block(html) is None


@pytest.mark.parametrize(
    ("html", "text", "marks"),
    [
        (
            "x <b>bold <i>both</i></b> and <em>it</em>",
            "x bold both and it",
            [("bold", "bold both", None), ("italic", "both", None), ("italic", "it", None)],
        ),
        (
            "<strong>Strong</strong> then <i><b>nested</b></i>",
            "Strong then nested",
            [("bold", "Strong", None), ("bold", "nested", None), ("italic", "nested", None)],
        ),
        ("<b> padded </b>word", "padded word", [("bold", "padded", None)]),
        ("<b>a</b><b>b</b>", "ab", [("bold", "ab", None)]),  # touching marks merge
        ("<b>a</b> <b>b</b>", "a b", [("bold", "a", None), ("bold", "b", None)]),
        ("<b>line<br>break</b>", "line break", [("bold", "line break", None)]),
        (
            '<a href="https://a.org">outer <a href="https://b.org">inner</a></a>',
            "outer inner",
            [("link", "outer", "https://a.org"), ("link", "inner", "https://b.org")],
        ),
        (
            'Read <a href="https://example.org/x?a=1&amp;b=2">this page</a>.',
            "Read this page.",
            [("link", "this page", "https://example.org/x?a=1&b=2")],
        ),
        (
            '<a href=" mailto:desk@example.org ">mail <b>us</b></a>',
            "mail us",
            [("link", "mail us", "mailto:desk@example.org"), ("bold", "us", None)],
        ),
        ('<a href="HTTP://EXAMPLE.ORG">loud</a>', "loud", [("link", "loud", "HTTP://EXAMPLE.ORG")]),
        ('<a href="javascript:alert(1)">bad</a>', "bad", []),
        ('<a href="java&#x09;script:alert(1)">hidden tab</a>', "hidden tab", []),
        ('<a href="data:text/html,hi">data</a>', "data", []),
        ('<a href="/relative/page">relative</a>', "relative", []),
        ("<a>no href</a>", "no href", []),
        # Offsets count code points, so an emoji before a mark must not shift it.
        (
            "\U0001f600 <b>smile</b> \U0001f44d\U0001f3fd <i>ok</i>",
            "\U0001f600 smile 👍🏽 ok",
            [
                ("bold", "smile", None),
                ("italic", "ok", None),
            ],
        ),
        # Decomposed accents become NFC and the marks after them move back with the text.
        (
            "Cafe\u0301 <b>cre\u0300me</b> bru\u0302le\u0301e <i>fin</i>",
            "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e fin",
            [("bold", "cr\u00e8me", None), ("italic", "fin", None)],
        ),
        ("&eacute;t&eacute; <b>&amp;co</b>", "été &co", [("bold", "&co", None)]),
    ],
)
def test_fragment_marks(html: str, text: str, marks: list[tuple[str, str, str | None]]) -> None:
    block = convert(html)
    assert block.text == text
    assert sorted(marked(block)) == sorted(marks)


def test_deep_nesting_is_handled_without_recursion() -> None:
    block = convert("<b>" * 5000 + "deep" + "</b>" * 5000)
    assert marked(block) == [("bold", "deep", None)]


def test_fragment_kind_is_passed_through() -> None:
    assert convert("x").kind == "paragraph"
    block = fragment_to_block("<h2>x</h2>", kind="heading")
    assert block is not None and block.kind == "heading"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<b class="lead">The whole lead. </b>', True),
        ("<strong>one</strong> <b>two</b>", True),
        (" <b>padded</b> ", True),
        ("<b>The <i>whole</i> lead</b>", True),
        ("<b>partly</b> bold", False),
        ("<i>italic</i>", False),
        ("plain", False),
    ],
)
def test_is_all_bold(html: str, expected: bool) -> None:
    assert is_all_bold(convert(html)) is expected


def test_as_lead_drops_bold_but_keeps_other_marks() -> None:
    lead = as_lead(convert('<b>Lead <i>with</i> <a href="https://x.org">link</a></b>'))
    assert lead.kind == "lead"
    assert sorted(marked(lead)) == [("italic", "with", None), ("link", "link", "https://x.org")]


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("https://a.org/", "https://a.org/"),
        ("  http://a.org  ", "http://a.org"),
        ("mailto:x@a.org", "mailto:x@a.org"),
        ("javascript:void(0)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("vbscript:x", None),
        ("https://", None),
        ("//a.org/x", None),
        ("#anchor", None),
        ("", None),
    ],
)
def test_safe_href(href: str, expected: str | None) -> None:
    assert safe_href(href) == expected


@settings(max_examples=300)
@given(st.text(st.characters(blacklist_characters="<&"), max_size=80))
def test_plain_text_shortcut_reads_as_the_parser_would(text):
    # Fragments without markup skip the HTML parser; the result must not depend on that.
    assert fragment_to_block(text) == _parsed_fragment_to_block(text, "paragraph")


@st.composite
def _bold_blocks(draw: st.DrawFn) -> Block:
    text = draw(st.text(st.sampled_from("ab \n"), max_size=20))
    marks = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        marks.append(Mark(draw(st.sampled_from(["bold", "italic"])), start, end))
    return Block("paragraph", text, tuple(marks))


@given(_bold_blocks())
def test_is_all_bold_agrees_with_a_character_by_character_check(block):
    bold = set()
    for mark in block.marks:
        if mark.kind == "bold":
            bold.update(range(mark.start, mark.end))
    expected = all(i in bold or ch.isspace() for i, ch in enumerate(block.text))
    assert is_all_bold(block) is expected
