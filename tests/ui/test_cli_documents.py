"""The command line imports Nexis exports and documents; a bad export changes nothing."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))
from nexis_fixtures import Doc, nexis_docx, nexis_pdf
from test_cli import Gloss

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

DOCS = [
    Doc("Storm hits the coast", "The Guardian", dt.date(2019, 7, 1), "UK", "A B", ("One.",)),
    Doc("Budget vote", "Le Monde", dt.date(2021, 3, 3), "Eco", "C D", ("Deux.", "Trois.")),
]


@pytest.fixture
def gloss(library_location: Path | str) -> Gloss:
    return Gloss(library_location)


@pytest.mark.parametrize("build", [nexis_docx, nexis_pdf], ids=["docx", "pdf"])
def test_an_export_imports_one_article_per_document(gloss: Gloss, tmp_path: Path, build) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "export.bin"
    path.write_bytes(build(DOCS))
    result = gloss.run("import", path)
    assert result.returncode == 0, result.stderr
    assert "2 imported, 0 duplicate(s), 0 failed" in result.stdout
    rows = gloss.json("list")
    assert isinstance(rows, list)
    found = sorted((row["title"], row["source"], row["date"]) for row in rows)
    assert found == [
        ("Budget vote", "Le Monde", "2021-03-03"),
        ("Storm hits the coast", "The Guardian", "2019-07-01"),
    ]


def test_an_export_without_documents_fails_and_adds_nothing(gloss: Gloss, tmp_path: Path) -> None:
    good, empty = tmp_path / "good.docx", tmp_path / "empty.docx"
    good.write_bytes(nexis_docx(DOCS))
    empty.write_bytes(nexis_docx([]))
    result = gloss.run("import", empty)
    assert result.returncode == 1
    assert f"{empty}: no articles in this export" in result.stderr
    assert gloss.json("list") == []
    both = gloss.run("import", good, empty)  # the good file's articles stay, the bad one is named
    assert both.returncode == 1 and "2 imported" in both.stdout
