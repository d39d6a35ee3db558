"""How well the html-page importer finds article text, measured against hand-checked pages.

Not part of the test suite (tests/perf is not collected): run it by hand on a folder of page
folders, each holding the saved page as `source.html` and the article as it should come out as
`expected.html` (the layout of Mozilla Readability's test pages):

    .venv/bin/python tests/perf/eval_html_extraction.py /tmp/readability-pages
    .venv/bin/python tests/perf/eval_html_extraction.py /tmp/readability-pages --show bbc-1

Scores are over word tokens (case-folded, as multisets): precision is the share of our words that
the expected text has, recall the share of expected words we kept. Boilerplate we let through
costs precision; article text we lost costs recall.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from importers.draft import ImportFailure  # noqa: E402
from importers.html_page import HtmlPageImporter  # noqa: E402

_WORD = re.compile(r"\w+")


@dataclass
class Score:
    name: str
    precision: float
    recall: float
    seconds: float
    ours: Counter[str]
    expected: Counter[str]

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def tokens(text: str) -> Counter[str]:
    return Counter(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def extracted_text(source: Path) -> str:
    """Our canonical text: block texts joined by blank lines, as the library stores it."""
    try:
        (draft,) = HtmlPageImporter().parse(source.read_bytes(), source)
    except ImportFailure as exc:
        print(f"  {source.parent.name}: {exc}", file=sys.stderr)
        return ""
    return "\n\n".join(block.text for block in draft.blocks)


def expected_text(expected: Path) -> str:
    root = lxml.html.document_fromstring(expected.read_text("utf-8"))
    return str(root.text_content())


def score(folder: Path) -> Score:
    start = time.perf_counter()
    ours = tokens(extracted_text(folder / "source.html"))
    seconds = time.perf_counter() - start
    expected = tokens(expected_text(folder / "expected.html"))
    common = sum((ours & expected).values())
    precision = common / sum(ours.values()) if ours else 0.0
    recall = common / sum(expected.values()) if expected else 0.0
    return Score(folder.name, precision, recall, seconds, ours, expected)


def show(result: Score, limit: int = 60) -> None:
    extra = (result.ours - result.expected).most_common(limit)
    missing = (result.expected - result.ours).most_common(limit)
    print(f"\n{result.name}: words we kept that are not expected (boilerplate?):")
    print("  " + " ".join(f"{word}×{count}" for word, count in extra))
    print(f"{result.name}: expected words we lost:")
    print("  " + " ".join(f"{word}×{count}" for word, count in missing))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder of page folders")
    parser.add_argument("--show", action="append", default=[], help="page to print word diffs")
    args = parser.parse_args(argv)
    pages = sorted(
        p
        for p in args.folder.iterdir()
        if (p / "source.html").is_file() and (p / "expected.html").is_file()
    )
    if not pages:
        print(f"no page folders with source.html and expected.html in {args.folder}")
        return 1
    results = [score(page) for page in pages]
    print(
        f"{'page':<20} {'precision':>9} {'recall':>7} {'F1':>6} {'words':>6} {'exp.':>6} {'s':>5}"
    )
    for r in sorted(results, key=lambda r: r.f1):
        print(
            f"{r.name:<20} {r.precision:>9.3f} {r.recall:>7.3f} {r.f1:>6.3f}"
            f" {sum(r.ours.values()):>6} {sum(r.expected.values()):>6} {r.seconds:>5.2f}"
        )
    mean_p = statistics.mean(r.precision for r in results)
    mean_r = statistics.mean(r.recall for r in results)
    mean_f = statistics.mean(r.f1 for r in results)
    print(f"{'mean':<20} {mean_p:>9.3f} {mean_r:>7.3f} {mean_f:>6.3f}")
    for result in results:
        if result.name in args.show:
            show(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
