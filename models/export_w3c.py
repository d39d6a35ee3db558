"""W3C Web Annotation export: one JSON-LD AnnotationCollection of every annotation.

https://www.w3.org/TR/annotation-model/ — a note is a TextualBody for `commenting`, each tag
one for `tagging`; the target is the article's URL (else a stable `urn:`) with a quote and a
position selector, positions in code points as the model asks. An orphan (its passage left a
new version of the article) has no position: its target holds the quote selector alone.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any, TextIO

from models.annotating import AnnotationRecord
from models.attributes import attribute_names
from models.coders import UNKNOWN
from models.export_items import ArticleItem
from models.schema import utc_now

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# The model has no place for the article's own variables (country, wave …), so they travel
# as an extension term on each annotation, defined in an added context as JSON-LD asks.
VARIABLES_TERM = "articleVariables"
VARIABLES_CONTEXT = {VARIABLES_TERM: {"@id": "urn:gloss:vocab:articleVariables", "@type": "@json"}}
_IDS = uuid.uuid5(uuid.NAMESPACE_URL, "https://gloss.invalid/annotation")


def article_source(article: ArticleItem) -> str:
    """The article's URL, else a urn from its content hash (the same in every library)."""
    return article.url or f"urn:gloss:article:{article.content_hash}"


def coder_json(coder: str) -> dict[str, str]:
    """The W3C `creator` for a coder: a Person with a stable urn, the same in every library."""
    return {
        "id": "urn:uuid:" + str(uuid.uuid5(_IDS, f"coder:{coder}")),
        "type": "Person",
        "name": coder,
    }


def annotation_json(article: ArticleItem, annotation: AnnotationRecord) -> dict[str, Any]:
    source = article_source(article)
    bodies: list[dict[str, str]] = []
    if annotation.note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": annotation.note,
                "format": "text/plain",
            }
        )
    bodies.extend(
        {"type": "TextualBody", "purpose": "tagging", "value": t} for t in annotation.tags
    )
    item: dict[str, Any] = {
        "id": "urn:uuid:" + str(uuid.uuid5(_IDS, f"{source}#{annotation.id}")),
        "type": "Annotation",
        "created": annotation.created_at,
        "modified": annotation.updated_at,
    }
    if annotation.coder and annotation.coder != UNKNOWN:  # no creator rather than a made-up one
        item["creator"] = coder_json(annotation.coder)
    if bodies:
        item["body"] = bodies
    if article.attributes:
        item[VARIABLES_TERM] = dict(article.attributes)
    selectors: list[dict[str, Any]] = [
        {
            "type": "TextQuoteSelector",
            "exact": annotation.quote,
            "prefix": annotation.prefix,
            "suffix": annotation.suffix,
        }
    ]
    if annotation.start is not None:
        selectors.append(
            {"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end}
        )
    item["target"] = {"source": source, "selector": selectors}
    return item


def write_w3c(out: TextIO, articles: Iterable[ArticleItem]) -> int:
    """Write the collection (items streamed one by one); returns the number of annotations."""
    out.write("{\n")
    context: object = [CONTEXT, VARIABLES_CONTEXT] if attribute_names() else CONTEXT
    header = {
        "@context": context,
        "id": "urn:uuid:" + str(uuid.uuid4()),
        "type": "AnnotationCollection",
        "label": "Gloss annotations",
        "generated": utc_now(),
    }
    for key, value in header.items():
        out.write(f"  {json.dumps(key)}: {json.dumps(value)},\n")
    out.write('  "items": [')
    count = 0
    for article in articles:
        for annotation in article.annotations:
            out.write(",\n    " if count else "\n    ")
            out.write(json.dumps(annotation_json(article, annotation), ensure_ascii=False))
            count += 1
    out.write("\n  ]" if count else "]")
    out.write(f',\n  "total": {count}\n}}\n')
    return count
