"""Team coding (issue 16): agreement over 1,000 articles × 3 coders × 50 tags in ≤ 2 s, and
merging a library of 10,000 annotations in ≤ 10 s.

    .venv/bin/python tests/perf/bench_team.py [--runs 3] [--only agreement,merge]

The libraries are written with raw SQL into the schema `open_library` creates (articles of
~4,000 characters, coders' highlights of 20–400 characters with one or two of 50 tags in a
two-level codebook). Each operation's median over the runs is judged against its target.
Not part of the test run (pyproject excludes tests/perf).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from models.db import close_library, open_library  # noqa: E402

TAGS = [f"Frame {p}" for p in range(10)] + [
    f"Frame {p}/Aspect {c}" for p in range(10) for c in range(4)
]  # 50 tags, each parent also applied directly
WORDS = "the minister said talks on trade would continue into next year while markets".split()


def build(path: Path, articles: int, coders: list[str], per_coder: int, seed: int) -> int:
    """A library of `articles` articles, each coded by every coder; returns the annotations."""
    open_library(path)
    close_library()
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO tag (id, path, color, description) VALUES (?, ?, 'grey', '')",
            list(enumerate(TAGS, 1)),
        )
        for n in range(1, articles + 1):
            text = f"{seed}.{n} " + " ".join(rng.choice(WORDS) for _ in range(700))
            conn.execute(
                "INSERT INTO article (id, title, source, author, url, text, structure, raw, "
                "format, origin_path, content_hash, word_count, imported_at) VALUES "
                "(?, ?, '', '', '', ?, '[]', x'', 'bench', '', ?, 700, '2024-01-01T00:00:00Z')",
                (n, f"Article {n}", text, f"{seed}-{n}"),
            )
            for coder in coders:
                for _ in range(per_coder):
                    start = rng.randrange(len(text) - 400)
                    end = start + rng.randint(20, 400)
                    cursor = conn.execute(
                        'INSERT INTO annotation (article_id, start, "end", quote, prefix, suffix, '
                        "note, color, created_at, updated_at, coder) VALUES "
                        "(?, ?, ?, ?, '', '', '', 'yellow', ?, ?, ?)",
                        (n, start, end, text[start:end], "2024-01-01T00:00:00Z",
                         "2024-01-01T00:00:00Z", coder),
                    )  # fmt: skip
                    tags = rng.sample(range(1, len(TAGS) + 1), rng.randint(1, 2))
                    conn.executemany(
                        "INSERT INTO annotation_tag (annotation_id, tag_id) VALUES (?, ?)",
                        [(cursor.lastrowid, tag) for tag in tags],
                    )
    conn.close()
    return articles * len(coders) * per_coder


def time_agreement(folder: Path, runs: int) -> list[float]:
    from models.agreement import compute_agreement

    path = folder / "agreement.sqlite"
    count = build(path, 1000, ["ann", "bob", "cy"], 15, seed=1)
    print(f"agreement library: 1,000 articles, 3 coders, {count:,} annotations, 50 tags")
    open_library(path)
    times = []
    try:
        for _ in range(runs):
            began = time.perf_counter()
            report = compute_agreement()
            times.append(time.perf_counter() - began)
            assert len(report.tags) == 50 and len(report.articles) == 1000
    finally:
        close_library()
    return times


def time_merge(folder: Path, runs: int) -> list[float]:
    from models.merging import merge_library

    other = folder / "other.sqlite"
    count = build(other, 1000, ["ann", "bob"], 5, seed=2)
    print(f"merge: a library of 1,000 articles and {count:,} annotations into a new one")
    times = []
    for run in range(runs):
        target = folder / f"target{run}.sqlite"
        build(target, 200, ["cy"], 5, seed=3)
        open_library(target)
        try:
            began = time.perf_counter()
            report = merge_library(other)
            times.append(time.perf_counter() - began)
            assert report.annotations_added == count
        finally:
            close_library()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="agreement,merge")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        for name, timer, target in [
            ("agreement", time_agreement, 2.0),
            ("merge", time_merge, 10.0),
        ]:
            if name not in args.only.split(","):
                continue
            times = timer(Path(folder), args.runs)
            median = statistics.median(times)
            verdict = "PASS" if median <= target else "FAIL"
            failed |= verdict == "FAIL"
            runs = ", ".join(f"{t:.2f}" for t in times)
            print(
                f"{name:<10} median {median:.2f} s (runs {runs}); target ≤ {target:.0f} s {verdict}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
