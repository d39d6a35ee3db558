"""Any RTF file as one article (clippings saved from a word processor or a database).

Claimed by content (`{\\rtf` at the start); the title is the document's `\\title` property,
else a short first line (RTF marks no headings), else the first sentence. A Nexis export in
RTF is claimed surer by nexis-rtf, which declines files without the Nexis layout.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from importers.base import Importer
from importers.document_text import first_line_as_heading, one_article
from importers.draft import ArticleDraft
from importers.rtf_text import KIND, is_rtf, read_rtf

# Below factiva-text's 0.5 for Factiva's furniture without documents (it says "no articles in
# this export"), above nothing: any other RTF is one article.
SNIFF_SCORE = 0.45


class RtfImporter(Importer):
    name: ClassVar[str] = "rtf"
    description: ClassVar[str] = "RTF document as one article"
    patterns: ClassVar[tuple[str, ...]] = ("*.rtf",)

    def sniff(self, head: bytes, path: Path) -> float:
        return SNIFF_SCORE if is_rtf(head) else 0.0

    def parse(self, data: bytes, path: Path) -> Iterator[ArticleDraft]:
        document = read_rtf(data)
        paragraphs = document.paragraphs
        if not document.title:
            paragraphs = first_line_as_heading(paragraphs)
        yield one_article(paragraphs, document.title, KIND, data)
