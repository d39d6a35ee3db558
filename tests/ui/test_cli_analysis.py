"""Article variables, crosstabs and co-occurrence on the command line, in subprocesses."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.ui.test_cli import Gloss, write

DATASET = (
    "headline,outlet,published,body,Land,Welle\n"
    "Grain deal,BBC,2022-03-04,The grain deal was signed in Istanbul by both sides.,DE,1\n"
    "Ports reopen,Reuters,2022-04-10,The ports reopen after the grain deal was signed.,FR,2\n"
    "Talks stall,BBC,2022-04-20,Talks stall as the army advances in the east.,DE,\n"
)


@pytest.fixture
def coded(tmp_path: Path) -> Gloss:
    """Three articles with variables from their columns, and a few coded passages."""
    gloss = Gloss(tmp_path / "lib.sqlite")
    data = write(tmp_path / "news.csv", DATASET)
    result = gloss.run("import", data, "--map", "attr:country=Land", "--map", "attr:wave=Welle")
    assert result.returncode == 0, result.stderr
    for article, quote, tags in [
        (1, "grain deal", ["Frames/Economy", "Actors/Turkey"]),
        (1, "signed in Istanbul", ["Actors/Turkey"]),
        (2, "grain deal", ["Frames/Economy"]),
        (3, "army advances", ["Frames/Conflict"]),
    ]:
        args = [f"--tag={tag}" for tag in tags]
        result = gloss.run("annotate", str(article), "--quote", quote, *args)
        assert result.returncode == 0, result.stderr
    return gloss


def test_dataset_columns_become_variables_that_show_and_list_give(coded: Gloss) -> None:
    shown = coded.json("show", "1")
    assert shown["attributes"] == {"country": "DE", "wave": 1}
    listed = {row["id"]: row["attributes"] for row in coded.json("list")}
    assert listed == {
        1: {"country": "DE", "wave": 1},
        2: {"country": "FR", "wave": 2},
        3: {"country": "DE"},
    }


def test_set_and_clear_variables(coded: Gloss) -> None:
    assert coded.json("set", "3", "wave=3", "genre=news report", "--clear", "country") == {
        "id": 3,
        "attributes": {"genre": "news report", "wave": 3},
    }
    assert coded.json("show", "3")["attributes"] == {"genre": "news report", "wave": 3}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["99", "wave=1"], "no article with id 99"),
        (["1", "wave"], "'wave' is not NAME=VALUE"),
        (["1", "a b=1"], "'a b' is not a variable name"),
        (["1"], "give NAME=VALUE or --clear NAME"),
        (["1", "wave=2", "--clear", "wave"], "'wave' is both set and cleared"),
    ],
)
def test_bad_set_changes_nothing(coded: Gloss, args: list[str], message: str) -> None:
    result = coded.run("set", *args)
    assert result.returncode != 0
    assert message in result.stderr
    assert coded.json("show", "1")["attributes"] == {"country": "DE", "wave": 1}


def test_search_by_variable(coded: Gloss) -> None:
    assert [hit["id"] for hit in coded.json("search", "attr:country=de")] == [1, 3]
    assert [hit["id"] for hit in coded.json("search", "attr:wave=2.0")] == [2]
    assert [hit["id"] for hit in coded.json("search", "NOT", "attr:wave")] == [3]
    assert [hit["id"] for hit in coded.json("search", "attr:wave")] == [1, 2]


def test_export_adds_variable_columns_only_when_asked(coded: Gloss) -> None:
    plain = list(csv.reader(io.StringIO(coded.run("export", "--raw").stdout)))
    assert not any(column.startswith("attr:") for column in plain[0])
    rows = list(csv.DictReader(io.StringIO(coded.run("export", "--raw", "--attributes").stdout)))
    header = list(rows[0])
    assert header[: len(plain[0])] == plain[0]
    assert header[len(plain[0]) :] == ["attr:country", "attr:wave"]
    assert [(r["article_id"], r["attr:country"], r["attr:wave"]) for r in rows] == [
        ("1", "DE", "1"),
        ("1", "DE", "1"),
        ("2", "FR", "2"),
        ("3", "DE", ""),
    ]


def test_crosstab_by_source_month_and_variable(coded: Gloss) -> None:
    assert coded.json("crosstab", "--rows", "tag", "--cols", "source") == {
        "rows": ["Actors/Turkey", "Frames/Conflict", "Frames/Economy"],
        "cols": ["BBC", "Reuters"],
        "cells": [[2, 0], [1, 0], [1, 1]],
    }
    by_month = coded.json("crosstab", "--cols", "month", "--count", "articles", "--level", "1")
    assert by_month == {
        "rows": ["Actors", "Frames"],
        "cols": ["2022-03", "2022-04"],
        "cells": [[1, 0], [1, 2]],
    }
    by_wave = coded.json("crosstab", "--cols", "attr:wave", "--tag", "Frames")
    assert by_wave["cols"] == [1, 2, None]
    assert by_wave["cells"] == [[0, 0, 1], [1, 1, 0]]
    text = coded.run("crosstab", "--cols", "year", "--csv", "--where", "source:reuters").stdout
    assert text.splitlines() == ["tag,2022", "Frames/Economy,1"]


def test_crosstab_by_coder(coded: Gloss) -> None:
    table = coded.json("crosstab", "--cols", "coder")
    assert len(table["cols"]) == 1  # one coder made every annotation here
    assert [sum(line) for line in table["cells"]] == [2, 1, 2]


def test_cooccurrence_counts_overlapping_passages(coded: Gloss) -> None:
    assert coded.json("cooccurrence") == {
        "tags": ["Actors/Turkey", "Frames/Conflict", "Frames/Economy"],
        # 'grain deal' (Economy + Turkey) overlaps itself; 'signed in Istanbul' overlaps nothing
        "cells": [[2, 0, 1], [0, 1, 0], [1, 0, 2]],
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["crosstab", "--cols", "weather"], "use one of source, month"),
        (["crosstab", "--cols", "source", "--tag", "Nope"], "no tag named 'Nope'"),
        (["cooccurrence", "--where", '"open'], "--where: unbalanced quotes"),
        (["cooccurrence", "--level", "0"], "must be 1 or more"),
    ],
)
def test_bad_analysis_arguments_are_refused(coded: Gloss, args: list[str], message: str) -> None:
    result = coded.run(*args)
    assert result.returncode != 0
    assert message in result.stderr


def test_chart_writes_the_file(coded: Gloss, tmp_path: Path) -> None:
    out = tmp_path / "by outlet.svg"
    result = coded.run("chart", "tags-by-source", "-o", out, "--level", "1")
    assert result.returncode == 0, result.stderr
    drawn = out.read_text(encoding="utf-8")
    assert "<svg" in drawn and "Reuters" in drawn


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["chart", "tags-by-source", "-o", "chart.gif"], "must end in .png, .svg or .pdf"),
        (["chart", "pie", "-o", "chart.png"], "invalid choice: 'pie'"),
        (["chart", "cooccurrence", "-o", "c.png", "--where", "source:nobody"], "no coded passages"),
    ],
)
def test_bad_chart_requests_write_nothing(
    coded: Gloss, tmp_path: Path, args: list[str], message: str
) -> None:
    result = coded.run(*args)
    assert result.returncode != 0 and message in result.stderr
    assert not list(Path.cwd().glob("c.png"))
