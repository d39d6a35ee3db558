"""A REFI-QDA project reads into the library: Gloss → .qdpx → Gloss unchanged; others' too."""

import io
import zipfile
from pathlib import Path

from models.annotating import annotate_quote
from models.attributes import attributes_of
from models.codebook import create_tag
from models.db import close_library, open_library
from models.export_formats import write_export
from models.qdpx_import import import_qdpx, is_qdpx
from models.schema import Annotation, AnnotationTag, Article, Tag

NS = 'xmlns="urn:QDA-XML:project:1.0"'


def snapshot() -> tuple:
    """What a round trip must keep: texts, annotations with notes and tags, the codebook."""
    texts = sorted((a.title, a.text, a.source, a.url) for a in Article.select())
    marks = []
    for a in Annotation.select().join(Article):
        tags = sorted(
            t.path for t in Tag.select().join(AnnotationTag).where(AnnotationTag.annotation == a)
        )
        marks.append((a.article.title, a.start, a.end, a.quote, a.note, tuple(tags), a.coder))
    codebook = sorted((t.path, t.color, t.description) for t in Tag.select())
    return texts, sorted(marks), codebook


def test_gloss_project_round_trips(add_article, tmp_path) -> None:
    one = add_article(
        "Smile 😀 at the ministry.",
        "Second para 😀 here.",
        title="One",
        source="BBC",
        url="https://bbc.example/a",
    )
    two = add_article("Other text here.", title="Two")
    create_tag("Actors/Russia", color="red", description="State actors")
    annotate_quote(one, "the ministry", note="why\nnow", tags=["Actors/Russia", "Frames"])
    annotate_quote(one, "para 😀 here")
    annotate_quote(two, "text", tags=["Frames"], coder="Bea Ortiz")
    annotate_quote(two, "text", tags=["Actors/Russia"], coder="Ali")  # same span, other coder
    before = snapshot()
    target = tmp_path / "p.qdpx"
    with target.open("w", encoding="utf-8") as out:
        write_export(out, "qdpx")
    close_library()
    open_library(tmp_path / "fresh.sqlite")
    try:
        assert is_qdpx(target)
        report = import_qdpx(target)
        assert len(report.articles) == 2 and report.annotations == 4 and not report.problems
        assert snapshot() == before
        assert {"Bea Ortiz", "Ali"} <= set(report.coders)
        again = import_qdpx(target)  # deduplicated like any import
        assert len(again.duplicates) == 2 and again.already == 4 and snapshot() == before
    finally:
        close_library()


def project(qde: str, files: dict[str, bytes]) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("project.qde", qde)
        for name, content in files.items():
            archive.writestr(name, content)
    return data.getvalue()


def test_foreign_project_with_bom_crlf_and_what_gloss_cannot_hold(library, tmp_path) -> None:
    text = "\ufeffFirst line of the interview.\r\n\r\nSecond answer about money.\r\n"
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project {NS} name="Interviews" origin="QualCoder">
 <Users><User guid="11111111-1111-1111-1111-111111111111" name="colin"/></Users>
 <CodeBook><Codes>
  <Code guid="22222222-2222-2222-2222-222222222222" name="Money" isCodable="true" color="#EB5757">
   <Description>About money</Description></Code>
 </Codes></CodeBook>
 <Sources>
  <TextSource guid="33333333-3333-3333-3333-333333333333" name="Interview 1"
      plainTextPath="internal://33333333-3333-3333-3333-333333333333.txt">
   <PlainTextSelection guid="44444444-4444-4444-4444-444444444444" name="money"
       startPosition="52" endPosition="57" creatingUser="11111111-1111-1111-1111-111111111111">
    <Description>memo</Description>
    <Coding guid="55555555-5555-5555-5555-555555555555">
     <CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/></Coding>
   </PlainTextSelection>
  </TextSource>
  <PDFSource guid="66666666-6666-6666-6666-666666666666" name="scan.pdf" path="internal://x.pdf"/>
 </Sources>
 <Sets><Set guid="77777777-7777-7777-7777-777777777777" name="S"/></Sets>
</Project>"""
    path = tmp_path / "q.qdpx"
    path.write_bytes(
        project(qde, {"sources/33333333-3333-3333-3333-333333333333.txt": text.encode("utf-8")})
    )
    report = import_qdpx(path)
    [article_id] = report.articles
    stored = Annotation.get(Annotation.article == article_id)
    assert stored.quote == "money" and stored.note == "memo"
    assert [t.path for t in Tag.select()] == ["Money"]
    assert report.coders == ["colin"]
    assert any("PDFSource" in line and "scan.pdf" in line for line in report.not_held)
    assert any("sets" in line for line in report.not_held)


def test_codebook_only_project_imports_tags(library, tmp_path) -> None:
    qde = f"""<Project {NS} name="c"><CodeBook><Codes>
      <Code guid="22222222-2222-2222-2222-222222222222" name="A" isCodable="true">
       <Code guid="22222222-2222-2222-2222-222222222223" name="B" isCodable="true"/></Code>
    </Codes></CodeBook></Project>"""
    path = tmp_path / "c.qdpx"
    path.write_bytes(project(qde, {}))
    report = import_qdpx(path)
    assert report.tags_created == ["A", "A/B"] and Article.select().count() == 0


def test_not_a_project(tmp_path: Path) -> None:
    (tmp_path / "x.qdpx").write_bytes(b"PK nonsense")
    assert not is_qdpx(tmp_path / "x.qdpx")


def test_writer_variants_uppercase_guids_sources_folder_and_note_refs(library, tmp_path) -> None:
    """Seen in other programs' writers: upper-case guids, a `Sources/` folder, a bare path,
    memos as Notes referenced by NoteRef, a text as PlainTextContent."""
    qde = f"""<Project {NS} name="x">
 <CodeBook><Codes><Code guid="AAAAAAA1-0000-0000-0000-000000000001" name="Team"
   isCodable="true" color="#0077BB"/></Codes></CodeBook>
 <Sources>
  <TextSource guid="BBBBBBB1-0000-0000-0000-000000000001" name="Interview 01"
     plainTextPath="text-01.txt">
   <PlainTextSelection guid="CCCCCCC1-0000-0000-0000-000000000001" startPosition="4"
      endPosition="8">
    <Coding guid="DDDDDDD1-0000-0000-0000-000000000001">
     <CodeRef targetGUID="AAAAAAA1-0000-0000-0000-000000000001"/></Coding>
    <NoteRef targetGUID="EEEEEEE1-0000-0000-0000-000000000001"/>
   </PlainTextSelection>
  </TextSource>
  <TextSource guid="BBBBBBB1-0000-0000-0000-000000000002" name="Inline">
   <PlainTextContent>Inline text, coded.</PlainTextContent>
   <PlainTextSelection guid="CCCCCCC1-0000-0000-0000-000000000002" startPosition="13"
      endPosition="18"/>
  </TextSource>
 </Sources>
 <Notes><Note guid="EEEEEEE1-0000-0000-0000-000000000001" name="Memo">
  <PlainTextContent>Does the team carry it?</PlainTextContent></Note></Notes>
</Project>"""
    path = tmp_path / "v.qdpx"
    path.write_bytes(project(qde, {"Sources/text-01.txt": b"The team carries the work."}))
    report = import_qdpx(path)
    assert report.problems == [] and len(report.articles) == 2
    rows = sorted((a.quote, a.note) for a in Annotation.select())
    assert rows == [("coded", ""), ("team", "Does the team carry it?")]
    assert [t.path for t in Tag.select()] == ["Team"]


def test_variables_kept_and_loose_notes_named(library, tmp_path) -> None:
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project {NS} name="P" origin="NVivo 14">
 <Variables>
  <Variable guid="a1" name="Gender" typeOfVariable="Text"/>
  <Variable guid="a2" name="Outlet" typeOfVariable="Text"/>
 </Variables>
 <Sources>
  <TextSource guid="b1" name="T" plainTextPath="internal://b1.txt">
   <VariableValue><VariableRef targetGUID="a2"/><TextValue>BBC</TextValue></VariableValue>
   <VariableValue><VariableRef targetGUID="a1"/><TextValue>f</TextValue></VariableValue>
  </TextSource>
 </Sources>
 <Notes><Note guid="c1" name="Research journal"><PlainTextContent>x</PlainTextContent></Note>
 </Notes>
</Project>"""
    path = tmp_path / "v.qdpx"
    path.write_bytes(project(qde, {"sources/b1.txt": b"Some text."}))
    report = import_qdpx(path)
    assert Article.get_by_id(report.articles[0]).source == "BBC"
    assert attributes_of(report.articles[0]) == {"Gender": "f"}  # an article variable now
    held = "\n".join(report.not_held)
    assert "variables" not in held
    assert "1 note(s) on no passage (journals, memos): Research journal" in held
