"""Progress inside one big file: articles read, prepared, stored and indexed."""

from __future__ import annotations

from pathlib import Path

from models import articles, importing, search
from models.item_progress import COUNTED_STAGES, INDEXING, PREPARING, READING, STORING
from models.storing import INDEX_STEP


def write_dataset(path: Path, rows: int, empty: tuple[int, ...] = ()) -> Path:
    lines = ["title,text"]
    for n in range(rows):
        text = "" if n in empty else f"Row {n} tells of walrus number {n}."
        lines.append(f"Story {n},{text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_one_big_file_reports_every_stage_up_to_its_article_count(library, tmp_path) -> None:
    rows = 2 * INDEX_STEP + 7  # indexing takes three steps
    seen: list[tuple[str, int, int]] = []
    files: list[tuple[int, int, str]] = []
    report = importing.import_paths(
        [write_dataset(tmp_path / "big.csv", rows)],
        on_progress=lambda done, total, path: files.append((done, total, path)),
        on_items=lambda stage, done, total: seen.append((stage, done, total)),
    )
    assert len(report.imported) == rows
    assert [done for done, _, _ in files] == [0, 1]  # the file count alone never moves
    read = [(done, total) for stage, done, total in seen if stage == READING]
    assert read == [(n, 0) for n in range(1, rows + 1)]  # counted as read, total not yet known
    for stage in (PREPARING, STORING):
        assert [(d, t) for s, d, t in seen if s == stage] == [(n, rows) for n in range(1, rows + 1)]
    steps = [(d, t) for s, d, t in seen if s == INDEXING]
    assert steps == [(INDEX_STEP, rows), (2 * INDEX_STEP, rows), (rows, rows)]
    order = [stage for stage, _, _ in seen]
    assert sorted(order, key=[READING, *COUNTED_STAGES].index) == order  # stage after stage
    assert len(search.matching_article_ids("walrus")) == rows  # indexed in steps, all of it


def test_without_a_listener_nothing_changes(library, tmp_path) -> None:
    report = importing.import_paths([write_dataset(tmp_path / "small.csv", 3)])
    assert len(report.imported) == 3 and len(search.matching_article_ids("walrus")) == 3


def test_a_cancel_while_a_big_file_is_read_leaves_that_file_out(library, tmp_path) -> None:
    small = write_dataset(tmp_path / "small.csv", 2)
    big = write_dataset(tmp_path / "big.csv", 500)
    read: list[int] = []

    def note(stage: str, done: int, _total: int) -> None:
        if stage == READING:
            read.append(done)

    report = importing.import_paths(
        [small, big], should_cancel=lambda: len(read) > 2 + 100, on_items=note
    )
    assert report.cancelled and [i.path for i in report.imported] == [str(small)] * 2
    assert read[-1] == 101 and articles.count_articles() == 2  # nothing of big.csv stored
    assert search.matching_article_ids("walrus") == [i.id for i in report.imported]
