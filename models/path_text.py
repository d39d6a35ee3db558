"""File names as text that SQLite can store and a report can print.

A POSIX file name is bytes: Python decodes the ones that are not UTF-8 with lone surrogates
("caf\\udce9.txt"), which neither SQLite nor a UTF-8 terminal accepts. They are written with
the undecodable bytes as \\xNN escapes instead, the way Python shows bytes.
"""

from __future__ import annotations

import os


def path_text(path: str | os.PathLike[str]) -> str:
    """The name as valid Unicode: undecodable bytes as \\xNN."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text
