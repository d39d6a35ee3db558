"""Whatever bytes a file holds, importing it gives drafts with text or a plain ImportFailure."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import mutated

from importers.draft import ImportFailure
from importers.html_fragments import fragment_to_block
from importers.registry import BUILTIN_IMPORTERS, parse_file

FORMATS = [None, *(cls.name for cls in BUILTIN_IMPORTERS)]
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One file rewritten per example (hypothesis cannot use function-scoped fixtures)."""
    return tmp_path_factory.mktemp("fuzz") / "source.txt"


def check_import(path: Path, data: bytes, fmt: str | None) -> None:
    path.write_bytes(data)
    try:
        _, drafts = parse_file(path, fmt)
    except ImportFailure as exc:
        # Built-ins refuse input on purpose; a wrapped crash ("importer x failed: ...") is a bug.
        assert " failed: " not in str(exc), str(exc)
        assert str(exc)
        return
    assert drafts
    for draft in drafts:
        assert draft.blocks and draft.raw == data
        for block in draft.blocks:
            assert block.text and block.text == block.text.strip()
            for mark in block.marks:
                assert 0 <= mark.start < mark.end <= len(block.text)


@FUZZ
@given(data=st.binary(max_size=2048), fmt=st.sampled_from(FORMATS))
def test_random_bytes(source: Path, data: bytes, fmt: str | None) -> None:
    check_import(source, data, fmt)


@FUZZ
@given(
    prefix=st.sampled_from([b"date 2022-09-22 ", b"['", b'["', b"[", b"\xef\xbb\xbf "]),
    text=st.text(max_size=400),
    fmt=st.sampled_from(FORMATS),
)
def test_random_text_behind_a_plausible_start(
    source: Path, prefix: bytes, text: str, fmt: str | None
) -> None:
    check_import(source, prefix + text.encode("utf-8", "surrogatepass"), fmt)


@FUZZ
@given(st.data())
def test_mutated_seeds(
    source: Path, dated_seed: bytes, list_seed: bytes, data: st.DataObject
) -> None:
    original = data.draw(st.sampled_from([dated_seed, list_seed]))
    check_import(source, data.draw(mutated(original)), data.draw(st.sampled_from(FORMATS)))


@FUZZ
@given(st.lists(st.text(max_size=80), max_size=12))
def test_any_list_of_strings_imports_or_holds_no_paragraphs(
    source: Path, fragments: list[str]
) -> None:
    source.write_bytes(repr(fragments).encode("utf-8", "surrogatepass"))
    try:
        name, drafts = parse_file(source)
    except ImportFailure as exc:
        assert str(exc) == "list holds no paragraphs"
        assert all(fragment_to_block(fragment) is None for fragment in fragments)
    else:
        assert name == "paragraph-list"
        assert drafts[0].blocks


HTML_PIECES = st.sampled_from(
    ["<b>", "</b>", "<i>", "</i>", "<strong>", "<em>", "</em>", '<a href="https://x.org">', "</a>"]
    + ["<a href='javascript:x'>", "<br>", "<p>", "</p>", "<script>", "</script>", "<style>"]
    + ["<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE html>", "<?xml ?>", "<!", "<", ">", "</"]
    + ["&amp;", "&", "&#", "&#x1F600;", "&eacute", ";", '"', "'", "=", " ", "\n", "word"]
    + ["e\u0301", "\U0001f600", "\u00a0", "\x00", "\x1b", "\ufeff"]
)


@FUZZ
@given(st.lists(HTML_PIECES, max_size=30).map("".join))
def test_html_soup_gives_a_block_or_none(html: str) -> None:
    try:
        block = fragment_to_block(html)
    except ImportFailure as exc:
        assert str(exc).startswith("unreadable HTML")
        return
    if block is not None:
        assert block.text and block.text == block.text.strip()
        for mark in block.marks:
            assert 0 <= mark.start < mark.end <= len(block.text)
            assert block.text[mark.start : mark.end] == block.text[mark.start : mark.end].strip()
