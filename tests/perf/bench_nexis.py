"""Importing a 500-document Nexis Uni Word export (issue 14: <= 5 s). Not part of the test run
(pyproject excludes tests/perf); no wall-clock asserts in the suite.

    .venv/bin/python tests/perf/bench_nexis.py                 # 500 documents, 5 runs
    .venv/bin/python tests/perf/bench_nexis.py --documents 100 --runs 3

The export is built like the test fixtures (cover page, a section per document, the Nexis
metadata and furniture) with 60 paragraphs of Zipf-like text per document (~3,000 words), so
that the file is about 5 MB, the size the issue names for a 500-document download. Each run
imports it into a fresh library with `models.importing.import_paths`, as the command line
does, and reports the median; the parse alone (`importers.registry.parse_file`) is timed too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "importers")]

from nexis_fixtures import Doc, nexis_docx  # noqa: E402

from importers.registry import parse_file  # noqa: E402
from models.db import close_library, open_library  # noqa: E402
from models.importing import import_paths  # noqa: E402

TARGET_SECONDS = 5.0


def build_export(documents: int, paragraphs: int = 60, seed: int = 14) -> bytes:
    rng = random.Random(seed)
    vocabulary = [
        "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(2, 11)))
        for _ in range(6000)
    ]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]

    def sentence() -> str:
        words = rng.choices(vocabulary, weights, k=rng.randint(8, 25))
        return " ".join(words).capitalize() + "."

    docs = [
        Doc(
            title=f"{sentence()[:-1]} ({number})",
            outlet=rng.choice(["The Guardian (London)", "The New York Times", "Die Zeit"]),
            date=dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 1500)),
            section=rng.choice(["POLITICS", "WORLD", "BUSINESS"]),
            byline=f"{rng.choice(vocabulary).title()} {rng.choice(vocabulary).title()}",
            paragraphs=tuple(" ".join(sentence() for _ in range(3)) for _ in range(paragraphs)),
        )
        for number in range(documents)
    ]
    return nexis_docx(docs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "nexis-export.docx"
        export.write_bytes(build_export(args.documents))
        parse_times, import_times = [], []
        for run in range(args.runs):
            start = time.perf_counter()
            _, drafts = parse_file(export)
            parse_times.append(time.perf_counter() - start)
            assert len(drafts) == args.documents, len(drafts)
            open_library(Path(folder) / f"library-{run}.sqlite")
            try:
                start = time.perf_counter()
                report = import_paths([export], workers=1)
                import_times.append(time.perf_counter() - start)
            finally:
                close_library()
            assert len(report.imported) == args.documents and not report.failed
        median = statistics.median(import_times)
        print(f"Nexis DOCX, {args.documents} documents, {export.stat().st_size / 1e6:.1f} MB")
        print(f"  parse only: median {statistics.median(parse_times):.2f} s")
        print(
            f"  import:     median {median:.2f} s over {args.runs} runs "
            f"(target <= {TARGET_SECONDS:.0f} s: {'PASS' if median <= TARGET_SECONDS else 'FAIL'})"
        )
    return 0 if median <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
