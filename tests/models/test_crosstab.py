"""Crosstabs and co-occurrence against a brute-force count over the same rows in Python."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.crosstab import Filters, cooccurrence, crosstab, cut_path
from models.errors import LibraryError
from models.schema import ArticleAttribute, database

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

TAGS = ["Actors", "Actors/Russia", "Actors/Russia/Army", "Frames", "Frames/Economy", "Tone"]
SOURCES = ["BBC", "Reuters", "Le Monde"]
DATES = [None, "2022-01-05", "2022-01-30", "2022-03-01", "2023-07-14"]
ARTICLES = 4

annotation = st.tuples(
    st.integers(0, ARTICLES - 1),
    st.integers(0, 30),
    st.integers(1, 12),
    st.sets(st.integers(0, len(TAGS) - 1), max_size=3),
)
world = st.fixed_dictionaries(
    {
        "articles": st.lists(
            st.tuples(
                st.sampled_from(SOURCES), st.sampled_from(DATES), st.sampled_from([None, 1, 2, "x"])
            ),
            min_size=ARTICLES,
            max_size=ARTICLES,
        ),
        "annotations": st.lists(annotation, max_size=25),
        "level": st.sampled_from([None, 1, 2]),
    }
)


@pytest.fixture
def articles(add_article) -> list[int]:  # type: ignore[no-untyped-def]
    return [add_article(f"Article number {i} " + "text " * 20) for i in range(ARTICLES)]


def load(articles: list[int], data: dict) -> list[tuple[int, int, int, int, list[str]]]:
    """Replace tags, annotations and variables by the example's; returns the annotations as
    (id, article, start, end, tag paths)."""
    with database.atomic():
        for table in ("annotation_tag", "annotation", "tag", "article_attribute"):
            database.execute_sql(f"DELETE FROM {table}")
        for i, path in enumerate(TAGS, 1):
            database.execute_sql(
                "INSERT INTO tag (id, path, color, description) VALUES (?, ?, 'red', '')", (i, path)
            )
        for article_id, (source, date, wave) in zip(articles, data["articles"], strict=True):
            database.execute_sql(
                "UPDATE article SET source = ?, date = ? WHERE id = ?", (source, date, article_id)
            )
            if wave is not None:
                database.execute_sql(  # the value as the backend stores a variable
                    "INSERT INTO article_attribute VALUES (?, 'wave', ?)",
                    (article_id, ArticleAttribute.value.db_value(wave)),
                )
        marks = []
        for n, (article, start, length, tags) in enumerate(data["annotations"], 1):
            database.execute_sql(
                'INSERT INTO annotation (id, article_id, start, "end", quote, prefix, suffix, note,'
                " color, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, 'q', '', '', '', 'yellow', 'now', 'now')",
                (n, articles[article], start, start + length),
            )
            for tag in tags:
                database.execute_sql("INSERT INTO annotation_tag VALUES (?, ?)", (n, tag + 1))
            marks.append((n, articles[article], start, start + length, [TAGS[t] for t in tags]))
    return marks


def column_of(kind: str, article_id: int, articles: list[int], data: dict) -> object:
    source, date, wave = data["articles"][articles.index(article_id)]
    return {
        "source": source,
        "month": date and date[:7],
        "year": date and date[:4],
        "article": article_id,
        "attr:wave": wave,
    }[kind]


@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    data=world,
    cols=st.sampled_from(["source", "month", "year", "article", "attr:wave"]),
    count=st.sampled_from(["annotations", "articles"]),
)
def test_crosstab_matches_a_brute_force_count(
    library: Path, articles: list[int], data: dict, cols: str, count: str
) -> None:
    marks = load(articles, data)
    expected: dict[tuple[str, object], set[int]] = defaultdict(set)
    for mark_id, article_id, _start, _end, paths in marks:
        for label in {cut_path(p, data["level"]) for p in paths}:
            key = (label, column_of(cols, article_id, articles, data))
            expected[key].add(mark_id if count == "annotations" else article_id)
    table = crosstab(cols, count, Filters(level=data["level"]))
    got = {
        (row, col): n
        for row, line in zip(table.rows, table.cells, strict=True)
        for col, n in zip(table.cols, line, strict=True)
        if n
    }
    assert got == {key: len(found) for key, found in expected.items()}
    assert set(table.rows) == {row for row, _ in expected}


@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(data=world)
def test_cooccurrence_matches_a_brute_force_count(
    library: Path, articles: list[int], data: dict
) -> None:
    marks = load(articles, data)
    segments = {(m[0], cut_path(p, data["level"])) for m in marks for p in m[4]}
    span = {m[0]: m[1:4] for m in marks}
    expected: dict[tuple[str, str], int] = defaultdict(int)
    for _aid, label in segments:
        expected[label, label] += 1
    ordered = sorted(segments)
    for i, (a1, x) in enumerate(ordered):
        for a2, y in ordered[i + 1 :]:
            (art1, s1, e1), (art2, s2, e2) = span[a1], span[a2]
            if x != y and art1 == art2 and s1 < e2 and s2 < e1:
                expected[x, y] += 1
                expected[y, x] += 1
    table = cooccurrence(Filters(level=data["level"]))
    got = {
        (x, y): n
        for x, line in zip(table.tags, table.cells, strict=True)
        for y, n in zip(table.tags, line, strict=True)
        if n
    }
    assert got == dict(expected)
    assert all(
        table.cells[i][j] == table.cells[j][i]
        for i in range(len(table.tags))
        for j in range(len(table.tags))
    )


def test_filters_restrict_tags_and_articles(library: Path, articles: list[int]) -> None:
    data = {
        "articles": [
            ("BBC", "2022-01-05", 1),
            ("Reuters", "2022-03-01", 2),
            ("BBC", None, None),
            ("AP", None, None),
        ],
        "annotations": [(0, 0, 5, {1}), (1, 0, 5, {1, 4}), (2, 3, 5, {5})],
    }
    load(articles, data)
    by_tag = crosstab("source", filters=Filters(tags=("Actors",)))
    assert (by_tag.rows, by_tag.cols, by_tag.cells) == (
        ["Actors/Russia"],
        ["BBC", "Reuters"],
        [[1, 1]],
    )
    by_query = crosstab("source", filters=Filters(query="attr:wave=2"))
    assert (by_query.rows, by_query.cols) == (["Actors/Russia", "Frames/Economy"], ["Reuters"])
    both = cooccurrence(Filters(query="attr:wave=2")).as_json()
    assert both == {"tags": ["Actors/Russia", "Frames/Economy"], "cells": [[1, 1], [1, 1]]}
    with pytest.raises(LibraryError, match="no tag named 'Nope'"):
        crosstab("source", filters=Filters(tags=("Nope",)))
    with pytest.raises(LibraryError, match="cannot make columns of 'weather'"):
        crosstab("weather")
    with pytest.raises(LibraryError, match="cannot count 'words'"):
        crosstab("source", "words")


def test_an_empty_library_gives_empty_tables(library: Path) -> None:
    assert crosstab("month").as_json() == {"rows": [], "cols": [], "cells": []}
    assert cooccurrence().as_json() == {"tags": [], "cells": []}
