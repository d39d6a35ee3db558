"""The command line for team coding (subprocesses on temporary libraries)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from tests.ui.test_cli import Gloss, write


@pytest.fixture
def gloss(tmp_path: Path) -> Gloss:
    return Gloss(tmp_path / "lib.sqlite")


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
    assert rows[0][-1] == "coder" and rows[0][-2] == "updated_at"
    assert [row[-1] for row in rows[1:]] == ["Ann Lee", "env coder"]
    found = gloss.run("search", "--annotations", "coder:ann", "OR", 'coder:"ann lee"', "--json")
    assert found.returncode == 0, found.stderr
    assert '"Ann Lee"' in found.stdout and "env coder" not in found.stdout


def test_an_empty_coder_is_a_usage_error(gloss: Gloss) -> None:
    result = gloss.run("--coder", "  ", "list")
    assert result.returncode == 2 and "coder" in result.stderr
