"""The html-page importer: the article body, failures, choosing the importer, safety."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from importers.draft import Block, ImportFailure, Mark
from importers.html_tidy import drop_trailing_teasers, tidy_blocks
from importers.registry import HEAD_BYTES, choose_importer, parse_file
from models.search import matching_article_ids
from models.storing import store_drafts
from tests.importers.html_pages import (
    ARTICLE,
    FIXTURES,
    IMPORTER,
    body_text,
    fixture,
    marked,
    page,
    parse,
)

# --- the article body ------------------------------------------------------------------------


def test_news_page_keeps_the_article_and_nothing_else() -> None:
    text = body_text(fixture("news_page.html"))
    for wanted in (
        "Islanders on Harrow will have only two ferry crossings a day",
        "About three hundred people live on Harrow all year round.",
        "A decision is expected at the transport committee on 18 May.",
    ):
        assert wanted in text
    for boilerplate in (
        "We use cookies",  # cookie banner
        "Accept all cookies",
        "Local news",  # navigation
        "Harbour and shipping",
        "Subscribe today",
        "Share on Socialbook",  # share bar
        "Email this story",
        "Related stories",  # related articles
        "Pier repairs on Harrow",
        "Cannery to hire forty",
        "Reader comments",  # comments
        "third cut in five years",
        "Bring back the old council boat",
        "SeaView42",
        "All rights reserved",  # footer
        "Privacy notice",
        "Contact the newsroom",
        "SCRIPT TEXT",  # scripts and styles
        "footer script",
        "font-family",
        "dataLayer",
    ):
        assert boilerplate not in text, boilerplate


def test_news_page_structure_and_marks() -> None:
    draft = fixture("news_page.html")
    assert [block.kind for block in draft.blocks] == [
        "paragraph",
        "paragraph",
        "heading",
        "paragraph",
        "quote",
        "paragraph",
        "list-item",
        "list-item",
        "list-item",
        "paragraph",
    ]
    first, second, heading, _, quote, _, item, *_ = draft.blocks
    assert marked(first) == [("bold", "early morning sailing", None)]
    assert marked(second) == [
        ("italic", "national shortage of qualified deckhands", None),
        (
            "link",
            "new timetable on the operator's website",
            "https://ferries.example/harrow/timetable",
        ),
    ]
    assert heading.text == "A lifeline for three hundred people"
    assert quote.text.startswith("If the seven o'clock boat goes")
    assert item.text == "Secondary pupils would miss the first lesson every day."


def test_title_is_not_repeated_as_the_first_block() -> None:
    draft = fixture("news_page.html")
    assert draft.title == "Ferry service to Harrow Island cut to two crossings a day"
    assert all(draft.title not in block.text for block in draft.blocks)


def test_every_block_is_normalised_and_marks_stay_inside() -> None:
    for name in ("news_page.html", "graph_page.html", "windows1252.html", "h1_only.html"):
        for block in fixture(name).blocks:
            assert block.text == block.text.strip() and "  " not in block.text
            for mark in block.marks:
                assert 0 <= mark.start < mark.end <= len(block.text)


def test_links_are_resolved_against_the_page_and_unsafe_ones_dropped() -> None:
    body = """<article><p>Read <a href="/reports/2023.pdf">the annual report</a>, the
    <a href="javascript:alert(1)">script link</a> and <a href="mailto:desk@paper.example">the
    desk</a> for details of the spending on roads, schools and libraries across the county over
    the past year, which the council publishes every spring.</p>
    <p>A second paragraph makes this a page with enough text to be an article about budgets, with
    more words on how the money was divided between the districts and what was left over.</p>
    </article>"""
    head = '<link rel="canonical" href="https://paper.example/news/budget">'
    first = parse(page(head, body)).blocks[0]
    assert marked(first) == [
        ("link", "the annual report", "https://paper.example/reports/2023.pdf"),
        ("link", "the desk", "mailto:desk@paper.example"),
    ]


def test_text_after_an_html_comment_inside_a_paragraph_is_kept() -> None:
    # Parsed with its comments, the page lost what follows one: trafilatura stops at the node.
    body = ARTICLE.replace(
        "cold snap in January.", "cold snap <!-- ad slot --> in January, <b>engineers</b> said."
    ).replace("Wharf Road.", "Wharf Road.<!--x--> Taxis will wait at the lock.")
    texts = [block.text for block in parse(page(body=body)).blocks]
    assert texts[0].endswith("during the cold snap in January, engineers said.")
    assert texts[1].endswith("will not stop on Wharf Road. Taxis will wait at the lock.")
    assert len(texts) == 3


def test_code_is_a_block_only_when_it_stands_alone() -> None:
    body = ARTICLE.replace(
        "<p>Pedestrians", "<p>Run <code>make bridge</code> to see. <pre><code>x = 1</code></pre>"
    ).replace("Wharf Road.</p>", "Wharf Road.")
    texts = [block.text for block in parse(page(body=body)).blocks]
    assert "Run make bridge to see." in texts
    assert "x = 1" in texts


def test_a_bold_standfirst_becomes_the_lead() -> None:
    body = ARTICLE.replace("<p>The old swing", "<p><strong>The old swing").replace(
        "in January.</p>", "in January.</strong></p>"
    )
    draft = parse(page(body=body))
    assert draft.blocks[0].kind == "lead" and draft.blocks[0].marks == ()


def test_trailing_teaser_cards_are_dropped() -> None:
    prose = [
        Block("paragraph", f"Paragraph {n} of the article, with some words in it. " * 4)
        for n in range(4)
    ]
    teasers = [
        Block("heading", "More from Opinion"),
        Block(
            "heading", "Editorial Fraser's legacy", (Mark("link", 10, 25, "https://x.example/a"),)
        ),
        Block("paragraph", "A standfirst for the first teaser."),
        Block(
            "heading",
            "Own backyard Local issues first",
            (Mark("link", 13, 31, "https://x.example/b"),),
        ),
        Block("paragraph", "A standfirst for the second teaser."),
    ]
    assert drop_trailing_teasers(prose + teasers) == prose
    # Subheadings that happen to hold a link do not make an article a teaser list.
    inline = [prose[0], teasers[1], prose[1], Block("heading", "Plain"), prose[2], prose[3]]
    assert drop_trailing_teasers(inline) == inline
    # The article's last subheadings stay, though linked cards outnumber them after it.
    sections = [Block("heading", "Opting out?"), prose[2], Block("heading", "Fix it"), prose[3]]
    cards = teasers[1:3] + teasers[3:] + [teasers[1]]
    assert drop_trailing_teasers(prose[:2] + sections + cards) == prose[:2] + sections


def test_repeated_title_is_only_dropped_at_the_start() -> None:
    blocks = [
        Block("heading", "The Title!"),
        Block("paragraph", "Body."),
        Block("heading", "The title"),
    ]
    assert [b.text for b in tidy_blocks(blocks, "the title")] == ["Body.", "The title"]


# --- failures --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "",
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>'
        '<li><a href="/sport">Sport</a></li></ul></nav><footer><a href="/p">Privacy</a></footer>',
        "<h1>Only a headline</h1>",
        "<script>var article = 'text in a script is not an article';</script>",
    ],
)
def test_page_without_an_article_fails_plainly(body: str) -> None:
    with pytest.raises(ImportFailure, match="^no article text found$"):
        parse(page("<title>Only a headline</title>", body))


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"<html>\x00\x00\x01binary", "binary file, not text"), (b"  \n ", "file has no text")],
)
def test_unreadable_files_fail_plainly(data: bytes, reason: str) -> None:
    with pytest.raises(ImportFailure, match=reason):
        parse(data)


# --- choosing the importer -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["saved.html", "saved.htm", "saved.xhtml", "saved", "saved.txt"])
def test_saved_pages_are_recognised_by_content(write_file: Callable[..., Path], name: str) -> None:
    path = write_file((FIXTURES / "news_page.html").read_bytes(), name)
    assert choose_importer(path, path.read_bytes()[:HEAD_BYTES]).name == "html-page"
    fmt, drafts = parse_file(path)
    assert fmt == "html-page" and drafts[0].raw == path.read_bytes()


@pytest.mark.parametrize(
    ("head", "score"),
    [
        (b"<!DOCTYPE html>\n<html>", 0.95),
        (b"\xef\xbb\xbf  <!-- saved from url=(0040)https://x.example/ -->\n<html lang=en>", 0.95),
        (b'<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "x">\n<html xmlns="y">', 0.95),
        (b"<head><title>t</title>", 0.95),
        (b"<div class=story><article><p>text", 0.6),
        (b'<?xml version="1.0"?><rss><channel><description>&lt;html&gt;', 0.0),
        (b"['<b>Lead</b>', 'Body']", 0.0),
        (b"plain text that mentions <html> later", 0.0),
    ],
)
def test_sniff_scores(head: bytes, score: float) -> None:
    assert IMPORTER.sniff(head, Path("file")) == score


def test_seed_formats_still_go_to_their_importers(
    write_file: Callable[..., Path], dated_seed: bytes, list_seed: bytes
) -> None:
    for data, name in ((dated_seed, "dated-text"), (list_seed, "paragraph-list")):
        path = write_file(data, "seed.txt")
        assert choose_importer(path, data[:HEAD_BYTES]).name == name


# --- safety ----------------------------------------------------------------------------------


def test_nothing_is_fetched_while_importing_or_importing_the_module() -> None:
    """In a fresh interpreter with the network cut off, so trafilatura's own import counts."""
    script = f"""
import socket
def refuse(*args, **kwargs):
    raise SystemExit("network used")
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from pathlib import Path
from importers.html_page import HtmlPageImporter
path = Path({str(FIXTURES / "news_page.html")!r})
(draft,) = HtmlPageImporter().parse(path.read_bytes(), path)
assert draft.blocks
print("ok")
"""
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "ok", result.stderr[-2000:]


def test_invisible_characters_are_not_stored_and_the_words_are_found(library: Path) -> None:
    # Sites hyphenate long words with &shy; and break URLs with zero-width spaces: kept, they
    # split the word for search ("Abgeordnetenhaus" matched nothing) and show nothing.
    html = page(
        "<title>Wahl zum Abgeordneten&shy;haus</title>",
        "<article><h1>Wahl zum Abgeordneten&shy;haus</h1><p>Das <b>Ab&shy;geord&shy;neten"
        "&shy;haus</b> tagt im news&#8203;room am Ufer, sagte die Spre&#8288;cherin am Montag,"
        " und die Sitzung des Ausschusses beginnt wie immer um zehn Uhr am Vormittag.</p>"
        "<p>Die Abgeordneten beraten dort &zwj;zuerst den Haushalt der Stadt, danach die"
        " Verkehrsplanung f\u00fcr die Bezirke am Ufer und die neuen Fahrradwege.</p></article>",
    )
    draft = parse(html)
    assert draft.title == "Wahl zum Abgeordnetenhaus"
    first = draft.blocks[0]  # the repeated headline is gone: it matches the title now
    assert first.text.startswith("Das Abgeordnetenhaus tagt im newsroom am Ufer, sagte die Spre")
    assert marked(first) == [("bold", "Abgeordnetenhaus", None)]
    assert "zuerst" in draft.blocks[1].text.split()
    [stored] = store_drafts([draft], "html-page", "wahl.html")
    for word in ("Abgeordnetenhaus", "newsroom", "Sprecherin", "zuerst"):
        assert matching_article_ids(word) == [stored.article_id]


def test_an_unclosed_xml_declaration_is_skipped_as_a_browser_skips_it() -> None:
    # A CMS wrote the keywords into the declaration and never closed it; a browser reads
    # "<?xml …" up to the first ">" as a bogus comment, lxml refused the whole page.
    html = '<?xml version="1.0" encoding="ferry, harbour, island" />\n' + page(
        "<title>Bridge closed</title>"
    )
    assert "swing bridge" in body_text(parse(html))
