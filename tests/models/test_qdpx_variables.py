"""Article variables through REFI-QDA: Gloss → .qdpx → Gloss keeps them; another tool's case
variables (NVivo, MAXQDA) become the articles' variables."""

from models.attributes import attributes_for, set_attributes
from models.db import close_library, open_library
from models.export_formats import write_export
from models.qdpx_import import import_qdpx
from models.schema import Article
from tests.models.test_qdpx_import import NS, project


def test_variables_round_trip(add_article, tmp_path) -> None:
    one = add_article("First text.", title="One", source="BBC")
    two = add_article("Second text.", title="Two")
    set_attributes([one], {"country": "DE", "wave": 2, "weight": 0.25, "outlet": "own"})
    set_attributes([two], {"wave": 10})
    target = tmp_path / "p.qdpx"
    with target.open("w", encoding="utf-8") as out:
        write_export(out, "qdpx")
    close_library()
    open_library(tmp_path / "fresh.sqlite")
    try:
        report = import_qdpx(target)
        ids = {Article.get_by_id(i).title: i for i in report.articles}
        assert Article.get_by_id(ids["One"]).source == "BBC"  # Outlet is still the field
        assert attributes_for() == {
            ids["One"]: {"country": "DE", "outlet": "own", "wave": 2, "weight": 0.25},
            ids["Two"]: {"wave": 10},  # a number again, so 2 < 10
        }
    finally:
        close_library()


def test_case_variables_of_another_tool(library, tmp_path) -> None:
    guid = "33333333-3333-3333-3333-333333333333"
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project {NS} name="Interviews" origin="NVivo">
 <Variables>
  <Variable guid="aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa" name="Age group" typeOfVariable="Text"/>
  <Variable guid="bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb" name="Year" typeOfVariable="Integer"/>
  <Variable guid="cccccccc-cccc-cccc-cccc-cccccccccccc" name="!!!" typeOfVariable="Text"/>
 </Variables>
 <Cases>
  <Case guid="dddddddd-dddd-dddd-dddd-dddddddddddd" name="Person 1">
   <VariableValue><VariableRef targetGUID="aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"/>
    <TextValue>30-39</TextValue></VariableValue>
   <VariableValue><VariableRef targetGUID="bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb"/>
    <IntegerValue>2021</IntegerValue></VariableValue>
   <VariableValue><VariableRef targetGUID="cccccccc-cccc-cccc-cccc-cccccccccccc"/>
    <TextValue>no name to keep</TextValue></VariableValue>
   <SourceRef targetGUID="{guid}"/>
  </Case>
 </Cases>
 <Sources>
  <TextSource guid="{guid}" name="Interview 1" plainTextPath="internal://{guid}.txt"/>
 </Sources>
</Project>"""
    path = tmp_path / "q.qdpx"
    path.write_bytes(project(qde, {f"sources/{guid}.txt": b"What the person said."}))
    report = import_qdpx(path)
    [article_id] = report.articles
    assert attributes_for() == {article_id: {"Age_group": "30-39", "Year": 2021}}
    assert not any("cases" in line for line in report.not_held)
