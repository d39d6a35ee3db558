"""`import --map` and the new formats through the command line, in subprocesses."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "importers" / "fixtures"
NEW_FORMAT_FIXTURES = ["article.md", "article.txt", "articles.csv", "articles.json"]
NEW_FORMAT_FIXTURES += ["articles.jsonl", "articles.tsv", "feed_atom.xml", "feed_rss.xml"]


def gloss(library: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "main.py"), "--library", str(library), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return tmp_path / "lib.sqlite"


def test_map_names_the_columns(library: Path) -> None:
    result = gloss(
        library,
        "import",
        FIXTURES / "semicolon.csv",
        "--map",
        "title=titel",
        "--map",
        "date=datum",
        "--map",
        "source=Quelle",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["imported"]) == 2
    listing = json.loads(gloss(library, "list", "--json").stdout)
    assert sorted((a["title"], a["date"], a["source"]) for a in listing) == [
        ("Neue Brücke eröffnet", "2017-02-07", "Lokalblatt"),
        ("Zweiter Artikel", "2017-02-08", "Lokalblatt"),
    ]


def test_no_text_column_says_how_to_map_it(library: Path, tmp_path: Path) -> None:
    data = tmp_path / "export.csv"
    data.write_text("headline,body_html\nA,<p>One.</p><p>Two.</p>\n", encoding="utf-8")
    failed = gloss(library, "import", data)
    assert failed.returncode == 1
    assert "no text column (columns: headline, body_html); use --map text=COLUMN" in failed.stderr
    done = gloss(library, "import", data, "--map", "text=body_html")
    assert done.returncode == 0, done.stderr
    [article] = json.loads(gloss(library, "list", "--json").stdout)
    shown = json.loads(gloss(library, "show", str(article["id"]), "--json").stdout)
    assert (shown["title"], shown["text"]) == ("A", "One.\n\nTwo.")


@pytest.mark.parametrize(
    ("specs", "message"),
    [
        (["--map", "text"], "expected FIELD=COLUMN, got 'text'"),
        (["--map", "body=text"], "unknown field 'body'"),
        (["--map", "text=a", "--map", "text=b"], "field 'text' is mapped twice"),
    ],
)
def test_bad_map_is_a_usage_error(library: Path, specs: list[str], message: str) -> None:
    result = gloss(library, "import", FIXTURES / "articles.csv", *specs)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert json.loads(gloss(library, "list", "--json").stdout) == []


def test_skipped_rows_are_warned_about(library: Path) -> None:
    result = gloss(library, "import", FIXTURES / "articles.csv")
    assert result.returncode == 0, result.stderr
    assert "4 imported, 0 duplicate(s), 0 failed" in result.stdout
    assert f"warning    {FIXTURES / 'articles.csv'}: row 3: no text, skipped" in result.stderr
    assert "row 5: unreadable date 'yesterday'; no date set" in result.stderr


def test_a_folder_of_new_formats(library: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in NEW_FORMAT_FIXTURES:
        shutil.copy(FIXTURES / name, folder / name)
    result = gloss(library, "import", folder, "--json")
    report = json.loads(result.stdout)
    assert report["failed"] == [] and report["skipped"] == []
    imported = {Path(item["path"]).name for item in report["imported"]}
    assert imported == set(NEW_FORMAT_FIXTURES)
    formats = gloss(library, "formats").stdout
    for name in ("dataset", "feed", "markdown", "plain-text"):
        assert name in formats
