"""How well the html-page importer finds article text on news pages, against a person-made set.

The set is scrapinghub's article-extraction-benchmark (github.com/scrapinghub/article-extraction-
benchmark, MIT): 181 news pages as `html/ID.html.gz` and each page's article body, written out
by a person, in `ground-truth.json`. Its pages are not kept in this repository; copy them from a
clone or a bare git directory of it once, then score:

    .venv/bin/python -m tests.perf.eval_news_benchmark --copy-from /path/to/benchmark
    .venv/bin/python -m tests.perf.eval_news_benchmark            # the table
    .venv/bin/python -m tests.perf.eval_news_benchmark --show 042bb7b5
    .venv/bin/python -m tests.perf.eval_news_benchmark --score-output output/trafilatura.json

The folder is the argument, else $GLOSS_NEWS_BENCHMARK, else the cache folder; without pages
the command says so and stops (exit 0). Scoring is the benchmark's own (its evaluate.py):
word 4-gram multisets per page, precision and recall per page, their means over the pages and
the harmonic mean of those (eval_html_extraction.score_texts). The thresholds are chosen on
this set's folds (tune_html_extraction.py): a fold's score is held out only under the values
the other fold chose (html_extraction_folds.md); L3S-GN1 (eval_l3s_gn1.py) was never used.
`--score-output` scores one of the benchmark's stored outputs the same way (a check that this
scoring reproduces the benchmark's published table).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf.eval_html_extraction import (
    PageScore,
    fold_of,
    gloss_text_of,
    print_summary,
    print_table,
    score_texts,
    show_texts,
    trafilatura_text_of,
)
from tests.perf.readability_pages import cache_folder

ENV_VARIABLE = "GLOSS_NEWS_BENCHMARK"
TRUTH = "ground-truth.json"
PAGES = "html"


def default_folder() -> Path:
    """$GLOSS_NEWS_BENCHMARK, else the user's cache folder."""
    return cache_folder(ENV_VARIABLE, "article-extraction-benchmark")


def copy_benchmark(source: Path, into: Path) -> int:
    """Copy the pages and the ground truth from a checkout or a git directory; the page count."""
    into.mkdir(parents=True, exist_ok=True)
    if (source / TRUTH).is_file():
        (into / PAGES).mkdir(exist_ok=True)
        (into / TRUTH).write_bytes((source / TRUTH).read_bytes())
        for page in (source / PAGES).glob("*.html.gz"):
            (into / PAGES / page.name).write_bytes(page.read_bytes())
    else:
        archive = subprocess.run(
            ["git", f"--git-dir={source}", "archive", "--format=tar", "HEAD", TRUTH, PAGES],
            capture_output=True,
            check=True,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(into, filter="data")
    return len(list((into / PAGES).glob("*.html.gz")))


def load_truth(folder: Path) -> dict[str, str]:
    """Each page's id and expected article body, for the pages present."""
    truth = json.loads((folder / TRUTH).read_text("utf-8"))
    return {
        key: str(row.get("articleBody") or "")
        for key, row in sorted(truth.items())
        if (folder / PAGES / f"{key}.html.gz").is_file()
    }


def page_bytes(folder: Path, key: str) -> bytes:
    return gzip.decompress((folder / PAGES / f"{key}.html.gz").read_bytes())


def score_page(
    key: str, data: bytes, expected: str, extract: Callable[[bytes, Path], str]
) -> PageScore:
    start = time.process_time()
    ours = extract(data, Path(f"{key}.html"))
    cpu_ms = (time.process_time() - start) * 1000
    precision, recall, n_ours, n_expected = score_texts(ours, expected)
    return PageScore(key[:12], fold_of(key), precision, recall, n_ours, n_expected, cpu_ms)


def stored_output(path: Path) -> dict[str, str]:
    """A benchmark output file's article bodies (its plain or its versioned layout)."""
    data = json.loads(path.read_text("utf-8"))
    if isinstance(data, dict) and set(data) == {"version", "output"}:
        data = data["output"]
    return {key: str(row.get("articleBody") or "") for key, row in data.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, nargs="?", help="folder with html/ and " + TRUTH)
    parser.add_argument("--copy-from", type=Path, help="benchmark checkout or git directory")
    parser.add_argument("--show", action="append", default=[], help="page id (prefix) to print")
    parser.add_argument("--save", type=Path, help="write each page's F1 as JSON")
    parser.add_argument("--compare", type=Path, help="JSON from --save: show each change")
    parser.add_argument("--trafilatura", action="store_true", help="score trafilatura alone")
    parser.add_argument("--score-output", type=Path, help="score a stored benchmark output")
    args = parser.parse_args(argv)
    folder = args.folder or default_folder()
    if args.copy_from:
        print(f"{copy_benchmark(args.copy_from, folder)} pages in {folder}")
        return 0
    truth = load_truth(folder) if (folder / TRUTH).is_file() else {}
    if not truth:
        print(
            f"skipped: no {TRUTH} with html/*.html.gz pages in {folder}; copy the benchmark "
            "there with --copy-from PATH (a clone of scrapinghub/article-extraction-benchmark)"
        )
        return 0
    if args.score_output:
        outputs = stored_output(args.score_output)
        scores = [
            PageScore(key[:12], fold_of(key), *score_texts(outputs.get(key, ""), text), 0.0)
            for key, text in truth.items()
        ]
    else:
        extract = trafilatura_text_of if args.trafilatura else gloss_text_of
        first = next(iter(truth))
        extract(page_bytes(folder, first), Path(first))  # imports outside the timings
        scores = [
            score_page(key, page_bytes(folder, key), text, extract) for key, text in truth.items()
        ]
    before = json.loads(args.compare.read_text()) if args.compare else {}
    print_table(scores, {name: row["f1"] for name, row in before.items()})
    print_summary(scores)
    if args.save:
        rows = {s.name: {"f1": s.f1, "precision": s.precision, "recall": s.recall} for s in scores}
        args.save.write_text(json.dumps(rows, indent=1))
    for key, text in truth.items():
        if any(key.startswith(prefix) for prefix in args.show):
            extract = trafilatura_text_of if args.trafilatura else gloss_text_of
            show_texts(key[:12], extract(page_bytes(folder, key), Path(key)), text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
