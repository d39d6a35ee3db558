"""Inter-coder agreement per tag: Krippendorff's α (nominal, binary) and percent agreement.

A unit is a character of an article (or the article itself); a coder's value for a tag is 1
where one of their annotations carrying the tag or a descendant covers it (anywhere in it), else
0. A coder takes part in an article when they annotated anything in it: in others their value
is missing, and a unit with fewer than two values is not pairable (not counted). An orphan
(its passage left a new version of the article) covers no character, but at the article unit
its tags still count: the coder applied them there.

With two values, α needs only counts. A unit coded by m coders, k of them 1, adds k to n₁,
m−k to n₀ and k(m−k)/(m−1) to the disagreeing cell o₀₁ of the coincidence matrix; then
α = 1 − (n−1)·o₀₁/(n₀·n₁). So characters are counted per coverage level over a sweep of each
article's intervals, never one by one.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from models.coders import CONSENSUS
from models.errors import LibraryError, NotFound
from models.json_output import JsonRecord
from models.schema import Row, database
from models.tags import normalize_tag_path, tag_ids_with_descendants

CHARACTER, ARTICLE = "character", "article"
UNITS = (CHARACTER, ARTICLE)


@dataclass(frozen=True)
class TagAgreement(JsonRecord):
    tag: str
    alpha: float | None  # None when undefined: no variation in the values
    agreement: float | None  # percent of units on which every coder gave the same value
    units: int


@dataclass(frozen=True)
class AgreementReport(JsonRecord):
    unit: str
    coders: tuple[str, ...]
    articles: tuple[int, ...]
    tags: tuple[TagAgreement, ...]


def alpha_from_counts(n0: float, n1: float, disagreement: float) -> float | None:
    """α for binary nominal data from the value totals and one off-diagonal coincidence cell."""
    n = n0 + n1
    if n0 <= 0 or n1 <= 0 or n <= 1:
        return None
    return 1.0 - (n - 1) * disagreement / (n0 * n1)


def coverage_histogram(spans_by_coder: Iterable[Sequence[tuple[int, int]]]) -> dict[int, int]:
    """How many characters k coders cover, for each k ≥ 1 (each coder's spans may overlap)."""
    events: list[tuple[int, int]] = []
    for spans in spans_by_coder:
        for start, end in _merged(spans):
            events.append((start, 1))
            events.append((end, -1))
    events.sort()
    histogram: dict[int, int] = defaultdict(int)
    level = previous = 0
    for position, step in events:
        if level:
            histogram[level] += position - previous
        level += step
        previous = position
    return histogram


def _merged(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def compute_agreement(
    unit: str = CHARACTER,
    coders: Sequence[str] = (),
    tags: Sequence[str] = (),
    article_ids: Sequence[int] = (),
) -> AgreementReport:
    """The agreement table (see the module docstring); LibraryError when nothing compares."""
    if unit not in UNITS:
        raise LibraryError(f"unknown unit '{unit}' (use character or article)")
    chosen = _coders(coders)
    articles = _articles(chosen, article_ids)
    wanted = [_tag(path) for path in dict.fromkeys(tags)]
    lengths = _lengths(articles)
    present: dict[int, set[str]] = defaultdict(set)
    spans: dict[tuple[str, int, str], list[tuple[int, int]]] = defaultdict(list)
    lineage: dict[str, tuple[str, ...]] = {}  # a tag path → it and its ancestors
    for article_id, coder, start, end, path in _annotations(chosen, articles):
        present[article_id].add(coder)
        if path is None:
            continue
        length = lengths[article_id]
        if start is None or end is None:  # an orphan: the tag was applied, to no text now
            if unit != ARTICLE:
                continue
            start = end = 0
        elif not 0 <= start <= end <= length:
            start, end = max(0, min(start, length)), max(0, min(end, length))
        ancestry = lineage.get(path)
        if ancestry is None:
            parts = path.split("/")
            ancestry = lineage[path] = tuple("/".join(parts[:d]) for d in range(1, len(parts) + 1))
        if end > start or unit == ARTICLE:
            for row in ancestry:
                spans[(row, article_id, coder)].append((start, end))
    applied = {row for ancestry in lineage.values() for row in ancestry}
    rows = wanted or sorted(applied, key=lambda path: path.split("/"))
    by_row: dict[str, dict[int, list[list[tuple[int, int]]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for (row, article_id, _coder), coder_spans in spans.items():
        by_row[row][article_id].append(coder_spans)
    size = {a: (lengths[a] if unit == CHARACTER else 1) for a in articles}
    pairable = {a: len(present[a]) for a in articles if len(present[a]) >= 2}
    results = [_row(row, by_row.get(row, {}), pairable, size, unit) for row in rows]
    return AgreementReport(unit, tuple(chosen), tuple(articles), tuple(results))


def _row(
    tag: str,
    articles: dict[int, list[list[tuple[int, int]]]],
    pairable: dict[int, int],
    size: dict[int, int],
    unit: str,
) -> TagAgreement:
    units = sum(size[a] for a in pairable)
    total = sum(size[a] * m for a, m in pairable.items())  # pairable values
    ones = disagreement = 0.0
    disagreeing_units = 0
    for article_id, coder_spans in articles.items():
        m = pairable.get(article_id)
        if m is None:
            continue
        if unit == CHARACTER:
            histogram = coverage_histogram(coder_spans)
        else:
            histogram = {len(coder_spans): 1}
        for k, count in histogram.items():
            ones += k * count
            disagreement += count * k * (m - k) / (m - 1)
            if k < m:
                disagreeing_units += count
    alpha = alpha_from_counts(total - ones, ones, disagreement)
    agreement = 100.0 * (units - disagreeing_units) / units if units else None
    return TagAgreement(tag, alpha, agreement, units)


def _coders(named: Sequence[str]) -> list[str]:
    known = [c for (c,) in _rows("SELECT DISTINCT coder FROM annotation", ())]
    if not named:  # the consensus is compared only when named: it copies a coder's work
        chosen = sorted(c for c in known if c != CONSENSUS)
    else:
        chosen = list(dict.fromkeys(named))
        missing = [c for c in chosen if c not in known]
        if missing:
            raise NotFound(f"no annotations by coder '{missing[0]}'")
    if len(chosen) < 2:
        found = ", ".join(chosen) or "none"
        raise LibraryError(f"agreement needs two coders or more (coders found: {found})")
    return chosen


def _articles(coders: list[str], named: Sequence[int]) -> list[int]:
    if named:
        wanted = list(dict.fromkeys(named))
        found = {i for (i,) in _select("SELECT id FROM article WHERE id IN {}", wanted)}
        for article_id in wanted:
            if article_id not in found:
                raise NotFound(f"no article with id {article_id}")
        return sorted(wanted)
    rows = _rows(
        "SELECT article_id FROM annotation WHERE coder IN (SELECT value FROM json_each(?)) "
        "GROUP BY article_id HAVING count(DISTINCT coder) = ? ORDER BY article_id",
        [json.dumps(coders), len(coders)],
    )
    articles = [article_id for (article_id,) in rows]
    if not articles:
        raise LibraryError(f"no article was annotated by each of: {', '.join(coders)}")
    return articles


def _tag(path: str) -> str:
    try:
        path = normalize_tag_path(path)
    except ValueError as exc:
        raise LibraryError(str(exc)) from exc
    if not tag_ids_with_descendants(path):
        raise NotFound(f"no tag named '{path}'")
    return path


def _lengths(articles: list[int]) -> dict[int, int]:
    # length() counts code points, as the annotations' offsets do.
    return dict(_select("SELECT id, length(text) FROM article WHERE id IN {}", articles))


def _annotations(coders: list[str], articles: list[int]) -> Iterator[Row]:
    """(article, coder, start, end, tag path or None) for each annotation and each of its tags."""
    return _rows(
        'SELECT a.article_id, a.coder, a.start, a."end", t.path FROM annotation AS a '
        "LEFT JOIN annotation_tag AS at ON at.annotation_id = a.id "
        "LEFT JOIN tag AS t ON t.id = at.tag_id "
        "WHERE a.article_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?1)) "
        "AND a.coder IN (SELECT value FROM json_each(?2))",
        [json.dumps(articles), json.dumps(coders)],
    )


def _select(sql: str, ids: list[int]) -> Iterator[Row]:
    return _rows(sql.format("(SELECT CAST(value AS INTEGER) FROM json_each(?))"), [json.dumps(ids)])


def _rows(sql: str, params: Sequence[object]) -> Iterator[Row]:
    return iter(database.execute_sql(sql, params))


def format_table(report: AgreementReport) -> str:
    """The report as a readable table: one line per tag, children indented under parents."""
    lines = [
        f"Agreement by {report.unit}: {len(report.coders)} coders "
        f"({', '.join(report.coders)}), {len(report.articles)} article(s)",
        "",
        f"{'tag':<40} {'alpha':>7} {'agree %':>8} {'units':>10}",
    ]
    for row in report.tags:
        depth = row.tag.count("/")
        name = "  " * depth + row.tag.rsplit("/", 1)[-1]
        alpha = "—" if row.alpha is None else f"{row.alpha:.3f}"
        agreement = "—" if row.agreement is None else f"{row.agreement:.1f}"
        lines.append(f"{name[:40]:<40} {alpha:>7} {agreement:>8} {row.units:>10}")
    if not report.tags:
        lines.append("(no tags applied in these articles)")
    lines.append("")
    lines.append("alpha: Krippendorff's α, nominal (— when undefined: no variation)")
    return "\n".join(lines)
