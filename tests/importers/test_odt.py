"""OpenDocument text files: one article, titled by the title property or first heading."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from importers import zip_package
from importers.draft import ImportFailure
from importers.registry import HEAD_BYTES, choose_importer, parse_file


def odt_file(*paragraphs: str, heading: str = "", title: str = "") -> bytes:
    from odf import dc, text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    if title:
        document.meta.addElement(dc.Title(text=title))
    if heading:
        document.text.addElement(text.H(outlinelevel=1, text=heading))
    items = text.List()
    for paragraph in paragraphs:
        if paragraph.startswith("- "):
            item = text.ListItem()
            item.addElement(text.P(text=paragraph[2:]))
            items.addElement(item)
        else:
            document.text.addElement(text.P(text=paragraph))
    if items.childNodes:
        document.text.addElement(items)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def write(tmp_path: Path, data: bytes, name: str = "notes.odt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_an_odt_is_one_article_titled_by_its_heading(tmp_path: Path) -> None:
    path = write(tmp_path, odt_file("Erster Absatz 😀.", "- a list item", heading="Hochwasser"))
    name, (draft,) = parse_file(path)
    assert name == "odt"
    assert draft.title == "Hochwasser"
    assert [b.text for b in draft.blocks] == ["Erster Absatz 😀.", "a list item"]
    assert draft.raw == path.read_bytes()


def test_the_title_property_wins(tmp_path: Path) -> None:
    _, (draft,) = parse_file(write(tmp_path, odt_file("Text.", title="Clipping")))
    assert draft.title == "Clipping"


def test_odt_is_claimed_by_its_mimetype_whatever_its_name() -> None:
    assert choose_importer(Path("x.bin"), odt_file("Text.")[:HEAD_BYTES]).name == "odt"


def test_an_odt_without_text_or_with_a_bomb_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ImportFailure, match="has no text"):
        parse_file(write(tmp_path, odt_file()))
    monkeypatch.setattr(zip_package, "MAX_UNPACKED_BYTES", 1_000_000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        mimetype = "application/vnd.oasis.opendocument.text"
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        for number in range(3):
            archive.writestr(f"Pictures/{number}.png", b"\0" * 1_000_000)
    with pytest.raises(ImportFailure, match="would unpack to 3,000,039 bytes"):
        parse_file(write(tmp_path, out.getvalue(), "bomb.bin"))


def test_a_zip_needing_a_newer_zip_version_is_refused_plainly(tmp_path: Path) -> None:
    """Found by the fuzz test: zipfile raises NotImplementedError for 'zip file version 6.4'."""
    data = bytearray(odt_file("Some text."))
    entry = data.index(b"PK\x01\x02")  # the first central-directory entry
    data[entry + 6 : entry + 8] = (64).to_bytes(2, "little")  # version needed to extract: 6.4
    path = tmp_path / "clip.odt"
    path.write_bytes(bytes(data))
    with pytest.raises(ImportFailure, match="unsupported ZIP"):
        parse_file(path)
