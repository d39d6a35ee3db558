"""Agreement per tag, checked against the `krippendorff` package on random codings."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

krippendorff = pytest.importorskip("krippendorff")

from models.agreement import ARTICLE, CHARACTER, compute_agreement, coverage_histogram  # noqa: E402
from models.annotating import create_annotation  # noqa: E402
from models.articles import article_text  # noqa: E402
from models.errors import LibraryError  # noqa: E402
from models.schema import Annotation, Article, Tag  # noqa: E402

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

TAGS = ["A", "A/x", "A/y", "B"]
CODERS = ["ann", "bob", "cy"]


def reference(unit, coders, articles, marks, tag):
    """α and percent agreement the plain way: a value per coder per unit (NaN when missing)."""
    columns = []
    for article_id in articles:
        length = len(article_text(article_id)) if unit == CHARACTER else 1
        present = {m.coder for m in marks if m.article_id == article_id}
        values = np.full((len(coders), length), np.nan)
        for row, coder in enumerate(coders):
            if coder not in present:
                continue
            values[row, :] = 0
            for m in marks:
                if m.article_id == article_id and m.coder == coder:
                    if any(t == tag or t.startswith(tag + "/") for t in m.tags):
                        if unit == CHARACTER:
                            values[row, m.start : m.end] = 1
                        else:
                            values[row, 0] = 1
        columns.append(values)
    data = np.concatenate(columns, axis=1)
    pairable = data[:, (~np.isnan(data)).sum(axis=0) >= 2]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if pairable.size and len(set(pairable[~np.isnan(pairable)])) > 1:
            alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        else:
            alpha = None
    agreeing = sum(len(set(c[~np.isnan(c)])) == 1 for c in pairable.T)
    agreement = 100 * agreeing / pairable.shape[1] if pairable.shape[1] else None
    return alpha, agreement, pairable.shape[1]


span = st.tuples(st.integers(0, 40), st.integers(1, 15))
coding = st.tuples(
    st.integers(0, 2),  # article
    st.sampled_from(CODERS),
    span,
    st.lists(st.sampled_from(TAGS), max_size=2),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lengths=st.lists(st.integers(1, 40), min_size=3, max_size=3),
    codings=st.lists(coding, min_size=2, max_size=25),
    unit=st.sampled_from([CHARACTER, ARTICLE]),
    named=st.booleans(),
)
def test_alpha_matches_the_krippendorff_package(add_article, lengths, codings, unit, named):
    Annotation.delete().execute()
    Article.delete().execute()
    Tag.delete().execute()
    articles = [add_article(f"{i}😀" + "x" * (n - 1), title=f"t{i}") for i, n in enumerate(lengths)]
    marks = []
    for article_index, coder, (start, width), tags in codings:
        article_id = articles[article_index]
        length = len(article_text(article_id))
        start = min(start, length - 1)
        marks.append(
            create_annotation(article_id, start, min(length, start + width), tags=tags, coder=coder)
        )
    coders = sorted({m.coder for m in marks})
    try:
        report = compute_agreement(unit, article_ids=articles if named else ())
    except LibraryError:
        assert len(coders) < 2 or not named  # no article shared by every coder
        return
    assert report.coders == tuple(coders)
    compared = list(report.articles)
    if not named:
        assert compared == [
            a for a in articles if {m.coder for m in marks if m.article_id == a} == set(coders)
        ]
    applied = {t for m in marks if m.article_id in compared for t in m.tags}
    expected_rows = sorted(
        {"/".join(t.split("/")[:d]) for t in applied for d in (1, 2) if d <= len(t.split("/"))}
    )
    assert [row.tag for row in report.tags] == expected_rows
    for row in report.tags:
        alpha, agreement, units = reference(unit, coders, compared, marks, row.tag)
        assert row.units == units
        if alpha is None or math.isnan(alpha):
            assert row.alpha is None
        else:
            assert row.alpha == pytest.approx(alpha, abs=1e-9)
        assert row.agreement == (None if agreement is None else pytest.approx(agreement))


def test_coverage_counts_each_coder_once_where_their_spans_overlap() -> None:
    histogram = coverage_histogram([[(0, 5), (3, 8)], [(6, 10)], []])
    assert dict(histogram) == {1: 8, 2: 2}  # 0-6 and 8-10 once, 6-8 twice


def test_named_filters_and_errors(add_article) -> None:
    one = add_article("Alpha beta gamma.")
    create_annotation(one, 0, 5, tags=["Frame/war"], coder="ann")
    create_annotation(one, 0, 5, tags=["Frame/war"], coder="bob")
    create_annotation(one, 6, 10, tags=["Actor"], coder="bob")
    report = compute_agreement(tags=["Frame"])
    assert [(r.tag, r.alpha, r.agreement) for r in report.tags] == [("Frame", 1.0, 100.0)]
    assert report.as_json()["tags"] == [
        {"tag": "Frame", "alpha": 1.0, "agreement": 100.0, "units": len(article_text(one))}
    ]
    with pytest.raises(LibraryError, match="no annotations by coder 'cy'"):
        compute_agreement(coders=["ann", "cy"])
    with pytest.raises(LibraryError, match="two coders"):
        compute_agreement(coders=["ann"])
    with pytest.raises(LibraryError, match="no tag named"):
        compute_agreement(tags=["Nope"])
    with pytest.raises(LibraryError, match="no article with id 99"):
        compute_agreement(article_ids=[99])
    with pytest.raises(LibraryError, match="unknown unit"):
        compute_agreement("word")


def test_the_consensus_is_compared_only_when_named(add_article) -> None:
    from models.compare import accept_version

    article = add_article("Alpha beta gamma.")
    create_annotation(article, 0, 5, tags=["War"], coder="ann")
    create_annotation(article, 0, 10, tags=["War"], coder="bob")
    accept_version(article, "ann")
    assert compute_agreement().coders == ("ann", "bob")
    named = compute_agreement(coders=["ann", "consensus"])
    assert [(r.tag, r.alpha, r.agreement) for r in named.tags] == [("War", 1.0, 100.0)]
