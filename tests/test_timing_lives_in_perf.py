"""Timing belongs in tests/perf/ (the benchmarks): the normal suite measures no durations, so a
busy machine can never fail it. Bounded waits for another process (time.monotonic) are allowed."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
CLOCKS = re.compile(r"\b(perf_counter|process_time|thread_time|timeit)\b|\btime\.time\(")
ELSEWHERE = ("perf", "reliability")  # the benchmarks, and the separate reliability trials


def test_no_test_outside_the_benchmarks_reads_a_stopwatch() -> None:
    checked = 0
    for path in sorted(TESTS.rglob("*.py")):
        if path.relative_to(TESTS).parts[0] in ELSEWHERE or path == Path(__file__):
            continue
        checked += 1
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not CLOCKS.search(line), f"{path.relative_to(TESTS)}:{number}: {line.strip()}"
    assert checked > 100
