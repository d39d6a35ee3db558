"""Publisher boilerplate at the foot of scraped articles: copyright lines, link disclaimers, promos.

The rules are general patterns, not any one site's words. They are only applied to the end of
an article, so a paragraph in the middle that happens to mention a newsletter is never touched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from importers.draft import Block

_COPYRIGHT_START = r"(?:©|\(c\)|copyright\b)"

# Paragraphs that are boilerplate whatever their length.
_FOOTER_RULES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"^\W*{_COPYRIGHT_START}(?:\s*{_COPYRIGHT_START})*\s*\d{{4}}\b",
        r"©\s*\d{4}\b",
        r"\ball rights reserved\b",
        r"\bnot responsible for the content of (?:external|third[- ]party)\b",
        r"\bread (?:more )?about our approach to external linking\b",
    )
)
# Promotions: only short paragraphs, since prose may say "subscribe to" too.
_PROMO_RULES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bsubscribe to\b",
        r"\bsign up (?:for|to)\b",
        r"\bnewsletters?\b",
        r"\bfollow us on\b",
    )
)
_PROMO_MAX_WORDS = 30

_OUTLET = re.compile(
    rf"{_COPYRIGHT_START}(?:\s*{_COPYRIGHT_START})*"  # "Copyright ©" and the like
    r"\s*\d{4}(?:\s*[-–]\s*\d{4})?[\s,]*"  # a year or a range: "copyright law" is no line
    r"(?P<name>.+?)"
    r"\s*(?:\.(?:\s|$)|\ball rights reserved\b|[|;]|$)",
    re.IGNORECASE,
)
_MAX_OUTLET_CHARS = 80


def is_boilerplate(text: str) -> bool:
    if any(rule.search(text) for rule in _FOOTER_RULES):
        return True
    short = len(text.split()) <= _PROMO_MAX_WORDS
    return short and any(rule.search(text) for rule in _PROMO_RULES)


def strip_trailing_boilerplate(blocks: Sequence[Block]) -> tuple[list[Block], list[Block]]:
    """(kept, removed): boilerplate paragraphs cut from the end, never the first block."""
    end = len(blocks)
    while end > 1 and blocks[end - 1].kind != "lead" and is_boilerplate(blocks[end - 1].text):
        end -= 1
    return list(blocks[:end]), list(blocks[end:])


def outlet_from_copyright(text: str) -> str | None:
    """The rights holder named in a copyright line: "© 2022 BBC. The BBC is…" gives "BBC"."""
    match = _OUTLET.search(text)
    if not match:
        return None
    name = match.group("name").strip(" ,.-–")
    if not name or len(name) > _MAX_OUTLET_CHARS or not any(ch.isalpha() for ch in name):
        return None
    return name
