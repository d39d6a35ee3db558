"""A fast reader for the plain markup most scraped paragraphs carry: <p>, <b>, <i>, <a href>.

BeautifulSoup costs ~0.2 ms a fragment, most of a 10,000-file import. Fragments made only of
well-nested tags from a short list, quoted attributes and a few entities are read here
instead; anything else (comments, scripts, stray "<", unknown entities, mis-nested tags)
returns NOT_SIMPLE and goes to the full parser. Both paths must give the same block: a
property test holds them to it.
"""

from __future__ import annotations

import re
from typing import Final

# The tags read here; html_fragments gives them their meaning, as it does for the parser's.
_KNOWN: Final = frozenset(
    {"p", "div", "br", "b", "strong", "i", "em", "a", "span", "u", "small", "sup", "sub"}
)

_TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*"
    r"(?:\s*=\s*(?:\"[^\"<>&]*\"|'[^'<>&]*'))?)*)\s*(/?)>"
)
_ATTRIBUTE = re.compile(r"([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'))?")
_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|nbsp)|#([0-9]{1,6})|#[xX]([0-9a-fA-F]{1,6}));")
_ENTITY_TEXT: Final = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "nbsp": "\xa0"}


class _NotSimple:
    pass


NOT_SIMPLE: Final = _NotSimple()

Event = tuple[str, str, str | None]  # ("text", text, None) | ("open"|"close", name, href)


def tokenize(html: str) -> list[Event] | _NotSimple:
    """Text and tag events of a simple fragment, or NOT_SIMPLE."""
    events: list[Event] = []
    open_tags: list[str] = []
    position = 0
    for match in _TAG.finditer(html):
        text = html[position : match.start()]
        position = match.end()
        if text:
            decoded = _text(text)
            if decoded is None:
                return NOT_SIMPLE
            events.append(("text", decoded, None))
        closing, name, attributes, self_closing = match.groups()
        name = name.lower()
        if name not in _KNOWN:
            return NOT_SIMPLE
        if closing:
            if attributes or self_closing or not open_tags or open_tags[-1] != name:
                return NOT_SIMPLE
            open_tags.pop()
            events.append(("close", name, None))
        elif name == "br":
            events += [("open", "br", None), ("close", "br", None)]
        elif self_closing:
            return NOT_SIMPLE
        else:
            href = _href(attributes) if name == "a" else None
            if isinstance(href, _NotSimple):
                return NOT_SIMPLE
            open_tags.append(name)
            events.append(("open", name, href))
    tail = html[position:]
    if tail:
        decoded = _text(tail)
        if decoded is None:
            return NOT_SIMPLE
        events.append(("text", decoded, None))
    events += [("close", name, None) for name in reversed(open_tags)]  # closed at the end
    return events


def _text(text: str) -> str | None:
    if "<" in text:
        return None
    if "&" not in text:
        return text
    if text.count("&") != len(_ENTITY.findall(text)):
        return None  # an entity outside the short list, or a bare "&"
    try:
        return _ENTITY.sub(_entity, text)
    except ValueError:
        return None


def _entity(match: re.Match[str]) -> str:
    named, decimal, hexadecimal = match.groups()
    if named:
        return _ENTITY_TEXT[named]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    # Control, Windows-1252 (128–159), surrogate and out-of-range references have rules of
    # their own in the full parser.
    if code < 32 or 127 <= code < 160 or 0xD800 <= code < 0xE000 or code > 0x10FFFF:
        raise ValueError(code)
    return chr(code)


def _href(attributes: str) -> str | None | _NotSimple:
    hrefs = []
    for match in _ATTRIBUTE.finditer(attributes):
        if match.group(1).lower() == "href":
            double, single = match.group(2), match.group(3)
            hrefs.append(double if double is not None else single if single is not None else "")
    if len(hrefs) > 1:
        return NOT_SIMPLE  # duplicate attributes: the full parser's rule decides
    return hrefs[0] if hrefs else None
