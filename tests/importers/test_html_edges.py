"""The edges of an extracted article: teaser and promo lines, link-dense blocks at either end."""

from __future__ import annotations

from importers.draft import Block
from importers.html_body import Body
from importers.html_edges import is_teaser_line, trim_edges, vote_on_edges
from tests.importers.html_pages import page, parse
from tests.importers.test_html_normalise import LAST, MORE, PROSE


def test_teasers_promos_and_link_strips_are_cut_from_the_article() -> None:
    # Inside the article element, all of these came through the extractor as article text.
    body = f"""<article><p><a href="/ferries">Ferries</a> <a href="/harrow">Harrow Island</a>
    <a href="/transport">Transport</a></p><p>{PROSE}</p>
    <p><strong>Read more:</strong> <a href="/pier">Pier repairs on Harrow delayed again</a></p>
    <p>{MORE}</p><h3>Most read</h3><p>{LAST}</p>
    <p>Sign up for our morning newsletter to get the island's news before the first ferry.</p>
    <p><a href="/a">Cannery to hire forty</a></p><p><a href="/b">School bus times change</a></p>
    </article>"""
    texts = [block.text for block in parse(page("<title>Bridge</title>", body)).blocks]
    assert texts == [PROSE, MORE, LAST]


def _body(*blocks: tuple[str, int]) -> Body:
    return Body([Block("paragraph", text) for text, _ in blocks], [n for _, n in blocks])


def test_only_the_edges_lose_link_dense_blocks() -> None:
    linked_middle = "See the council's report, the contractor's plan and the trust's map."
    body = _body((PROSE, 0), (linked_middle, 60), (MORE, 0), ("Harrow ferries", 13))
    assert [block.text for block in trim_edges(body)] == [PROSE, linked_middle, MORE]


def test_trimming_never_takes_most_of_the_text() -> None:
    body = _body(("Short lead.", 0), (PROSE + MORE, len(PROSE + MORE) - 20))
    assert trim_edges(body) == body.blocks


def test_teaser_lines_are_short_and_start_with_their_label() -> None:
    for line in ("Related", "Read more: Pier repairs delayed", "MOST READ", "Lire aussi » Le port"):
        assert is_teaser_line(Block("paragraph", line)), line
    for line in (
        "Related stories were not what the council had in mind when it met on Tuesday.",
        "Readers more often asked about the timetable than the fares.",
        "The trust will subscribe the island to the county's flood warning scheme next year,"
        " a spokesman said, after the storms of the last three winters flooded the quay, the"
        " chandlery and the lower road twice, and cut the ferry service for most of a week.",
        "Islanders can now sign up for the ferry company's text alerts.",  # not a promo
    ):
        assert not is_teaser_line(Block("paragraph", line)), line


def test_edge_blocks_the_second_reading_does_not_support_are_cut() -> None:
    # trafilatura keeps these boxes as article text; readability weighs their class names
    # ("sponsor", "shopping") as boilerplate and leaves them out, so the vote drops them.
    body = f"""<article><div class="sponsor-note"><p>Produced with the support of the Harrow
    Island Trust.</p></div><p>{PROSE}</p><p>{MORE}</p><p>{LAST}</p><p>{PROSE.upper()}</p>
    <div class="shopping-box"><p>Buy the ferry timetable booklet at the harbour shop for two
    pounds.</p></div></article>"""
    texts = [block.text for block in parse(page("<title>Bridge</title>", body)).blocks]
    assert texts == [PROSE, MORE, LAST, PROSE.upper()]


def test_the_vote_never_cuts_the_middle_or_long_paragraphs() -> None:
    aside = Block("paragraph", "A line the other reading left out.")
    long_tail = Block("paragraph", "An unsupported closing paragraph. " * 10)
    blocks = [Block("paragraph", PROSE), aside, Block("paragraph", MORE), long_tail]
    for share in range(0, 6):
        blocks.insert(2, Block("paragraph", f"{LAST} ({share})"))
    other = " ".join(block.text for block in blocks if block not in (aside, long_tail))
    assert vote_on_edges(blocks, lambda: other) == blocks


def test_the_vote_cuts_a_closing_run_of_other_stories_up_to_its_share() -> None:
    # A newsletter box and a list of other stories after the article: a fifth of the text,
    # none of it in the other reading.
    article = [Block("paragraph", text) for text in (PROSE, MORE, LAST)]
    others = [
        Block("list-item", f"Other story number {n} about the island's {topic}")
        for n, topic in enumerate(("cannery", "school bus", "pier"))
    ]
    other = " ".join(block.text for block in article)
    assert sum(len(b.text) for b in others) > 0.15 * sum(len(b.text) for b in article + others)
    assert vote_on_edges(article + others, lambda: other) == article
    # Never more than that share: a reading that found only part of the article loses.
    assert vote_on_edges(article + others * 3, lambda: other) == article + others * 3


def test_no_vote_when_the_readings_disagree() -> None:
    blocks = [Block("paragraph", "A short stray line."), Block("paragraph", PROSE + MORE + LAST)]
    assert vote_on_edges(blocks, lambda: "Another story, about the harbour cafe.") == blocks
    assert vote_on_edges(blocks, lambda: PROSE + MORE + LAST) == blocks[1:]


def test_the_other_reading_is_only_made_when_an_edge_is_short() -> None:
    def never() -> str:
        raise AssertionError("the other reading was made")

    blocks = [
        Block("paragraph", PROSE + MORE),
        Block("paragraph", "x"),
        Block("paragraph", LAST * 2),
    ]
    assert vote_on_edges(blocks, never) == blocks
