"""The text of an RTF document, read with striprtf (a small pure-Python RTF reader).

Paragraphs come out as lines and table cells as tabs, so "field code, tab, value" layouts
(Factiva's) read the same whether the exporter used tabs or a table. Pictures, fonts, styles
and the like are skipped by striprtf; nothing in the file is run or fetched.
"""

from __future__ import annotations

import re

from importers.decoding import strip_controls
from importers.draft import ImportFailure

RTF_MAGIC = b"{\\rtf"
_CELL = re.compile(r"\\(?:nest)?cell(?![a-z])")
_MAX_REASON = 80


def is_rtf(head: bytes) -> bool:
    return head.lstrip()[:5] == RTF_MAGIC


def rtf_to_plain(data: bytes) -> str:
    """The document's text, newlines as LF; ImportFailure when it is not readable RTF."""
    if not is_rtf(data):
        raise ImportFailure("not an RTF document")
    from striprtf.striprtf import rtf_to_text  # only files that are RTF pay for the import

    # RTF is 7-bit text; 8-bit characters come as escapes that name their code page, so
    # latin-1 only carries the bytes through to the reader unchanged.
    source = _CELL.sub(r"\\tab", data.decode("latin-1"))
    # striprtf looks for hyperlink fields with a pattern that takes quadratic time on long
    # lines; a space after \fldinst means the same to RTF and keeps that pattern out.
    source = source.replace("\\fldinst{", "\\fldinst {")
    try:
        text = rtf_to_text(source, errors="strict")
    except (UnicodeDecodeError, LookupError, IndexError, ValueError, KeyError) as exc:
        reason = f"{type(exc).__name__}: {exc}"[:_MAX_REASON]
        raise ImportFailure(f"unreadable RTF ({reason})") from None
    # RTF writes characters past U+FFFF as two \u escapes (a UTF-16 surrogate pair), which
    # striprtf leaves apart: join them, and make a lone half the replacement character.
    text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
