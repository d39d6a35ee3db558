"""Whatever a saved page holds, the html-page importer gives a draft or a plain ImportFailure."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import mutated

from importers.draft import ImportFailure
from importers.registry import parse_file

FIXTURES = Path(__file__).parent / "fixtures" / "html"
PAGES = [(FIXTURES / name).read_bytes() for name in ("news_page.html", "graph_page.html")]
LEGACY = (FIXTURES / "windows1252.html").read_bytes()
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PIECES = st.sampled_from(
    ["<p>", "</p>", "<b>", "</b>", "<i>", "<em>", "</em>", "<h2>", "</h2>", "<blockquote>"]
    + ["<ul><li>", "</li></ul>", '<a href="https://x.example/">', '<a href="/rel">', "</a>"]
    + ['<a href="javascript:x()">', "<br>", "<table><tr><td>", "</td></tr></table>", "<nav>"]
    + ["</nav>", "<script>", "</script>", "<style>", "<!--", "-->", "<![CDATA[", "]]>", "<"]
    + ['<script type="application/ld+json">{"@type": "NewsArticle", "headline": ', '"x"}']
    + ['<meta charset="', 'utf-16">', "koi8-r", '<meta property="og:title" content="']
    + ["&amp;", "&#", "&#x1F600;", "&nbsp;", '"', "'", ">", "e\u0301", "\u00a0", "\x00", "\ufeff"]
    + ["The council met on Tuesday to discuss the new ferry timetable for the island. "] * 6
)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("html-fuzz") / "page.html"


def check_import(path: Path, data: bytes, fmt: str | None) -> None:
    path.write_bytes(data)
    try:
        _, drafts = parse_file(path, fmt)
    except ImportFailure as exc:
        assert " failed: " not in str(exc), str(exc)  # a wrapped crash is a bug
        assert str(exc)
        return
    for draft in drafts:
        assert draft.blocks and draft.raw == data
        for block in draft.blocks:
            assert block.text and block.text == block.text.strip()
            for mark in block.marks:
                assert 0 <= mark.start < mark.end <= len(block.text)
                assert mark.href is None or mark.href.startswith(("http", "mailto:"))


@FUZZ
@given(
    prefix=st.sampled_from([b"<!DOCTYPE html>", b"<html><body>", b"\xef\xbb\xbf<html>", b"<"]),
    tail=st.binary(max_size=1024),
    fmt=st.sampled_from([None, "html-page"]),
)
def test_random_bytes_behind_a_page_start(
    source: Path, prefix: bytes, tail: bytes, fmt: str | None
) -> None:
    check_import(source, prefix + tail, fmt)


@FUZZ
@given(st.data())
def test_mutated_pages(source: Path, data: st.DataObject) -> None:
    original = data.draw(st.sampled_from([*PAGES, LEGACY]))
    check_import(
        source,
        data.draw(mutated(original, edits=6, span=200, insert=32)),
        data.draw(st.sampled_from([None, "html-page"])),
    )


@FUZZ
@given(st.lists(PIECES, max_size=60).map("".join))
def test_tag_soup_in_a_page(source: Path, soup: str) -> None:
    page = f"<!DOCTYPE html><html><head><title>t</title></head><body>{soup}</body></html>"
    check_import(source, page.encode("utf-8", "surrogatepass"), "html-page")
