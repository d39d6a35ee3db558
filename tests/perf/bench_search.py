"""Search speed on a big library: a page of hits (ids, summaries, snippets) against the bare
FTS5 lookup it is built on. Not part of the test run (pyproject excludes tests/perf).

    .venv/bin/python tests/perf/bench_search.py                  # 100,000 articles, temp file
    .venv/bin/python tests/perf/bench_search.py --keep big.sqlite  # build once, reuse after

Articles are a few short paragraphs of words drawn from a Zipf-like vocabulary, so some
words are in half the library and some in a handful of articles, as in real news.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from models import search
from models.db import close_library, open_library
from models.schema import database
from models.search_sql import plan

VOCABULARY_SIZE = 6000
OUTLETS = ["BBC News", "The Guardian", "Reuters", "Al Jazeera", "Le Monde", "AP"]


def _vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnoprstuvwyz"
    words: set[str] = set()
    while len(words) < VOCABULARY_SIZE:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(3, 10))))
    return sorted(words, key=lambda w: (len(w), w))


def build(count: int) -> None:
    """Insert `count` articles in one transaction (the FTS triggers index them)."""
    rng = random.Random(42)
    words = _vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    cumulative = list(_accumulate(weights))
    rows = []
    for i in range(count):
        paragraphs = []
        for _ in range(rng.randint(2, 4)):
            chosen = rng.choices(words, cum_weights=cumulative, k=rng.randint(20, 50))
            paragraphs.append(" ".join(chosen).capitalize() + ".")
        text = "\n\n".join(paragraphs)
        title = " ".join(rng.choices(words, cum_weights=cumulative, k=6)).capitalize()
        day = f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        digest = hashlib.sha256(f"{i}{text}".encode()).hexdigest()
        rows.append(
            (title, OUTLETS[i % len(OUTLETS)], day, text, "[]", b"", "bench", digest, len(text))
        )
    with database.atomic():
        database.execute_sql("DROP INDEX IF EXISTS article_date")  # put back after the load
        cursor = database.cursor()
        cursor.executemany(
            "INSERT INTO article (title, source, author, date, url, text, structure, raw, "
            "format, origin_path, content_hash, word_count, imported_at) "
            "VALUES (?, ?, '', ?, '', ?, ?, ?, ?, '', ?, ?, '2024-01-01T00:00:00Z')",
            rows,
        )
        database.execute_sql('CREATE INDEX "article_date" ON "article" ("date")')
    database.execute_sql("INSERT INTO article_fts(article_fts) VALUES ('optimize')")
    database.execute_sql("ANALYZE")


def _accumulate(values: list[float]) -> list[float]:
    total, out = 0.0, []
    for value in values:
        total += value
        out.append(total)
    return out


def _timed_ms(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(fastest, median) of `repeat` runs after a warm-up, in ms: the fastest is the least
    disturbed by whatever else the machine is doing."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, statistics.median(times) * 1000


def _raw(expression: str) -> list[tuple[int]]:
    sql = (
        "SELECT rowid FROM article_fts WHERE article_fts MATCH ? "
        "ORDER BY bm25(article_fts) LIMIT 50"
    )
    return list(database.execute_sql(sql, (expression,)).fetchall())


def measure(repeat: int) -> None:
    words = _vocabulary(random.Random(42))
    queries = [
        words[3],  # in most articles
        words[60],
        words[800],
        words[5000],  # in a few
        f"{words[10]} {words[200]}",
        f'"{words[0]} {words[1]}"',
        words[40][:3] + "*",
        f"{words[100]} OR {words[900]}",
        f"{words[100]} -{words[2]}",
    ]
    total = database.execute_sql("SELECT count(*) FROM article").fetchone()[0]
    print(f"{total:,} articles; fastest / median of {repeat} runs, warm cache, in ms\n")
    print(
        f"{'query':<22} {'hits':>7} {'raw FTS5':>15} {'page of 50':>15} {'ratio':>6} {'count':>6}"
    )
    ratios = []
    for query in queries:
        match = plan(search.parse_query(query)).match
        assert match is not None
        hits = search.count_matching_articles(query)
        raw = _timed_ms(lambda m=match: _raw(m), repeat)
        ours = _timed_ms(lambda q=query: search.search_articles(q, limit=50), repeat)
        count = _timed_ms(lambda q=query: search.count_matching_articles(q), repeat)
        ratios.append(ours[0] / raw[0])
        print(
            f"{query[:22]:<22} {hits:>7,} {raw[0]:>7.2f} /{raw[1]:>6.2f} "
            f"{ours[0]:>7.2f} /{ours[1]:>6.2f} {ours[0] / raw[0]:>5.2f}x {count[0]:>6.2f}"
        )
    print(f"\nratio of fastest runs: median {statistics.median(ratios):.2f}x, ", end="")
    print(f"worst {max(ratios):.2f}x\n")
    other = [
        ("source:reuters date:2020", "date", 50),
        ("is:unread", "date", 50),
        (f"{words[60]} date:2019..2020", "rank", 50),
        (words[3], "rank", 200),  # the window's first page
        (words[3], "title", 200),
    ]
    for query, sort, limit in other:
        fastest, median = _timed_ms(
            lambda q=query, s=sort, n=limit: search.search_articles(q, s, True, 0, n), repeat
        )
        print(f"{query:<26} by {sort:<5} {limit:>3} rows: {fastest:7.2f} / {median:7.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="library file to build (once) and reuse")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    path = args.keep or Path(tempfile.mkdtemp()) / "bench.sqlite"
    fresh = not path.exists()
    open_library(path)
    try:
        if fresh:
            start = time.perf_counter()
            build(args.articles)
            print(f"built {args.articles:,} articles in {time.perf_counter() - start:.1f}s")
        measure(args.repeat)
    finally:
        close_library()
    return 0


if __name__ == "__main__":
    sys.exit(main())
