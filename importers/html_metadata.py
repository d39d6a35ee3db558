"""A saved page's headline, date, byline, outlet and address, from what the publisher declared.

Each field is read from several places in a fixed order, the most deliberate first: schema.org
JSON-LD (written for search engines, so usually right), then Open Graph and other <meta> tags,
then what a reader sees (<h1>, <time>, the byline). A value that does not parse is skipped,
never guessed at.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from importers.dates import DateError, parse_date
from importers.draft import collapse_whitespace, strip_invisible
from importers.html_json_ld import JsonLd

# Other <meta> names for a publication date, most specific first.
_DATE_METAS = (
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "dc.date.issued",
    "dcterms.issued",
    "parsely-pub-date",
    "sailthru.date",
    "og:published_time",
    "date",
    "dc.date",
)
_AUTHOR_METAS = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")
_ISO_DAY = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")
_BY = re.compile(r"^(?:by|von|par|por|di|door|af|av)\s+", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|·|::)\s+")
_MAX_SITE_WORDS = 4
_MIN_TITLE_WORDS = 3  # what guessing at site names must leave of a <title>
_TRIM = " ,;:|-–—"
_COMPARABLE = re.compile(r"\w+")
_MAX_BYLINE_CHARS = 120
_MAX_FIELD_CHARS = 300


@dataclass
class PageMetadata:
    title: str = ""
    author: str = ""
    date: dt.date | None = None
    outlet: str = ""
    url: str = ""


def read_metadata(root: HtmlElement) -> PageMetadata:
    ld = JsonLd(root)
    metas = _meta_tags(root)
    outlet = _first(
        ld.publisher()[:1],
        metas.get("og:site_name", []),
        metas.get("application-name", []),
        keep=_is_name,
    )
    return PageMetadata(
        title=_title(root, ld, metas, outlet),
        author=_author(root, ld, metas),
        date=_date(root, ld, metas),
        outlet=outlet,
        url=_first(_hrefs(root, "canonical"), metas.get("og:url", []), keep=_is_web_address),
    )


def strip_site_name(title: str, outlet: str, *, guess: bool = False) -> str:
    """The title without the outlet's name after a separator; `guess` drops a short last part.

    Guessing is only for <title>, where publishers always append their name; a headline from
    JSON-LD or Open Graph may well end in "- live updates" on purpose.
    """
    known = {outlet.casefold(), outlet.casefold().removeprefix("the ")} - {""}
    text = title
    while (cut := _last_part(text)) and cut[1].casefold() in known:
        text = cut[0]
    first = _SEPARATORS.search(text)
    if first and text[: first.start()].casefold() in known:
        text = text[first.end() :]
    # "Headline | Section | Site": short trailing parts go while a real headline remains.
    while guess and text == title and (cut := _last_part(title)):
        head, tail = cut
        if len(tail.split()) > _MAX_SITE_WORDS or len(head) < len(tail):
            break
        if len(head.split()) < _MIN_TITLE_WORDS:
            break
        text = title = head
    return text.strip() or title


def _last_part(text: str) -> tuple[str, str] | None:
    """(before, after) the last separator, if there is one."""
    matches = list(_SEPARATORS.finditer(text))
    if not matches:
        return None
    return text[: matches[-1].start()], text[matches[-1].end() :]


def _title(root: HtmlElement, ld: JsonLd, metas: dict[str, list[str]], outlet: str) -> str:
    headline = ld.first("headline")
    candidates: list[Iterable[Any]] = [
        [headline] if isinstance(headline, str) else [],
        metas.get("og:title", []),
        metas.get("twitter:title", []),
        [_text(h1) for h1 in _h1s(root)],
    ]
    title = _first(*candidates)
    if title:
        return strip_site_name(title, outlet)
    page_title = root.find(".//title")
    text = _clean(page_title.text_content()) if page_title is not None else ""
    return strip_site_name(text, outlet, guess=True)


def _h1s(root: HtmlElement) -> Iterator[HtmlElement]:
    """Headings of the article first, then any on the page; a heading that is all one link is
    the site's logo or a teaser, not this page's headline."""
    for h1 in [*root.iterfind(".//article//h1"), *root.iterfind(".//h1")]:
        links = "".join(a.text_content() for a in h1.iter("a"))
        if _comparable(links) != _comparable(h1.text_content()):
            yield h1


def _date(root: HtmlElement, ld: JsonLd, metas: dict[str, list[str]]) -> dt.date | None:
    times = [t.get("datetime") for t in root.iterfind(".//time[@datetime]")]
    pubdate = [t.get("datetime") for t in root.iterfind(".//time[@pubdate]")]
    in_article = [t.get("datetime") for t in root.iterfind(".//article//time[@datetime]")]
    candidates: list[Any] = [
        ld.first("datePublished"),
        *metas.get("article:published_time", []),
        *metas.get("datepublished", []),  # itemprop on <meta>
        *pubdate,
        *in_article,
        *(value for name in _DATE_METAS for value in metas.get(name, [])),
        *times[:1],
    ]
    for value in candidates:
        day = _to_date(value)
        if day is not None:
            return day
    return None


def _to_date(value: Any) -> dt.date | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return parse_date(value.strip())
    except DateError:
        pass
    match = _ISO_DAY.match(value)  # "2017-02-07T10:00:00.000+0100" and other ISO variants
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None


def _author(root: HtmlElement, ld: JsonLd, metas: dict[str, list[str]]) -> str:
    from_ld = ", ".join(ld.names(ld.first("author")))
    from_meta = [v for name in _AUTHOR_METAS for v in metas.get(name, [])]
    linked = _unique(_text(a) for a in root.iterfind(".//a[@rel]") if "author" in _rel(a))
    bylines = (_text(el) for el in _byline_elements(root))
    author = _first([from_ld], from_meta, [", ".join(linked)], bylines, keep=_is_name)
    return _BY.sub("", author).strip(_TRIM)


def _byline_elements(root: HtmlElement) -> Iterator[HtmlElement]:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        classes = str(element.get("class") or "").lower()
        if "byline" in classes or "author" in str(element.get("itemprop") or "").split():
            # A schema.org person names itself in an itemprop="name" inside.
            yield next(element.iterfind(".//*[@itemprop='name']"), element)


def _is_name(value: str) -> bool:
    return 0 < len(value) <= _MAX_BYLINE_CHARS and not _is_web_address(value)


def _meta_tags(root: HtmlElement) -> dict[str, list[str]]:
    """Content of each <meta> by its lowercased name, property and itemprop, in page order."""
    found: dict[str, list[str]] = {}
    for meta in root.iter("meta"):
        content = meta.get("content")
        if content is None or not content.strip():
            continue
        keys = " ".join(str(meta.get(attr) or "") for attr in ("name", "property", "itemprop"))
        for key in keys.lower().split():
            found.setdefault(key, []).append(content)
    return found


def _hrefs(root: HtmlElement, rel: str) -> list[str]:
    return [str(link.get("href")) for link in root.iter("link") if rel in _rel(link)]


def _rel(element: HtmlElement) -> list[str]:
    return str(element.get("rel") or "").lower().split()


def _is_web_address(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:  # "http://[" and the like
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _text(element: HtmlElement) -> str:
    return collapse_whitespace(strip_invisible(element.text_content()))


def _clean(value: str) -> str:
    return collapse_whitespace(strip_invisible(html.unescape(value)))[:_MAX_FIELD_CHARS]


def _first(*sources: Iterable[Any], keep: Callable[[str], bool] | None = None) -> str:
    """The first non-empty string of the first source that has one (after `keep`, if given)."""
    for source in sources:
        for value in source:
            if isinstance(value, str):
                cleaned = _clean(value)
                if cleaned and (keep is None or keep(cleaned)):
                    return cleaned
    return ""


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _comparable(text: str) -> str:
    return " ".join(_COMPARABLE.findall(text.casefold()))
