"""Speed half of the re-anchoring benchmark (run by tests/perf/bench_anchoring.py).

A revision made of many edits (typos, paragraphs inserted, deleted and moved, words changed
inside highlights) is applied to a 10,000-word article with 1,000 highlights, and to 1,000
article files with 10 highlights each that `import --update` then reads.
"""

from __future__ import annotations

import dataclasses
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from models.anchoring import reanchor, select
from models.db import close_library, open_library
from models.importing import import_paths
from models.schema import Annotation, database
from models.storing import prepare_draft, store_drafts
from models.updating import update_article
from tests.conftest import draft
from tests.perf.anchor_cases import KINDS, Tracked, apply_edit
from tests.perf.corpus import Corpus, dated_text, highlight_ranges, paragraph_list, write_files

TARGET_ARTICLE_S, TARGET_IMPORT_S = 1.0, 30.0
REVISION = (("typo", 10), ("insert_paragraph", 3), ("delete_paragraph", 3))
REVISION += (("move_paragraph", 2), ("change_inside", 5))


def median_seconds(run: Callable[[], object], repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def revise(text: str, ranges: list[tuple[int, int]], rng: random.Random, edits=REVISION) -> str:
    tracked = Tracked(text, ranges)
    others = [f"An added paragraph, number {n}, says something new." for n in range(5)]
    for kind, count in edits:
        assert kind in KINDS
        for _ in range(count):
            apply_edit(tracked, kind, rng, others)
    return tracked.text


def _annotate(article_id: int, text: str, ranges: list[tuple[int, int]]) -> None:
    rows = []
    for start, end in ranges:
        s = select(text, start, end)
        rows.append(
            {"article": article_id, "start": start, "end": end, "quote": s.quote,
             "prefix": s.prefix, "suffix": s.suffix}
        )  # fmt: skip
    with database.atomic():
        for begin in range(0, len(rows), 500):
            Annotation.insert_many(rows[begin : begin + 500]).execute()


def long_article(folder: Path) -> bool:
    corpus = Corpus(15)
    article = corpus.long_article(0, words=10_000)
    text = article.text
    rng = random.Random(15)
    ranges = highlight_ranges(text, 1000, rng)
    new_text = revise(text, ranges, rng)
    stored = [select(text, s, e) for s, e in ranges]
    engine = median_seconds(lambda: reanchor(text, new_text, stored))
    states = [p.anchor for p in reanchor(text, new_text, stored)]
    open_library(folder / "long.sqlite")
    try:
        [result] = store_drafts([draft(*article.paragraphs)], "bench", "long.txt")
        _annotate(result.article_id, text, ranges)
        versions = [prepare_draft(draft(*p.split("\n\n"))) for p in (new_text, text)]
        times = []
        for turn in range(6):  # old -> new -> old ...: each a real update of 1,000 highlights
            began = time.perf_counter()
            update_article(result.article_id, versions[turn % 2], "bench", "long.txt")
            times.append(time.perf_counter() - began)
    finally:
        close_library()
    whole = statistics.median(times)
    words = len(text.split())
    print(
        f"\n10,000-word article ({words} words), 1,000 highlights, {sum(n for _, n in REVISION)} "
        f"edits: engine {engine:.3f} s, whole update {whole:.3f} s (target ≤ {TARGET_ARTICLE_S} s)"
        f"; states {dict((s, states.count(s)) for s in sorted(set(states)))}"
    )
    return whole <= TARGET_ARTICLE_S


def import_update(folder: Path, count: int = 1000) -> bool:
    corpus = Corpus(16)
    files = folder / "files"
    written = write_files(corpus, files, count)
    open_library(folder / "import.sqlite")
    try:
        report = import_paths([files])
        rng = random.Random(16)
        by_path = {Path(i.path).name: i.id for i in report.imported}
        for path in sorted(files.iterdir()):
            text = database.execute_sql(
                "SELECT text FROM article WHERE id = ?", (by_path[path.name],)
            ).fetchone()[0]
            _annotate(by_path[path.name], text, highlight_ranges(text, 10, rng))
        small = (("typo", 2), ("insert_paragraph", 1), ("change_inside", 1))
        for article, path in zip(written, sorted(files.iterdir()), strict=True):
            paragraphs = revise(article.text, [], rng, small[:2]).split("\n\n")
            changed = dataclasses.replace(article, paragraphs=tuple(paragraphs))
            writer = dated_text if path.name.endswith("-dated.txt") else paragraph_list
            path.write_bytes(writer(changed))
        began = time.perf_counter()
        report = import_paths([files], update=True)
        seconds = time.perf_counter() - began
    finally:
        close_library()
    states = {"exact": 0, "fuzzy": 0, "orphaned": 0}
    for item in report.updated:
        for state, n in item.annotations.items():
            states[state] += n
    print(
        f"import --update of {count} changed articles, 10 highlights each: {seconds:.1f} s "
        f"(target ≤ {TARGET_IMPORT_S} s); {len(report.updated)} updated, "
        f"{len(report.imported)} added, {len(report.failed)} failed; states {states}"
    )
    return seconds <= TARGET_IMPORT_S and len(report.updated) == count


def run_speed() -> bool:
    with tempfile.TemporaryDirectory() as folder:
        return long_article(Path(folder)) & import_update(Path(folder))
