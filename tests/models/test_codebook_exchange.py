"""Codebooks from Taguette and REFI-QDA: levels kept, sets reported, the empty codebook handled."""

import csv
import io
from pathlib import Path

import pytest
from lxml import etree

from models.codebook_io import (
    export_codebook_csv,
    export_codebook_qdc,
    import_codebook_csv,
    import_codebook_qdc,
)
from models.errors import LibraryError
from models.schema import Tag


def test_taguette_codebook_csv_with_dotted_levels(library, tmp_path: Path) -> None:
    path = tmp_path / "codebook.csv"
    path.write_text(
        "tag,description,number of highlights\r\n"
        "interview,Everything said,12\r\n"
        "interview.money,About money,3\r\n"
        "bad\x07name,,0\r\n",
        encoding="utf-8",
    )
    report = import_codebook_csv(path)
    assert sorted(report.created) == ["interview", "interview/money"]
    assert Tag.get(Tag.path == "interview/money").description == "About money"
    assert any("line 4" in p and "control characters" in p for p in report.problems)


def test_qdc_sets_are_reported_not_dropped(library, tmp_path: Path) -> None:
    path = tmp_path / "c.qdc"
    path.write_text(
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="22222222-2222-2222-2222-222222222222" name="A" isCodable="true"/></Codes>'
        '<Sets><Set guid="33333333-3333-3333-3333-333333333333" name="Core">'
        '<MemberCode guid="22222222-2222-2222-2222-222222222222"/></Set></Sets></CodeBook>',
        encoding="utf-8",
    )
    report = import_codebook_qdc(path)
    assert report.created == ["A"]
    assert report.problems == ["1 set(s) not imported (Gloss has no code sets): “Core”"]


def test_empty_codebook_csv_is_a_header_and_qdc_is_refused(library, tmp_path: Path) -> None:
    out = io.StringIO()
    assert export_codebook_csv(out) == 0
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["tag", "description", "color"]]
    with pytest.raises(LibraryError, match="codebook is empty"):
        export_codebook_qdc(tmp_path / "c.qdc")
    assert not (tmp_path / "c.qdc").exists()


def test_qdc_parses_as_xml(library, tmp_path: Path) -> None:
    Tag.create(path="A/B", color="red")
    export_codebook_qdc(tmp_path / "c.qdc")
    root = etree.parse(str(tmp_path / "c.qdc")).getroot()
    assert [c.get("name") for c in root.iter("{urn:QDA-XML:codebook:1.0}Code")] == ["A", "B"]
