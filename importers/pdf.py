"""Any PDF with a text layer as one article (a saved web page, a clipping, a report).

Claimed by content (`%PDF-`); paragraphs rebuilt from the layout (see `pdf_text`); the title is
the document's title property, else the first sentence. Scanned PDFs without text are refused:
Gloss does not read images. A Nexis export in PDF is claimed surer by nexis-pdf, which declines
files without the Nexis layout.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from importers.base import Importer
from importers.document_text import one_article
from importers.draft import ArticleDraft
from importers.pdf_text import KIND, is_pdf, read_pdf

SNIFF_SCORE = 0.8


class PdfImporter(Importer):
    name: ClassVar[str] = "pdf"
    description: ClassVar[str] = "PDF with a text layer as one article"
    patterns: ClassVar[tuple[str, ...]] = ("*.pdf",)

    def sniff(self, head: bytes, path: Path) -> float:
        return SNIFF_SCORE if is_pdf(head) else 0.0

    def parse(self, data: bytes, path: Path) -> Iterator[ArticleDraft]:
        document = read_pdf(data)
        yield one_article(document.paragraphs, document.title, KIND, data)
