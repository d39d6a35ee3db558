"""Full-text search: the query language, each filter, ranking, snippets, paging, hit ranges,
and the FTS index following inserts, edits and deletes."""

from __future__ import annotations

import datetime as dt

import pytest

from models import articles, search
from models.annotating import create_annotation
from models.annotation_edits import delete_annotation, update_annotation
from models.article_tags import tag_article
from models.query_parser import And, Field, Not, Or, Text, parse_query
from models.schema import Annotation, Article
from models.search import END, START, QueryError
from tests.models.test_snippets import fts5

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


def ids(query: str, **kwargs: object) -> list[int]:
    return [hit.id for hit in search.search_articles(query, **kwargs)]  # type: ignore[arg-type]


@pytest.fixture
def corpus(add_article):  # type: ignore[no-untyped-def]
    """Four articles: (climate title, climate text, weather, unrelated)."""
    title = add_article(
        "Nothing about the topic in here.",
        title="Climate summit opens",
        source="BBC News",
        date=dt.date(2022, 9, 1),
    )
    text = add_article(
        "The climate crisis deepens as the carbon tax debate goes on.",
        "Ministers met in Zürich on Tuesday.",
        title="Ministers meet",
        source="The Guardian",
        date=dt.date(2022, 10, 3),
    )
    weather = add_article(
        "Rain and wind: the weather turned. Café owners closed early.",
        title="Storm",
        source="Reuters",
        date=dt.date(2021, 12, 31),
    )
    other = add_article("A report on football results.", title="Sport", source="bbc sport")
    return title, text, weather, other


# --- the parser ------------------------------------------------------------------------


def test_the_parser_reads_operators_with_the_usual_precedence() -> None:
    a, b, c = Text("a"), Text("b"), Text("c")
    assert parse_query("a b").root == And((a, b))
    assert parse_query("a AND b").root == And((a, b))
    assert parse_query("a OR b c").root == Or((a, And((b, c))))
    assert parse_query("(a OR b) c").root == And((Or((a, b)), c))
    assert parse_query("a NOT b").root == And((a, Not(b)))
    assert parse_query("-a").root == Not(a)
    assert parse_query("NOT NOT a").root == a
    assert parse_query('"a b"* c*').root == And((Text("a b", True, True), Text("c", True)))
    assert parse_query("or and not").root == And((Text("or"), Text("and"), Text("not")))


def test_field_filters_are_parsed_and_normalised() -> None:
    assert parse_query('tag:"Frames/Long term"').root == Field("tag", "Frames/Long term")
    assert parse_query("-source:bbc").root == Not(Field("source", "bbc"))
    assert parse_query("colour:Pink").root == Field("color", "pink")
    assert parse_query("has:highlights").root == Field("has", "annotations")
    assert parse_query("no:annotations").root == Not(Field("has", "annotations"))
    assert parse_query("date:2022-9").root == Field("date", "2022-09..2022-09")
    assert parse_query("date:2022-09-01..").root == Field("date", "2022-09-01..")
    assert parse_query("date:..2021").root == Field("date", "..2021")
    assert parse_query("IS:Unread").root == Field("is", "unread")


def test_terms_without_words_are_ignored() -> None:
    assert parse_query("war - peace").root == And((Text("war"), Text("peace")))
    assert parse_query('"—" OR *').root is None
    assert parse_query("   ").root is None


@pytest.mark.parametrize(
    "query,message",
    [
        ('"carbon tax', "unbalanced quotes"),
        ("(a OR b", "unbalanced parentheses"),
        ("a)", "unbalanced parentheses"),
        ("a AND", "AND needs a term on both sides"),
        ("AND a", "AND needs a term on both sides"),
        ("a OR OR b", "OR needs a term on both sides"),
        ("a NOT", "NOT needs a term after it"),
        ("()", "empty parentheses"),
        ("author:smith", "unknown field 'author:'"),
        ("date:2022-02-30", "'2022-02-30' is not a date"),
        ("date:..", "needs a start or an end"),
        ("date:last-week", "is not a date"),
        ("color:chartreuse", "unknown colour"),
        ("is:starred", "is:starred is not a filter"),
        ("has:everything", "has:everything is not a filter"),
        ("tag:", "tag: needs a value"),
        ("tag:/", "'/' is not a tag name"),
        ("(" * 50 + "a" + ")" * 50, "too many nested"),
        (" ".join(["w"] * 201), "too many search terms"),
    ],
)
def test_malformed_queries_raise_a_one_line_query_error(library, query, message) -> None:
    with pytest.raises(QueryError):
        search.check_query(query)
    with pytest.raises(QueryError) as error:
        search.search_articles(query)
    assert message in str(error.value) and "\n" not in str(error.value)
    with pytest.raises(QueryError):
        search.count_matching_articles(query)


@pytest.mark.parametrize(
    "query", ['title:"x"', "NEAR(a b)", "a ^b", '"a" + "b"', "a:b:c", "{title text}: x", "x'"]
)
def test_fts_syntax_in_user_words_is_only_text(library, add_article, query) -> None:
    """Nothing the user types reaches FTS5 as syntax: no error, only words are searched."""
    add_article("a b x title text near", title="T")
    try:
        search.search_articles(query)
    except QueryError as exc:  # our own language may refuse it, with our own message
        assert "fts5" not in str(exc)


# --- words and filters -----------------------------------------------------------------


def test_words_phrases_prefixes_and_diacritics(corpus) -> None:
    title, text, weather, _other = corpus
    assert set(ids("climate")) == {title, text}
    assert ids('"carbon tax"') == [text]
    assert ids('"tax carbon"') == []
    assert set(ids("clim*")) == {title, text}
    assert ids("CAFE") == ids("café") == ids("cafe") == [weather]
    assert ids("zurich") == [text]
    assert ids("climate crisis") == [text]  # every word, in any column
    assert set(ids("climate OR weather")) == {title, text, weather}
    assert ids("climate NOT crisis") == [title]
    assert ids("climate -crisis") == [title]


def test_an_empty_query_means_every_article(corpus) -> None:
    assert sorted(ids("")) == sorted(corpus)
    assert search.count_matching_articles("  ") == 4


def test_a_title_hit_outranks_a_text_hit(corpus) -> None:
    title, text, _weather, _other = corpus
    hits = search.search_articles("climate")
    assert [h.id for h in hits] == [title, text]
    assert hits[0].score < hits[1].score < 0  # bm25: lower is better


def test_field_filters(corpus) -> None:
    title, text, weather, other = corpus
    assert set(ids("source:bbc")) == {title, other}
    assert ids('source:"the guardian"') == [text]
    assert ids("source:%") == ids("source:_") == []  # LIKE wildcards are plain characters
    assert set(ids("date:2022")) == {title, text}
    assert ids("date:2022-09") == [title]
    assert ids("date:2022-10-03") == [text]
    assert set(ids("date:2021-12..2022-09")) == {title, weather}
    assert set(ids("date:2022-10..")) == {text}
    assert set(ids("date:..2021")) == {weather}
    assert set(ids("-date:2022")) == {weather, other}  # the undated one is not in 2022
    articles.mark_read(text)
    assert ids("is:read") == [text]
    assert set(ids("is:unread")) == {title, weather, other}


def test_annotation_filters(corpus) -> None:
    title, text, weather, other = corpus
    create_annotation(title, 0, 7, tags=["Actors/Russia"], color="pink")
    create_annotation(text, 0, 3, note="  important  ", tags=["Frames/Long term"])
    create_annotation(weather, 0, 4, note="   ")  # a blank note is no note
    tag_article(other, "screening/include")
    assert ids("tag:actors") == ids("tag:Actors/Russia") == [title]
    assert ids('tag:"frames/long term"') == [text]
    assert ids("tag:Actors/Rus") == ids("tag:nothing") == []
    assert set(ids("-tag:Actors")) == {text, weather, other}
    assert ids("articletag:screening") == [other]
    assert ids("color:pink") == [title]
    assert ids("has:note") == [text]
    assert set(ids("has:annotations")) == {title, text, weather}
    assert ids("no:annotations") == [other]
    assert ids("climate tag:actors") == [title]
    assert set(ids("weather OR tag:actors")) == {title, weather}
    assert set(ids("(crisis OR sport) -source:bbc")) == {text}
    assert set(ids("NOT climate has:annotations")) == {weather}


# --- sorting, paging, snippets ---------------------------------------------------------


@pytest.mark.parametrize("sort", ["title", "source", "date", "annotations", "imported"])
@pytest.mark.parametrize("descending", [False, True])
def test_other_sort_keys_order_like_the_article_list(corpus, sort, descending) -> None:
    create_annotation(corpus[2], 0, 4)
    expected = [s.id for s in articles.query_articles("", sort, descending)]
    assert ids("", sort=sort, descending=descending) == expected
    words = [i for i in expected if i != corpus[3]]
    assert ids("the OR climate", sort=sort, descending=descending) == words


def test_paging_and_counting(library, add_article) -> None:
    made = [add_article(f"Paragraph with apple number {i}.", title=f"T{i}") for i in range(30)]
    add_article("Something else.", title="Pear")
    everything = ids("apple")
    assert everything == made  # all equally good: in id order
    pages = [ids("apple", offset=o, limit=7) for o in range(0, 30, 7)]
    assert [i for page in pages for i in page] == everything
    assert ids("apple", descending=True) == made[::-1]
    assert search.count_matching_articles("apple") == 30
    assert search.matching_article_ids("apple") == made
    whole = search.search_articles("apple")  # snippets by one pass; a page's by probing ids
    assert search.search_articles("apple", limit=5) == whole[:5]
    assert search.search_articles("appl*", limit=5) == search.search_articles("appl*")[:5]
    with pytest.raises(ValueError):
        search.search_articles("apple", sort="colour")


def test_snippets_mark_hits_in_the_text_or_else_the_title(corpus) -> None:
    title, text, _weather, _other = corpus
    hits = {h.id: h for h in search.search_articles("climate")}
    assert hits[text].snippet.startswith(f"The {START}climate{END} crisis")
    assert hits[title].snippet == f"{START}Climate{END} summit opens"
    assert search.marked(hits[title].snippet) == "«Climate» summit opens"
    long_hit = search.search_articles("zurich")[0]
    assert "\n" not in long_hit.snippet and f"{START}Zürich{END}" in long_hit.snippet
    assert all(h.snippet == "" and h.score == 0.0 for h in search.search_articles("source:bbc"))


def test_snippets_are_fts5s_on_both_backends(library, add_article) -> None:
    """A server library's snippets (found in Python) are SQLite's snippet() to the letter."""
    add_article(
        "L'été à Zürich: le café ouvre. Les cafés 😀 ferment tôt; cafe\u0301 et CAFÉ aussi.",
        "Un deuxième paragraphe, long, pour couper le texte: climat, été, encore été. " * 6,
        title="Été au café 🌍",
    )
    add_article("Rien ici. " * 20, title="Le café du climat")
    add_article("Sans rapport, " * 30 + "climat à la fin.", title="Autre")
    stored = list(Article.select().order_by(Article.id))
    for query, fts_query in [
        ("cafe", '"cafe"'),
        ("ete OR climat", '"ete" OR "climat"'),
        ('"le cafe" zurich', '"le cafe" OR "zurich"'),
        ("caf* -zurich", '"caf" *'),
    ]:
        found = fts5([(a.title, a.text) for a in stored], fts_query)
        expected = {stored[row].id: " ".join(s.split()) for row, s in found.items()}
        hits = {hit.id: hit.snippet for hit in search.search_articles(query)}
        assert hits == {i: s for i, s in expected.items() if i in hits}, query
        assert hits and all(START in s for s in hits.values())


def test_a_ranked_page_either_way_carries_its_summaries_and_snippets(library, add_article) -> None:
    """The bare ranked lookup (on a server the page, its articles and their texts in one
    prepared statement) gives what the filtered path gives, a page at a time, both ways."""
    for n in range(12):
        add_article(
            f"{'Rain, ' * (n % 4)}then the climate report number {n}. 😀 Café.",
            "More text. " * (n % 3 * 10) + "climate again" * (n % 2),
            title=f"Report {n}" if n % 5 else "Climate report",
        )
    create_annotation(3, 0, 4)
    for query in ("climate", "rain OR cafe", "clim* -rain"):
        both = []
        for descending in (False, True):
            whole = search.search_articles(query, descending=descending)
            pages = [
                hit
                for start in range(0, 12, 5)
                for hit in search.search_articles(
                    query, descending=descending, offset=start, limit=5
                )
            ]
            assert pages == whole, query
            # every article unread: the same hits through the filtered path
            assert search.search_articles(f"({query}) is:unread", descending=descending) == whole
            both.append(whole)
        assert both[0] and both[1] == both[0][::-1], query
        assert all(START in hit.snippet for hit in both[0]), query
    assert {hit.id: hit.annotations for hit in both[0]}.get(3, 1) == 1


def test_match_ranges_are_canonical_code_point_ranges(library, add_article) -> None:
    article = add_article("😀 Café crème, café!", "Then the carbon tax.", title="Café")
    text = articles.article_text(article)
    ranges = search.match_ranges(article, 'cafe "carbon tax" cr* NOT nothing')
    assert [text[a:b] for a, b in ranges] == ["Café", "crème", "café", "carbon tax"]
    then = text.index("Then")
    assert search.match_ranges(article, "-cafe OR then") == [(then, then + 4)]
    assert search.match_ranges(article, "tag:x") == []
    assert search.match_ranges(article, "absent") == []
    assert search.match_ranges(article + 1, "cafe") == []


def test_search_annotations_by_quote_note_and_filters(corpus) -> None:
    title, text, _weather, _other = corpus
    first = create_annotation(text, 4, 18, note="key frame", tags=["Frames"], color="green")
    second = create_annotation(title, 0, 7, note="see the climate part")
    assert [a.id for a in search.search_annotations("climate")] == [first.id, second.id]
    assert [a.id for a in search.search_annotations("frame")] == [first.id]
    assert [a.id for a in search.search_annotations("climate tag:frames")] == [first.id]
    assert [a.id for a in search.search_annotations("color:green OR source:bbc")] == [
        second.id,
        first.id,
    ]
    assert search.search_annotations("climate", limit=1)[0].tags == ("Frames",)
    assert search.search_annotations("no:annotations") == []


# --- the index follows the library ------------------------------------------------------


def test_the_index_follows_inserts_edits_and_deletes(library, add_article) -> None:
    article = add_article("An old text about turnips.", title="Old headline")
    assert ids("turnips") == [article] and ids("headline") == [article]
    Article.update(title="New banner", text="A new text about parsnips.").where(
        Article.id == article
    ).execute()
    assert ids("turnips") == ids("headline") == []
    assert ids("parsnips") == ids("banner") == [article]
    Article.update(source="Reuters").where(Article.id == article).execute()  # not indexed
    assert ids("parsnips") == [article]
    Article.delete().where(Article.id == article).execute()
    assert ids("parsnips") == [] and search.count_matching_articles("banner") == 0


def test_the_annotation_index_follows_note_and_quote_edits(library, add_article) -> None:
    article = add_article("Quoted words here.", title="T")
    mark = create_annotation(article, 0, 6, note="first thought")
    assert [a.id for a in search.search_annotations("thought")] == [mark.id]
    update_annotation(mark.id, note="second idea")
    assert search.search_annotations("thought") == []
    assert [a.id for a in search.search_annotations("idea quoted")] == [mark.id]
    Annotation.update(quote="Quoted words").where(Annotation.id == mark.id).execute()
    assert [a.id for a in search.search_annotations('"quoted words"')] == [mark.id]
    delete_annotation(mark.id)
    assert search.search_annotations("idea") == []
