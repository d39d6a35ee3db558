"""`update ID FILE` and `import --update`: new versions of articles, highlights carried over."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.ui.test_cli import Gloss, write

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

FIRST = "The minister said the plan would cut emissions by half before the end of 2030."
SECOND = "Critics from three parties disagreed strongly with that claim in parliament today."
THIRD = "The vote on the bill is expected on Tuesday evening, officials said on Monday."


@pytest.fixture
def gloss(library_location: Path | str) -> Gloss:
    return Gloss(library_location)


def markdown(title: str, *paragraphs: str) -> str:
    return f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"


def imported_with_marks(gloss: Gloss, path: Path) -> int:
    [item] = gloss.json("import", path)["imported"]
    for quote in ("expected on Tuesday evening", "cut emissions by half", "disagreed strongly"):
        gloss.json("annotate", str(item["id"]), "--quote", quote)
    return item["id"]


def test_update_carries_highlights_and_says_how(gloss: Gloss, tmp_path: Path) -> None:
    article = imported_with_marks(
        gloss, write(tmp_path / "a.md", markdown("Old", FIRST, SECOND, THIRD))
    )
    new = write(tmp_path / "b.md", markdown("New", FIRST.replace("by half", "by a half"), THIRD))
    result = gloss.json("update", str(article), new)
    assert result == {"id": article, "annotations": {"exact": 1, "fuzzy": 1, "orphaned": 1}}
    shown = gloss.json("show", str(article))
    assert shown["title"] == "New"
    by_state = {mark["anchor"]: mark for mark in shown["annotations"]}
    assert "original_quote" not in by_state["exact"]
    fuzzy = by_state["fuzzy"]
    assert (
        shown["text"][fuzzy["start"] : fuzzy["end"]] == fuzzy["quote"] == "cut emissions by a half"
    )
    assert fuzzy["original_quote"] == "cut emissions by half"
    orphan = by_state["orphaned"]
    assert (orphan["start"], orphan["end"], orphan["quote"]) == (None, None, "disagreed strongly")
    assert orphan["original_quote"] == "disagreed strongly"

    exported = gloss.run("export", "--raw")
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert list(rows[0])[-2:] == ["anchor", "original_quote"]
    assert sorted(row["anchor"] for row in rows) == ["exact", "fuzzy", "orphaned"]
    assert {row["original_quote"] for row in rows if row["anchor"] == "exact"} == {""}

    plain = gloss.run("show", str(article))
    assert "orphaned" in plain.stdout and "was 'cut emissions by half'" in plain.stdout
    found = gloss.run("search", "--annotations", "strongly")
    assert f"in #{article} yellow: 'disagreed strongly' (orphaned)" in found.stdout
    [hit] = gloss.json("search", "--annotations", "strongly")
    assert (hit["anchor"], hit["start"]) == ("orphaned", None)


def test_update_failures_change_nothing(gloss: Gloss, tmp_path: Path) -> None:
    article = imported_with_marks(
        gloss, write(tmp_path / "a.md", markdown("Old", FIRST, SECOND, THIRD))
    )
    before = gloss.json("show", str(article))
    two = write(
        tmp_path / "two.csv",
        "title,text\nOne,First text of one.\nTwo,Second text of two.\n",
    )
    result = gloss.run("update", str(article), two)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"gloss: {two}: holds 2 articles; update needs a file with exactly one"
    )
    missing = gloss.run("update", "99", write(tmp_path / "c.md", markdown("C", FIRST)))
    assert (missing.returncode, missing.stderr.strip()) == (1, "gloss: no article with id 99")
    nothing = gloss.run("update", str(article), tmp_path / "absent.md")
    assert nothing.returncode == 1 and "absent.md: no such file" in nothing.stderr
    [other] = gloss.json("import", write(tmp_path / "o.md", markdown("Other", SECOND)))["imported"]
    clash = gloss.run("update", str(article), tmp_path / "o.md")
    assert clash.returncode == 1
    assert "already has this text" in clash.stderr and f"#{other['id']}" in clash.stderr
    assert gloss.json("show", str(article)) == before


def test_import_update_matches_the_same_file(gloss: Gloss, tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", markdown("Old", FIRST, SECOND, THIRD))
    article = imported_with_marks(gloss, path)
    write(path, markdown("Old", FIRST, THIRD, "A correction was added."))
    report = gloss.json("import", path, "--update")
    assert report["imported"] == [] and report["duplicates"] == []
    assert report["updated"] == [
        {
            "path": str(path),
            "id": article,
            "title": "Old",
            "annotations": {"exact": 2, "fuzzy": 0, "orphaned": 1},
        }
    ]
    again = gloss.json("import", path, "--update")  # the same text again: a duplicate
    assert again["updated"] == [] and [d["id"] for d in again["duplicates"]] == [article]
    text = gloss.run("import", write(path, markdown("Old", FIRST, "Now shorter.")), "--update")
    assert text.returncode == 0
    assert f"updated    {path} -> #{article} Old (" in text.stdout
    assert "0 imported, 0 duplicate(s), 0 failed, 1 updated" in text.stdout


def test_import_update_matches_the_canonical_url(gloss: Gloss, tmp_path: Path) -> None:
    old = write(
        tmp_path / "old.csv",
        f'title,url,text\nA,https://www.news.example/a/,"{FIRST}\n\n{SECOND}"\n'
        f'B,https://news.example/b,"{THIRD}"\n',
    )
    report = gloss.json("import", old)
    first = report["imported"][0]["id"]
    gloss.json("annotate", str(first), "--quote", "disagreed strongly")
    new = write(
        tmp_path / "new.csv",
        f'title,url,text\nA2,http://news.example/a?utm_source=feed,"{FIRST}\n\nExtra.\n\n{SECOND}"\n',
    )
    without = gloss.json("import", new)
    assert len(without["imported"]) == 1  # without --update: a new article
    newer = write(tmp_path / "newer.csv", new.read_text().replace("Extra.", "More."))
    report = gloss.json("import", newer, "--update")
    # two library articles now share the URL: it decides nothing, so this one is added
    assert report["updated"] == [] and len(report["imported"]) == 1


def test_import_update_by_url_updates_the_one_article(gloss: Gloss, tmp_path: Path) -> None:
    old = write(tmp_path / "old.csv", f'title,url,text\nA,https://www.news.example/a/,"{FIRST}"\n')
    [item] = gloss.json("import", old)["imported"]
    gloss.json("annotate", str(item["id"]), "--quote", "cut emissions")
    new = write(
        tmp_path / "elsewhere" / "new.csv",
        f'title,url,text\nA2,http://news.example/a?utm_source=feed,"Intro.\n\n{FIRST}"\n',
    )
    report = gloss.json("import", new, "--update")
    assert [(u["id"], u["title"], u["annotations"]) for u in report["updated"]] == [
        (item["id"], "A2", {"exact": 1, "fuzzy": 0, "orphaned": 0})
    ]
