"""Importing files that are odd rather than broken: UTF-16 text, names that are not UTF-8."""

from __future__ import annotations

import codecs
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.test_cli import REPO_ROOT, Gloss

ARTICLE = "A title line\n\nA first paragraph about the café.\n\nA second one.\n"


@pytest.fixture
def gloss(tmp_path: Path) -> Gloss:
    return Gloss(tmp_path / "lib.sqlite")


def stored(library: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(library)
    try:
        return conn.execute("SELECT title, origin_path FROM article ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_with_a_bom_imports(gloss: Gloss, tmp_path: Path, encoding: str) -> None:
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    path = tmp_path / "wide.txt"
    path.write_bytes(bom + ARTICLE.encode(encoding))
    result = gloss.run("import", path)
    assert result.returncode == 0, result.stderr
    assert stored(gloss.library) == [("A title line", str(path))]


@pytest.mark.skipif(sys.platform == "win32", reason="Windows file names are Unicode")
def test_a_file_name_that_is_not_utf8_imports_and_prints(gloss: Gloss, tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    name = os.path.join(folder, b"caf\xe9.txt")  # Latin-1 "café.txt"
    with open(name, "w", encoding="utf-8") as handle:
        handle.write(ARTICLE)
    result = subprocess.run(
        [
            sys.executable,
            os.fsencode(REPO_ROOT / "main.py"),
            b"--library",
            os.fsencode(gloss.library),
            b"import",
            name,
        ],
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    shown = f"{tmp_path}/caf\\xe9.txt"
    assert result.stdout.decode("utf-8").startswith(f"imported   {shown} -> #1 A title line\n")
    assert stored(gloss.library) == [("A title line", shown)]
