"""Two-fold choice of the html-page importer's thresholds: chosen on one fold, judged on the other.

Every tunable of the extraction (the vote's cap and support, the fallback's threshold, the
link-density limits, the teaser and promo labels, the normaliser's sizes) is tried at a few
values, one at a time with the others at today's values; each fold chooses the value with the
best F1 on its own pages (a tie keeps today's value), and the values one fold chose are then
scored together on the other fold. A teaser or promo label is kept by a fold unless leaving it
out scores better there. Not part of the test suite; the sets are those of the two evaluation
commands (see tests/perf/README.md):

    .venv/bin/python -m tests.perf.tune_html_extraction                 # news benchmark
    .venv/bin/python -m tests.perf.tune_html_extraction --set readability
    .venv/bin/python -m tests.perf.tune_html_extraction --only MAX_EDGE_SHARE

Output: one line per tunable (today's value, the value each fold chose, each fold's F1 at each
tried value), then the held-out scores: fold B under fold A's choices and fold A under fold B's.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from importers import html_body, html_edges, html_normalise, html_tidy
from tests.perf.eval_html_extraction import (
    PageScore,
    expected_text,
    fold_of,
    gloss_text_of,
    overall,
    page_folders,
    score_texts,
)
from tests.perf.eval_news_benchmark import default_folder as news_folder
from tests.perf.eval_news_benchmark import load_truth, page_bytes
from tests.perf.readability_pages import default_folder as readability_folder

OFF = 10**9  # a size limit no page reaches: the rule never fires


@dataclass(frozen=True)
class Tunable:
    module: ModuleType
    name: str
    values: tuple[Any, ...]


TUNABLES = (
    Tunable(html_body, "FALLBACK_BELOW", (0, 100, 200, 300, 500, 1000, OFF)),
    Tunable(html_body, "_MAX_LINK_SHARE", (0.6, 0.7, 0.8, 0.9, 1.01)),
    Tunable(html_body, "MIN_REPEATED_LENGTH", (20, 50, 100, OFF)),
    Tunable(html_normalise, "_MAX_HIDDEN_SHARE", (0.0, 0.2, 0.5, 0.8, 1.0)),
    Tunable(html_normalise, "MIN_PART_TEXT", (50, 100, 150, 250, 400, OFF)),
    Tunable(html_normalise, "MAX_TEXT_BETWEEN", (0, 20, 40, 80, 150)),
    Tunable(html_normalise, "_MAX_WRAPPER_TEXT", (0, 40, 80, 160)),
    Tunable(html_edges, "MAX_TEASER_WORDS", (0, 8, 10, 14, 20)),
    Tunable(html_edges, "MAX_PROMO_WORDS", (0, 15, 20, 25, 35)),
    Tunable(html_edges, "MIN_LINK_SHARE", (0.6, 0.7, 0.8, 0.9, 1.01)),
    Tunable(html_edges, "_MIN_KEPT_SHARE", (0.3, 0.5, 0.7)),
    Tunable(html_edges, "MIN_SUPPORT", (0.3, 0.4, 0.5, 0.6, 0.7)),
    Tunable(html_edges, "MIN_AGREEMENT", (0.3, 0.4, 0.5, 0.6, 0.7)),
    Tunable(html_edges, "MAX_VOTED_LENGTH", (0, 100, 150, 200, 300, 400)),
    Tunable(html_edges, "MAX_EDGE_SHARE", (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)),
    Tunable(html_tidy, "_LINKED_SHARE", (0.3, 0.5, 0.7, 1.01)),
    Tunable(html_tidy, "_MIN_TEASERS", (1, 2, 3, OFF)),
)


@dataclass(frozen=True)
class Page:
    name: str
    fold: str
    data: bytes
    expected: str


Config = dict[str, Any]  # "module.NAME" -> value; a label set under "labels"/"promos"


def news_pages() -> list[Page]:
    folder = news_folder()
    truth = load_truth(folder) if (folder / "ground-truth.json").is_file() else {}
    return [Page(k, fold_of(k), page_bytes(folder, k), text) for k, text in truth.items()]


def readability_pages() -> list[Page]:
    folder = readability_folder()
    return [
        Page(
            p.name,
            fold_of(p.name),
            (p / "source.html").read_bytes(),
            expected_text(p / "expected.html"),
        )
        for p in (page_folders(folder) if folder.is_dir() else [])
    ]


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression (`a|b(c|d)` -> `a`, `b(c|d)`)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(pattern):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
    return [*parts, pattern[start:]]


LABELS = alternatives(html_edges._LABELS)
PROMOS = alternatives(html_edges._PROMO.pattern.removeprefix(r"\b(?:").removesuffix(r")\b"))


def _teaser(labels: Sequence[str]) -> re.Pattern[str]:
    joined = "|".join(labels) or "(?!)"
    return re.compile(rf"^\W*(?:{joined})\W*$|^\W*(?:{joined})\s*[:|»›>–—-]\s*\S", re.I)


def _promo(promos: Sequence[str]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{'|'.join(promos) or '(?!)'})\b", re.I)


@contextmanager
def applied(config: Config) -> Iterator[None]:
    """The modules with the config's values, restored afterwards."""
    saved: list[tuple[ModuleType, str, Any]] = []
    patches: list[tuple[ModuleType, str, Any]] = []
    for tunable in TUNABLES:
        key = f"{tunable.module.__name__}.{tunable.name}"
        if key in config:
            patches.append((tunable.module, tunable.name, config[key]))
    if "labels" in config:
        patches.append((html_edges, "_TEASER", _teaser(config["labels"])))
    if "promos" in config:
        patches.append((html_edges, "_PROMO", _promo(config["promos"])))
    for module, name, value in patches:
        saved.append((module, name, getattr(module, name)))
        setattr(module, name, value)
    try:
        yield
    finally:
        for module, name, value in reversed(saved):
            setattr(module, name, value)


def run(pages: Sequence[Page], config: Config) -> dict[str, PageScore]:
    """Each page's score under the config."""
    scores = {}
    with applied(config):
        for page in pages:
            ours = gloss_text_of(page.data, Path(f"{page.name}.html"))
            scores[page.name] = PageScore(
                page.name, page.fold, *score_texts(ours, page.expected), 0
            )
    return scores


def fold_f1(scores: dict[str, PageScore], fold: str) -> float:
    """The F1 of one fold's pages ("A", "B"), or of all of them ("all")."""
    return overall([s for s in scores.values() if fold in (s.fold, "all")])[2]


def key_of(tunable: Tunable) -> str:
    return f"{tunable.module.__name__}.{tunable.name}"


def choose(tried: dict[Any, dict[str, PageScore]], fold: str) -> Any:
    """The value with the fold's best F1; of several that tie, the middle one (the lower of two
    middles). Today's value gets no say: it was set looking at both folds."""
    scores = {value: fold_f1(tried[value], fold) for value in sorted(tried)}
    best = max(scores.values())
    tied = [value for value, f1 in scores.items() if f1 >= best - 1e-12]
    return tied[(len(tied) - 1) // 2]


FOLDS = ("A", "B", "all")


def ship(tried: dict[Any, dict[str, PageScore]], today: Any) -> Any:
    """What the importer should use: today's value unless another scores strictly better on
    all pages (a flat stretch is no reason to move); then the one all pages choose."""
    best = max(fold_f1(scores, "all") for scores in tried.values())
    return today if fold_f1(tried[today], "all") >= best - 1e-12 else choose(tried, "all")


def tune(pages: Sequence[Page], only: Sequence[str]) -> dict[str, Config]:
    """The config each fold (and all pages) chose; prints what was tried.

    Also "A-", "B-": the fold's config without the labels that change none of its pages (the
    fold has no evidence for them), for a held-out score that owes nothing to today's list.
    """
    chosen: dict[str, Config] = {fold: {} for fold in (*FOLDS, "A-", "B-", "ship")}
    base = run(pages, {})
    print(f"today: fold A {fold_f1(base, 'A'):.4f}, fold B {fold_f1(base, 'B'):.4f}\n")
    print(f"{'tunable':<20} {'today':>6} {'A':>6} {'B':>6} {'all':>6} {'ship':>6}  F1 on A/B")
    for tunable in TUNABLES:
        if only and tunable.name not in only:
            continue
        today = getattr(tunable.module, tunable.name)
        tried = {
            v: (base if v == today else run(pages, {key_of(tunable): v})) for v in tunable.values
        }
        tried[today] = base
        picks = {fold: choose(tried, fold) for fold in FOLDS} | {"ship": ship(tried, today)}
        for fold, value in picks.items():
            if value != today:
                chosen[fold][key_of(tunable)] = value
        detail = " ".join(
            f"{_show(v)}:{fold_f1(tried[v], 'A'):.4f}/{fold_f1(tried[v], 'B'):.4f}"
            for v in sorted(tried)
        )
        print(
            f"{tunable.name:<20} {_show(today):>6} "
            + " ".join(f"{_show(picks[fold]):>6}" for fold in (*FOLDS, "ship"))
            + f"  {detail}"
        )
    for key, items in (("labels", LABELS), ("promos", PROMOS)):
        if only and key not in only:
            continue
        dropped, silent = _ablate(pages, base, key, items)
        for fold in FOLDS:
            if dropped[fold]:
                chosen[fold][key] = [x for x in items if x not in dropped[fold]]
        if dropped["all"]:
            chosen["ship"][key] = chosen["all"][key]
        for fold in "AB":
            kept = chosen[fold].get(key, items)
            chosen[f"{fold}-"][key] = [x for x in kept if x not in silent[fold]]
    for fold in "AB":
        chosen[f"{fold}-"] = chosen[fold] | chosen[f"{fold}-"]
    return chosen


def _ablate(
    pages: Sequence[Page], base: dict[str, PageScore], key: str, items: list[str]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """For each fold, the items whose removal alone raises its F1, and those whose removal
    changes none of its pages."""
    dropped: dict[str, list[str]] = {fold: [] for fold in FOLDS}
    silent: dict[str, list[str]] = {fold: [] for fold in FOLDS}
    for item in items:
        scores = run(pages, {key: [x for x in items if x != item]})
        for fold in FOLDS:
            if fold_f1(scores, fold) > fold_f1(base, fold) + 1e-12:
                dropped[fold].append(item)
            if all(scores[n].f1 == s.f1 for n, s in base.items() if fold in (s.fold, "all")):
                silent[fold].append(item)
    print(f"\n{key} ({len(items)}):")
    for fold in FOLDS:
        fired = [x for x in items if x not in silent[fold]]
        print(f"  {fold}: change a page when left out {fired}; left out {dropped[fold] or 'none'}")
    return dropped, silent


def _show(value: Any) -> str:
    return "off" if value == OFF else str(value)


def report(pages: Sequence[Page], chosen: dict[str, Config]) -> None:
    base = run(pages, {})
    print("\nheld-out scores (F1 as the benchmark sums up; mean page F1 in brackets)")
    for train, test in (("A", "B"), ("B", "A"), ("A-", "B"), ("B-", "A")):
        scores = run(pages, chosen[train]) if chosen[train] else base
        part = [s for s in scores.values() if s.fold == test]
        today = [s for s in base.values() if s.fold == test]
        print(
            f"  fold {test}, values chosen on {train}: {overall(part)[2]:.4f} "
            f"({statistics.mean(s.f1 for s in part):.4f}); today's values "
            f"{overall(today)[2]:.4f}; chosen: {_describe(chosen[train])}"
        )
    print(f"chosen on all pages: {_describe(chosen['all'])}")
    print(f"to ship (strictly better on all pages than today): {_describe(chosen['ship'])}")
    for label, config in (("today", {}), ("to ship", chosen["ship"])):
        scores = run(pages, config) if config else base
        print(
            f"  {label}: fold A {fold_f1(scores, 'A'):.4f}, fold B {fold_f1(scores, 'B'):.4f}, "
            f"all {fold_f1(scores, 'all'):.4f} (not held out)"
        )


def _describe(config: Config) -> str:
    if not config:
        return "all as today"
    return ", ".join(
        f"{k.rsplit('.', 1)[-1]}={f'{len(v)} items' if isinstance(v, list) else _show(v)}"
        for k, v in config.items()
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=("news", "readability"), default="news")
    parser.add_argument("--only", action="append", default=[], help="tunable name (repeatable)")
    args = parser.parse_args(argv)
    pages = news_pages() if args.set == "news" else readability_pages()
    if not pages:
        print(f"skipped: the {args.set} set is not copied yet (see tests/perf/README.md)")
        return 0
    chosen = tune(pages, args.only)
    report(pages, chosen)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
