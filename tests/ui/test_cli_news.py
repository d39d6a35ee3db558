"""News-database downloads through the command line: counts, duplicates, refusals, formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli_datasets import FIXTURES, gloss

NEWS = FIXTURES / "news"
DOWNLOADS = {"factiva_en.html": 3, "factiva_fr.rtf": 2, "lexisnexis_en.txt": 3, "nexis_uk.html": 3}


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return tmp_path / "lib.sqlite"


def test_each_download_imports_its_documents_and_a_second_time_duplicates(library: Path) -> None:
    paths = [NEWS / name for name in DOWNLOADS]
    first = gloss(library, "import", *paths, "--json")
    assert first.returncode == 0, first.stderr
    imported = json.loads(first.stdout)["imported"]
    counts = {name: sum(Path(i["path"]).name == name for i in imported) for name in DOWNLOADS}
    assert counts == DOWNLOADS
    again = gloss(library, "import", *paths, "--json")
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["imported"] == [] and len(report["duplicates"]) == sum(DOWNLOADS.values())
    # The same Factiva documents as text: known by their document ids, though worded apart.
    same_documents = gloss(library, "import", NEWS / "factiva_en.txt", "--json")
    assert len(json.loads(same_documents.stdout)["duplicates"]) == 2
    shown = json.loads(gloss(library, "show", str(imported[0]["id"]), "--json").stdout)
    assert (shown["section"], shown["reported_words"], shown["document_id"]) == (
        "Companies",
        1024,
        "factiva:FTCOM00020171113edbd0001f",
    )


def test_a_cover_page_without_documents_is_refused_and_adds_nothing(
    library: Path, tmp_path: Path
) -> None:
    data = (NEWS / "lexisnexis_en.txt").read_bytes()
    cover = tmp_path / "cover.txt"
    cover.write_bytes(data[: data.index(b"1 of 3 DOCUMENTS")].rstrip(b" "))
    result = gloss(library, "import", cover)
    assert result.returncode == 1
    assert f"failed     {cover}: no articles in this export" in result.stderr
    assert json.loads(gloss(library, "list", "--json").stdout) == []


def test_formats_lists_the_news_importers(library: Path) -> None:
    listed = gloss(library, "formats").stdout
    for name in ("factiva-html", "factiva-text", "lexisnexis-txt", "nexis-html"):
        assert name in listed
