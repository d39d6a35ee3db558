"""Every W3C export annotation passes the Web Annotation test suite's "must" assertions."""

import io
import json
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")
from referencing.jsonschema import DRAFT4  # noqa: E402

from models.annotating import annotate_quote  # noqa: E402
from models.export_formats import write_export  # noqa: E402

SUITE = Path(__file__).parent / "w3c_anno"


def registry() -> "referencing.Registry":
    resources = []
    for path in sorted(SUITE.rglob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = referencing.Resource.from_contents(schema, default_specification=DRAFT4)
        resources.append((schema["id"], resource))
    return referencing.Registry().with_resources(resources)


def test_exported_annotations_meet_every_must(add_article) -> None:
    article = add_article("Smile 😀 at the ministry.  Then more.", title="A", url="https://x.org/a")
    annotate_quote(article, "the ministry", note="why", tags=["Actors/Russia", "Frames"])
    annotate_quote(article, "more")  # no body at all
    out = io.StringIO()
    write_export(out, "w3c")
    collection = json.loads(out.getvalue())
    musts = json.loads((SUITE / "annotations" / "annotationMusts.test").read_text("utf-8"))
    schemas = registry()
    checked = 0
    for item in collection["items"]:
        annotation = {"@context": collection["@context"], **item}  # as published on its own
        for assertion in musts["assertions"]:
            schema = json.loads((SUITE / assertion).read_text(encoding="utf-8"))
            validator = jsonschema.Draft4Validator(schema, registry=schemas)
            errors = [e.message for e in validator.iter_errors(annotation)]
            assert errors == [], f"{assertion}: {schema.get('errorMessage')} {errors}"
            checked += 1
    assert checked == 2 * len(musts["assertions"]) > 60


def test_a_broken_annotation_fails_the_suite() -> None:
    """The suite can fail: an annotation without @context or a bad selector is caught."""
    musts = [
        "annotations/3.1-annotationContextValidated.json",
        "annotations/specificResource/4.2.4-textQuoteSelectorValid.json",
    ]
    bad = {
        "id": "urn:uuid:1",
        "type": "Annotation",
        "target": {"source": "https://x.org", "selector": {"type": "TextQuoteSelector"}},
    }
    schemas = registry()
    failed = []
    for assertion in musts:
        schema = json.loads((SUITE / assertion).read_text(encoding="utf-8"))
        if not jsonschema.Draft4Validator(schema, registry=schemas).is_valid(bad):
            failed.append(assertion)
    assert failed == musts
