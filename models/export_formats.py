"""One entry point for every export format, shared by the command line and the window."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TextIO

from models import export
from models.export_attributes import attribute_columns
from models.export_items import ArticleItem, iter_articles
from models.export_markdown import write_markdown
from models.export_qdpx import write_qdpx
from models.export_w3c import write_w3c

FORMATS = ("csv", "qdpx", "w3c", "markdown")
SUFFIXES = {"csv": ".csv", "qdpx": ".qdpx", "w3c": ".jsonld", "markdown": ".md"}
LABELS = {
    "csv": "CSV table (spreadsheets, R, pandas)",
    "qdpx": "REFI-QDA project (NVivo, MAXQDA, ATLAS.ti, QualCoder)",
    "w3c": "W3C Web Annotation (JSON-LD)",
    "markdown": "Markdown (notes, Zotero)",
}


def write_export(
    out: TextIO,
    fmt: str,
    article_ids: Sequence[int] | None = None,
    tags: Sequence[str] = (),
    *,
    raw: bool = False,
    on_row: Callable[[int], bool] | None = None,
    attributes: bool = False,
) -> int:
    """Write `fmt` to `out` (a qdpx goes to its binary buffer); returns annotations written.

    `article_ids=None` means the whole library; an empty list means no article.
    `attributes` adds the CSV's `attr:NAME` columns; the other formats always carry variables.
    """
    if article_ids is not None and not article_ids:
        article_ids = [0]  # no article has id 0: the scope is empty, not everything
    ids = article_ids or ()
    if fmt == "csv" and attributes:
        header, rows = attribute_columns(export.iter_rows(ids, tags))
        return export.write_csv(out, rows, raw=raw, on_row=on_row, header=header)
    if fmt == "csv":
        return export.write_csv(out, export.iter_rows(ids, tags), raw=raw, on_row=on_row)
    if fmt == "qdpx":
        out.flush()
        return write_qdpx(out.buffer, _heard(iter_articles(ids, tags), on_row))
    if fmt == "w3c":
        return write_w3c(out, _heard(iter_articles(ids, tags, with_unannotated=False), on_row))
    if fmt == "markdown":
        articles = iter_articles(ids, tags, with_unannotated=False)
        return write_markdown(out, _heard(articles, on_row))
    raise ValueError(f"unknown export format '{fmt}'")


def _heard(
    articles: Iterable[ArticleItem], on_row: Callable[[int], bool] | None
) -> Iterator[ArticleItem]:
    """The articles, telling `on_row` the annotations passed every 1,000 (or 200 articles);
    it may return False to stop (cancel), which ends the articles there."""
    count = articles_seen = heard = 0
    for article in articles:
        yield article
        count += len(article.annotations)
        articles_seen += 1
        if on_row is not None and (count - heard >= 1000 or articles_seen % 200 == 0):
            heard = count
            if on_row(count) is False:
                return
