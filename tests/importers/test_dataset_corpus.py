"""The real dataset in shared/corpus: 3,824 rows from nine outlets, imported whole.

Figures checked against the file itself: 36 rows have an empty `text` (24 of them only a title
and subtitle: live blogs, galleries, interactives) and are skipped with a warning each; the
row the README calls undated reads "          2016/12/30 7:11" and parses; four texts repeat
an earlier row's (rows 1446, 2825, 2950, 3098), so the library stores 3,784 articles.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
from pathlib import Path
from unicodedata import normalize

import pytest

from importers.draft import strip_invisible
from importers.registry import parse_file
from models.importing import import_paths

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "news-articles.csv.gz"
ROWS = 3824
EMPTY_TEXT = 36
STORED, DUPLICATES = 3784, 4

pytestmark = pytest.mark.skipif(not CORPUS.is_file(), reason=f"{CORPUS} is absent")


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    text = gzip.decompress(CORPUS.read_bytes()).decode("utf-8")
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_corpus_imports_completely(rows: list[dict[str, str]]) -> None:
    assert len(rows) == ROWS
    name, drafts = parse_file(CORPUS)  # (its time is a benchmark: tests/perf/bench_limits.py)
    assert name == "dataset"

    empty = [n for n, row in enumerate(rows, 1) if not row["text"].strip()]
    assert len(empty) == EMPTY_TEXT
    assert len(drafts) == ROWS - EMPTY_TEXT
    assert drafts[0].warnings == [f"row {n}: no text, skipped" for n in empty]
    assert all(not draft.warnings for draft in drafts[1:])

    by_row = {int(d.origin.removeprefix("row ")): d for d in drafts}
    assert set(by_row) == set(range(1, ROWS + 1)) - set(empty)
    for number, draft in by_row.items():
        row = rows[number - 1]
        assert draft.url == row["article_source_link"]
        assert draft.date is not None
        year, month, day = map(int, row["publish_date"].split()[0].split("/"))
        assert draft.date == dt.date(year, month, day)
        assert draft.blocks[-1].kind == "paragraph" and len(draft.blocks) <= 2
        # No invented paragraphs; NFC as every canonical text (one row has a combining accent),
        # without the zero-width characters some rows carry.
        text = strip_invisible(row["text"])
        assert draft.blocks[-1].text == normalize("NFC", " ".join(text.split()))
        subtitle = " ".join(row["subtitle"].split())
        if subtitle and subtitle != draft.blocks[-1].text:  # row 102 repeats it as the text
            assert draft.blocks[0].kind == "lead"
            assert draft.blocks[0].text == subtitle
        if row["title"].strip():
            assert draft.title == " ".join(row["title"].split())
        else:
            assert draft.title and len(draft.title) <= 120
            assert draft.blocks[0].text.startswith(draft.title.rstrip("…"))
        assert draft.raw.decode("utf-8").startswith("article_id,publish_date,")
    assert by_row[522].date == dt.date(2016, 12, 30)  # "          2016/12/30 7:11"
    assert {d.source for d in drafts} == {
        "aljazeera.com",
        "tass.com",
        "abcnews.go.com",
        "rte.ie",
        "huffingtonpost.com",
        "dw.com",
        "europe.chinadaily.com.cn",
        "bbc.co.uk",
        "cnn.com",
    }
    assert '"?' in " ".join(d.blocks[-1].text for d in drafts)  # encoding accidents kept


def test_the_corpus_lands_in_a_library(library: Path) -> None:
    report = import_paths([CORPUS])
    assert report.failed == []
    assert (len(report.imported), len(report.duplicates)) == (STORED, DUPLICATES)
    assert len(report.warnings) == EMPTY_TEXT
    assert report.warnings[0] == f"{CORPUS}: row 22: no text, skipped"
