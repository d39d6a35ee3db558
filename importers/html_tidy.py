"""Last touches on an extracted article: what the content finder leaves that a reader would not.

The page's own headline often opens the body again; news sites end articles with teaser cards
("Other columns": a linked headline over a standfirst) that look like content to any extractor;
and a standfirst set all in bold is the article's lead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from importers.draft import Block
from importers.html_fragments import as_lead, is_all_bold

_WORDS = re.compile(r"\w+")
_LINKED_SHARE = 0.5  # a heading that is mostly link text is a teaser's headline
_MIN_TEASERS = 2
_MIN_KEPT_SHARE = 0.5  # never cut more than half of the article's text


def tidy_blocks(blocks: Sequence[Block], title: str) -> list[Block]:
    kept = drop_trailing_teasers(drop_repeated_title(list(blocks), title))
    if kept and kept[0].kind == "paragraph" and is_all_bold(kept[0]):
        kept[0] = as_lead(kept[0])
    return kept


def drop_repeated_title(blocks: list[Block], title: str) -> list[Block]:
    """The blocks without a leading heading (or paragraph) that only repeats the title."""
    wanted = _comparable(title)
    for index, block in enumerate(blocks[:3]):
        if wanted and _comparable(block.text) == wanted:
            return blocks[:index] + blocks[index + 1 :]
        if block.kind != "heading":
            break  # the title only counts while nothing but headings came before it
    return blocks


def drop_trailing_teasers(blocks: list[Block]) -> list[Block]:
    """The blocks without a closing run of teasers: headings that are mostly a link, with
    whatever follows them, and the section heading just before the first of them.

    The run starts at a linked heading: the article's own subheadings above it are not
    teasers, however many linked headings follow them.
    """
    headings = [i for i, block in enumerate(blocks) if block.kind == "heading"]
    start = None
    for position, index in enumerate(headings):
        tail = headings[position:]
        linked = [i for i in tail if _is_linked(blocks[i])]
        if linked[:1] == [index] and len(linked) >= _MIN_TEASERS and len(linked) * 2 > len(tail):
            start = index
            break
    if start is None:
        return blocks
    if start and blocks[start - 1].kind == "heading":
        start -= 1  # "More from Opinion" over the cards
    total = sum(len(block.text) for block in blocks)
    if sum(len(block.text) for block in blocks[:start]) < total * _MIN_KEPT_SHARE:
        return blocks
    return blocks[:start]


def _is_linked(block: Block) -> bool:
    covered = sum(m.end - m.start for m in block.marks if m.kind == "link")
    return covered >= len(block.text) * _LINKED_SHARE


def _comparable(text: str) -> str:
    return " ".join(_WORDS.findall(unicodedata.normalize("NFKC", text).casefold()))
