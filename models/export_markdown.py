"""Markdown export: per article a heading and its details, then each highlight as a blockquote.

Meant for pasting into notes or Zotero: plain CommonMark, no HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

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
        if lines:
            out.write("\n" + "\n".join(lines) + "\n")
        for annotation in article.annotations:
            out.write("\n")
            for line in annotation.quote.splitlines() or [""]:
                out.write(f"> {escape(line)}".rstrip() + "\n")
            if annotation.tags:
                out.write("\nTags: " + ", ".join(escape(tag) for tag in annotation.tags) + "\n")
            if annotation.note:
                lines = [escape(line) for line in annotation.note.strip().splitlines()]
                out.write("\nNote: " + "  \n".join(lines) + "\n")
            count += 1
    return count
