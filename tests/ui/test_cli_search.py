"""`gloss search` end to end, in subprocesses on a library filled in-process beforehand."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from models.annotating import create_annotation

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

REPO_ROOT = Path(__file__).resolve().parents[2]


def gloss(library: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "main.py"), "--library", str(library), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def gloss_json(library: Path, *args: str) -> object:
    result = gloss(library, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def filled(library, add_article):  # type: ignore[no-untyped-def]
    in_title = add_article(
        "Nothing on the topic.", title="Climate talks", source="BBC News", date=dt.date(2022, 9, 1)
    )
    in_text = add_article(
        "The climate crisis and the carbon tax.", title="Budget", source="The Guardian"
    )
    other = add_article("Football results.", title="Sport", source="Reuters")
    mark = create_annotation(in_text, 4, 11, note="key passage", tags=["Frames/Crisis"])
    return library, in_title, in_text, other, mark


def test_search_prints_ranked_hits_as_json(filled) -> None:
    library, in_title, in_text, _other, _mark = filled
    hits = gloss_json(library, "search", "climate")
    assert [h["id"] for h in hits] == [in_title, in_text]  # a title hit ranks first
    assert set(hits[0]) == {"id", "title", "source", "date", "snippet", "score"}
    assert hits[0]["title"] == "Climate talks" and hits[0]["date"] == "2022-09-01"
    assert hits[0]["snippet"] == "«Climate» talks"
    assert hits[1]["snippet"] == "The «climate» crisis and the carbon tax."
    assert hits[0]["score"] < hits[1]["score"] < 0
    assert [h["id"] for h in gloss_json(library, "search", "climate", "--limit", "1")] == [in_title]


def test_several_arguments_make_one_query_and_dashes_need_a_separator(filled) -> None:
    library, in_title, in_text, other, _mark = filled
    assert [h["id"] for h in gloss_json(library, "search", '"carbon tax"')] == [in_text]
    assert [h["id"] for h in gloss_json(library, "search", "climate", "tag:frames")] == [in_text]
    result = gloss(library, "search", "--json", "--", "-source:bbc")
    assert [h["id"] for h in json.loads(result.stdout)] == [in_text, other]
    assert gloss_json(library, "search", "source:bbc")[0]["snippet"] == ""


def test_search_text_output_is_one_line_per_hit(filled) -> None:
    library, in_title, in_text, other, _mark = filled
    result = gloss(library, "search", "climate OR sport")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert {line.split()[0] for line in lines} == {str(i) for i in (in_title, in_text, other)}
    assert any("«Climate» talks" in line and "2022-09-01" in line for line in lines)


def test_annotation_search_prints_annotation_objects_like_show(filled) -> None:
    library, _in_title, in_text, _other, mark = filled
    found = gloss_json(library, "search", "--annotations", "passage")
    shown = gloss_json(library, "show", str(in_text))
    assert found == [{**shown["annotations"][0], "article_id": in_text}]
    assert found[0]["id"] == mark.id and found[0]["tags"] == ["Frames/Crisis"]
    result = gloss(library, "search", "--annotations", "tag:frames")
    assert result.stdout.startswith(f"#{mark.id} in #{in_text} yellow: 'climate'")


def test_no_match_is_an_empty_list_and_success(filled) -> None:
    library = filled[0]
    assert gloss_json(library, "search", "nonexistentword") == []
    assert gloss_json(library, "search", "--annotations", "nonexistentword") == []
    result = gloss(library, "search", "nonexistentword")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "no matches\n")


@pytest.mark.parametrize(
    "query,message",
    [('"carbon tax', "unbalanced quotes"), ("author:x", "unknown field"), ("a AND", "AND")],
)
def test_a_malformed_query_is_a_usage_error(filled, query, message) -> None:
    for extra in ([], ["--json"], ["--annotations"]):
        result = gloss(filled[0], "search", query, *extra)
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr.startswith("gloss: ") and message in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
