"""The dataset, feed, markdown and plain-text importers on damaged and generated input.

Whatever the bytes, a file gives whole drafts with text, or one plain ImportFailure: never a
crash (which the registry would wrap as "importer x failed: ...") and never half a file.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import mutated

from importers.draft import ArticleDraft, ImportFailure, collapse_whitespace
from importers.registry import parse_file

FIXTURES = Path(__file__).parent / "fixtures"
FORMATS = ["dataset", "feed", "markdown", "plain-text"]
FUZZ = settings(
    max_examples=int(os.environ.get("GLOSS_FUZZ_EXAMPLES", "80")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NAMES = ["article.md", "article.txt", "articles.csv", "articles.json", "articles.jsonl"]
NAMES += ["articles.tsv", "feed_atom.xml", "feed_rss.xml", "semicolon.csv", "wrapped.json"]
SAMPLES = {name: (FIXTURES / name).read_bytes() for name in NAMES}
SAMPLES["articles.csv.gz"] = gzip.compress(SAMPLES["articles.csv"])


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("format-fuzz")


def check(path: Path, data: bytes, fmt: str | None) -> list[ArticleDraft]:
    path.write_bytes(data)
    try:
        _, drafts = parse_file(path, fmt)
    except ImportFailure as exc:
        assert str(exc) and " failed: " not in str(exc), str(exc)
        assert "\n" not in str(exc)
        return []
    assert drafts
    for draft in drafts:
        assert draft.blocks and draft.raw and draft.title
        assert all(isinstance(warning, str) for warning in draft.warnings)
        for block in draft.blocks:
            assert block.text and block.text == block.text.strip()
            for mark in block.marks:
                assert 0 <= mark.start < mark.end <= len(block.text)
    return list(drafts)


@FUZZ
@given(st.data())
def test_damaged_fixtures(folder: Path, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(SAMPLES)))
    damaged = data.draw(mutated(SAMPLES[name]))
    check(folder / name, damaged, data.draw(st.sampled_from([None, *FORMATS])))


@FUZZ
@given(
    data=st.binary(max_size=1024),
    fmt=st.sampled_from(FORMATS),
    name=st.sampled_from(["a.csv", "a.json", "a.jsonl", "a.xml", "a.md", "a.txt", "a.csv.gz"]),
)
def test_random_bytes(folder: Path, data: bytes, fmt: str, name: str) -> None:
    check(folder / name, data, fmt)


CELL = st.text(alphabet="abcXYZ é0.,;:'\"\t\n \u00a0-", max_size=40)
ROWS = st.lists(st.fixed_dictionaries({"title": CELL, "text": CELL}), min_size=1, max_size=8)


def paragraphs(text: str) -> list[str]:
    pieces = re.split(r"\n[ \t\u00a0]*\n", text)
    return [collapse_whitespace(p) for p in pieces if collapse_whitespace(p)]


@FUZZ
@given(rows=ROWS, shape=st.sampled_from(["csv", "tsv", "json", "jsonl"]))
def test_generated_datasets_keep_every_row_with_text(
    folder: Path, rows: list[dict[str, str]], shape: str
) -> None:
    if shape in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if shape == "csv" else "\t")
        writer.writerow(["title", "text"])
        writer.writerows([row["title"], row["text"]] for row in rows)
        data = out.getvalue().encode()
        # csv skips rows whose cells are all blank: they are not rows to speak of
        rows = [row for row in rows if row["title"].strip() or row["text"].strip()]
    elif shape == "json":
        data = json.dumps(rows).encode()
    else:
        data = "\n".join(json.dumps(row) for row in rows).encode()
    drafts = check(folder / f"data.{shape}", data, "dataset")
    expected = [row for row in rows if paragraphs(row["text"])]
    assert len(drafts) == len(expected)
    for draft, row in zip(drafts, expected, strict=True):
        assert [b.text for b in draft.blocks] == paragraphs(row["text"])
        if collapse_whitespace(row["title"]):
            assert draft.title == collapse_whitespace(row["title"])
    skipped = len(rows) - len(expected)
    if drafts:
        assert len(drafts[0].warnings) == skipped
