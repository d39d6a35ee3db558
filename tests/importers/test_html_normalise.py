"""Putting a saved page in shape before extraction: hidden text, split bodies, embedded posts."""

from __future__ import annotations

import lxml.html

from importers.html_normalise import (
    drop_hidden,
    join_split_containers,
    lift_embedded_posts,
    wrap_loose_text,
)
from tests.importers.html_pages import body_text, page, parse

PROSE = (
    "The old swing bridge over the canal will stay closed to traffic until the end of June while"
    " engineers replace the turning gear, which seized during the cold snap in January."
)
MORE = (
    "Pedestrians can still cross on the temporary footbridge beside it, but drivers face a detour"
    " of about two miles through the industrial estate, and buses will not stop on Wharf Road."
)
LAST = (
    "The council said the repair would cost less than replacing the bridge outright, and that the"
    " contractor had found no other damage to the structure during its inspection last week."
)


def test_text_a_browser_would_not_show_is_left_out() -> None:
    body = f"""<article><p>{PROSE}</p>
    <p hidden>Draft paragraph the editor hid before publishing, still in the saved page.</p>
    <div style="Visibility : hidden"><p>An old version of the standfirst, kept invisible.</p></div>
    <p>{MORE} <span aria-hidden="true">Icon label</span></p><p>{LAST}</p></article>"""
    text = body_text(parse(page("<title>Bridge</title>", body)))
    assert text == f"{PROSE}\n\n{MORE}\n\n{LAST}"


def test_a_page_its_scripts_reveal_is_not_dropped_whole() -> None:
    root = lxml.html.document_fromstring(
        f'<html><body><div style="display:none"><p>{PROSE}</p><p>{MORE}</p></div>'
        '<p style="display:none">Hidden note.</p></body></html>'
    )
    drop_hidden(root.body)
    assert PROSE in root.body.text_content() and "Hidden note" not in root.body.text_content()


def test_a_body_split_around_an_advert_is_read_whole() -> None:
    # Extractors take the first container named like a body and lost the second half.
    body = f"""<main><h1>Bridge closed</h1>
    <div class="article-body"><p>{PROSE}</p><p>{MORE}</p></div>
    <div class="advert">Advertisement</div>
    <div class="article-body"><p>{LAST}</p><p>Work starts on Monday, said a spokesman for the
    contractor, and should be finished before the summer boat traffic begins.</p></div>
    </main>"""
    text = body_text(parse(page("<title>Bridge closed</title>", body)))
    assert text.startswith(PROSE)
    assert "before the summer boat traffic begins." in text
    assert "Advertisement" not in text


def test_parts_are_not_joined_across_a_heading_or_other_text() -> None:
    root = lxml.html.document_fromstring(
        f'<html><body><div class="text"><p>{PROSE}</p></div><h2>Detour</h2>'
        f'<div class="text"><p>{MORE}</p></div><p>{LAST}</p><div class="text"><p>{PROSE}</p>'
        f'</div><div class="ad">Ad</div><div class="text"><p>{LAST}</p></div></body></html>'
    )
    join_split_containers(root.body)
    assert [child.tag for child in root.body] == ["div", "h2", "div", "p", "div", "div"]
    assert len(root.body[4]) == 2  # the last two parts, around the ad, are one now


def test_an_embedded_post_keeps_its_text() -> None:
    # The wrapper's class ("embed") reads as a share widget to trafilatura, which dropped it.
    tweet = (
        '<div class="embed-social"><blockquote class="twitter-tweet"><p>The footbridge is open'
        " again from seven this morning, with marshals on both banks.</p>&mdash; Canal Trust"
        ' (@canaltrust)</blockquote><script src="widgets.js"></script></div>'
    )
    body = f"<article><p>{PROSE}</p><p>{MORE}</p>{tweet}<p>{LAST}</p></article>"
    draft = parse(page("<title>Bridge</title>", body))
    quotes = [block.text for block in draft.blocks if block.kind == "quote"]
    assert quotes == [
        "The footbridge is open again from seven this morning, with marshals on both banks.",
        "— Canal Trust (@canaltrust)",
    ]
    assert draft.blocks[-1].text == LAST


def test_a_post_is_only_lifted_out_of_wrappers_that_hold_little_else() -> None:
    root = lxml.html.document_fromstring(
        f'<html><body><div class="share-box"><p>{PROSE}</p><blockquote class="instagram-media">'
        "<p>Sunset at the lock</p></blockquote></div></body></html>"
    )
    lift_embedded_posts(root.body)
    box = root.body[0]
    assert box.get("class") == "share-box" and box[1].tag == "blockquote"
    assert box[1].attrib == {}


def test_a_table_set_in_a_blockquote_keeps_its_cells() -> None:
    rows = "".join(
        f'<tr><td><a href="/r/{n}">4.2.{n}</a></td><td>{month} 2014</td></tr>'
        for n, month in ((3, "April"), (4, "May"), (5, "June"))
    )
    body = f"""<article><p>{PROSE}</p><p>The releases of the year:</p>
    <blockquote><table><tr><th>Release</th><th>Date</th></tr>{rows}</table></blockquote>
    <p>{MORE}</p><p>{LAST}</p></article>"""
    texts = [block.text for block in parse(page("<title>Releases</title>", body)).blocks]
    assert texts[2:6] == ["Release Date", "4.2.3 April 2014", "4.2.4 May 2014", "4.2.5 June 2014"]


def test_a_link_styled_inside_keeps_its_address_and_the_space_after_it() -> None:
    # trafilatura lost <a><em>…</em></a> and the space after it: "on Netflixand available".
    line = (
        'It is streaming on <a href="https://tv.example/"><em>Netflix</em></a> <em>and</em>'
        ' <a href="https://rent.example/"><b>Rent</b></a>, today.'
    )
    body = f"<article><p>{PROSE}</p><p>{line}</p><p>{MORE}</p></article>"
    block = parse(page("<title>Bridge</title>", body)).blocks[1]
    assert block.text == "It is streaming on Netflix and Rent, today."
    assert [(m.kind, block.text[m.start : m.end], m.href) for m in block.marks] == [
        ("link", "Netflix", "https://tv.example/"),
        ("italic", "and", None),
        ("link", "Rent", "https://rent.example/"),
    ]


def test_loose_text_beside_paragraphs_is_a_paragraph() -> None:
    # trafilatura dropped the container's own text before the link and glued the rest to it:
    # "Supreme Courthas found …".
    loose = (
        "The flag code has guidelines for the treatment of the flag but no punishments. In the"
        ' past, the <a href="https://court.example/">Supreme Court</a> has found that people are'
        " protected from punishment for burning the flag."
    )
    body = f"""<article><div class="story"><div class="photo"><img src="f.jpg"><p
    class="legend">Photo: Harbour Studio</p></div>{loose}<p></p><p>{PROSE}</p><p>{MORE}</p>
    </div></article>"""
    texts = [block.text for block in parse(page("<title>Flag</title>", body)).blocks]
    assert texts[-3:] == [
        "The flag code has guidelines for the treatment of the flag but no punishments. In the"
        " past, the Supreme Court has found that people are protected from punishment for"
        " burning the flag.",
        PROSE,
        MORE,
    ]


def test_wrapping_keeps_the_order_and_leaves_blank_runs_alone() -> None:
    root = lxml.html.document_fromstring(
        "<html><body><div>one <b>two</b><p>three</p> <h2>four</h2>five<br>six</div></body></html>"
    )
    wrap_loose_text(root.body)
    div = root.body[0]
    assert [child.tag for child in div] == ["p", "p", "h2", "p"]
    assert [child.text_content() for child in div] == ["one two", "three", "four", "fivesix"]
    assert div[1].tail == " "
