"""REFI-QDA, W3C Web Annotation and Markdown exports: each checked against its standard."""

import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from models.annotating import annotate_quote
from models.codebook import create_tag
from models.errors import LibraryError
from models.export_formats import write_export
from models.schema import Annotation, Article, database

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

SCHEMA_PATH = Path(__file__).parent / "refi" / "Project.xsd"
Q = "{urn:QDA-XML:project:1.0}"


@pytest.fixture(scope="module")
def project_schema() -> etree.XMLSchema:
    document = etree.parse(str(SCHEMA_PATH))  # well-formed, else this raises
    return etree.XMLSchema(document)  # a valid schema, else this raises


def export_text(fmt: str, **filters) -> str:
    out = io.StringIO(newline="")
    write_export(out, fmt, **filters)
    return out.getvalue()


def export_qdpx(tmp_path: Path, **filters) -> zipfile.ZipFile:
    target = tmp_path / "out.qdpx"
    with target.open("w", encoding="utf-8", newline="") as out:
        write_export(out, "qdpx", **filters)
    return zipfile.ZipFile(target)


@pytest.fixture
def coded(add_article):  # type: ignore[no-untyped-def]
    first = add_article("Smile 😀 at the ministry.", "Second para here.", title="First", url="")
    second = add_article("Other text here.", title="Second", source="Outlet", url="https://x.org/a")
    create_tag("Actors/Russia", color="red", description="Russian state actors")
    a = annotate_quote(
        first, "the ministry", tags=["Actors/Russia", "Frames"], note="why\nnow", coder="Ana"
    )
    b = annotate_quote(second, "text", coder="Bo")
    return first, second, a, b


def test_qdpx_validates_and_points_into_its_texts(tmp_path, coded, project_schema) -> None:
    first, second, a, b = coded
    archive = export_qdpx(tmp_path)
    project = etree.fromstring(archive.read("project.qde"))
    project_schema.assertValid(project)
    sources = project.findall(f"{Q}Sources/{Q}TextSource")
    assert [s.get("name") for s in sources] == ["First", "Second"]
    for source in sources:
        path = source.get("plainTextPath")
        assert path.startswith("internal://")
        text = archive.read("sources/" + path.removeprefix("internal://")).decode("utf-8")
        assert text == Article.get_by_id(first if source.get("name") == "First" else second).text
        for selection in source.findall(f"{Q}PlainTextSelection"):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert text[start:end] in ("the ministry", "text")  # code points, past the emoji
    selection = sources[0].find(f"{Q}PlainTextSelection")
    assert selection.findtext(f"{Q}Description") == "why\nnow"
    codes = {c.get("guid"): c.get("name") for c in project.iter(f"{Q}Code")}
    refs = [codes[r.get("targetGUID")] for r in selection.iter(f"{Q}CodeRef")]
    assert refs == ["Russia", "Frames"]
    russia = next(c for c in project.iter(f"{Q}Code") if c.get("name") == "Russia")
    assert russia.get("color") == "#EB5757"
    assert russia.findtext(f"{Q}Description") == "Russian state actors"
    values = [v.findtext(f"{Q}TextValue") for v in sources[1].iter(f"{Q}VariableValue")]
    assert values == ["Outlet", "https://x.org/a"]
    users = {u.get("guid"): u.get("name") for u in project.iter(f"{Q}User")}
    made_by = [
        {users[e.get("creatingUser")] for e in (s, *s.iter(f"{Q}Coding"))}
        for s in project.iter(f"{Q}PlainTextSelection")
    ]
    assert made_by == [{"Ana"}, {"Bo"}]  # each selection and coding names its coder's User


def test_qdpx_of_an_empty_library_is_valid(tmp_path, library, project_schema) -> None:
    archive = export_qdpx(tmp_path)
    project_schema.assertValid(etree.fromstring(archive.read("project.qde")))
    assert archive.namelist() == ["project.qde"]


def test_qdpx_tag_filter_keeps_matching_articles(tmp_path, coded, project_schema) -> None:
    archive = export_qdpx(tmp_path, tags=["Actors"])
    project = etree.fromstring(archive.read("project.qde"))
    project_schema.assertValid(project)
    assert [s.get("name") for s in project.iter(f"{Q}TextSource")] == ["First"]


def test_qdpx_refuses_a_control_character_by_name(tmp_path, coded) -> None:
    _first, _second, a, _b = coded
    Annotation.update(note="bell \x07 here").where(Annotation.id == a.id).execute()
    with pytest.raises(LibraryError, match=r"annotation \d+: the note holds .*U\+0007"):
        export_qdpx(tmp_path)


def test_w3c_collection_follows_the_model(coded) -> None:
    first, second, a, b = coded
    data = json.loads(export_text("w3c"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 2
    one, two = data["items"]
    for item in (one, two):
        assert item["type"] == "Annotation" and item["id"].startswith("urn:uuid:")
        assert item["created"].endswith("Z") and item["modified"].endswith("Z")
    assert one["body"] == [
        {
            "type": "TextualBody",
            "purpose": "commenting",
            "value": "why\nnow",
            "format": "text/plain",
        },
        {"type": "TextualBody", "purpose": "tagging", "value": "Actors/Russia"},
        {"type": "TextualBody", "purpose": "tagging", "value": "Frames"},
    ]
    assert "body" not in two  # no note, no tags: a bare highlight
    quote, position = one["target"]["selector"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": "the ministry",
        "prefix": a.prefix,
        "suffix": a.suffix,
    }
    text = Article.get_by_id(first).text
    assert text[position["start"] : position["end"]] == "the ministry"
    assert one["creator"]["type"] == "Person" and one["creator"]["name"] == "Ana"
    assert two["creator"]["name"] == "Bo" and one["creator"]["id"] != two["creator"]["id"]
    assert one["target"]["source"].startswith("urn:gloss:article:")
    assert two["target"]["source"] == "https://x.org/a"


def test_w3c_empty_collection_is_json(library) -> None:
    data = json.loads(export_text("w3c"))
    assert data["items"] == [] and data["total"] == 0


def test_markdown_in_text_order_with_tags_and_note(coded, add_article) -> None:
    first, second, a, b = coded
    annotate_quote(first, "Smile")
    text = export_text("markdown")
    assert text.index("## First") < text.index("> Smile") < text.index("> the ministry")
    assert "Tags: Actors/Russia, Frames" in text
    assert "Note: why  \nnow" in text
    assert "## Second\n\nOutlet\n<https://x.org/a>\n\n> text\n" in text


def test_markdown_escapes_syntax_in_titles(add_article) -> None:
    article = add_article("# not a heading", title="*Bold* [link]")
    annotate_quote(article, "# not a heading")
    text = export_text("markdown")
    assert "## \\*Bold\\* \\[link\\]" in text and "> \\# not a heading" in text


def test_scope_of_no_article_is_empty(coded) -> None:
    assert json.loads(export_text("w3c", article_ids=[]))["items"] == []
    assert len(json.loads(export_text("w3c", article_ids=None))["items"]) == 2


@pytest.mark.sqlite_only("SQLite's variable limit")
def test_nested_exports_of_a_long_id_list_fit_sqlites_variable_limit(tmp_path, coded) -> None:
    """A filter matching more articles than SQLite takes bound variables (32,766; 999 before
    3.32) still exports: the ids are read in batches. The limit is lowered, not the data raised."""
    first, second, _a, _b = coded
    connection = database.connection()
    limit = sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER
    old = connection.setlimit(limit, 999)
    try:
        ids = [*range(10_000, 11_500), second, first]  # 1,502 ids, most of them no article
        data = json.loads(export_text("w3c", article_ids=ids))
        assert data["total"] == 2
        assert "> the ministry" in export_text("markdown", article_ids=ids)
        project = etree.fromstring(export_qdpx(tmp_path, article_ids=ids).read("project.qde"))
        assert [s.get("name") for s in project.iter(f"{Q}TextSource")] == ["First", "Second"]
    finally:
        connection.setlimit(limit, old)


def test_nested_exports_report_progress_and_stop_when_told(tmp_path, add_article) -> None:
    """The window's progress and Cancel: every 200 articles on_row hears the count so far, and
    False ends the export there (the worker then drops the file)."""
    for n in range(401):
        add_article(f"Text number {n}.", title=f"T{n}")
    heard: list[int] = []

    def on_row(count: int) -> bool:
        heard.append(count)
        return len(heard) < 2

    target = tmp_path / "out.qdpx"
    with target.open("w", encoding="utf-8", newline="") as out:
        write_export(out, "qdpx", on_row=on_row)
    project = etree.fromstring(zipfile.ZipFile(target).read("project.qde"))
    assert heard == [0, 0] and len(list(project.iter(f"{Q}TextSource"))) == 400
