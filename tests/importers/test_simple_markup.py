"""The fast reader of simple paragraph markup must agree with the full HTML parser."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importers.html_fragments import _parsed_fragment_to_block, fragment_to_block
from importers.simple_markup import NOT_SIMPLE, tokenize

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

_NAMES = ["p", "P", "b", "strong", "i", "EM", "a", "span", "u", "sub", "div", "br", "q", "script"]
_HREFS = ["https://example.org/a?b=1", "mailto:x@example.org", "javascript:alert(1)", "/rel", ""]
_ENTITIES = [
    "&amp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&nbsp;",
    "&#8217;",
    "&#x2014;",
    "&#150;",
    "&#0;",
    "&#xD800;",
    "&apos;",
    "&copy;",
    "&amp",
    "& ",
    "&#9;",
    "&#1114112;",
]

_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="<&"), max_size=12
) | st.sampled_from([" ", "\n", "\t", "\x00", "\x07", ">", "é", "e\u0301", "🙂"])
_attribute = st.one_of(
    st.sampled_from(_HREFS).map(lambda h: f' href="{h}"'),
    st.sampled_from(_HREFS).map(lambda h: f" HREF='{h}'"),
    st.just(' class="ssrcss-x e5"'),
    st.just(" hidden"),
    st.just(' href="a" href="https://b.org"'),
)


@st.composite
def _tag(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(_NAMES))
    kind = draw(st.sampled_from(["open", "open", "close", "self"]))
    if kind == "close":
        return f"</{name}>"
    attributes = "".join(draw(st.lists(_attribute, max_size=2)))
    return f"<{name}{attributes}{' /' if kind == 'self' else ''}>"


_fragments = st.lists(
    st.one_of(_text, _text, _tag(), st.sampled_from(_ENTITIES), st.just("<")), max_size=14
).map("".join)


_KNOWN = ["p", "b", "strong", "i", "em", "a", "span", "u", "small", "div"]
_safe_entities = st.sampled_from(_ENTITIES[:7])
_nested = st.recursive(
    st.one_of(_text, _safe_entities, st.sampled_from(["<br>", "<br/>", "<BR />"])),
    lambda inner: st.tuples(
        st.sampled_from(_KNOWN), st.lists(_attribute, max_size=1), st.lists(inner, max_size=4)
    ).map(lambda t: f"<{t[0]}{''.join(t[1])}>{''.join(t[2])}</{t[0]}>"),
    max_leaves=12,
)


@settings(max_examples=800)
@given(_fragments | st.lists(_nested, max_size=4).map("".join))
def test_fast_path_gives_what_the_parser_gives(html):
    assert fragment_to_block(html) == _parsed_fragment_to_block(html, "paragraph")


@pytest.mark.parametrize(
    "html",
    [
        '<b class="ssrcss-hmf8ql-BoldText e5tfeyi3">The foreign secretary said. </b>',
        "<p>Text with <i>speculation</i> and <a href='https://x.org/a'>a link</a>.</p>",
        "Caf&eacute;".replace("&eacute;", "&#233;") + " &amp; bar<br/>next",
        "<p>Unclosed at the end",
    ],
)
def test_typical_scraped_paragraphs_take_the_fast_path(html):
    assert tokenize(html) is not NOT_SIMPLE
    assert fragment_to_block(html) == _parsed_fragment_to_block(html, "paragraph")


@pytest.mark.parametrize(
    "html",
    ["<!-- note -->x", "<script>x</script>", "<b><i>x</b></i>", "a < b", "&copy; 2022", "</p>x"],
)
def test_anything_else_goes_to_the_parser(html):
    assert tokenize(html) is NOT_SIMPLE


def test_seed_paragraphs_read_the_same_either_way():
    found = sorted(SEEDS.glob("004_*.txt"))
    if not found:
        pytest.skip(f"{SEEDS} holds no 004_*.txt seed (the shared seeds live beside the repo)")
    seed = found[0]
    for fragment in ast.literal_eval(seed.read_text(encoding="utf-8")):
        assert fragment_to_block(fragment) == _parsed_fragment_to_block(fragment, "paragraph")
