"""Crosstab, co-occurrence and charts on the big library (100,000 articles, 300,000
annotations): each must take at most 1 s (tables) or 2 s (a chart, drawn and saved).

    .venv/bin/python -m tests.perf.bench_analysis            # the full size, cached library
    .venv/bin/python -m tests.perf.bench_analysis --quick    # 10,000 articles

Every article gets a variable `wave` (1-4) so an attr: crosstab is timed too.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from models.charts import save_chart
from models.crosstab import Filters, cooccurrence, crosstab
from models.db import close_library, open_library
from models.schema import database
from tests.perf.corpus import Corpus
from tests.perf.library import cached

RUNS = 5


def _median(work: Callable[[], object]) -> tuple[float, float]:
    """Median wall-clock and CPU seconds. On a shared machine the wall clock counts other
    programs' turns too; SQLite's work here is CPU-bound (the library is in the page cache),
    so the CPU time is what an idle machine takes."""
    walls, cpus = [], []
    for _ in range(RUNS):
        start, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    articles, annotations = (10_000, 30_000) if args.quick else (100_000, 300_000)
    library = cached(Corpus(7), articles, annotations)
    open_library(library.path)
    with database.atomic():
        database.execute_sql(
            "INSERT OR IGNORE INTO article_attribute (article_id, name, value) "
            "SELECT id, 'wave', id % 4 + 1 FROM article"
        )
    level = Filters(level=2)
    out = Path(tempfile.mkdtemp(prefix="gloss-charts-"))
    rows: list[tuple[str, tuple[float, float], float]] = [
        ("crosstab tag × source", _median(lambda: crosstab("source")), 1.0),
        ("crosstab tag × month, articles", _median(lambda: crosstab("month", "articles")), 1.0),
        ("crosstab tag × attr:wave", _median(lambda: crosstab("attr:wave")), 1.0),
        ("crosstab level 2 × year", _median(lambda: crosstab("year", filters=level)), 1.0),
        ("co-occurrence", _median(cooccurrence), 1.0),
        ("co-occurrence level 2", _median(lambda: cooccurrence(level)), 1.0),
    ]
    for kind in ("tags-by-source", "tags-over-time", "cooccurrence"):
        path = out / f"{kind}.png"
        rows.append((f"chart {kind} (PNG)", _median(lambda p=path, k=kind: save_chart(k, p)), 2.0))
    close_library()
    failed = 0
    print(f"{articles:,} articles, {library.annotations:,} annotations ({library.corpus})")
    print(f"{'operation':<34} {'wall':>8} {'CPU':>8} {'target':>7}  (medians; CPU judged)")
    for name, (wall, cpu), target in rows:
        verdict = "PASS" if cpu <= target else "FAIL"
        failed += verdict == "FAIL"
        print(f"{name:<34} {wall:>7.3f}s {cpu:>7.3f}s {target:>6.1f}s {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
