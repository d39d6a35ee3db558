"""The command line for team coding: --coder, agreement, merge (subprocesses, temp libraries)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from tests.ui.test_cli import Gloss, write

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


@pytest.fixture
def gloss(library_location: Path | str) -> Gloss:
    return Gloss(library_location)


def _article(
    gloss: Gloss, tmp_path: Path, body: str = "Alpha beta gamma delta.", name: str = "a"
) -> int:
    report = gloss.json(
        "import", write(tmp_path / f"{name}.txt", f"date 2024-01-02 Lead.\n\n{body}\n")
    )
    return report["imported"][0]["id"]


def test_coder_from_option_then_environment_in_show_and_export(
    gloss: Gloss, tmp_path: Path
) -> None:
    article = _article(gloss, tmp_path)
    env = {**os.environ, "GLOSS_CODER": "env coder"}
    by_option = gloss.run("--coder", "Ann Lee", "annotate", article, "--quote", "Alpha", env=env)
    assert by_option.returncode == 0, by_option.stderr
    assert gloss.run("annotate", article, "--quote", "beta", env=env).returncode == 0
    shown = gloss.json("show", article)
    assert [m["coder"] for m in shown["annotations"]] == ["Ann Lee", "env coder"]
    exported = gloss.run("export", "--raw")
    rows = list(csv.reader(io.StringIO(exported.stdout, newline="")))
    coder = rows[0].index("coder")
    assert rows[0][coder - 1] == "updated_at"
    assert [row[coder] for row in rows[1:]] == ["Ann Lee", "env coder"]
    found = gloss.run("search", "--annotations", "coder:ann", "OR", 'coder:"ann lee"', "--json")
    assert found.returncode == 0, found.stderr
    assert '"Ann Lee"' in found.stdout and "env coder" not in found.stdout


def test_an_empty_coder_is_a_usage_error(gloss: Gloss) -> None:
    result = gloss.run("--coder", "  ", "list")
    assert result.returncode == 2 and "coder" in result.stderr


def test_agreement_as_json_and_as_a_table(gloss: Gloss, tmp_path: Path) -> None:
    one = _article(gloss, tmp_path, "Alpha beta gamma delta.", "one")
    two = _article(gloss, tmp_path, "Epsilon zeta eta theta.", "two")
    for coder, quote, tag in [
        ("ann", "Alpha beta", "Frame/war"),
        ("bob", "Alpha", "Frame/war"),
        ("bob", "gamma", "Frame/peace"),
        ("ann", "Epsilon", "Actor"),
    ]:
        article = one if quote[0] != "E" else two
        done = gloss.run("--coder", coder, "annotate", article, "--quote", quote, "--tag", tag)
        assert done.returncode == 0, done.stderr
    report = gloss.json("agreement")
    assert report["unit"] == "character" and report["coders"] == ["ann", "bob"]
    assert report["articles"] == [one]  # bob did not code article two
    assert [row["tag"] for row in report["tags"]] == ["Frame", "Frame/peace", "Frame/war"]
    war = report["tags"][2]
    length = len("Lead.\n\nAlpha beta gamma delta.")
    assert war["units"] == length
    assert war["agreement"] == pytest.approx(100 * (length - len(" beta")) / length)
    assert -1 < war["alpha"] < 1
    by_article = gloss.json("agreement", "--unit", "article", "--article", one, "--article", two)
    assert by_article["articles"] == [one, two]
    # Article two has one coder: not pairable. In article one both applied Frame/war.
    rows = {row["tag"]: row for row in by_article["tags"]}
    assert rows["Frame/war"] == {"tag": "Frame/war", "alpha": None, "agreement": 100.0, "units": 1}
    assert rows["Actor"]["units"] == 1
    table = gloss.run("agreement", "--tag", "Frame")
    assert table.returncode == 0 and "Frame" in table.stdout and "peace" not in table.stdout
    missing = gloss.run("agreement", "--coder", "ann", "--coder", "zed")
    assert missing.returncode == 1 and "zed" in missing.stderr


def test_two_coders_on_two_machines_merge_then_agree(tmp_path: Path) -> None:
    ann, bob = Gloss(tmp_path / "ann.sqlite"), Gloss(tmp_path / "bob.sqlite")
    source = write(tmp_path / "in" / "a.txt", "date 2024-01-02 Lead.\n\nAlpha beta gamma.\n")
    for gloss, coder, quote in [(ann, "ann", "Alpha beta"), (bob, "bob", "Alpha")]:
        [imported] = gloss.json("import", source)["imported"]
        done = gloss.run(
            "--coder", coder, "annotate", imported["id"], "--quote", quote, "--tag", "Frame"
        )
        assert done.returncode == 0, done.stderr
    before = (tmp_path / "bob.sqlite").read_bytes()
    report = ann.json("merge", tmp_path / "bob.sqlite")
    assert (tmp_path / "bob.sqlite").read_bytes() == before
    assert report["articles"] == {"added": 0, "matched": 1}
    assert report["annotations"] == {"added": 1, "matched": 0}
    assert report["conflicts"] == []
    again = ann.run("merge", tmp_path / "bob.sqlite")
    assert again.returncode == 0 and "0 annotation(s) added, 1 matched" in again.stdout
    agreement = ann.json("agreement")
    assert agreement["coders"] == ["ann", "bob"]
    [frame] = agreement["tags"]
    assert frame["tag"] == "Frame" and frame["units"] == len("Lead.\n\nAlpha beta gamma.")
    exported = ann.run("export", "--raw")
    rows = list(csv.reader(io.StringIO(exported.stdout)))
    coder = rows[0].index("coder")
    assert [row[coder] for row in rows[1:]] == ["bob", "ann"]  # text order: "Alpha" ends first
    bad = ann.run("merge", tmp_path / "in" / "a.txt")
    assert bad.returncode == 1 and "a.txt: not a Gloss library" in bad.stderr
