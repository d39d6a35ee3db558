"""Downloads from news databases, built from document specs, for tests and benchmarks.

Each builder lays the documents out the way the database does (see the importers' docstrings
for the layouts); the property tests check that what was put in comes back out.
"""

from __future__ import annotations

import datetime as dt
import html
import textwrap
from dataclasses import dataclass

from hypothesis import strategies as st


@dataclass(frozen=True)
class Spec:
    title: str
    outlet: str
    date: dt.date
    author: str
    section: str
    words: int
    doc_id: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Interface:
    """How a Factiva interface language prints the unlabelled lines."""

    code: str
    words: str
    document: str
    months: tuple[str, ...] = ()

    def date(self, day: dt.date) -> str:
        if not self.months:
            return f"{day.year}年{day.month}月{day.day}日"
        return f"{day.day} {self.months[day.month - 1]} {day.year}"


ENGLISH_MONTHS = tuple(
    "January February March April May June July August September October November December".split()
)
INTERFACES = {
    "en": Interface("en", "words", "Document", ENGLISH_MONTHS),
    "de": Interface(
        "de",
        "Wörter",
        "Dokument",
        tuple(
            "Januar Februar März April Mai Juni Juli August September Oktober November"
            " Dezember".split()
        ),
    ),
    "fr": Interface(
        "fr",
        "mots",
        "Document",
        tuple(
            "janvier février mars avril mai juin juillet août septembre octobre novembre"
            " décembre".split()
        ),
    ),
    "es": Interface(
        "es",
        "palabras",
        "Documento",
        tuple(
            "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre"
            " diciembre".split()
        ),
    ),
    "zhcn": Interface("zhcn", "字", "文档"),
}


def factiva_html(specs: list[Spec], language: str = "en", hits: tuple[str, ...] = ()) -> bytes:
    """An "Article Format" page; words in `hits` are wrapped in <b> as search hits are."""
    ui = INTERFACES[language]
    parts = [
        '<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" '
        'content="text/html; charset=UTF-8"/><script>var s = {"x": 1};</script>'
        '<title>Factiva</title></head><body><form><div id="contentLeft">'
    ]
    for spec in specs:
        parts.append(
            f'<div id="article-{spec.doc_id}" class="article">'
            f'<div class="article {ui.code}Article"><p>'
        )
        if spec.section:
            parts.append(f"<div>{_h(spec.section)}</div>")
        headline = f"<span class='{ui.code}Headline'>{_h(spec.title)}</span>"
        parts.append(f'<div id="hd">{headline}</div>')
        if spec.author:
            parts.append(f'<div class="author">By {_h(spec.author)}</div>')
        parts.append(f"<div>{spec.words:,} {ui.words}</div><div>{ui.date(spec.date)}</div>")
        parts.append(f"<div>10:15</div><div>{_h(spec.outlet)}</div><div>SRCCODE</div>")
        parts.append(f"<div>7</div><div>English</div><div>(c) {spec.date.year} Publisher</div></p>")
        for paragraph in spec.paragraphs:
            marked = " ".join(
                f"<b>{_h(word)}</b>" if word in hits else _h(word) for word in paragraph.split(" ")
            )
            parts.append(f'<p class="articleParagraph {ui.code}articleParagraph">{marked}</p>')
        parts.append(f"<p>{ui.document} {spec.doc_id}</p></div></div><br/><span></span>")
    parts.append('<table class="searchPreview"><tr><td>Search Summary</td></tr></table>')
    parts.append("</div></form></body></html>")
    return "\n".join(parts).encode("utf-8")


def _h(text: str) -> str:
    return html.escape(text, quote=False)


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéüß", min_size=1, max_size=10)
NAME = st.lists(WORD, min_size=1, max_size=4).map(lambda w: " ".join(w).title())
SENTENCE = st.lists(WORD, min_size=3, max_size=40).map(lambda w: " ".join(w).capitalize() + ".")
DOC_ID = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=25, max_size=25)


@st.composite
def specs(draw: st.DrawFn, max_size: int = 6) -> list[Spec]:
    """1..max_size documents with distinct ids and texts."""
    count = draw(st.integers(1, max_size))
    ids = draw(st.lists(DOC_ID, min_size=count, max_size=count, unique=True))
    return [
        Spec(
            title=draw(NAME),
            outlet=draw(NAME),
            date=draw(st.dates(dt.date(1980, 1, 1), dt.date(2030, 12, 31))),
            author=draw(st.one_of(st.just(""), NAME)),
            section=draw(st.one_of(st.just(""), NAME)),
            words=draw(st.integers(1, 50_000)),
            doc_id=doc_id,
            paragraphs=(f"Document {number}.",)
            + tuple(draw(st.lists(SENTENCE, min_size=1, max_size=5))),
        )
        for number, doc_id in enumerate(ids, 1)
    ]


def wrapped(paragraph: str, width: int = 80) -> str:
    """A paragraph hard-wrapped as LexisNexis text downloads are."""
    return "\n".join(textwrap.wrap(paragraph, width, break_long_words=False))
