"""The command line end to end, in subprocesses on a temporary library."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS = REPO_ROOT.parent / "shared" / "seeds"
DATED_SEED = next(SEEDS.glob("000_*.txt"), None)
LIST_SEED = next(SEEDS.glob("004_*.txt"), None)
needs_seeds = pytest.mark.skipif(
    DATED_SEED is None, reason="../shared/seeds is not beside the repo"
)


class Gloss:
    def __init__(self, library: Path) -> None:
        self.library = library

    def run(
        self, *args: str | Path, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                str(REPO_ROOT / "main.py"),
                "--library",
                str(self.library),
                *map(str, args),
            ],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=60,
        )

    def json(self, *args: str | Path) -> object:
        result = self.run(*args, "--json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)


@pytest.fixture
def gloss(tmp_path: Path) -> Gloss:
    return Gloss(tmp_path / "lib.sqlite")


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@needs_seeds
def test_import_the_seeds_then_list_show_annotate_export(gloss: Gloss, tmp_path: Path) -> None:
    report = gloss.json("import", SEEDS)
    assert report["failed"] == [] and report["duplicates"] == []
    assert {Path(i["path"]).name for i in report["imported"]} == {DATED_SEED.name, LIST_SEED.name}

    listing = gloss.json("list")
    by_format = {a["format"]: a for a in listing}
    dated, bbc = by_format["dated-text"], by_format["paragraph-list"]
    assert set(dated) == {
        "id",
        "title",
        "source",
        "author",
        "date",
        "url",
        "format",
        "annotations",
        "words",
    }
    assert dated["date"] == "2022-09-22" and dated["annotations"] == 0
    assert dated["title"].startswith("Follow developments at the UN General Assembly")
    assert bbc["source"] == "BBC" and bbc["date"] is None
    assert dated["words"] > 500

    shown = gloss.json("show", str(dated["id"]))
    assert shown["text"].startswith(
        "Follow developments at the UN General Assembly as they happen."
    )
    assert "\n\nUS Secretary of State Antony Blinken" in shown["text"]
    assert "\n\n\n" not in shown["text"] and "  " not in shown["text"]

    mark = gloss.json(
        "annotate",
        str(dated["id"]),
        "--quote",
        "Mr Lavrov said",
        "--occurrence",
        "2",
        "--note",
        "second time",
        "--tag",
        "Actors/Russia",
        "--tag",
        "Speech",
        "--color",
        "blue",
    )
    assert shown["text"][mark["start"] : mark["end"]] == "Mr Lavrov said"
    assert shown["text"].find("Mr Lavrov said") < mark["start"]
    assert mark["tags"] == ["Actors/Russia", "Speech"] and mark["color"] == "blue"

    shown = gloss.json("show", str(dated["id"]))
    assert shown["annotations"] == [mark]
    assert set(mark) == {
        "id",
        "start",
        "end",
        "quote",
        "prefix",
        "suffix",
        "note",
        "tags",
        "color",
        "created_at",
        "updated_at",
    }

    out = tmp_path / "out.csv"
    result = gloss.run("export", "-o", out)
    assert result.returncode == 0, result.stderr
    [row] = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert row["quote"] == "Mr Lavrov said" and row["tags"] == "Actors/Russia; Speech"
    assert row["article_date"] == "2022-09-22" and row["note"] == "second time"


@needs_seeds
def test_reimport_reports_duplicates_and_succeeds(gloss: Gloss) -> None:
    first = gloss.json("import", DATED_SEED)
    again = gloss.run("import", DATED_SEED)
    assert again.returncode == 0
    assert f"#{first['imported'][0]['id']}" in again.stdout and "duplicate" in again.stdout
    assert len(gloss.json("list")) == 1


def test_bad_files_fail_with_one_line_each_and_change_nothing(gloss: Gloss, tmp_path: Path) -> None:
    good = write(tmp_path / "in" / "good.txt", "date 2024-01-02 A lead.\n\nA paragraph.\n")
    bad = {
        "empty.txt": b"",
        "blank.txt": b"  \n\n \t\n",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "code.txt": b"['ok', __import__('os').system('echo hacked')]",
        "truncated.txt": b"['<p>one</p>', '<p>tw",
        "ints.txt": b"[1, 2, 3]",
        "mystery.xyz": b"\x00\x01\x02\x03",
    }
    for name, content in bad.items():
        write(tmp_path / "in" / name, content)
    result = gloss.run("import", tmp_path / "in", "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [Path(i["path"]).name for i in report["imported"]] == [good.name]
    failed = {Path(f["path"]).name: f["error"] for f in report["failed"]}
    assert set(failed) == set(bad)
    assert all(
        error and "\n" not in error and "Traceback" not in error for error in failed.values()
    )
    assert "hacked" not in result.stdout + result.stderr

    plain = gloss.run("import", tmp_path / "in" / "binary.txt")
    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    [line] = [ln for ln in plain.stderr.splitlines() if ln.strip()]
    assert "binary.txt" in line
    assert len(gloss.json("list")) == 1


def test_missing_path_and_unknown_format(gloss: Gloss, tmp_path: Path) -> None:
    result = gloss.run("import", tmp_path / "nope.txt")
    assert result.returncode == 1 and "nope.txt" in result.stderr
    good = write(tmp_path / "a.txt", "date 2024-01-02 A lead.\n\nBody.\n")
    result = gloss.run("import", good, "--format", "no-such-format")
    assert result.returncode == 1 and "no-such-format" in result.stderr


def test_annotate_errors_exit_1_usage_errors_exit_2(gloss: Gloss, tmp_path: Path) -> None:
    gloss.json("import", write(tmp_path / "a.txt", "date 2024-01-02 A lead.\n\nBody text.\n"))
    missing = gloss.run("annotate", "1", "--quote", "not in the text")
    assert missing.returncode == 1 and "not found" in missing.stderr
    assert gloss.run("annotate", "1", "--quote", "Body", "--occurrence", "2").returncode == 1
    assert gloss.run("show", "42").returncode == 1
    assert gloss.run("annotate", "1").returncode == 2
    assert gloss.run("frobnicate").returncode == 2
    assert gloss.run("annotate", "1", "--quote", "Body", "--color", "teal").returncode == 2
    assert gloss.json("show", "1")["annotations"] == []


def test_export_to_stdout_raw_and_filters(gloss: Gloss, tmp_path: Path) -> None:
    gloss.json("import", write(tmp_path / "a.txt", "date 2024-01-02 Lead.\n\n=cmd here.\n"))
    gloss.json("annotate", "1", "--quote", "=cmd", "--tag", "Frames/Conflict")
    safe = gloss.run("export")
    assert safe.stdout.startswith("\ufeffannotation_id,")
    assert "'=cmd" in safe.stdout
    raw = gloss.run("export", "--raw", "--tag", "frames")
    assert raw.stdout.startswith("annotation_id,") and ",=cmd," in raw.stdout
    none = gloss.run("export", "--raw", "--tag", "Other")
    assert none.stdout.strip().count("\n") == 0


def test_library_from_environment_variable(tmp_path: Path) -> None:
    library = tmp_path / "env-lib.sqlite"
    env = {**os.environ, "GLOSS_LIBRARY": str(library)}
    note = write(tmp_path / "a.txt", "date 2024-01-02 Lead.\n\nBody.\n")
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "main.py"), "import", str(note)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert library.exists()


def test_formats_lists_the_seed_importers(gloss: Gloss) -> None:
    result = gloss.run("formats")
    assert result.returncode == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert {"dated-text", "paragraph-list"} <= set(names)


def test_unreadable_library_is_a_clear_error(tmp_path: Path) -> None:
    bogus = write(tmp_path / "bogus.sqlite", b"not sqlite at all" * 50)
    result = Gloss(bogus).run("list")
    assert result.returncode == 1 and "bogus.sqlite" in result.stderr
    assert "Traceback" not in result.stderr
