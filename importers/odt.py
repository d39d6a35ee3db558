"""OpenDocument text (.odt, LibreOffice's own format) as one article, read with odfpy.

Claimed by content: the standard puts the `mimetype` member first, uncompressed, so the head
says `application/vnd.oasis.opendocument.text`. Sizes are checked before odfpy unpacks the
package (it reads every part into memory); its XML goes through expat, which refuses
entity-expansion bombs. Title: the document's title property, else its first heading.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from importers.base import Importer
from importers.document_text import Paragraph, one_article
from importers.draft import ArticleDraft, ImportFailure
from importers.zip_package import (
    member_names_in,
    odf_kind,
    open_package,
    require_bounded_markup,
)

KIND = "OpenDocument text"
SNIFF_SCORE = 0.8
_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_PARAGRAPH, _HEADING = (_TEXT_NS, "p"), (_TEXT_NS, "h")
# Measured (importers/memory.py): a byte of unpacked XML, and a tag (odfpy makes a Python
# object with its own dictionaries for each element: ~1.2 KB a one-letter paragraph).
_MEMORY_PER_XML_BYTE, _MEMORY_PER_TAG = 10, 650


class OdtImporter(Importer):
    name: ClassVar[str] = "odt"
    description: ClassVar[str] = "OpenDocument text (.odt) as one article"
    patterns: ClassVar[tuple[str, ...]] = ("*.odt",)

    def sniff(self, head: bytes, path: Path) -> float:
        kind = odf_kind(head)
        if kind:
            return SNIFF_SCORE if kind == "text" else 0.0
        named = self.matches_name(path)
        return 0.5 if named and "content.xml" in member_names_in(head) else 0.0

    def parse(self, data: bytes, path: Path) -> Iterator[ArticleDraft]:
        with open_package(data, KIND) as archive:  # checked before odfpy unpacks anything
            require_bounded_markup(len(data), archive, _MEMORY_PER_XML_BYTE, _MEMORY_PER_TAG)
        from odf import teletype  # only when an .odt is imported
        from odf.opendocument import load

        try:
            document: Any = load(io.BytesIO(data))
        except KeyError as exc:
            raise ImportFailure(f"not an {KIND} file (it has no {exc})") from None
        except Exception as exc:  # zipfile's, expat's and odfpy's own errors
            raise ImportFailure(f"broken {KIND} file: {type(exc).__name__}: {exc}") from None
        if not str(document.mimetype).endswith(".text"):
            raise ImportFailure(f"not an {KIND} file ({document.mimetype})")
        paragraphs = [
            Paragraph(teletype.extractText(element), _level(element))
            for element in _text_elements(document.text)
        ]
        yield one_article(paragraphs, _title(document), KIND, data)


def _text_elements(root: Any) -> Iterator[Any]:
    """Paragraphs and headings in document order (lists and table cells included)."""
    stack = [root]
    while stack:
        element = stack.pop()
        if element.qname in (_PARAGRAPH, _HEADING):
            yield element
        else:
            stack.extend(reversed([child for child in element.childNodes if child.nodeType == 1]))


def _level(element: Any) -> int:
    if element.qname != _HEADING:
        return 0
    level = element.getAttrNS(_TEXT_NS, "outline-level")
    return int(level) if level and str(level).isdigit() else 1


def _title(document: Any) -> str:
    from odf import dc, teletype

    titles = document.meta.getElementsByType(dc.Title)
    return teletype.extractText(titles[0]) if titles else ""
