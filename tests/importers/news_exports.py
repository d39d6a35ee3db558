"""Downloads from news databases, built from document specs, for tests and benchmarks.

Each builder lays the documents out the way the database does (see the importers' docstrings
for the layouts); the property tests check that what was put in comes back out.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import textwrap
from dataclasses import dataclass

from hypothesis import strategies as st

from importers.draft import ArticleDraft
from importers.news_export import author_name


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
            marked = "".join(
                f"<b>{_h(piece)}</b>" if hit else _h(piece)
                for piece, hit in split_hits(paragraph, hits)
            )
            parts.append(f'<p class="articleParagraph {ui.code}articleParagraph">{marked}</p>')
        parts.append(f"<p>{ui.document} {spec.doc_id}</p></div></div><br/><span></span>")
    parts.append('<table class="searchPreview"><tr><td>Search Summary</td></tr></table>')
    parts.append("</div></form></body></html>")
    return "\n".join(parts).encode("utf-8")


def split_hits(text: str, hits: tuple[str, ...]) -> list[tuple[str, bool]]:
    """The text in runs, each saying whether it is a search hit (hits may sit inside words)."""
    if not hits:
        return [(text, False)]
    pattern = re.compile(
        "(" + "|".join(re.escape(hit) for hit in sorted(hits, key=len)[::-1]) + ")"
    )
    return [(piece, i % 2 == 1) for i, piece in enumerate(pattern.split(text)) if piece]


def _h(text: str) -> str:
    return html.escape(text, quote=False)


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéüß", min_size=1, max_size=10)
# Names the byline rule leaves whole ("By A" or "Von A" would lose their first word, rightly).
NAME = (
    st.lists(WORD, min_size=1, max_size=4)
    .map(lambda w: " ".join(w).title())
    .filter(lambda name: author_name(name) == name and author_name(f"By {name}") == name)
)
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


def factiva_fields(spec: Spec, language: str = "en") -> list[tuple[str, str]]:
    """A document's (code, value) fields in Factiva's order; LP/TD values hold newlines."""
    ui = INTERFACES[language]
    fields = [("SE", spec.section)] if spec.section else []
    fields.append(("HD", spec.title))
    if spec.author:
        fields.append(("BY", f"By {spec.author}"))
    fields += [("WC", f"{spec.words:,} {ui.words}"), ("PD", ui.date(spec.date)), ("ET", "10:15")]
    fields += [("SN", spec.outlet), ("SC", "SRCCODE"), ("LA", "English"), ("CY", "(c) Publisher")]
    lead, *text = spec.paragraphs
    fields.append(("LP", lead))
    if text:
        fields.append(("TD", "\n\n".join(text)))
    fields += [("NS", "gpol : Domestic Politics"), ("AN", f"{ui.document} {spec.doc_id}")]
    return fields


def factiva_text(specs: list[Spec], language: str = "en") -> bytes:
    """The plain-text layout: code, tab, value; documents apart by blank lines."""
    documents = [
        "\n".join(f"{code}\t{value}" for code, value in factiva_fields(spec, language))
        for spec in specs
    ]
    summary = "Search Summary\nText\tanything\nResults Found\t" + str(len(specs))
    return ("\n\n\n".join([*documents, summary]) + "\n").encode("utf-8")


def factiva_rtf(specs: list[Spec], language: str = "en") -> bytes:
    """The RTF layout: one paragraph per line, bold codes, a tab, the value; page headers."""
    out = [
        r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Arial;}{\f1\froman Times New Roman;}}"
        r"{\colortbl;\red0\green0\blue0;}{\header\pard\qr\f0\fs16 Page \chpgn  \'a9 2017 "
        r"Factiva, Inc. All rights reserved.\par}"
    ]
    for spec in specs:
        for code, value in factiva_fields(spec, language):
            lines = value.split("\n")
            out.append(rf"\pard\plain\f0\fs20{{\b {code}}}\tab {rtf_escape(lines[0])}\par")
            out += [rf"\pard\li720 {rtf_escape(line)}\par" for line in lines[1:]]
        out.append(r"\pard\par\page")
    out.append(r"\pard{\b Search Summary}\par\pard Results Found\tab 1\par}")
    return "\n".join(out).encode("ascii")


def rtf_escape(text: str) -> str:
    """Text as RTF writes it: ASCII kept, the rest as \\'xx (cp1252) or \\uN? escapes."""
    out = []
    for char in text:
        if char in "\\{}":
            out.append("\\" + char)
        elif ord(char) < 128:
            out.append(char)
        elif char.encode("cp1252", "ignore"):
            out.append(f"\\'{char.encode('cp1252')[0]:02x}")
        else:
            code = ord(char)
            if code > 0xFFFF:  # RTF's \u is 16-bit: a surrogate pair
                code -= 0x10000
                out.append(
                    f"\\u{0xD800 + (code >> 10) - 65536}?\\u{0xDC00 + (code & 0x3FF) - 65536}?"
                )
            else:
                out.append(f"\\u{code if code < 32768 else code - 65536}?")
    return "".join(out)


def check_export(
    drafts: list[ArticleDraft], documents: list[Spec], id_prefix: str | None = "factiva:"
) -> None:
    """The drafts are the documents, in order, each with the metadata it was built from."""
    assert len(drafts) == len(documents)
    for spec, draft in zip(documents, drafts, strict=True):
        assert (draft.title, draft.source, draft.date, draft.author, draft.section) == (
            spec.title,
            spec.outlet,
            spec.date,
            spec.author,
            spec.section,
        )
        assert draft.reported_words == spec.words
        expected_id = f"{id_prefix}{spec.doc_id}" if id_prefix is not None else ""
        assert draft.document_id == expected_id
        assert [block.text for block in draft.blocks] == list(spec.paragraphs)


@dataclass(frozen=True)
class LexisLanguage:
    separator: str  # with {n} and {m}
    labels: tuple[str, str, str, str, str]  # byline, section, length, load-date, language
    words: str
    date: str  # a format with {month} {day} {year} {weekday}
    months: tuple[str, ...]
    weekdays: tuple[str, ...]


LEXIS_LANGUAGES = {
    "en": LexisLanguage(
        "{n} of {m} DOCUMENTS",
        ("BYLINE", "SECTION", "LENGTH", "LOAD-DATE", "LANGUAGE"),
        "words",
        "{month} {day}, {year} {weekday}",
        ENGLISH_MONTHS,
        tuple("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()),
    ),
    "de": LexisLanguage(
        "Dokument {n} von {m}",
        ("AUTOR", "RUBRIK", "LÄNGE", "LOAD-DATE", "SPRACHE"),
        "Wörter",
        "{day}. {month} {year} {weekday}",
        INTERFACES["de"].months,
        tuple("Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag".split()),
    ),
    "fr": LexisLanguage(
        "Document {n} de {m}",
        ("AUTEUR", "RUBRIQUE", "LONGUEUR", "DATE-CHARGEMENT", "LANGUE"),
        "mots",
        "{weekday} {day} {month} {year}",
        INTERFACES["fr"].months,
        tuple("lundi mardi mercredi jeudi vendredi samedi dimanche".split()),
    ),
}


def lexis_date(day: dt.date, language: str = "en") -> str:
    lang = LEXIS_LANGUAGES[language]
    return lang.date.format(
        month=lang.months[day.month - 1],
        day=day.day,
        year=day.year,
        weekday=lang.weekdays[day.weekday()],
    )


def lexis_txt(specs: list[Spec], language: str = "en") -> bytes:
    """A LexisNexis Academic text download: cover page, centred header, wrapped text."""
    lang = LEXIS_LANGUAGES[language]
    byline, section, length, load_date, language_label = lang.labels
    out = ["", "Download Request: Selected Items: 1-9", "Terms: anything", "Source: News", ""]
    for number, spec in enumerate(specs, 1):
        out += ["", lang.separator.format(n=number, m=len(specs)).center(80).rstrip(), "", ""]
        out += [spec.outlet.center(80).rstrip(), "", lexis_date(spec.date, language).center(80)]
        out += ["Late Edition".center(80).rstrip(), "", wrapped(spec.title), ""]
        if spec.author:
            out += [f"{byline}: {spec.author}", ""]
        if spec.section:
            out += [f"{section}: {spec.section}", ""]
        out += [f"{length}: {spec.words} {lang.words}", ""]
        for paragraph in spec.paragraphs:
            out += [wrapped(paragraph), ""]
        out += [f"{load_date}: {lexis_date(spec.date, language)}", "", f"{language_label}: X", ""]
        out += ["", f"Copyright {spec.date.year} {spec.outlet}".center(80).rstrip()]
        out += ["All Rights Reserved".center(80).rstrip(), ""]
    return "\r\n".join(out).encode("utf-8")


NEXIS_STYLE = """<STYLE TYPE="text/css">
<!--
.c0 { text-align: center; }
.c1 { text-align: center; margin-top: 0em; margin-bottom: 0em; }
.c2 { font-family: 'Times New Roman'; font-size: 10pt; font-weight: normal; color: #000000; }
.c3 { text-align: center; margin-left: 13%; margin-right: 13%; }
.c4 { font-family: 'Times New Roman'; font-size: 10pt; font-weight: bold; color: #CC0033; }
.c5 { text-align: left; }
.c6 { text-align: left; margin-top: 0em; margin-bottom: 0em; }
.c7 { font-family: 'Times New Roman'; font-size: 14pt; font-weight: bold; color: #000000; }
.c8 { font-family: 'Times New Roman'; font-size: 10pt; font-weight: bold; color: #000000; }
.c9 { text-align: left; margin-top: 1em; margin-bottom: 0em; }
-->
</STYLE>"""


def nexis_html(specs: list[Spec], hits: tuple[str, ...] = ()) -> bytes:
    """A Nexis UK HTML download: generated classes, DOC comments, search hits in red spans."""

    def span(text: str, cls: str = "c2") -> str:
        return f'<SPAN CLASS="{cls}">{_h(text)}</SPAN>'

    def marked(paragraph: str) -> str:
        return "".join(
            span(piece, "c4" if hit else "c2") for piece, hit in split_hits(paragraph, hits)
        )

    def field(label: str, value: str) -> str:
        return (
            f'<DIV CLASS="c5"><BR><P CLASS="c6">{span(label + ": ", "c8")}{span(value)}</P></DIV>'
        )

    out = [f'<HTML><HEAD><META charset="UTF-8">{NEXIS_STYLE}</HEAD><BODY>']
    out.append('<TABLE CLASS="c1"><TR><TD><P>Return to List</P></TD></TR></TABLE>')
    for number, spec in enumerate(specs, 1):
        out.append(f'<A NAME="DOC_ID_{number}"></A><!-- Hide XML section from browser')
        out.append(f"<DOC NUMBER={number}>\n<DOCFULL> -->")
        out.append(
            f'<BR><DIV CLASS="c0"><P CLASS="c1">{span(f"{number} of {len(specs)} DOCUMENTS")}'
        )
        out.append(f'</P></DIV><BR><DIV CLASS="c0"><BR><P CLASS="c1">{span(spec.outlet)}</P></DIV>')
        out.append(f'<BR><DIV CLASS="c3"><P CLASS="c1">{span(lexis_date(spec.date))}<BR>')
        out.append(f'{span("Late Edition")}</P></DIV><BR><DIV CLASS="c5"><P CLASS="c6">')
        out.append(f"{span(spec.title, 'c7')}</P></DIV>")
        if spec.author:
            out.append(field("BYLINE", spec.author))
        if spec.section:
            out.append(field("SECTION", spec.section))
        out.append(field("LENGTH", f"{spec.words} words"))
        out.append('<DIV CLASS="c5">')
        out += [f'<P CLASS="c9">{marked(paragraph)}</P>' for paragraph in spec.paragraphs]
        out.append("</DIV>")
        out.append(field("LOAD-DATE", lexis_date(spec.date)) + field("LANGUAGE", "ENGLISH"))
        out.append(f'<BR><DIV CLASS="c0"><P CLASS="c1">{span("Copyright 2017 " + spec.outlet)}')
        out.append(f"<BR>{span('All Rights Reserved')}</P></DIV>")
        out.append("<!-- Hide XML section from browser</DOCFULL>\n</DOC> -->")
    out.append("</BODY></HTML>")
    return "\n".join(out).encode("utf-8")
