"""LexisNexis Academic (and nexis.com) downloads as plain text: one article per document.

The layout is `lexis_layout`'s: "1 of 10 DOCUMENTS" separators, centred outlet and date lines,
the headline, BYLINE/SECTION/LENGTH fields, text hard-wrapped at ~80 columns (its lines are
joined back into paragraphs), LOAD-DATE/LANGUAGE fields and copyright lines. The cover page
and all fields stay out of the text; each article keeps its document's lines as the stored
original.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from importers import memory
from importers.base import Importer
from importers.decoding import decode_text, sniff_text
from importers.draft import ArticleDraft
from importers.lexis_layout import COVER, SEPARATOR, documents
from importers.news_export import NEWS_PER_BYTE, NEWS_PER_LINE, build_drafts

SNIFF_SURE = 0.97
SNIFF_COVER = 0.9  # a cover page with no document after it: read it to say so
_SEPARATOR_WORDS = ("DOCUMENT", "Dokument", "Document")
_COVER_WORDS = ("Request:", "Terms:", "Send To:")


class LexisNexisTxtImporter(Importer):
    name: ClassVar[str] = "lexisnexis-txt"
    description: ClassVar[str] = "LexisNexis text download: 'N of M DOCUMENTS', BYLINE:, LENGTH:…"
    patterns: ClassVar[tuple[str, ...]] = ("*.txt",)

    def sniff(self, head: bytes, path: Path) -> float:
        text = sniff_text(head)
        # Every file of an import is sniffed by every importer: the regexes run only when
        # the words they need are there (each separator and cover line holds one of them).
        if any(word in text for word in _SEPARATOR_WORDS) and any(
            SEPARATOR.match(line) for line in text.split("\n")
        ):
            return SNIFF_SURE
        if not any(word in text for word in _COVER_WORDS):
            return 0.0
        return SNIFF_COVER if len(COVER.findall(text)) >= 2 else 0.0

    def parse(self, data: bytes, path: Path) -> Iterator[ArticleDraft]:
        text = decode_text(data)
        memory.require_lines(len(data), text, NEWS_PER_BYTE, NEWS_PER_LINE)
        lines = text.split("\n")

        def raw_of(start: int, end: int) -> bytes:
            return "\n".join(lines[start:end]).strip("\n").encode("utf-8")

        yield from build_drafts(list(documents(lines, raw_of)), "LexisNexis")
