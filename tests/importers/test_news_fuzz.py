"""The news-database importers on damaged input: whole drafts with text, or one plain reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import mutated
from test_format_fuzz import check

FIXTURES = Path(__file__).parent / "fixtures" / "news"
SAMPLES = {path.name: path.read_bytes() for path in sorted(FIXTURES.iterdir())}
FORMATS = ["factiva-html", "factiva-text", "lexisnexis-txt", "nexis-html"]
FUZZ = settings(
    max_examples=int(os.environ.get("GLOSS_FUZZ_EXAMPLES", "80")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("news-fuzz")


@FUZZ
@given(st.data())
def test_damaged_exports(folder: Path, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(SAMPLES)))
    damaged = data.draw(mutated(SAMPLES[name], edits=6, span=400))
    for draft in check(folder / name, damaged, data.draw(st.sampled_from([None, *FORMATS]))):
        assert draft.origin.startswith("document ") or not draft.document_id


@FUZZ
@given(
    data=st.binary(max_size=1024),
    fmt=st.sampled_from(FORMATS),
    name=st.sampled_from(["a.html", "a.txt", "a.rtf"]),
)
def test_random_bytes(folder: Path, data: bytes, fmt: str, name: str) -> None:
    check(folder / name, data, fmt)


@FUZZ
@given(
    prefix=st.sampled_from(sorted(SAMPLES)).map(lambda name: SAMPLES[name][:3000]),
    text=st.text(max_size=600),
    fmt=st.sampled_from([None, *FORMATS]),
)
def test_a_real_start_followed_by_anything(
    folder: Path, prefix: bytes, text: str, fmt: str | None
) -> None:
    check(folder / "a.html", prefix + text.encode("utf-8", "surrogatepass"), fmt)
