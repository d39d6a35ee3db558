"""Choosing the article body: trafilatura's fast mode first, its fallbacks only for a stub."""

from __future__ import annotations

from tests.importers.html_pages import body_text, page, parse

SHORT_ARTICLE = """<article><h1>Bridge closed</h1>
<p>The old swing bridge over the canal will stay closed to traffic until the end of June while
engineers replace the turning gear, which seized during the cold snap in January.</p>
<p>Pedestrians can still cross on the temporary footbridge beside it, but drivers face a detour
of about two miles through the industrial estate.</p>
<p>The council said the repair would cost less than replacing the bridge.</p>
</article>"""


def _column(count: int) -> str:
    """Another writer's column beside the article: longer than it, and prose too."""
    return (
        '<div class="column">'
        + "".join(
            f"<p>Plan {n} for the harbour was discussed at length by the council, which heard"
            " from residents, traders, and the ferry company about the costs, the timetable, and"
            " the effect on the island school, the surgery, and the shop over the coming winter"
            " months.</p>"
            for n in range(count)
        )
        + "</div>"
    )


def test_a_longer_column_beside_a_short_article_does_not_win_by_length() -> None:
    # The fallbacks are compared with the main extraction by length alone: run on every page,
    # readability swapped this 400-character article for (or added) the column beside it.
    text = body_text(parse(page("<title>Bridge closed</title>", SHORT_ARTICLE + _column(6))))
    assert text.startswith("The old swing bridge over the canal")
    assert text.endswith("less than replacing the bridge.")
    assert "harbour" not in text


def test_a_stub_is_retried_with_the_fallbacks() -> None:
    # One line in the article element and the text in loose divs: the fast pass finds only the
    # line, the fallbacks find the rest.
    loose = "".join(
        f"<div>Paragraph {n} of the story tells how the ferry timetable was cut, what the islanders"
        " said at the meeting in the village hall, and when the council will decide.</div>"
        for n in range(5)
    )
    html = page(
        "<title>Ferry</title>",
        f"<article><p>Ferry timetable cut.</p></article><div class='text'>{loose}</div>",
    )
    text = body_text(parse(html))
    assert "Paragraph 4 of the story" in text


REFRAIN = "And still the ferry does not come, and still the island waits for it."


def test_a_paragraph_the_article_repeats_is_kept_each_time() -> None:
    # trafilatura kept one copy of identical paragraphs: a refrain said three times came out once.
    verses = [
        "The first verse tells of the harbour at dawn, the nets, and the gulls on the quay.",
        "The second verse is the school run, the bus that no longer stops at Wharf Road.",
        "The last verse is the council chamber, and the vote nobody on the island heard.",
    ]
    body = "<article>" + "".join(
        f"<p>{verse}</p><p>{REFRAIN}</p><p>{REFRAIN}</p>" for verse in verses
    )
    body += "</article>"
    texts = [b.text for b in parse(page("<title>Ferry song</title>", body)).blocks]
    assert texts == [text for verse in verses for text in (verse, REFRAIN, REFRAIN)]


def test_a_text_block_the_article_repeats_is_kept_each_time() -> None:
    # A <div> of text is a paragraph too: trafilatura kept one of two identical ones.
    verse = "The first verse tells of the harbour at dawn, the nets, and the gulls on the quay."
    body = f"<article><div>{verse}</div><div>{REFRAIN}</div><div>{REFRAIN}</div></article>"
    texts = [b.text for b in parse(page("<title>Ferry song</title>", body)).blocks]
    assert texts == [verse, REFRAIN, REFRAIN]


def test_a_copy_elsewhere_on_the_page_does_not_repeat_a_paragraph() -> None:
    body = (
        SHORT_ARTICLE.replace("</article>", f"<p>{REFRAIN}</p></article>")
        + f'<aside class="teaser"><p>{REFRAIN}</p></aside>'
    )
    texts = [b.text for b in parse(page("<title>Bridge closed</title>", body)).blocks]
    assert texts.count(REFRAIN) == 1
