import pytest

from models import managing, search
from models.annotating import annotate_quote, list_annotations
from models.article_tags import article_tags, tag_article
from models.articles import count_articles, get_article
from models.errors import LibraryError, NotFound
from models.schema import AnnotationTag
from tests.conftest import many_articles
from tests.models.old_library import OLD_ARTICLE, make_old_library, version_before

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


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


def test_deleting_more_articles_than_a_statement_takes(few_sql_variables) -> None:
    ids = many_articles(few_sql_variables + 101)
    annotate_quote(ids[-1], "number")
    deleted = managing.delete_articles(ids)
    assert [d.row["id"] for d in deleted] == ids and count_articles() == 0
    managing.restore_articles(deleted)
    assert count_articles() == len(ids) and len(list_annotations(ids[-1])) == 1


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


def test_an_older_library_gains_memos_and_keeps_its_highest_annotation_id(
    tmp_path, monkeypatch
) -> None:
    from models.db import close_library, open_library

    path = tmp_path / "old.sqlite"
    annotations = [
        "INSERT INTO annotation (id, article_id, start, end, quote, prefix, suffix, note,"
        f" color, created_at, updated_at) VALUES ({n}, 1, 0, 4, 'kept', '', '', '', 'yellow',"
        " 'now', 'now')"
        for n in (1, 2, 3)
    ]
    deleted = "DELETE FROM annotation WHERE id = 3"  # 2 is the highest left
    before = version_before('"id_high_water"')
    make_old_library(path, before, monkeypatch, OLD_ARTICLE, *annotations, deleted)
    open_library(path)
    try:
        assert get_article(1).memo == ""
        managing.edit_article(1, memo="Framing: crisis, economy")
        assert search.search_memos("economy")[0].article_id == 1
        assert search.matching_article_ids("has:memo") == [1]
        assert annotate_quote(1, "words").id == 3  # deleted before the migration: unknown
    finally:
        close_library()


def test_memo_is_searched_filtered_and_follows_edits_and_deletes(add_article) -> None:
    with_memo = add_article("plain body", title="With")
    add_article("plain body too", title="Without")
    managing.edit_article(with_memo, memo="  Frames the strike as disruption \n")
    assert get_article(with_memo).memo == "  Frames the strike as disruption"
    assert search.matching_article_ids("has:memo") == [with_memo]
    assert [m.article_id for m in search.search_memos("disruption")] == [with_memo]
    assert search.search_memos("plain") == []  # memos only, not the text
    assert search.matching_article_ids("disruption") == []  # and the text search has no memo
    managing.edit_article(with_memo, memo="Now about wages")
    assert search.search_memos("disruption") == []
    assert [m.article_id for m in search.search_memos("wages")] == [with_memo]
    [gone] = managing.delete_articles([with_memo])
    assert search.search_memos("wages") == []
    managing.restore_articles([gone])
    assert [m.article_id for m in search.search_memos("wages")] == [with_memo]
    from models.backend import backend
    from models.schema import database

    if not backend().is_server:  # FTS5's own check of its index (PostgreSQL's has none)
        database.execute_sql("INSERT INTO memo_fts(memo_fts, rank) VALUES ('integrity-check', 1)")
