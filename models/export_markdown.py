"""Markdown export: per article a heading and its details, then each highlight as a blockquote.

Meant for pasting into notes or Zotero: plain CommonMark, no HTML. A highlight re-anchored on
changed text says what it was; the orphans (their passage left the article) come last, under
"Not placed".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from models.annotating import AnnotationRecord
from models.export_items import ArticleItem

# Characters that would start Markdown syntax at the beginning of a title or inside text.
_ESCAPED = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|"})


def escape(text: str) -> str:
    """Inert in Markdown: syntax characters escaped, runs of whitespace made one space."""
    return " ".join(text.split()).translate(_ESCAPED)


def write_markdown(out: TextIO, articles: Iterable[ArticleItem]) -> int:
    """Write each article holding highlights; returns the number of highlights written."""
    count = 0
    first = True
    for article in articles:
        if not article.annotations:
            continue
        if not first:
            out.write("\n")
        first = False
        out.write(f"## {escape(article.title) or 'Untitled'}\n")
        details = [escape(v) for v in (article.source, article.author, article.date or "") if v]
        lines = [" · ".join(details)] if details else []
        if article.url:
            lines.append(f"<{article.url.replace('>', '%3E').replace(' ', '%20')}>")
        if article.attributes:
            pairs = (f"{escape(name)}: {escape(str(v))}" for name, v in article.attributes)
            lines.append("Variables: " + " · ".join(pairs))
        if lines:
            out.write("\n" + "\n".join(lines) + "\n")
        placed = [a for a in article.annotations if a.start is not None]
        for annotation in placed:
            _highlight(out, annotation)
        if len(placed) < len(article.annotations):
            out.write("\n### Not placed\n\nTheir passage is not in the current text.\n")
            for annotation in article.annotations[len(placed) :]:
                _highlight(out, annotation)
        count += len(article.annotations)
    return count


def _highlight(out: TextIO, annotation: AnnotationRecord) -> None:
    out.write("\n")
    for line in annotation.quote.splitlines() or [""]:
        out.write(f"> {escape(line)}".rstrip() + "\n")
    if annotation.anchor == "fuzzy" and annotation.original_quote is not None:
        out.write(f"\nChanged since highlighted; was: “{escape(annotation.original_quote)}”\n")
    if annotation.tags:
        out.write("\nTags: " + ", ".join(escape(tag) for tag in annotation.tags) + "\n")
    if annotation.note:
        lines = [escape(line) for line in annotation.note.strip().splitlines()]
        out.write("\nNote: " + "  \n".join(lines) + "\n")
