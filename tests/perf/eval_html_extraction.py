"""How well the html-page importer finds article text, against pages people marked up by hand.

Not part of the test suite (tests/perf is not collected). It reads a folder of page folders, each
holding a saved page as `source.html` and the article as it should come out as `expected.html`:
the layout of Mozilla Readability's test pages, which `tests/perf/readability_pages.py` copies
out of a Readability checkout (the pages are Apache-2.0 and not kept in this repository).

    .venv/bin/python -m tests.perf.readability_pages /path/to/readability   # once
    .venv/bin/python tests/perf/eval_html_extraction.py                    # the table
    .venv/bin/python tests/perf/eval_html_extraction.py --show bbc-1 --fold A
    .venv/bin/python tests/perf/eval_html_extraction.py --save now.json --compare before.json

The folder is the argument, else $GLOSS_READABILITY_PAGES, else the cache folder; without pages
the command says so and stops (exit 0). Scoring is that of the public article-extraction
benchmarks: the text's word 4-grams (shingles) as multisets; a page's precision is the share of
our shingles the expected text has, its recall the share of expected shingles we kept; overall
precision and recall are the means over pages and F1 is their harmonic mean. Pages fall in two
folds by a hash of their name (the news benchmark's are split the same way, and its folds
choose the thresholds: tune_html_extraction.py); these pages are not held out.
CPU time is that of the importer's whole parse (decode, metadata, extraction), per page.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from importers.draft import ImportFailure
from importers.html_page import HtmlPageImporter
from tests.perf.readability_pages import default_folder

SHINGLE = 4
_WORD = re.compile(r"\w+")
# Elements whose edges separate words in the expected HTML even with no whitespace around them.
_BREAKS = frozenset(
    "p div br li ul ol dl dt dd tr td th table blockquote pre hr section article figure "
    "figcaption h1 h2 h3 h4 h5 h6 header footer aside main nav".split()
)


@dataclass
class PageScore:
    name: str
    fold: str
    precision: float
    recall: float
    ours: int  # shingles
    expected: int
    cpu_ms: float

    @property
    def f1(self) -> float:
        return harmonic(self.precision, self.recall)


def harmonic(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def fold_of(name: str) -> str:
    return "AB"[zlib.crc32(name.encode()) % 2]


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """Word 4-grams; a text of fewer words is one shorter shingle, an empty one has none."""
    words = _WORD.findall(text)
    return Counter(tuple(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1)))


def score_texts(ours: str, expected: str) -> tuple[float, float, int, int]:
    """Precision and recall of `ours` against `expected`, and both shingle counts."""
    mine, wanted = shingles(ours), shingles(expected)
    mine.pop((), None)
    wanted.pop((), None)
    common = sum((mine & wanted).values())
    n_mine, n_wanted = sum(mine.values()), sum(wanted.values())
    if n_mine == n_wanted == common:  # both empty, or identical
        return 1.0, 1.0, n_mine, n_wanted
    precision = common / n_mine if n_mine else 0.0
    recall = common / n_wanted if n_wanted else 0.0
    return precision, recall, n_mine, n_wanted


def gloss_text(source: Path) -> str:
    """Our canonical text: the block texts joined by blank lines, as the library stores it."""
    return gloss_text_of(source.read_bytes(), source)


def gloss_text_of(data: bytes, source: Path) -> str:
    try:
        (draft,) = HtmlPageImporter().parse(data, source)
    except ImportFailure:
        return ""
    return "\n\n".join(block.text for block in draft.blocks)


def trafilatura_text(source: Path) -> str:
    return trafilatura_text_of(source.read_bytes(), source)


def trafilatura_text_of(data: bytes, source: Path) -> str:
    """trafilatura on its own (its defaults), for comparison."""
    import trafilatura

    return trafilatura.extract(data, include_tables=True) or ""


def expected_text(expected: Path) -> str:
    root = lxml.html.document_fromstring(expected.read_text("utf-8"))
    for element in root.iter("script", "style"):
        element.drop_tree()
    for element in root.iter(*_BREAKS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    return str(root.text_content())


def score_page(folder: Path, extract: Callable[[Path], str]) -> PageScore:
    start = time.process_time()
    ours = extract(folder / "source.html")
    cpu_ms = (time.process_time() - start) * 1000
    precision, recall, n_ours, n_expected = score_texts(
        ours, expected_text(folder / "expected.html")
    )
    return PageScore(
        folder.name, fold_of(folder.name), precision, recall, n_ours, n_expected, cpu_ms
    )


def overall(scores: Sequence[PageScore]) -> tuple[float, float, float]:
    """The benchmarks' summary: mean precision (over pages where we found text), mean recall."""
    found = [s.precision for s in scores if s.ours]
    precision = statistics.mean(found) if found else 0.0
    recall = statistics.mean(s.recall for s in scores) if scores else 0.0
    return precision, recall, harmonic(precision, recall)


def page_folders(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if (p / "source.html").is_file() and (p / "expected.html").is_file()
    )


def print_table(scores: Sequence[PageScore], before: dict[str, float]) -> None:
    print(f"{'page':<34} fold precision recall    F1  change  shingles expected  CPU ms")
    for s in sorted(scores, key=lambda s: (s.f1, s.name)):
        change = f"{s.f1 - before[s.name]:+.3f}" if s.name in before else ""
        print(
            f"{s.name:<34} {s.fold:>4} {s.precision:>9.3f} {s.recall:>6.3f} {s.f1:>5.3f}"
            f" {change:>7} {s.ours:>9} {s.expected:>8} {s.cpu_ms:>7.1f}"
        )


def print_summary(scores: Sequence[PageScore]) -> None:
    print(f"\n{'pages':<12} {'n':>4} precision recall    F1  mean page F1")
    for label, part in (
        ("fold A", [s for s in scores if s.fold == "A"]),
        ("fold B", [s for s in scores if s.fold == "B"]),
        ("all", list(scores)),
    ):
        if part:
            precision, recall, f1 = overall(part)
            mean_f1 = statistics.mean(s.f1 for s in part)
            print(
                f"{label:<12} {len(part):>4} {precision:>9.3f} {recall:>6.3f} {f1:>5.3f}"
                f" {mean_f1:>13.3f}"
            )
    cpu = sorted(s.cpu_ms for s in scores)
    print(
        f"\nCPU per page: median {statistics.median(cpu):.1f} ms, "
        f"90th percentile {cpu[int(len(cpu) * 0.9)]:.1f} ms, max {cpu[-1]:.1f} ms"
    )


def show(folder: Path, extract: Callable[[Path], str]) -> None:
    """Our blocks with the share of their shingles the expected text has, and the expected
    paragraphs with the share we kept: where the boilerplate and the losses are."""
    show_texts(
        folder.name, extract(folder / "source.html"), expected_text(folder / "expected.html")
    )


def show_texts(name: str, ours: str, expected: str) -> None:
    print(f"\n=== {name}: our blocks (share found in expected)")
    _print_support(ours.split("\n\n"), shingles(expected))
    print(f"=== {name}: expected paragraphs (share we kept)")
    _print_support(expected.split("\n"), shingles(ours))


def _print_support(parts: list[str], other: Counter[tuple[str, ...]]) -> None:
    for part in parts:
        own = shingles(part)
        own.pop((), None)
        if own:
            share = sum((own & other).values()) / sum(own.values())
            flag = "  " if share > 0.9 else "!!"
            print(f"{flag} {share:.2f} {part[:150]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, nargs="?", help="folder of page folders")
    parser.add_argument("--fold", choices=("A", "B"), help="only the pages of one fold")
    parser.add_argument("--show", action="append", default=[], help="page to print in detail")
    parser.add_argument("--save", type=Path, help="write each page's F1 as JSON")
    parser.add_argument("--compare", type=Path, help="JSON from --save: show each change")
    parser.add_argument("--trafilatura", action="store_true", help="score trafilatura alone")
    args = parser.parse_args(argv)
    folder = args.folder or default_folder()
    pages = page_folders(folder) if folder.is_dir() else []
    if not pages:
        print(
            f"skipped: no page folders (source.html + expected.html) in {folder}; "
            "copy Readability's test pages there with tests/perf/readability_pages.py"
        )
        return 0
    if args.fold:
        pages = [p for p in pages if fold_of(p.name) == args.fold]
    extract = trafilatura_text if args.trafilatura else gloss_text
    extract(pages[0] / "source.html")  # loads trafilatura & co. outside the timings
    scores = [score_page(page, extract) for page in pages]
    before = json.loads(args.compare.read_text()) if args.compare else {}
    print_table(scores, {name: row["f1"] for name, row in before.items()})
    print_summary(scores)
    if args.save:
        rows = {s.name: asdict(s) | {"f1": s.f1} for s in scores}
        args.save.write_text(json.dumps(rows, indent=1))
    for page in pages:
        if page.name in args.show:
            show(page, extract)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
