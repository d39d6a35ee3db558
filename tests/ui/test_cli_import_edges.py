"""Importing files that are odd rather than broken: UTF-16 text, names that are not UTF-8."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.db import close_library, open_library
from models.schema import database
from tests.ui.test_cli import REPO_ROOT, Gloss

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

ARTICLE = "A title line\n\nA first paragraph about the café.\n\nA second one.\n"


@pytest.fixture
def gloss(library_location: Path | str) -> Gloss:
    return Gloss(library_location)


def stored(library: Path | str, columns: str = "title, origin_path") -> list[tuple[str, ...]]:
    """The articles' columns as the command left them, read through the library's driver."""
    open_library(library)
    try:
        return [
            tuple(row) for row in database.execute_sql(f"SELECT {columns} FROM article ORDER BY id")
        ]
    finally:
        close_library()


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


def test_a_link_out_of_an_imported_folder_is_skipped_and_said(gloss: Gloss, tmp_path: Path) -> None:
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret title\n\nNot to be read.\n", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "leak.txt").symlink_to(outside / "secret.txt")
    (folder / "again.txt").symlink_to(folder / "article.txt")  # inside: followed
    result = gloss.run("import", folder)
    assert result.returncode == 0, result.stderr
    assert f"skipped    {folder}/leak.txt: a link to a file outside the folder" in result.stdout
    assert "Secret" not in result.stdout
    assert [title for title, _ in stored(gloss.library)] == ["A title line"]


def test_a_newline_in_a_file_name_stays_on_its_report_line(gloss: Gloss, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "good\nname.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "bad\nname.txt").write_bytes(b"")  # empty: fails
    result = gloss.run("import", folder)
    assert result.stderr.splitlines()[0] == f"failed     {folder}/bad\\nname.txt: file is empty"
    assert result.stdout.splitlines() == [
        f"imported   {folder}/good\\nname.txt -> #1 A title line",
        "1 imported, 0 duplicate(s), 1 failed",
    ]
    assert stored(gloss.library) == [("A title line", f"{folder}/good\\nname.txt")]


def test_sizes_in_messages_read_as_people_write_them(gloss: Gloss, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50_000_001)  # sparse: no disk used
    result = gloss.run("import", big)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"failed     {big}: file is larger than the 50 MB limit"
    )


def test_a_dataset_url_that_is_not_a_web_address_is_dropped(gloss: Gloss, tmp_path: Path) -> None:
    data = tmp_path / "rows.csv"
    data.write_text(
        "title,text,url\n"
        "One,First text here.,javascript:alert(1)\n"
        "Two,Second text here.,https://news.example/two\n",
        encoding="utf-8",
    )
    assert gloss.run("import", data).returncode == 0
    urls = stored(gloss.library, "url")
    assert urls == [("",), ("https://news.example/two",)]
