"""Nexis Uni / Nexis+ exports downloaded as one Word file: one article per document.

Claimed by content like any Word file, and surer than the single-document Word importer; a Word
file without Nexis's "End of Document" lines and cover page is declined (NotThisFormat), so it
imports as one article instead. The split itself is `nexis.split_export`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from importers.base import Importer
from importers.docx_text import KIND, read_docx, sniff_docx
from importers.draft import ArticleDraft
from importers.nexis import split_export

SNIFF_SCORE = 0.85  # above WordImporter's: look for the Nexis layout first


class NexisDocxImporter(Importer):
    name: ClassVar[str] = "nexis-docx"
    description: ClassVar[str] = "Nexis Uni / Nexis+ export, Word (.docx): one article per document"
    patterns: ClassVar[tuple[str, ...]] = ("*.docx",)

    def sniff(self, head: bytes, path: Path) -> float:
        return sniff_docx(head, self.matches_name(path), SNIFF_SCORE)

    def parse(self, data: bytes, path: Path) -> Iterator[ArticleDraft]:
        yield from split_export(read_docx(data, marks=False).paragraphs, KIND)
