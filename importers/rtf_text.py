"""The text of an RTF document, read with striprtf (a small pure-Python RTF reader).

`read_rtf_text` gives paragraphs as lines and table cells as tabs, so "field code, tab,
value" layouts (Factiva's) read the same whether the exporter used tabs or a table. Pictures,
fonts, styles, headers and footers are skipped by striprtf; nothing in the file is run or
fetched. Shared by the RTF importers.
"""

from __future__ import annotations

import re

from importers.decoding import strip_controls
from importers.draft import ImportFailure

KIND = "RTF document"
_START = re.compile(rb"\s*\{\\rtf", re.IGNORECASE)
_CELL = re.compile(r"\\(?:nest)?cell(?![a-zA-Z])")


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
    if not is_rtf(data[:64]):
        raise ImportFailure(f"not an {KIND} (it does not start with '{{\\rtf')")
    # RTF is 7-bit by the standard: bytes above 127 are Windows' ANSI code page at best.
    markup = data.decode("cp1252", errors="replace").lstrip("\ufeff")
    text = rtf_to_plain(_CELL.sub(r"\\tab", markup))
    return strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
