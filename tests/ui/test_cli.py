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

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS = REPO_ROOT.parent / "shared" / "seeds"
DATED_SEED = next(SEEDS.glob("000_*.txt"), None)
LIST_SEED = next(SEEDS.glob("004_*.txt"), None)
needs_seeds = pytest.mark.skipif(
    DATED_SEED is None, reason="../shared/seeds is not beside the repo"
)


class Gloss:
    def __init__(self, library: Path | str) -> None:
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
def gloss(library_location: Path | str) -> Gloss:
    return Gloss(library_location)


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
        "attributes",
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
        "coder",
        "anchor",
    }
    assert mark["anchor"] == "exact"

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
    # In a folder, a file no importer claims by name or content is skipped, not failed.
    assert [Path(s["path"]).name for s in report["skipped"]] == ["mystery.xyz"]
    assert set(failed) == set(bad) - {"mystery.xyz"}
    assert failed["binary.txt"] == "binary file, not text"
    assert failed["empty.txt"] == "file is empty"
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
    named = gloss.run("import", write(tmp_path / "mystery.xyz", "just some words"))
    assert named.returncode == 1 and "mystery.xyz: unknown format" in named.stderr
    good = write(tmp_path / "a.txt", "date 2024-01-02 A lead.\n\nBody.\n")
    result = gloss.run("import", good, "--format", "no-such-format")
    assert result.returncode == 2 and "no-such-format" in result.stderr


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
    assert none.returncode == 1 and none.stdout == ""


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


def test_usage_errors_exit_2(gloss: Gloss, tmp_path: Path) -> None:
    note = write(tmp_path / "a.txt", "date 2024-01-02 Lead.\n\nBody.\n")
    for args in (
        ("import", note, "--format", "no-such-format"),
        ("annotate", "1", "--quote", ""),
        ("annotate", "1", "--quote", "Body", "--tag", " / "),
        ("export", "--tag", ""),
    ):
        result = gloss.run(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
    assert gloss.json("list") == []


def test_export_of_unknown_article_or_tag_is_an_error(gloss: Gloss, tmp_path: Path) -> None:
    gloss.json("import", write(tmp_path / "a.txt", "date 2024-01-02 Lead.\n\nBody.\n"))
    missing = gloss.run("export", "--article", "999")
    assert missing.returncode == 1 and "999" in missing.stderr and missing.stdout == ""
    typo = gloss.run("export", "--tag", "Actors")
    assert typo.returncode == 1 and "no tag named 'Actors'" in typo.stderr


def test_output_into_a_closed_pipe_stops_quietly(gloss: Gloss, tmp_path: Path) -> None:
    """`gloss export | head` must not end in a traceback (outputs larger than a pipe buffer)."""
    paragraphs = "\n\n".join(f"Paragraph number {i} has some words in it." for i in range(3000))
    gloss.json("import", write(tmp_path / "long.txt", f"date 2024-01-02 Lead.\n\n{paragraphs}\n"))
    text = gloss.json("show", "1")["text"]
    gloss.json("annotate", "1", "--quote", text[:100_000])  # one CSV row bigger than the pipe
    for args in (("show", "1"), ("list", "--json"), ("export",), ("export", "--raw")):
        reader = subprocess.Popen(
            ["head", "-c", "10"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL
        )
        assert reader.stdin is not None
        writer = subprocess.run(
            [sys.executable, str(REPO_ROOT / "main.py"), "--library", str(gloss.library), *args],
            stdout=reader.stdin,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
        reader.stdin.close()
        reader.wait(timeout=30)
        assert writer.stderr == "", args


def test_commands_running_at_once_wait_for_each_other(gloss: Gloss, tmp_path: Path) -> None:
    """Several imports of one folder at once: each waits its turn, none fails, no doubles."""
    folder = tmp_path / "batch"
    for i in range(30):
        write(folder / f"a{i:02}.txt", f"date 2024-01-01 Lead {i}.\n\n" + f"Body {i}. " * 200)
    command = [sys.executable, str(REPO_ROOT / "main.py"), "--library", str(gloss.library)]
    running = [  # on a library none of them has created yet
        subprocess.Popen(
            [*command, "import", folder, "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [(*p.communicate(timeout=120), p.returncode) for p in running]
    assert [code for *_, code in results] == [0, 0, 0, 0], [err for _, err, _ in results]
    reports = [json.loads(out) for out, _, _ in results]
    assert sum(len(r["imported"]) for r in reports) == 30
    assert sum(len(r["duplicates"]) for r in reports) == 90
    assert len(gloss.json("list")) == 30
