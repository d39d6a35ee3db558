import pytest

from models import outlets
from models.articles import get_article
from models.errors import LibraryError
from models.facets import distinct_sources

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


def _sources(ids: list[int]) -> list[str]:
    return [get_article(i).source for i in ids]


@pytest.mark.parametrize(
    ("domain", "name"),
    [("www.bbc.co.uk", "bbc"), ("dw.com", "dw"), ("m.theguardian.com", "theguardian")],
)
def test_domain_name(domain: str, name: str) -> None:
    assert outlets.is_domain(domain) and outlets.domain_name(domain) == name


def test_spellings_of_one_outlet_become_one_name_on_import(add_article) -> None:
    ids = [
        add_article("one", source="BBC"),
        add_article("two", source="bbc.co.uk"),  # a seeded alias
        add_article("three", source="www.bbc.com"),  # the domain's name matches an outlet
        add_article("four", source="bbc"),  # the same name in another case
        add_article("five", source="Metro"),
        add_article("six", source="metro.co.uk"),  # learned: no seed, the name matches
    ]
    assert _sources(ids) == ["BBC", "BBC", "BBC", "BBC", "Metro", "Metro"]
    assert [(s.name, s.articles) for s in distinct_sources()] == [("BBC", 4), ("Metro", 2)]
    metro = next(o for o in outlets.list_outlets() if o.name == "Metro")
    assert metro.aliases == ("metro.co.uk",)


def test_a_site_name_after_its_domain_takes_the_domain_articles_over(add_article) -> None:
    first = add_article("one", source="thelocal.se")
    second = add_article("two", source="The Local")
    assert _sources([first, second]) == ["The Local", "The Local"]
    third = add_article("three", source="thelocal.se")  # now an alias
    assert _sources([third]) == ["The Local"]


def test_set_alias_renames_articles_and_leaves_no_chains(add_article) -> None:
    ids = [add_article("a", source="Beeb"), add_article("b", source="Auntie")]
    assert outlets.set_alias("Auntie", "Beeb") == 1
    assert outlets.set_alias("Beeb", "BBC") == 2
    assert _sources(ids) == ["BBC", "BBC"]
    bbc = next(o for o in outlets.list_outlets() if o.name == "BBC")
    assert {"Auntie", "Beeb", "bbc.co.uk"} <= set(bbc.aliases)
    assert add_article("c", source="auntie") and distinct_sources()[0].articles == 3
    assert outlets.remove_alias("Auntie") and not outlets.remove_alias("Auntie")
    with pytest.raises(LibraryError):
        outlets.set_alias("BBC", "bbc")


def test_the_upgrade_renames_existing_articles_by_the_seeded_aliases(tmp_path, monkeypatch) -> None:
    from models.db import close_library, open_library
    from tests.models.old_library import OLD_ARTICLE, make_old_library, version_before

    path = tmp_path / "old.sqlite"
    domain = OLD_ARTICLE.replace("VALUES ('Old', ''", "VALUES ('Old', 'BBC.co.uk'")
    make_old_library(path, version_before('"outlet_alias"'), monkeypatch, domain)
    open_library(path)
    try:
        assert get_article(1).source == "BBC"
    finally:
        close_library()
