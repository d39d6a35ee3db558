import pytest

from models import managing, search
from models.annotating import annotate_quote, list_annotations
from models.article_tags import article_tags, tag_article
from models.articles import count_articles, get_article
from models.errors import LibraryError, NotFound
from models.schema import AnnotationTag


def test_delete_takes_annotations_and_index_along_and_restore_brings_them_back(
    add_article,
) -> None:
    keep = add_article("a walrus on the beach", title="Keep")
    gone = add_article("the zebra crossed with a walrus", title="Gone")
    mark = annotate_quote(gone, "zebra", tags=["Animals/Zebra"], note="stripes")
    tag_article(gone, "screening/include")
    assert managing.deletion_counts([gone, keep]) == (2, 1)

    [deleted] = managing.delete_articles([gone])
    assert count_articles() == 1 and list_annotations(gone) == []
    assert AnnotationTag.select().count() == 0
    assert search.matching_article_ids("zebra") == []
    assert search.matching_article_ids("walrus") == [keep]

    managing.restore_articles([deleted])
    assert get_article(gone).title == "Gone"
    assert list_annotations(gone) == [mark]  # the same id, tags, note and times
    assert article_tags(gone) == ["screening/include"]
    assert search.matching_article_ids("zebra") == [gone]


def test_deleting_an_unknown_id_deletes_nothing(add_article) -> None:
    article = add_article("some text")
    with pytest.raises(NotFound, match="999"):
        managing.delete_articles([article, 999])
    assert count_articles() == 1


def test_edit_sets_fields_returns_the_old_ones_and_reindexes_the_title(add_article) -> None:
    article = add_article("body words", title="Old title")
    before = managing.edit_article(
        article, title="Quokka news", source="BBC", date="2022-09-01", url="https://x.test/a"
    )
    assert before == {"title": "Old title", "source": "", "date": None, "url": ""}
    detail = get_article(article)
    assert (detail.title, detail.source, detail.date) == ("Quokka news", "BBC", "2022-09-01")
    assert search.matching_article_ids("quokka") == [article]
    managing.edit_article(article, date="")
    assert get_article(article).date is None


@pytest.mark.parametrize(
    ("changes", "reason"),
    [({"date": "2022-13-01"}, "not a date"), ({"title": "  "}, "title"), ({"text": "x"}, "text")],
)
def test_bad_edits_change_nothing(add_article, changes, reason) -> None:
    article = add_article("body", title="Kept")
    with pytest.raises(LibraryError, match=reason):
        managing.edit_article(article, **changes)
    assert get_article(article).title == "Kept"
