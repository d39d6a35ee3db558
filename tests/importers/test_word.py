"""Single Word documents: one article, titled by the title property or the first heading."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from importers import zip_package
from importers.draft import ImportFailure
from importers.registry import HEAD_BYTES, choose_importer, parse_file


def word_file(
    *paragraphs: str, heading: str = "", title: str = "", page_break: bool = False
) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    if heading:
        document.add_heading(heading, level=1)
    for number, text in enumerate(paragraphs):
        if page_break and number:
            document.add_page_break()
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_document_is_one_article_titled_by_its_heading(tmp_path: Path) -> None:
    path = tmp_path / "clipping.docx"
    path.write_bytes(word_file("First 😀 paragraph.", "Second one.", heading="Floods in Valencia"))
    name, drafts = parse_file(path)
    assert name == "word" and len(drafts) == 1
    draft = drafts[0]
    assert draft.title == "Floods in Valencia"
    assert [b.text for b in draft.blocks] == ["First 😀 paragraph.", "Second one."]
    assert draft.raw == path.read_bytes()  # the stored original is the file itself


def test_the_title_property_wins_and_headings_stay_headings(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(word_file("Text.", heading="Chapter one", title="My clipping"))
    _, (draft,) = parse_file(path)
    assert draft.title == "My clipping"
    assert [(b.kind, b.text) for b in draft.blocks] == [
        ("heading", "Chapter one"),
        ("paragraph", "Text."),
    ]


def test_without_title_or_heading_the_first_sentence_is_the_title(tmp_path: Path) -> None:
    path = tmp_path / "plain.docx"
    path.write_bytes(word_file("The council met on Monday. It voted.", "More.", page_break=True))
    _, (draft,) = parse_file(path)
    assert draft.title == "The council met on Monday."
    assert len(draft.blocks) == 2


def test_word_files_are_claimed_by_content_whatever_their_name(tmp_path: Path) -> None:
    data = word_file("Text.")
    assert choose_importer(Path("download.bin"), data[:HEAD_BYTES]).name == "nexis-docx"
    path = tmp_path / "download.bin"
    path.write_bytes(data)
    assert parse_file(path)[0] == "word"  # the Nexis importer looked closer and declined


def test_a_spreadsheet_is_not_a_word_document(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    path = tmp_path / "table.docx"
    path.write_bytes(out.getvalue())
    with pytest.raises(ImportFailure, match="Word document"):
        parse_file(path)


def test_a_zip_bomb_is_refused_before_unpacking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(zip_package, "MAX_UNPACKED_BYTES", 1_000_000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/huge.bin", b"\0" * 3_000_000)
    path = tmp_path / "bomb.docx"
    path.write_bytes(out.getvalue())
    assert path.stat().st_size < 10_000
    with pytest.raises(ImportFailure, match="would unpack to 3,000,0"):
        parse_file(path)


def test_an_empty_word_document_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(word_file())
    with pytest.raises(ImportFailure, match="has no text"):
        parse_file(path)


def test_a_broken_word_file_says_so(tmp_path: Path) -> None:
    data = word_file("Text.")
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFailure) as failure:
        parse_file(path, "word")
    assert "Word document" in str(failure.value) and " failed: " not in str(failure.value)


def test_bold_italic_and_links_are_kept_as_marks(tmp_path: Path) -> None:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    paragraph = document.add_paragraph("Plain, ")
    paragraph.add_run("bold").bold = True
    paragraph.add_run(" and ")
    paragraph.add_run("italic 😀").italic = True
    paragraph.add_run(", not bold").bold = False
    paragraph.add_run(" and a ")
    address = paragraph.part.relate_to("https://example.org/a", RELATIONSHIP_TYPE.HYPERLINK, True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), address)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "link"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    out = io.BytesIO()
    document.save(out)
    path = tmp_path / "marked.docx"
    path.write_bytes(out.getvalue())
    _, (draft,) = parse_file(path)
    (block,) = draft.blocks
    assert block.text == "Plain, bold and italic 😀, not bold and a link"
    marked = [(m.kind, block.text[m.start : m.end], m.href) for m in block.marks]
    assert marked == [
        ("bold", "bold", None),
        ("italic", "italic 😀", None),
        ("link", "link", "https://example.org/a"),
    ]
