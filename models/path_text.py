"""File names as text that SQLite can store and a report can print.

A POSIX file name is bytes: Python decodes the ones that are not UTF-8 with lone surrogates
("caf\\udce9.txt"), which neither SQLite nor a UTF-8 terminal accepts. They are written with
the undecodable bytes as \\xNN escapes instead, the way Python shows bytes. A newline in a
name would split a report's line, so control characters are escaped too.
"""

from __future__ import annotations

import os
import re


def path_text(path: str | os.PathLike[str]) -> str:
    """The name as valid Unicode on one line: undecodable bytes as \\xNN, a newline or another
    control character as its escape (a name may hold any byte but / and NUL)."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = os.fsencode(text).decode("utf-8", "backslashreplace")
    if _CONTROL.search(text):
        text = _CONTROL.sub(_escape, text)
    return text


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    return repr(match[0])[1:-1]  # "\n", "\t", "\x1b", "\u2028"
