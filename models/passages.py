"""Coded passages: the annotations a query finds, each with its article and context, read a
page at a time (the window keeps only ids) and exported as CSV or Markdown.

The query is the search language, so `tag:Frames OR tag:Actors source:bbc attr:wave=2` means
the same here, in `search --annotations` and in saved searches.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TextIO

from models.annotating import AnnotationRecord
from models.batches import batches
from models.schema import database
from models.search import annotation_records, matching_annotation_ids

PAGE = 200
CSV_COLUMNS = ("annotation_id", "article_id", "title", "source", "date", "tags", "quote", "note")


@dataclass(frozen=True)
class Passage:
    record: AnnotationRecord
    title: str
    source: str
    date: str | None

    @property
    def context(self) -> str:
        """The quote inside its prefix and suffix, on one line."""
        text = f"…{self.record.prefix}[{self.record.quote}]{self.record.suffix}…"
        return " ".join(text.split())


def passage_ids(query: str) -> list[int]:
    """Ids of the coded passages a query finds, in article and text order (or by relevance
    when it has words). QueryError for a malformed query."""
    return matching_annotation_ids(query)


def passages(ids: Sequence[int]) -> list[Passage]:
    """The passages of these ids, in that order, with their articles' title, outlet, date."""
    records = annotation_records(ids)
    articles = sorted({r.article_id for r in records})
    about: dict[int, tuple[str, str, str | None]] = {}
    for chunk in batches(articles):
        marks = ", ".join("?" * len(chunk))
        for article_id, title, source, date in database.execute_sql(
            f"SELECT id, title, source, date FROM article WHERE id IN ({marks})", list(chunk)
        ):
            about[article_id] = (title, source, date)
    return [Passage(r, *about[r.article_id]) for r in records if r.article_id in about]


def iter_passages(ids: Sequence[int]) -> Iterator[Passage]:
    """All the passages, a page at a time (memory stays one page however many there are)."""
    for page in batches(ids, PAGE):
        yield from passages(page)


def write_csv(out: TextIO, ids: Sequence[int]) -> int:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for p in iter_passages(ids):
        r = p.record
        writer.writerow(
            [
                r.id,
                r.article_id,
                p.title,
                p.source,
                p.date or "",
                "; ".join(r.tags),
                r.quote,
                r.note,
            ]
        )
        count += 1
    return count


def write_markdown(out: TextIO, ids: Sequence[int], heading: str) -> int:
    """One section per passage: the quote as a block quote, its source line, its note."""
    out.write(f"# {_line(heading) or 'Coded passages'}\n")
    count = 0
    for p in iter_passages(ids):
        r = p.record
        where = " · ".join(x for x in (p.title, p.source, p.date) if x)
        out.write(f"\n> {_line(r.quote)}\n\n— {_line(where)} (#{r.article_id}, {r.start}–{r.end})")
        if r.tags:
            out.write(f"; tags: {', '.join(r.tags)}")
        out.write("\n")
        if r.note.strip():
            out.write(f"\nNote: {_line(r.note)}\n")
        count += 1
    return count


def _line(text: str) -> str:
    """One Markdown line: newlines folded so a quote cannot end its block or start a heading."""
    return " ".join(text.split())
