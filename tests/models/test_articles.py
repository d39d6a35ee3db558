"""Article listing: sorting uses the NOCASE indexes, the filter takes % and _ literally,
marking an article read writes only when something changes."""

from __future__ import annotations

import pytest

from models import articles
from models.db import no_waiting
from models.errors import NotFound
from models.schema import Article, database
from tests.backends import another_writer

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


def plan(monkeypatch: pytest.MonkeyPatch, sort: str, descending: bool) -> list[str]:
    """The query plan of the SQL query_articles runs."""
    calls: list[tuple[str, tuple]] = []
    real = database.obj.execute_sql

    def spy(sql, params=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append((sql, params or ()))
        return real(sql, params, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(database.obj, "execute_sql", spy)
        articles.query_articles(sort=sort, descending=descending, limit=200)
    [(sql, params)] = calls
    return [row[-1] for row in real("EXPLAIN QUERY PLAN " + sql, params).fetchall()]


@pytest.mark.sqlite_only("SQLite's query plan (EXPLAIN QUERY PLAN)")
@pytest.mark.parametrize("sort", ["title", "source"])
@pytest.mark.parametrize("descending", [False, True])
def test_sorting_by_title_or_outlet_uses_the_nocase_index(
    library, monkeypatch, sort, descending
) -> None:
    steps = plan(monkeypatch, sort, descending)
    assert not any("TEMP B-TREE" in step for step in steps), steps
    assert any(f"article_{sort}_nocase" in step for step in steps), steps


def test_sorting_by_title_folds_case(library, add_article) -> None:
    for title in ["beta", "Alpha", "gamma", "Beta"]:
        add_article(f"Body of {title}.", title=title)
    got = [a.title for a in articles.query_articles(sort="title")]
    assert got == ["Alpha", "beta", "Beta", "gamma"]  # ties in import order
    got = [a.title for a in articles.query_articles(sort="title", descending=True)]
    assert got == ["gamma", "Beta", "beta", "Alpha"]


def test_filter_matches_percent_and_underscore_literally(library, add_article) -> None:
    add_article("One.", title="Growth of 5% in snake_case land")
    add_article("Two.", title="Growth of 50 in snakeXcase land")
    add_article("Three.", title="Back\\slash")
    assert [a.title for a in articles.query_articles("5%")] == ["Growth of 5% in snake_case land"]
    assert articles.count_articles("snake_case") == 1
    assert articles.count_articles("GROWTH") == 2
    assert articles.count_articles("k\\s") == 1


def test_filter_words_fold_ascii_case_only_on_both_backends(library, add_article) -> None:
    """Titles are not names (models.name_keys): SQLite's LIKE and the server's ILIKE under
    the "C" collation both fold ASCII letters only, so both list the same articles."""
    add_article("One.", title="Ärzte warnen")
    add_article("Two.", title="ÄRZTE WARNEN")
    assert articles.count_articles("WARNEN") == 2
    assert articles.count_articles("Ärzte") == 2  # "rzte" and "RZTE" fold
    assert articles.count_articles("ärzte") == 0  # "ä" and "Ä" do not


def test_mark_read_of_a_read_article_needs_no_write_lock(library, add_article) -> None:
    article = add_article("Body.")
    articles.mark_read(article)
    stamp = Article.get_by_id(article).read_at
    with no_waiting(), another_writer(library):  # an import holds the write lock
        articles.mark_read(article)  # opening it again: nothing to write, so no wait, no error
        assert Article.get_by_id(article).read_at == stamp
    articles.mark_read(article, read=False)
    assert Article.get_by_id(article).read_at is None


def test_the_original_bytes_come_back_from_the_raw_column(library, add_article) -> None:
    article = add_article("Some text.")  # the test draft's original is b"raw"
    assert articles.original_content(article) == b"raw"
    [(stored,)] = database.execute_sql("SELECT raw FROM article WHERE id = ?", (article,))
    assert bytes(stored) == b"raw"  # the column kept its name: no migration
    assert callable(Article.raw)  # peewee's Model.raw() is no longer shadowed
    with pytest.raises(NotFound):
        articles.original_content(article + 1)
