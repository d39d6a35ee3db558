"""NUL characters (U+0000): PostgreSQL's text cannot hold them, so no backend stores them.

They show nothing: an importer drops them from article text (the canonical text, and every
offset into it, is then the same on both backends), and what a user types or a file brings
(notes, memos, descriptions, names, values) is stored without them, on SQLite as well.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models import attributes, codebook, managing, outlets, saved_searches
from models.annotating import create_annotation, list_annotations
from models.annotation_edits import update_annotation
from models.errors import LibraryError
from models.schema import Annotation, Article, ArticleAttribute, Tag
from models.search import search_articles
from models.storing import store_drafts
from models.web_annotations import import_web_annotations
from tests.conftest import draft

pytestmark = pytest.mark.both_backends


def test_an_imported_article_loses_its_nuls_and_offsets_agree(library) -> None:
    [result] = store_drafts(
        [
            draft(
                "Bro\x00ken file\x00 text.",
                "Next\x00 paragraph.",
                title="Ti\x00tle",
                author="A\x00n",
            )
        ],
        "test",
        "nul.txt",
    )
    article = Article.get_by_id(result.article_id)
    assert article.text == "Broken file text.\n\nNext paragraph."
    assert (article.title, article.author) == ("Title", "An")
    start = article.text.index("paragraph")
    record = create_annotation(article.id, start, start + len("paragraph"))
    assert record.quote == "paragraph" and record.start == 24  # the same offsets on both
    assert [a.id for a in search_articles("broken")] == [article.id]  # one word, as shown


def test_typed_text_is_stored_without_nuls(library, add_article) -> None:
    article_id = add_article("Some text to mark.")
    record = create_annotation(article_id, 0, 4, note="first\x00 note")
    assert record.note == "first note" == Annotation.get_by_id(record.id).note
    edited = update_annotation(record.id, note="second\x00")
    assert edited.note == "second" and [a.note for a in list_annotations(article_id)] == ["second"]

    managing.edit_article(article_id, memo="memo\x00 line", title="A\x00 title")
    assert (Article.get_by_id(article_id).memo, Article.get_by_id(article_id).title) == (
        "memo line",
        "A title",
    )
    codebook.create_tag("Actors", description="who\x00 acts")
    codebook.set_tag_description("Actors", "who acts\x00 again")
    assert Tag.get(Tag.path == "Actors").description == "who acts again"
    with pytest.raises(LibraryError, match="control characters"):
        codebook.create_tag("Act\x00ors")  # a tag name is refused, as any control character
    found = saved_searches.save_search("my\x00 search", "mark\x00")
    assert (found.name, found.query) == ("my search", "mark")
    attributes.set_attributes([article_id], {"coded_by": attributes.parse_value("An\x00n")})
    attributes.set_attributes([article_id], {"wave": "fi\x00rst"})
    assert attributes.attributes_of(article_id) == {"coded_by": "Ann", "wave": "first"}
    assert ArticleAttribute.select().count() == 2
    outlets.set_alias("The\x00 Times", "Times")
    assert [o.aliases for o in outlets.list_outlets() if o.name == "Times"] == [("The Times",)]


def test_a_w3c_note_with_a_nul_is_imported_without_it(library, add_article, tmp_path: Path) -> None:
    article_id = add_article("The minister spoke.", url="https://example.org/a")
    annotation = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "id": "urn:x:1",
        "body": [{"type": "TextualBody", "value": "check\x00 this", "purpose": "commenting"}],
        "target": {
            "source": "https://example.org/a",
            "selector": {"type": "TextQuoteSelector", "exact": "minister"},
        },
    }
    file = tmp_path / "w3c.json"
    file.write_text(json.dumps([annotation]), encoding="utf-8")
    report = import_web_annotations(file)
    assert len(report.placed) == 1
    [stored] = list_annotations(article_id)
    assert (stored.quote, stored.note) == ("minister", "check this")
