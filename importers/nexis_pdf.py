"""Nexis Uni / Nexis+ exports downloaded as PDF: one article per document.

The same layout as the Word export (see `nexis`), each document starting on a new page, with
"Page N of M" and the document's title at the top of every page (dropped with the other page
furniture by `pdf_text`). Files without the Nexis layout are declined and import as one article.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from importers.base import Importer
from importers.draft import ArticleDraft
from importers.nexis import split_export
from importers.pdf_text import KIND, is_pdf, read_pdf

SNIFF_SCORE = 0.85


class NexisPdfImporter(Importer):
    name: ClassVar[str] = "nexis-pdf"
    description: ClassVar[str] = "Nexis Uni / Nexis+ export, PDF: one article per document"
    patterns: ClassVar[tuple[str, ...]] = ("*.pdf",)

    def sniff(self, head: bytes, path: Path) -> float:
        return SNIFF_SCORE if is_pdf(head) else 0.0

    def parse(self, data: bytes, path: Path) -> Iterator[ArticleDraft]:
        yield from split_export(read_pdf(data).paragraphs, KIND)
