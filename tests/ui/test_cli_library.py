"""`delete` and `edit` end to end, in subprocesses on a temporary library."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.ui.test_cli import Gloss, gloss, write

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

__all__ = ["gloss"]  # the fixture, shared


def _two_articles(gloss: Gloss, tmp_path: Path) -> tuple[int, int]:
    folder = tmp_path / "in"
    write(folder / "a.md", "# Alpha story\n\nThe walrus spoke.\n")
    write(folder / "b.md", "# Beta story\n\nThe zebra listened.\n")
    report = gloss.json("import", folder)
    ids = {Path(i["path"]).name: i["id"] for i in report["imported"]}  # type: ignore[index]
    return ids["a.md"], ids["b.md"]


def test_delete_many_with_their_highlights(gloss: Gloss, tmp_path: Path) -> None:
    alpha, beta = _two_articles(gloss, tmp_path)
    assert gloss.run("annotate", alpha, "--quote", "walrus").returncode == 0
    result = gloss.run("delete", alpha, beta)
    assert result.returncode == 0, result.stderr
    assert "2 article(s) deleted with 1 highlight(s)" in result.stdout
    assert gloss.json("list") == []
    assert gloss.json("search", "walrus") == []


def test_delete_an_unknown_id_fails_and_keeps_everything(gloss: Gloss, tmp_path: Path) -> None:
    alpha, _ = _two_articles(gloss, tmp_path)
    result = gloss.run("delete", alpha, "4242")
    assert result.returncode == 1 and "4242" in result.stderr
    assert len(gloss.json("list")) == 2  # type: ignore[arg-type]


def test_edit_fields(gloss: Gloss, tmp_path: Path) -> None:
    alpha, _ = _two_articles(gloss, tmp_path)
    result = gloss.run(
        "edit", alpha, "--title", "Walrus speaks", "--outlet", "BBC", "--date", "2023-01-02"
    )
    assert result.returncode == 0, result.stderr
    shown = gloss.json("show", alpha)
    assert (shown["title"], shown["source"], shown["date"]) == (  # type: ignore[index]
        "Walrus speaks",
        "BBC",
        "2023-01-02",
    )
    bad = gloss.run("edit", alpha, "--date", "yesterday")
    assert bad.returncode == 1 and "not a date" in bad.stderr
    assert gloss.run("edit", alpha).returncode == 2


def test_memo_edit_search_and_export(gloss: Gloss, tmp_path: Path) -> None:
    alpha, _ = _two_articles(gloss, tmp_path)
    assert gloss.run("annotate", alpha, "--quote", "walrus").returncode == 0
    assert gloss.run("edit", alpha, "--memo", "Anthropomorphic framing").returncode == 0
    assert gloss.json("show", alpha)["memo"] == "Anthropomorphic framing"  # type: ignore[index]
    found = gloss.json("search", "--annotations", "framing")
    assert found == [
        {"article_id": alpha, "title": "Alpha story", "memo": "Anthropomorphic framing"}
    ]
    assert [a["id"] for a in gloss.json("search", "has:memo")] == [alpha]  # type: ignore[index]
    exported = gloss.run("export", "--raw")
    header, row = csv.reader(io.StringIO(exported.stdout))
    assert header[header.index("coder") + 1] == "article_memo"  # new columns go at the end
    assert row[header.index("article_memo")] == "Anthropomorphic framing"


def test_outlets_list_and_alias(gloss: Gloss, tmp_path: Path) -> None:
    rows = "title,text,url\nA,Walrus text one.,https://www.bbc.co.uk/news/1\n"
    rows += "B,Zebra text two.,https://www.beeb.example/2\n"
    write(tmp_path / "rows.csv", rows)
    assert gloss.run("import", tmp_path / "rows.csv").returncode == 0
    listed = gloss.json("outlets")
    by_name = {o["name"]: o for o in listed}  # type: ignore[union-attr, index]
    assert by_name["BBC"]["articles"] == 1 and "bbc.co.uk" in by_name["BBC"]["aliases"]
    assert by_name["beeb.example"]["articles"] == 1
    result = gloss.run("outlets", "alias", "beeb.example", "BBC")
    assert result.returncode == 0 and "1 article(s) renamed" in result.stdout
    assert {a["source"] for a in gloss.json("list")} == {"BBC"}  # type: ignore[index, union-attr]
    assert gloss.run("outlets", "unalias", "nothing").returncode == 1
