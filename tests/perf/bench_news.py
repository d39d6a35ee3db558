"""News-database downloads (issue 14): a 100-article Factiva page of ~1 MB imports in ≤ 2 s.

    .venv/bin/python tests/perf/bench_news.py [--runs 5] [--articles 100]

Each run imports the file into a new library with `models.importing.import_paths`, as the
command line does (parse, store, index), and the median is judged against the target. The
same documents as a Factiva RTF, a LexisNexis text and a Nexis UK HTML download are timed
alongside, for comparison. Not part of the test run (pyproject excludes tests/perf).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "importers")]

from news_exports import Spec, factiva_html, factiva_rtf, lexis_txt, nexis_html  # noqa: E402

from models.db import close_library, open_library  # noqa: E402
from models.importing import import_paths  # noqa: E402

TARGET_SECONDS = 2.0
WORDS = (
    "the government said on tuesday that ministers would meet again before the summit while "
    "officials in brussels and london expect talks on trade customs banks and the border to "
    "continue into next year analysts warned markets could react sharply if no deal emerged"
).split()


def documents(count: int, seed: int = 14) -> list[Spec]:
    """Articles of ~9 KB each: eight paragraphs of ~190 words, as long news pieces run."""
    rng = random.Random(seed)

    def sentence() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30))).capitalize() + "."

    return [
        Spec(
            title=f"Article {n}: " + " ".join(rng.choice(WORDS) for _ in range(8)),
            outlet=rng.choice(["Financial Times", "The Guardian", "Die Zeit", "Le Monde"]),
            date=dt.date(2017, 1, 1) + dt.timedelta(days=rng.randrange(365)),
            author="Jane Doe",
            section="News",
            words=1500,
            doc_id=f"BENCH{n:06d}20170101edbd{rng.randrange(10**6):06d}",
            paragraphs=tuple(
                f"{n}.{p} " + " ".join(sentence() for _ in range(9)) for p in range(8)
            ),
        )
        for n in range(1, count + 1)
    ]


def saved_page(specs: list[Spec]) -> bytes:
    """The Factiva page with the ~25 KB of scripts a browser saves before the documents."""
    page = factiva_html(specs, "en", hits=("border", "banks"))
    padding = b"/*" + b"x" * 25_000 + b"*/"
    return page.replace(b"<script>", b"<script>" + padding, 1)


def timed_import(path: Path, runs: int) -> tuple[list[float], int]:
    times: list[float] = []
    imported = 0
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            open_library(Path(folder) / "bench.sqlite")
            try:
                start = time.perf_counter()
                report = import_paths([path], workers=1)
                times.append(time.perf_counter() - start)
                imported = len(report.imported)
                assert not report.failed, report.failed
            finally:
                close_library()
    return times, imported


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--articles", type=int, default=100)
    args = parser.parse_args(argv)
    specs = documents(args.articles)
    builds: dict[str, tuple[str, Callable[[list[Spec]], bytes]]] = {
        "factiva-html": ("export.html", saved_page),
        "factiva-text (RTF)": ("export.rtf", factiva_rtf),
        "lexisnexis-txt": ("export.txt", lexis_txt),
        "nexis-html": ("nexis.html", nexis_html),
    }
    failed = False
    print(f"| download ({args.articles} articles) | size | median | runs | target |")
    print("| --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as folder:
        for label, (name, build) in builds.items():
            path = Path(folder) / name
            path.write_bytes(build(specs))
            times, imported = timed_import(path, args.runs)
            assert imported == args.articles, (label, imported)
            median = statistics.median(times)
            target = ""
            if label == "factiva-html":
                passed = median <= TARGET_SECONDS
                failed |= not passed
                target = f"≤ {TARGET_SECONDS:.0f} s {'PASS' if passed else 'FAIL'}"
            size = f"{path.stat().st_size / 1e6:.2f} MB"
            shown = ", ".join(f"{t:.2f}" for t in times)
            print(f"| {label} | {size} | {median:.3f} s | {shown} | {target} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
