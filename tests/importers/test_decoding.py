from __future__ import annotations

import codecs
import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from importers import decoding
from importers.decoding import decode_text, read_source, sniff_text
from importers.draft import ImportFailure

PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
RANDOM_BYTES = random.Random(7).randbytes(512)


def test_read_source_returns_the_bytes(write_file: Callable[..., Path]) -> None:
    assert read_source(write_file(b"abc\r\n")) == b"abc\r\n"


def test_read_source_refuses_an_empty_file(write_file: Callable[..., Path]) -> None:
    with pytest.raises(ImportFailure, match="^file is empty$"):
        read_source(write_file(b""))


def test_read_source_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="^not a file$"):
        read_source(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX only")
def test_read_source_refuses_a_pipe_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(ImportFailure, match="^not a file$"):
        read_source(tmp_path / "pipe")


def test_read_source_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="^no such file$"):
        read_source(tmp_path / "missing.txt")


@pytest.mark.parametrize(
    ("limit", "size", "message"),
    [
        (10, 11, "file is larger than the 10 bytes limit"),
        (2_000_000, 2_000_001, "file is larger than the 2 MB limit"),
        (1_500, 1_501, "file is larger than the 1.5 kB limit"),
    ],
)
def test_read_source_refuses_a_file_over_the_limit(
    monkeypatch: pytest.MonkeyPatch,
    write_file: Callable[..., Path],
    limit: int,
    size: int,
    message: str,
) -> None:
    monkeypatch.setattr(decoding, "MAX_FILE_BYTES", limit)
    path = write_file(b"x" * size)
    with pytest.raises(ImportFailure) as caught:
        read_source(path)
    assert str(caught.value) == message
    path.write_bytes(b"x" * limit)
    assert len(read_source(path)) == limit


def test_the_real_limit_is_50_mb() -> None:
    assert decoding.MAX_FILE_BYTES == 50_000_000


def test_read_source_reports_an_unreadable_file(
    monkeypatch: pytest.MonkeyPatch, write_file: Callable[..., Path]
) -> None:
    path = write_file(b"text")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(ImportFailure, match="^cannot read file: Permission denied$"):
        read_source(path)


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"plain", "plain"),
        ("h\u00e9llo \u2014 \U0001f600".encode(), "h\u00e9llo \u2014 \U0001f600"),
        (codecs.BOM_UTF8 + "caf\u00e9".encode(), "caf\u00e9"),
        (codecs.BOM_UTF16_LE + "caf\u00e9\r\nx".encode("utf-16-le"), "caf\u00e9\nx"),
        (codecs.BOM_UTF16_BE + "caf\u00e9".encode("utf-16-be"), "caf\u00e9"),
        (b"a\r\nb\rc\n\r\nd", "a\nb\nc\n\nd"),
        # Not UTF-8 but plainly Western text: the cp1252 fallback.
        (
            b"caf\xe9 cr\xe8me, a \x93quoted\x94 word",
            "caf\u00e9 cr\u00e8me, a \u201cquoted\u201d word",
        ),
        # One stray control character (a DOS end-of-file mark) is dropped, not fatal.
        (b"the end\x1a", "the end"),
    ],
)
def test_decode_text_accepts(data: bytes, text: str) -> None:
    assert decode_text(data) == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "file has no text"),
        (b" \r\n\t \n", "file has no text"),
        (codecs.BOM_UTF8 + b"  \n", "file has no text"),
        (PNG_HEAD, "binary file, not text"),
        (b"text\x00with a NUL", "binary file, not text"),
        ("utf-16 without a BOM".encode("utf-16-le"), "binary file, not text"),
        (b"\x01\x02\x03\x04 control soup", "binary file, not text"),
        (RANDOM_BYTES.replace(b"\x00", b""), "binary file, not text"),
        (
            ("\u65e5\u672c\u8a9e\u306e\u6587\u7ae0" * 20).encode("shift_jis"),
            "cannot decode text (not UTF-8)",
        ),
        (b"\xe9\xe8\xf6\xfc\xe4 " * 20, "cannot decode text (not UTF-8)"),
        (b"mostly ascii but \x81 is undefined in cp1252", "cannot decode text (not UTF-8)"),
        (codecs.BOM_UTF8 + b"caf\xe9", "cannot decode text (not UTF-8)"),
        (codecs.BOM_UTF16_LE + b"a\x00b", "cannot decode text (broken UTF-16)"),
    ],
)
def test_decode_text_refuses(data: bytes, message: str) -> None:
    with pytest.raises(ImportFailure) as caught:
        decode_text(data)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("head", "text"),
    [
        (b"date 2022", "date 2022"),
        (codecs.BOM_UTF8 + b"['a'", "['a'"),
        (codecs.BOM_UTF16_LE + "['a'".encode("utf-16-le") + b"\x00", "['a'"),
        ("caf\u00e9".encode()[:-1], "caf"),  # a head cut inside a character
    ],
)
def test_sniff_text_is_lenient(head: bytes, text: str) -> None:
    assert sniff_text(head) == text


def test_sniff_text_keeps_only_heads_it_decoded() -> None:
    cached = decoding._sniff_text_cached
    cached.cache_clear()
    head = "Ünïcode head ".encode() * 100
    assert sniff_text(head) is sniff_text(head)  # every sniffer gets the one decode
    whole = b"<rss>" + b"x" * 100_000  # a feed importer hands over a whole file: not kept
    assert sniff_text(whole) == whole.decode()
    assert sniff_text(bytearray(b"plain")) == "plain"  # not hashable: decoded, not cached
    assert cached.cache_info().currsize == 1
