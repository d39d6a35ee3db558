"""Article variables in the exports that have a place for them: REFI-QDA (typed variables on
each source and a case per article), W3C (an extension term), Markdown (a line)."""

import csv
import io
import json
from pathlib import Path

from lxml import etree

from models.attributes import set_attributes
from tests.models.test_export_formats import Q, coded, export_qdpx, export_text, project_schema
from tests.models.test_export_w3c_schema import SUITE, jsonschema, registry

__all__ = ["coded", "project_schema"]  # fixtures shared with the exports' own tests


def test_qdpx_declares_typed_variables_and_a_case_per_article(
    tmp_path: Path, coded, project_schema
) -> None:
    first, second, _a, _b = coded
    set_attributes([first], {"country": "DE", "wave": 2, "weight": 0.5, "outlet": "own"})
    set_attributes([second], {"wave": 1, "weight": 1e-7})
    project = etree.fromstring(export_qdpx(tmp_path).read("project.qde"))
    project_schema.assertValid(project)
    declared = {v.get("name"): v.get("typeOfVariable") for v in project.iter(f"{Q}Variable")}
    assert declared == {
        "Outlet": "Text",
        "Author": "Text",
        "Date": "Text",
        "URL": "Text",
        "country": "Text",
        "outlet (variable)": "Text",  # the fixed Outlet keeps its name
        "wave": "Integer",
        "weight": "Float",
    }
    names = {v.get("guid"): v.get("name") for v in project.iter(f"{Q}Variable")}
    sources = {s.get("name"): s for s in project.iter(f"{Q}TextSource")}

    def values(element: etree._Element) -> dict[str, str]:
        return {
            names[v.find(f"{Q}VariableRef").get("targetGUID")]: v[1].text
            for v in element.findall(f"{Q}VariableValue")
        }

    assert values(sources["Second"]) == {
        "Outlet": "Outlet",
        "URL": "https://x.org/a",
        "wave": "1",
        "weight": "0.0000001",  # xsd:decimal has no exponent
    }
    cases = project.findall(f"{Q}Cases/{Q}Case")
    assert [c.get("name") for c in cases] == ["First", "Second"]
    assert values(cases[0]) == {
        "country": "DE",
        "outlet (variable)": "own",
        "wave": "2",
        "weight": "0.5",
    }
    refs = [c.find(f"{Q}SourceRef").get("targetGUID") for c in cases]
    assert refs == [sources["First"].get("guid"), sources["Second"].get("guid")]
    wave = next(v for v in cases[0].findall(f"{Q}VariableValue") if v[1].text == "2")
    assert wave[1].tag == f"{Q}IntegerValue"


def test_qdpx_without_variables_has_no_cases(tmp_path: Path, coded, project_schema) -> None:
    project = etree.fromstring(export_qdpx(tmp_path).read("project.qde"))
    project_schema.assertValid(project)
    assert project.find(f"{Q}Cases") is None


def test_w3c_carries_variables_in_a_declared_term_and_meets_every_must(coded) -> None:
    first, _second, _a, _b = coded
    set_attributes([first], {"country": "DE", "wave": 2})
    collection = json.loads(export_text("w3c"))
    context = collection["@context"]
    assert context[0] == "http://www.w3.org/ns/anno.jsonld"
    assert context[1]["articleVariables"]["@type"] == "@json"
    one, two = collection["items"]
    assert one["articleVariables"] == {"country": "DE", "wave": 2}
    assert "articleVariables" not in two  # the second article has none
    musts = json.loads((SUITE / "annotations" / "annotationMusts.test").read_text("utf-8"))
    schemas = registry()
    for assertion in musts["assertions"]:
        schema = json.loads((SUITE / assertion).read_text(encoding="utf-8"))
        validator = jsonschema.Draft4Validator(schema, registry=schemas)
        errors = [e.message for e in validator.iter_errors({"@context": context, **one})]
        assert errors == [], assertion


def test_markdown_lists_an_articles_variables_under_its_details(coded) -> None:
    first, _second, _a, _b = coded
    set_attributes([first], {"genre": "op*ed", "wave": 2})
    text = export_text("markdown")
    assert "Variables: genre: op\\*ed · wave: 2\n" in text
    assert text.count("Variables:") == 1


def test_csv_adds_variable_columns_only_when_asked(coded) -> None:
    first, _second, _a, _b = coded
    set_attributes([first], {"wave": 2})
    assert "attr:wave" not in export_text("csv")
    rows = list(csv.DictReader(io.StringIO(export_text("csv", attributes=True, raw=True))))
    assert [(row["article_id"], row["attr:wave"]) for row in rows] == [("1", "2"), ("2", "")]
