"""The edges of an extracted article: where the content finder's mistakes gather.

What an extractor lets through sits at the start and the end of the body: a strip of links
before the article, a "Related" list or a newsletter box after it. Teaser and promo lines
("Read more: …", "Most read", "Sign up for our newsletter") are dropped wherever they stand;
blocks that are mostly link text are only trimmed from the edges, since a paragraph that links
a lot in the middle of an article is still part of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from importers.draft import Block
from importers.html_body import Body

# Labels that introduce other stories or promotions rather than the article's own text,
# in the languages of the news a user is likely to study. A line is a teaser when it is one of
# these labels alone, or a label followed by a colon (or dash) and a short headline.
_LABELS = (
    r"read more|read also|read next|more to read|more on this( story| topic)?|see also|"
    r"related( stories| articles| content| coverage| links| topics| posts)?|also (on|in|read)|"
    r"don'?t miss|you may (also )?like|you might (also )?like|recommended( for you)?|"
    r"more (from|stories|news|in)\b.*|most (read|popular|viewed|shared)|top stories|"
    r"trending( now)?|latest (news|stories)|what to read next|editor'?s picks|"
    r"lire aussi|à lire aussi|voir aussi|lisez aussi|leer más|lea también|le puede interesar|"
    r"te puede interesar|weiterlesen|lesen sie auch|mehr zum thema|auch interessant|leia mais|"
    r"leia também|čtěte také|czytaj także|czytaj też"
)
_TEASER = re.compile(rf"^\W*(?:{_LABELS})\W*$|^\W*(?:{_LABELS})\s*[:|»›>–—-]\s*\S", re.I)
# Promotions of the publisher's own channels: a short line asking the reader to do something.
# Not "sign up" or "share this": articles about services and blogs asking for help say them.
_PROMO = re.compile(
    r"\b(?:subscribe|newsletter|download (?:our|the) app|get the app|follow us|"
    r"follow (?:him|her|them|the author)|like us on|join us on|click here|"
    r"inscrivez-vous|abonnez-vous|suscríbete|abonnieren)\b",
    re.I,
)
# The numbers below and the two lists were chosen on the news benchmark's pages, one half at a
# time (tests/perf/tune_html_extraction.py; the choices: tests/perf/html_extraction_folds.md).
MAX_TEASER_WORDS = 14  # a label and a headline; longer lines are sentences of the article
MAX_PROMO_WORDS = 35
MIN_LINK_SHARE = 0.6
_MIN_KEPT_SHARE = 0.5
# The vote: a block is supported when this share of its 4-grams is in the other reading, and
# the readings must share this much of the text for the vote to count at all.
MIN_SUPPORT = 0.6
MIN_AGREEMENT = 0.6
MAX_VOTED_LENGTH = 300  # characters: a longer block is a paragraph, not a stray line
MAX_EDGE_SHARE = 0.4  # the vote takes at most this share of the text from either end
_SHINGLE = 4
_WORD = re.compile(r"\w+")  # never trim away more than half of the article's text


def trim_edges(body: Body) -> list[Block]:
    """The blocks without teaser and promo lines, and without link-dense blocks at either end."""
    kept = [
        (block, linked)
        for block, linked in zip(body.blocks, body.linked, strict=True)
        if not is_teaser_line(block)
    ]
    dense = [_is_link_dense(block, linked) for block, linked in kept]
    start, end = 0, len(kept)
    while start < end and dense[start]:
        start += 1
    while end > start and dense[end - 1]:
        end -= 1
    trimmed = [block for block, _ in kept[start:end]]
    total = sum(len(block.text) for block in body.blocks)
    if sum(len(block.text) for block in trimmed) < total * _MIN_KEPT_SHARE:
        return list(body.blocks)
    return trimmed


def vote_on_edges(blocks: Sequence[Block], read_other: Callable[[], str]) -> list[Block]:
    """The blocks without those at the start and the end that the other reading (an
    independent extraction of the same page) does not support; the middle is never cut.

    A block is supported when most of its word 4-grams (all its words, if fewer) occur in the
    other reading. No vote when the two readings barely agree: the other found another text.
    The other reading is only made when an edge block is short enough to be voted off.
    """
    if not blocks or min(len(blocks[0].text), len(blocks[-1].text)) > MAX_VOTED_LENGTH:
        return list(blocks)
    words = _words(read_other())
    grams = set(_shingles(words))
    joined = f" {' '.join(words)} "
    support = [_support(block, grams, joined) for block in blocks]
    total = sum(len(block.text) for block in blocks)
    agreed = sum(share * len(block.text) for share, block in zip(support, blocks, strict=True))
    if not total or agreed < total * MIN_AGREEMENT:
        return list(blocks)
    doubtful = [
        share < MIN_SUPPORT and len(block.text) <= MAX_VOTED_LENGTH
        for share, block in zip(support, blocks, strict=True)
    ]
    start, end = 0, len(blocks)
    while start < end and doubtful[start]:
        start += 1
    while end > start and doubtful[end - 1]:
        end -= 1
    head = sum(len(block.text) for block in blocks[:start])
    tail = sum(len(block.text) for block in blocks[end:])
    if head > total * MAX_EDGE_SHARE:
        start = 0
    if tail > total * MAX_EDGE_SHARE:
        end = len(blocks)
    return list(blocks[start:end])


def _support(block: Block, grams: set[tuple[str, ...]], joined: str) -> float:
    words = _words(block.text)
    if not words:
        return 1.0
    if len(words) < _SHINGLE:
        return 1.0 if f" {' '.join(words)} " in joined else 0.0
    own = _shingles(words)
    return sum(1 for gram in own if gram in grams) / len(own)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _shingles(words: list[str]) -> list[tuple[str, ...]]:
    return [tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)]


def is_teaser_line(block: Block) -> bool:
    """A short line that points away from the article: "Read more: …", "Related", a promo."""
    words = len(block.text.split())
    if words <= MAX_TEASER_WORDS and _TEASER.search(block.text):
        return True
    return words <= MAX_PROMO_WORDS and block.kind != "quote" and bool(_PROMO.search(block.text))


def _is_link_dense(block: Block, linked: int) -> bool:
    """Whether most of the block's text (non-space characters) is link text."""
    letters = len("".join(block.text.split()))
    return letters > 0 and linked >= letters * MIN_LINK_SHARE
