"""Nexis Uni / Nexis+ exports downloaded as RTF: one article per document.

The same layout as the Word export (see `nexis`), each document after a section break. Claimed
by content surer than the single-document RTF importer; files without the Nexis layout are
declined and import as one article.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from importers.base import Importer
from importers.draft import ArticleDraft
from importers.nexis import split_export
from importers.rtf_text import KIND, is_rtf, read_rtf

SNIFF_SCORE = 0.85


class NexisRtfImporter(Importer):
    name: ClassVar[str] = "nexis-rtf"
    description: ClassVar[str] = "Nexis Uni / Nexis+ export, RTF: one article per document"
    patterns: ClassVar[tuple[str, ...]] = ("*.rtf",)

    def sniff(self, head: bytes, path: Path) -> float:
        return SNIFF_SCORE if is_rtf(head) else 0.0

    def parse(self, data: bytes, path: Path) -> Iterator[ArticleDraft]:
        yield from split_export(read_rtf(data).paragraphs, KIND)
