"""Time limits that once were unit-test asserts: each case's median against its limit.

    .venv/bin/python -m tests.perf.bench_limits        # or: scripts/perf.sh (runs it first)

The inputs are the unit tests' own (which check the results); here only the time is judged.
Exit status 1 when a case is over its limit.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from importers.draft import ImportFailure, make_block
from importers.registry import parse_file
from tests.importers.test_dataset_corpus import CORPUS
from tests.importers.test_draft import many_marks
from tests.importers.test_feed import ENTITY_TRICKS
from tests.importers.test_markdown_text import HOSTILE
from tests.importers.test_markdown_text import parse as parse_markdown

RUNS = 5


def median_seconds(run: Callable[[], object], runs: int = RUNS) -> float:
    run()  # warm caches (the Unicode tables, lxml's parser)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def refused(action: Callable[[], object]) -> Callable[[], None]:
    def run() -> None:
        try:
            action()
        except ImportFailure:
            pass

    return run


def cases(folder: Path) -> list[tuple[str, float, Callable[[], object]]]:
    """(name, limit in seconds, the work)."""
    text, marks = many_marks()
    found: list[tuple[str, float, Callable[[], object]]] = [
        # ~0.03 s; one NFC prefix per mark took ~0.9 s.
        (
            "make_block: 300 marks on decomposed text",
            0.25,
            lambda: make_block("paragraph", text, marks),
        ),
    ]
    for name, content in ENTITY_TRICKS.items():
        path = folder / f"{name}.xml"
        path.write_bytes(content)
        found.append((f"feed refuses {name}", 1.0, refused(lambda p=path: parse_file(p, "feed"))))
    for name, source in HOSTILE.items():
        found.append(
            (f"markdown: hostile {name}", 2.0, refused(lambda s=source: parse_markdown(s)))
        )
    if CORPUS.is_file():  # about 1.5 s
        found.append(("dataset: the 3,824-row corpus", 10.0, lambda: parse_file(CORPUS)))
    else:
        print(f"skipped: the dataset corpus ({CORPUS} is absent)")
    return found


def main() -> int:
    over = 0
    with tempfile.TemporaryDirectory(prefix="gloss-limits-") as work:
        for name, limit, run in cases(Path(work)):
            seconds = median_seconds(run, 1 if limit >= 10 else RUNS)
            verdict = "PASS" if seconds <= limit else "FAIL"
            over += verdict == "FAIL"
            print(f"{verdict}  {seconds * 1000:9.1f} ms  (limit {limit * 1000:,.0f} ms)  {name}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
