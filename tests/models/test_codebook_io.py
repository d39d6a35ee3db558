"""Codebook files: CSV and REFI-QDA round trips, malformed files, and undo of an import."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from lxml import etree

from models import codebook as cb
from models import codebook_io as cio
from models.errors import LibraryError
from models.schema import Tag

QDC = "urn:QDA-XML:codebook:1.0"


def tags() -> list[tuple[str, str, str]]:
    return [(n.path, n.color, n.description) for n in cb.codebook() if n.id is not None]


def clear() -> None:
    Tag.delete().execute()


@pytest.fixture
def book(library) -> list[tuple[str, str, str]]:
    cb.create_tag("Actors/Russia", "red", "Russian state actors.\nNot private firms.")
    cb.create_tag("Actors/Russia/Kremlin", "red", 'The presidency, "the Kremlin".')
    cb.create_tag("Actors/Ukraine", "blue", "")
    cb.create_tag("=SUM(A1)", "yellow", "-leading dash, +plus, @at")
    cb.create_tag("Frames/War", "green", "'=quoted already")
    cb.create_tag("Éditorial/Ton", "purple", "Accents — and emoji 🙂")
    return tags()


# --- CSV ------------------------------------------------------------------------------------
def test_csv_round_trip(book, tmp_path: Path) -> None:
    out = tmp_path / "codebook.csv"
    assert cio.export_codebook_csv(out) == 6
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "tag,description,color"
    assert "'=SUM(A1)" in text and "'-leading" in text  # inert in a spreadsheet
    clear()
    report = cio.import_codebook_csv(out)
    assert (len(report.created), report.problems) == (6, [])
    assert tags() == book


def test_csv_import_updates_and_leaves_empty_cells_alone(book, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "\ufefftag,description,color\n"
        "Actors/Russia,,\n"  # nothing to change
        "actors/ukraine,Ukrainian state actors.,#1f77ff\n"  # a hex colour: the nearest, blue
        "Frames/War,,orange\n"
        'New/Tag,"Two\nlines",Gray\n',
        encoding="utf-8",
    )
    report = cio.import_codebook_csv(source)
    assert report.created == ["New/Tag"]
    assert report.updated == ["Actors/Ukraine", "Frames/War"]
    assert report.unchanged == ["Actors/Russia"]
    assert report.summary() == "Codebook imported: 1 new, 2 updated, 1 unchanged."
    now = {path: (color, description) for path, color, description in tags()}
    assert now["Actors/Russia"] == ("red", "Russian state actors.\nNot private firms.")
    assert now["Actors/Ukraine"] == ("blue", "Ukrainian state actors.")
    assert now["Frames/War"] == ("orange", "'=quoted already")
    assert now["New/Tag"] == ("grey", "Two\nlines")


def test_csv_bad_rows_are_refused_with_their_line(library, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "tag,description,color\n"
        'Good/One,"a description\nover two lines",green\n'
        " / ,empty tag,green\n"
        "Bad/Colour,,teal\n"
        "Short/Row,only two\n"
        "\n"
        "good/one,again,red\n"
        "Good/Two,,#zzzzzz\n"
        "Good/Three,,\n",
        encoding="utf-8",
    )
    report = cio.import_codebook_csv(source)
    assert report.created == ["Good/One", "Good/Three"]
    assert [p.split(":")[0] for p in report.problems] == [
        "line 4",
        "line 5",
        "line 6",
        "line 8",
        "line 9",
    ]
    assert "not a tag name" in report.problems[0]
    assert "unknown colour 'teal'" in report.problems[1]
    assert "expected 3 cells" in report.problems[2]
    assert "again (first at line 2)" in report.problems[3]
    assert "#zzzzzz" in report.problems[4]
    assert report.summary().endswith("5 refused.")


@pytest.mark.parametrize(
    "content",
    ["", "path,description,color\nA,,\n", "tag,color,description\n", "tag,description\nA,b\n"],
)
def test_csv_with_a_wrong_header_is_refused(library, tmp_path: Path, content: str) -> None:
    source = tmp_path / "in.csv"
    source.write_text(content, encoding="utf-8")
    with pytest.raises(LibraryError, match="first line must be exactly tag,description,color"):
        cio.import_codebook_csv(source)
    assert tags() == []


def test_unreadable_csv_files(library, tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="cannot read"):
        cio.import_codebook_csv(tmp_path / "missing.csv")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("tag,description,color\nÉté,,\n".encode("latin-1"))
    with pytest.raises(LibraryError, match="cannot read"):
        cio.import_codebook_csv(latin)


def test_import_snapshot_undoes_the_import(book, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("tag,description,color\nActors/Russia,Changed,green\nNew,,\n")
    before = [(t.id, t.path, t.color, t.description) for t in Tag.select().order_by(Tag.id)]
    report = cio.import_codebook_csv(source)
    cb.restore_snapshot(report.snapshot)
    after = [(t.id, t.path, t.color, t.description) for t in Tag.select().order_by(Tag.id)]
    assert after == before


# --- REFI-QDA -------------------------------------------------------------------------------
def test_qdc_round_trip_with_nesting_guids_and_colours(book, tmp_path: Path) -> None:
    out = tmp_path / "codebook.qdc"
    cio.export_codebook_qdc(out)
    root = etree.parse(str(out)).getroot()
    assert root.tag == f"{{{QDC}}}CodeBook"
    ns = {"q": QDC}
    [russia] = root.xpath("q:Codes/q:Code[@name='Actors']/q:Code[@name='Russia']", namespaces=ns)
    assert russia.get("isCodable") == "true" and russia.get("color") == "#EB5757"
    assert russia.get("guid") == str(uuid.uuid5(cio.GUID_NAMESPACE, "Actors/Russia"))
    assert russia[0].tag == f"{{{QDC}}}Description"  # the description comes before subcodes
    assert russia.xpath("q:Code/@name", namespaces=ns) == ["Kremlin"]
    [actors] = root.xpath("q:Codes/q:Code[@name='Actors']", namespaces=ns)
    assert actors.get("isCodable") == "false"  # a group only its subtags imply
    cio.export_codebook_qdc(tmp_path / "again.qdc")
    assert (tmp_path / "again.qdc").read_bytes() == out.read_bytes()  # stable guids
    clear()
    report = cio.import_codebook_qdc(out)
    assert report.problems == []
    assert tags() == book
    assert next(n for n in cb.codebook() if n.path == "Actors").id is None


def test_qdc_from_another_program(library, tmp_path: Path) -> None:
    source = tmp_path / "other.qdc"
    source.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<CodeBook xmlns="{QDC}" origin="Other">\n'
        "<Codes>\n"
        f'  <Code guid="{uuid.uuid4()}" name="Emotions" isCodable="true" color="#00FF00">\n'
        "    <Description>  Feelings named in the text.  </Description>\n"
        f'    <Code guid="{uuid.uuid4()}" name="Fear" isCodable="true" color="#FF0000"/>\n'
        f'    <Code guid="{uuid.uuid4()}" name="Pro/contra" isCodable="true"/>\n'
        f'    <Code guid="{uuid.uuid4()}" isCodable="true"/>\n'
        "  </Code>\n"
        f'  <Code guid="{uuid.uuid4()}" name="Bad" isCodable="true" color="red-ish"/>\n'
        "</Codes>\n"
        "</CodeBook>\n",
        encoding="utf-8",
    )
    report = cio.import_codebook_qdc(source)
    assert tags() == [
        ("Emotions", "green", "Feelings named in the text."),
        ("Emotions/Fear", "red", ""),
        ("Emotions/Pro-contra", "grey", ""),
    ]
    assert [p.split(":")[0] for p in report.problems] == ["line 7", "line 8", "line 10"]
    assert "holds '/'" in report.problems[0] and "without a name" in report.problems[1]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE CodeBook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="x" name="&c;" isCodable="true"/></Codes></CodeBook>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE CodeBook [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="x" name="&secret;" isCodable="true"/></Codes></CodeBook>"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (BILLION_LAUGHS, "DOCTYPE"),
        (EXTERNAL, "DOCTYPE|external entity"),
        ("<CodeBook><Codes><Code name='A'></Codes>", "broken XML"),
        ("", "broken XML"),
        ('<Project xmlns="urn:QDA-XML:project:1.0"/>', "no CodeBook element"),
    ],
)
def test_malformed_or_hostile_qdc_is_refused(library, tmp_path, content, message) -> None:
    source = tmp_path / "bad.qdc"
    source.write_text(content, encoding="utf-8")
    with pytest.raises(LibraryError, match=message):
        cio.import_codebook_qdc(source)
    assert tags() == []


def test_qdc_without_namespace_is_read(library, tmp_path: Path) -> None:
    source = tmp_path / "plain.qdc"
    source.write_text('<CodeBook><Codes><Code name="Plain" isCodable="true"/></Codes></CodeBook>')
    assert cio.import_codebook_qdc(source).created == ["Plain"]
