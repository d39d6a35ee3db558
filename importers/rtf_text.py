"""The text of an RTF document, read with striprtf (a small pure-Python RTF reader that honours
code pages, \\u escapes and ignorable destinations, and walks groups without recursion).

`read_rtf_text` gives paragraphs as lines and table cells as tabs, so "field code, tab,
value" layouts (Factiva's) read the same whether the exporter used tabs or a table.
`read_rtf` gives `Paragraph`s with page and section breaks marked (the Nexis reader needs to see
where each document starts) and the `\\title` property. Pictures, fonts, styles, headers and
footers are skipped by striprtf; nothing in the file is run or fetched. Shared by the RTF
importers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from importers import memory
from importers.decoding import strip_controls
from importers.document_text import Paragraph, page_break
from importers.draft import ImportFailure

KIND = "RTF document"
_START = re.compile(rb"\s*\{\\rtf", re.IGNORECASE)
_CELL = re.compile(r"\\(?:nest)?cell(?![a-zA-Z])")
_BREAK = re.compile(r"\\(?:page|sect)(?![a-zA-Z])-?\d* ?")
_BREAK_MARK = "\\par \\'0c\\par "  # a form feed alone on a line
# Measured (importers/memory.py): copies of the text, a byte of the file, narrow or wide text
# (striprtf's tokens and pieces, the markup, the plain text); a paragraph (~700 bytes).
_MEMORY_PER_BYTE, _MEMORY_PER_LINE = (6.0, 12.0), 800
_TITLE = re.compile(r"\{\\title\b ?((?:[^{}\\]|\\[^a-zA-Z]|\\[a-zA-Z]+-?\d* ?)*)\}")


@dataclass(frozen=True)
class RtfDocument:
    paragraphs: list[Paragraph]
    title: str


def is_rtf(head: bytes) -> bool:
    return _START.match(head.removeprefix(b"\xef\xbb\xbf")) is not None


def rtf_to_plain(rtf: str) -> str:
    """The text of RTF markup; characters outside the BMP come back whole."""
    from striprtf.striprtf import rtf_to_text  # only when an RTF file is read

    # striprtf looks for hyperlink fields with a pattern that takes quadratic time on long
    # lines; a space after \fldinst means the same to RTF and keeps that pattern out.
    rtf = rtf.replace("\\fldinst{", "\\fldinst {")
    try:
        text: str = rtf_to_text(rtf, errors="replace")
    except (ValueError, LookupError, IndexError, OverflowError) as exc:
        raise ImportFailure(f"unreadable {KIND}: {type(exc).__name__}: {exc}"[:120]) from None
    # \u escapes give UTF-16 halves one at a time: pair them, and replace any left alone.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def read_rtf_text(data: bytes) -> str:
    """The document's text, one line per paragraph, cells apart by tabs, LF line ends."""
    text = rtf_to_plain(_CELL.sub(r"\\tab", _markup(data)))
    memory.require_lines(len(data), text, _MEMORY_PER_BYTE, _MEMORY_PER_LINE)
    return strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))


def read_rtf(data: bytes) -> RtfDocument:
    """Paragraphs (one per \\par, a page or section break as an empty one) and the title."""
    markup = _markup(data)
    title_match = _TITLE.search(markup)
    title = rtf_to_plain("{" + title_match[1] + "}").strip() if title_match else ""
    marked = _BREAK.sub(lambda _match: _BREAK_MARK, _CELL.sub(r"\\tab", markup))
    text = rtf_to_plain(marked).replace("\r\n", "\n").replace("\r", "\n")
    memory.require_lines(len(data), text, _MEMORY_PER_BYTE, _MEMORY_PER_LINE)
    paragraphs: list[Paragraph] = []
    for line in text.split("\n"):
        if line == "\x0c":
            paragraphs.append(page_break())
        elif line.strip():
            paragraphs.append(Paragraph(strip_controls(line)))
    return RtfDocument(paragraphs, title)


def _markup(data: bytes) -> str:
    if not is_rtf(data[:64]):
        raise ImportFailure(f"not an {KIND} (it does not start with '{{\\rtf')")
    # RTF is 7-bit by the standard: bytes above 127 are Windows' ANSI code page at best.
    return data.decode("cp1252", errors="replace").lstrip("\ufeff")
