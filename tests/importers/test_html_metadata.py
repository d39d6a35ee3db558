"""Headline, date, byline, outlet and address of saved pages, each source in priority order."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.importers.html_pages import ARTICLE, fixture, page, parse

# --- metadata --------------------------------------------------------------------------------

LD = """<script type="application/ld+json">{"@type": "NewsArticle", "headline": "LD headline",
"datePublished": "2021-03-04T10:00:00Z", "author": {"@type": "Person", "name": "LD Author"},
"publisher": {"@type": "Organization", "name": "LD Outlet"}}</script>"""
OG = """<meta property="og:title" content="OG title">
<meta property="og:site_name" content="OG Outlet">
<meta property="article:published_time" content="2021-03-05T10:00:00Z">
<meta property="og:url" content="https://og.example/story">"""
META = """<meta name="author" content="Meta Author">
<meta name="application-name" content="App Outlet">
<meta name="pubdate" content="2021-03-07">"""
TITLE = "<title>Title tag headline | Site Name</title>"
H1 = '<h1>Heading headline</h1><p class="byline">By Byline Author</p>'
TIME = '<time datetime="2021-03-06T08:00:00Z" pubdate>6 March</time>'


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        (LD + OG + TITLE, H1, "LD headline"),
        (OG + TITLE, H1, "OG title"),
        (TITLE, H1, "Heading headline"),
        (TITLE, "", "Title tag headline"),
        ("<title>Bridge to close - Wharf Weekly</title>", "", "Bridge to close"),
        (
            "<title>Bridge to close for June | Local | Wharf Weekly</title>",
            "",
            "Bridge to close for June",
        ),
        # A heading that is all one link is the site's logo, not the headline.
        (
            TITLE,
            '<header><h1><a href="/">Wharf <b>Weekly</b></a></h1></header>',
            "Title tag headline",
        ),
        ("<title>Bridge to close — Wharf Weekly</title>", "", "Bridge to close"),
        (
            "<title>Covid-19 - a year of closures and openings</title>",
            "",
            "Covid-19 - a year of closures and openings",
        ),
        (
            '<meta property="og:title" content="Vote count - live updates">',
            "",
            "Vote count - live updates",
        ),
        (
            '<meta property="og:title" content="Vote count | OG Outlet">'
            '<meta property="og:site_name" content="OG Outlet">',
            "",
            "Vote count",
        ),
    ],
)
def test_title_sources_in_priority_order(head: str, body: str, title: str) -> None:
    assert parse(page(head, body + ARTICLE)).title == title


@pytest.mark.parametrize(
    ("head", "body", "date"),
    [
        (LD + OG + META, TIME, dt.date(2021, 3, 4)),
        (OG + META, TIME, dt.date(2021, 3, 5)),
        (META, TIME, dt.date(2021, 3, 6)),
        (META, "", dt.date(2021, 3, 7)),
        ('<meta name="DC.date.issued" content="2019-11-02">', "", dt.date(2019, 11, 2)),
        (
            '<meta name="parsely-pub-date" content="2018-01-31T23:10:00.000Z">',
            "",
            dt.date(2018, 1, 31),
        ),
        (
            '<meta name="sailthru.date" content="Tue, 07 Feb 2017 10:00:00 +0000">',
            "",
            dt.date(2017, 2, 7),
        ),
        ('<meta name="date" content="7 February 2017">', "", dt.date(2017, 2, 7)),
        ('<meta name="date" content="next Tuesday">', "", None),
        ("", "", None),
    ],
)
def test_date_sources_in_priority_order(head: str, body: str, date: dt.date | None) -> None:
    assert parse(page(head, body + ARTICLE)).date == date


@pytest.mark.parametrize(
    ("head", "body", "author"),
    [
        (LD + META, H1, "LD Author"),
        (META, H1, "Meta Author"),
        ("", '<a rel="author" href="/p/r">Rel Author</a>', "Rel Author"),
        ("", H1, "Byline Author"),
        (
            "",
            '<span itemprop="author"><span itemprop="name">Item Author</span> —</span>',
            "Item Author",
        ),
        ('<meta name="author" content="https://social.example/someone">', H1, "Byline Author"),
        (
            '<script type="application/ld+json">{"@type": "Article", "author": '
            '[{"name": "A One"}, {"name": "B Two"}, "C Three"]}</script>',
            "",
            "A One, B Two, C Three",
        ),
        ("", "", ""),
    ],
)
def test_author_sources_in_priority_order(head: str, body: str, author: str) -> None:
    assert parse(page(head, body + ARTICLE)).author == author


@pytest.mark.parametrize(
    ("head", "source", "url"),
    [
        (LD + OG + META, "LD Outlet", "https://og.example/story"),
        (OG + META, "OG Outlet", "https://og.example/story"),
        (META, "App Outlet", ""),
        (
            '<meta property="og:site_name" content="http://www.site.example">' + META,
            "App Outlet",
            "",
        ),
        (
            '<link rel="canonical" href="https://c.example/a">' + OG,
            "OG Outlet",
            "https://c.example/a",
        ),
        ('<link rel="canonical" href="/relative/only">', "", ""),
    ],
)
def test_outlet_and_address(head: str, source: str, url: str) -> None:
    draft = parse(page(head))
    assert (draft.source, draft.url) == (source, url)


def test_json_ld_graph_with_references_and_a_malformed_block() -> None:
    draft = fixture("graph_page.html")
    assert draft.title == "Allotment waiting lists grow longer"
    assert draft.author == "Priya Raman"
    assert draft.source == "Riverside Gazette"
    assert draft.date == dt.date(2022, 9, 14)
    assert draft.blocks[0].text.startswith("The waiting list for an allotment")


@pytest.mark.parametrize(
    "ld",
    [
        '[{"@type": "WebPage"}, {"@type": "ReportageNewsArticle", "headline": "From a list"}]',
        '{"@type": "WebPage", "mainEntity": {"@type": "BlogPosting", "headline": "From a list"}}',
        '{"@type": "https://schema.org/NewsArticle", "headline": "From a list"}',
    ],
)
def test_json_ld_shapes(ld: str) -> None:
    head = f'<script type="application/ld+json">{ld}</script>'
    assert parse(page(head)).title == "From a list"


def test_page_without_metadata_takes_its_h1() -> None:
    draft = fixture("h1_only.html")
    assert draft.title == "Night buses return to the ring road"
    assert (draft.author, draft.date, draft.source, draft.url) == ("", None, "", "")
    assert draft.blocks[0].text.startswith("Night buses will run on the ring road again")
