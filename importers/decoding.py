"""Reading source files and turning their bytes into text, strictly.

Text is accepted as UTF-8 (with or without a BOM) or UTF-16 with a BOM. Anything that is not
UTF-8 falls back to cp1252 only when it is mostly plain ASCII, the usual shape of an old Western
text file; everything else is refused with a plain reason rather than guessed at.
"""

from __future__ import annotations

import codecs
import functools
import re
import stat
from pathlib import Path

from importers.draft import ImportFailure

MAX_FILE_BYTES = 50_000_000  # "50 MB", as the messages and the README say
HEAD_BYTES = 4096  # what sniffers get to see of a file

# Control characters that never belong in prose (tab, LF, CR and form feed are whitespace).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Share of characters that may be stray controls before we call the data binary.
_MAX_CONTROL_SHARE = 0.01
# A cp1252 guess is only made for text that is at least this share printable ASCII.
_MIN_ASCII_SHARE_FOR_CP1252 = 0.8
_C0 = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_ASCII_TEXT = bytes(range(0x20, 0x7F)) + b"\t\n\r"


def read_source(path: Path) -> bytes:
    """The whole file, refused when it is missing, not a regular file, empty or too large."""
    limit = MAX_FILE_BYTES
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ImportFailure("not a file")
        if info.st_size > limit:
            raise ImportFailure(f"file is larger than the {size_label(limit)} limit")
        with path.open("rb") as handle:
            # Ask for what stat() saw (asking for the limit allocates 50 MB per file), then
            # up to one byte past the limit in case the file has grown since.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(limit + 1 - len(data))
    except FileNotFoundError:
        raise ImportFailure("no such file") from None
    except IsADirectoryError:
        raise ImportFailure("not a file") from None
    except OSError as exc:
        raise ImportFailure(f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise ImportFailure(f"file is larger than the {size_label(limit)} limit")
    if not data:
        raise ImportFailure("file is empty")
    return data


def decode_text(data: bytes) -> str:
    """Strictly decode a text file; newlines become LF and stray control characters go."""
    if data.startswith(codecs.BOM_UTF8):
        text = _decode(data[len(codecs.BOM_UTF8) :], "utf-8", "cannot decode text (not UTF-8)")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(data, "utf-16", "cannot decode text (broken UTF-16)")
    else:
        # Binary is told on the bytes, before any encoding is guessed at.
        c0_controls = len(data) - len(data.translate(None, delete=_C0))
        if b"\x00" in data or _too_many_controls(c0_controls, len(data)):
            raise ImportFailure("binary file, not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_cp1252(data)
    kept, controls = _CONTROLS.subn("", text)
    if _too_many_controls(controls, len(text)):
        raise ImportFailure("binary file, not text")
    text = kept.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ImportFailure("file has no text")
    return text


def sniff_text(head: bytes) -> str:
    """The first bytes of a file as text, leniently, for sniffers (no failure, BOM dropped)."""
    if type(head) is bytes and len(head) <= HEAD_BYTES:
        return _sniff_text_cached(head)
    return _lenient_text(head)  # a whole file (feed.py reads one so): not worth keeping


@functools.lru_cache(maxsize=4)  # every sniffer asks for the same head: decode it once
def _sniff_text_cached(head: bytes) -> str:
    return _lenient_text(head)


def _lenient_text(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="ignore")
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    return head.decode("utf-8", errors="ignore")


def strip_controls(text: str) -> str:
    """Remove control characters that are not whitespace (they come from entities too)."""
    return _CONTROLS.sub("", text)


def _too_many_controls(count: int, length: int) -> bool:
    return count > max(2, length * _MAX_CONTROL_SHARE)


def _decode(data: bytes, encoding: str, reason: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportFailure(reason) from None


def _decode_cp1252(data: bytes) -> str:
    other = len(data.translate(None, delete=_ASCII_TEXT))
    if other > len(data) * (1 - _MIN_ASCII_SHARE_FOR_CP1252):
        raise ImportFailure("cannot decode text (not UTF-8)")
    # cp1252 leaves five bytes undefined, so a strict decode still refuses some binary data.
    return _decode(data, "cp1252", "cannot decode text (not UTF-8)")


def size_label(size: int) -> str:
    """Sizes as people read them: 50_000_000 is "50 MB" (decimal, as file managers show)."""
    for unit, name in ((1_000_000_000, "GB"), (1_000_000, "MB"), (1_000, "kB")):
        if size >= unit:
            return f"{size / unit:.3g} {name}"
    return f"{size} bytes"
