"""`export --format qdpx|w3c|markdown` from the command line, to a file and to standard output."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from test_cli import Gloss, write

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


@pytest.fixture
def gloss(library_location: Path | str) -> Gloss:
    return Gloss(library_location)


def test_each_format_from_the_command_line(gloss: Gloss, tmp_path: Path) -> None:
    gloss.json("import", write(tmp_path / "a.txt", "date 2024-01-02 Lead 😀.\n\nBody text.\n"))
    gloss.json("annotate", "1", "--quote", "Body", "--tag", "Frames/Conflict", "--note", "n")
    qdpx = tmp_path / "out.qdpx"
    done = gloss.run("export", "--format", "qdpx", "-o", qdpx)
    assert done.returncode == 0 and "1 annotation(s)" in done.stderr
    assert "project.qde" in zipfile.ZipFile(qdpx).namelist()
    w3c = json.loads(gloss.run("export", "--format", "w3c").stdout)
    assert w3c["items"][0]["target"]["selector"][0]["exact"] == "Body"
    markdown = gloss.run("export", "--format", "markdown", "--tag", "Frames").stdout
    assert "> Body\n" in markdown and "Note: n" in markdown
    assert gloss.run("export", "--format", "pdf").returncode == 2


def test_annotation_files_import_as_annotations_not_articles(gloss: Gloss, tmp_path: Path) -> None:
    gloss.json("import", write(tmp_path / "a.txt", "date 2024-01-02 Lead.\n\nBody text here.\n"))
    gloss.json("annotate", "1", "--quote", "text", "--note", "n")
    exported = gloss.run("export", "--format", "w3c").stdout
    (tmp_path / "w3c.json").write_text(exported, encoding="utf-8")
    second = Gloss(tmp_path / "other.sqlite")
    second.json("import", tmp_path / "a.txt")
    done = second.run("import", tmp_path / "w3c.json")
    assert done.returncode == 0 and "1 annotation(s) placed" in done.stdout
    assert [a["quote"] for a in second.json("show", "1")["annotations"]] == ["text"]
    assert len(second.json("list")) == 1  # the JSON did not become an article


def test_qdpx_from_the_command_line_round_trips(gloss: Gloss, tmp_path: Path) -> None:
    gloss.json("import", write(tmp_path / "a.txt", "date 2024-01-02 Lead 😀.\n\nBody text.\n"))
    gloss.json("annotate", "1", "--quote", "Body", "--tag", "Frames/Conflict", "--note", "n")
    gloss.run("export", "--format", "qdpx", "-o", tmp_path / "p.qdpx")
    second = Gloss(tmp_path / "other.sqlite")
    done = second.run("import", tmp_path / "p.qdpx")
    assert done.returncode == 0 and "1 article(s) imported" in done.stdout
    [mark] = second.json("show", "1")["annotations"]
    assert f"coders: {mark['coder']}" in done.stdout
    assert (mark["quote"], mark["note"], mark["tags"]) == ("Body", "n", ["Frames/Conflict"])
    assert second.json("show", "1")["text"] == gloss.json("show", "1")["text"]


def test_tags_lists_the_codebook(gloss: Gloss, tmp_path: Path) -> None:
    assert gloss.json("tags") == []
    gloss.json("import", write(tmp_path / "a.txt", "date 2024-01-02 Lead.\n\nBody text.\n"))
    gloss.json("annotate", "1", "--quote", "Body", "--tag", "Frames/Conflict", "--color", "red")
    assert gloss.json("tags") == [
        {"path": "Frames/Conflict", "color": "grey", "description": "", "count": 1}
    ]
    assert "Frames/Conflict" in gloss.run("tags").stdout
    bad = gloss.run("annotate", "1", "--quote", "Body", "--tag", "a; b")
    assert bad.returncode == 2 and "'; '" in bad.stderr


def test_a_control_character_refuses_the_qdpx_and_writes_nothing(
    gloss: Gloss, tmp_path: Path
) -> None:
    gloss.json("import", write(tmp_path / "a.txt", "date 2024-01-02 Lead.\n\nBody text.\n"))
    gloss.json("annotate", "1", "--quote", "Body", "--note", "bell \x07 here")
    target = tmp_path / "p.qdpx"
    done = gloss.run("export", "--format", "qdpx", "-o", target)
    assert done.returncode != 0 and not target.exists()
    [line] = done.stderr.strip().splitlines()
    assert "annotation 1: the note holds the control character U+0007" in line
    assert gloss.run("export", "--format", "w3c").returncode == 0  # JSON holds it, escaped
