"""Importing any file peaks under 10 × its size + 300 MB, or refuses it with a one-line reason.

Each file is imported by the command line in a child whose address space is capped at that
bound (RLIMIT_AS), so a file that needs more fails with MemoryError (which the test catches) instead
of taking the machine. These inputs are a few
MB, enough to break the bound before the fix (each piece of a file costs ~1 KB, not its bytes);
tests/reliability/test_memory_bound.py runs the same at 48 MB.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.ui.hostile_documents import HOSTILE_DOCUMENTS

REPO_ROOT = Path(__file__).resolve().parents[2]
MB = 1_000_000
EMOJI = "\U0001f600".encode()

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="caps the child's memory with RLIMIT_AS (Linux)"
)


def bound(size: int) -> int:
    return 10 * size + 300 * MB


def _repeat(head: bytes, piece: bytes, tail: bytes, size: int) -> bytes:
    return head + piece * max(1, (size - len(head) - len(tail)) // len(piece)) + tail


def _text_of(size: int, word: bytes = b"word ") -> bytes:
    """Prose of about `size` bytes with an emoji early on: every copy of it takes 4 bytes a
    character, the worst case for memory."""
    return EMOJI + b" " + word * (size // len(word))


NEWS = REPO_ROOT / "tests" / "importers" / "fixtures" / "news"


def _news_export(name: str, anchor: bytes, piece: bytes) -> Callable[[int], bytes]:
    """A news database's export whose first article has `size` bytes of `piece` paragraphs."""

    def make(size: int) -> bytes:
        data = (NEWS / name).read_bytes()
        assert anchor in data
        return data.replace(anchor, anchor + piece * (size // len(piece)), 1)

    return make


# Files that cost far more than their bytes: many tiny pieces, or deep nesting.
HOSTILE: dict[str, Callable[[int], bytes]] = {
    "items.txt": lambda size: _repeat(b"[", b"'a', ", b"'a']", size),
    "arithmetic.txt": lambda size: _repeat(b"['a', ", b"1+", b"1]", size),
    "unary.txt": lambda size: _repeat(b"['a', ", b"-", b"1]", size),
    "paragraphs.html": lambda size: _repeat(b"<!DOCTYPE html><body>", b"<p>a</p>\n", b"", size),
    "rows.csv": lambda size: _repeat(b"title,text\n", b"t,x\n", b"", size),
    "objects.json": lambda size: _repeat(b"[", b'{"text":"x"},', b'{"text":"x"}]', size),
    "lines.md": lambda size: _repeat(b"# Title\n\n", b"- *a* [b](https://x.example)\n", b"", size),
    "quotes.md": lambda size: _repeat(b"# Title\n\n", b">", b" x\n", size),
    "paragraphs.txt": lambda size: _repeat(b"Title\n\n", b"a\n\n", b"", size),
    "items.rss": lambda size: _repeat(
        b"<rss><channel><title>c</title>",
        b"<item><description>x</description></item>",
        b"</channel></rss>",
        size,
    ),
    "factiva.txt": _news_export(
        "factiva_en.txt", b"\tThe move follows months of talks.\n", b"\ta\n\n"
    ),
    "lexisnexis.txt": _news_export("lexisnexis_en.txt", b"the plans said, as", b"\r\na\r\n"),
    "nexis.html": _news_export("nexis_uk.html", b'<P CLASS="c9"><SPAN CLASS="c2">', b"a<BR>"),
    **HOSTILE_DOCUMENTS,
}

# Ordinary files, only big: one long article each (or a table of long rows).
BIG: dict[str, Callable[[int], bytes]] = {
    "article.txt": lambda size: b"Title\n\n" + _text_of(size),
    "list.txt": lambda size: b"['" + _text_of(size) + b"']",
    "article.md": lambda size: b"# Title\n\n" + _text_of(size),
    "page.html": lambda size: (
        b"<!DOCTYPE html><html><head><title>T</title></head><body><article><h1>Head</h1><p>"
        + _text_of(size)
        + b"</p></article></body></html>"
    ),
    "table.csv": lambda size: (
        b"title,text\n"
        + b"".join(b'r%d,"' % n + _text_of(2_000) + b'"\n' for n in range(size // 2_000))
    ),
    "feed.rss": lambda size: (
        b"<rss><channel><title>c</title>"
        + b"".join(
            b"<item><title>%d</title><description>" % n + _text_of(2_000) + b"</description></item>"
            for n in range(size // 2_000)
        )
        + b"</channel></rss>"
    ),
}


def import_capped(library: Path, source: Path) -> subprocess.CompletedProcess[str]:
    """`gloss import source` with its address space capped at the file's bound (a little above
    its peak resident memory, which is what the bound is about)."""
    cap = bound(source.stat().st_size)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    return subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "main.py"),
            "--library",
            str(library),
            "import",
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=limit,  # only setrlimit, which is safe between fork and exec
    )


def check_imported_or_refused(tmp_path: Path, name: str, content: bytes) -> str:
    """Import the file under its bound: it is imported, or refused in one line naming it."""
    source = tmp_path / name
    source.write_bytes(content)
    result = import_capped(tmp_path / "library.sqlite", source)
    said = f"{name}: exit {result.returncode}\n{result.stderr}"
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr, said
    failures = [line for line in result.stderr.splitlines() if line.startswith("failed")]
    if result.returncode == 0:
        assert result.stdout.startswith(f"imported   {source} -> #1 "), said
        return "imported"
    assert result.returncode == 1 and len(failures) == 1, said
    assert failures[0].startswith(f"failed     {source}: "), said
    return failures[0].split(": ", 1)[1]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_file_of_many_small_pieces_is_imported_or_refused_in_bounded_memory(
    tmp_path: Path, name: str
) -> None:
    reason = check_imported_or_refused(tmp_path, name, HOSTILE[name](3 * MB))
    assert reason == "imported" or "in bounded memory" in reason


@pytest.mark.parametrize("name", sorted(BIG))
def test_a_big_ordinary_file_is_imported_in_bounded_memory(tmp_path: Path, name: str) -> None:
    assert check_imported_or_refused(tmp_path, name, BIG[name](3 * MB)) == "imported"
