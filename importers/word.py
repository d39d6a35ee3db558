"""Any Word (.docx) file as one article: a researcher's own clippings and notes.

Claimed by content (a ZIP whose first members are `word/...`); the title is the document's
title property, else its first heading, else its first sentence. Headings stay headings.
A Nexis export is a Word file too: its importer sniffs surer and this one only gets the files
it declines.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from importers.base import Importer
from importers.document_text import one_article
from importers.docx_text import KIND, read_docx, sniff_docx
from importers.draft import ArticleDraft

SNIFF_SCORE = 0.8


class WordImporter(Importer):
    name: ClassVar[str] = "word"
    description: ClassVar[str] = "Word document (.docx) as one article"
    patterns: ClassVar[tuple[str, ...]] = ("*.docx",)

    def sniff(self, head: bytes, path: Path) -> float:
        return sniff_docx(head, self.matches_name(path), SNIFF_SCORE)

    def parse(self, data: bytes, path: Path) -> Iterator[ArticleDraft]:
        document = read_docx(data)
        yield one_article(document.paragraphs, document.title, KIND, data)
