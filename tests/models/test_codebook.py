"""The codebook's edits, their undo snapshots, and article-level tags, checked in the library."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from models import article_tags as at
from models import codebook as cb
from models.annotating import create_annotation, get_annotation
from models.annotation_edits import delete_annotation
from models.articles import article_text
from models.errors import LibraryError, NotFound
from models.schema import AnnotationTag, ArticleTag, Tag

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

State = tuple[list[tuple[int, str, str, str]], list[tuple[int, int]], list[tuple[int, int]]]


def state() -> State:
    """Everything a codebook edit may change: tag rows (ids included) and memberships."""
    tags = Tag.select(Tag.id, Tag.path, Tag.color, Tag.description).order_by(Tag.id).tuples()
    notes = AnnotationTag.select(AnnotationTag.annotation, AnnotationTag.tag).tuples()
    articles = ArticleTag.select(ArticleTag.article, ArticleTag.tag).tuples()
    return list(tags), sorted(notes), sorted(articles)


def tag_id(path: str) -> int:
    return int(Tag.get(Tag.path == path).id)


def paths() -> list[str]:
    return [node.path for node in cb.codebook()]


def node(path: str) -> cb.TagNode:
    return next(n for n in cb.codebook() if n.path == path)


def mark(article: int, quote: str, *tags: str) -> int:
    start = article_text(article).index(quote)
    return create_annotation(article, start, start + len(quote), tags=tags).id


@pytest.fixture
def corpus(add_article):  # type: ignore[no-untyped-def]
    """Two articles coded with a small nested codebook."""
    one = add_article("The Kremlin denied it. Moscow said no. Kyiv disagreed.", title="One")
    two = add_article("Washington and Moscow met. The frame was war.", title="Two")
    ids = {
        "kremlin": mark(one, "Kremlin", "Actors/Russia/Kremlin", "Actors/Russia"),
        "moscow1": mark(one, "Moscow", "Actors/Russia"),
        "kyiv": mark(one, "Kyiv", "Actors/Ukraine"),
        "moscow2": mark(two, "Moscow", "Actors/Russia", "Frames/War"),
        "war": mark(two, "war", "Frames/War"),
    }
    at.tag_article(two, "screening/include")
    return one, two, ids


# --- the tree and its counts ----------------------------------------------------------------
def test_tree_lists_implied_groups_and_own_and_subtree_counts(corpus) -> None:
    assert paths() == [
        "Actors",
        "Actors/Russia",
        "Actors/Russia/Kremlin",
        "Actors/Ukraine",
        "Frames",
        "Frames/War",
        "screening",
        "screening/include",
    ]
    actors = node("Actors")
    assert actors.id is None  # implied by its subtags only
    assert (actors.annotations, actors.total_annotations, actors.total_articles) == (0, 4, 2)
    russia = node("Actors/Russia")
    # the Kremlin mark carries both Russia and Russia/Kremlin: counted once in the subtree
    assert (russia.annotations, russia.articles) == (3, 2)
    assert (russia.total_annotations, russia.total_articles) == (3, 2)
    war = node("Frames/War")
    assert (war.annotations, war.articles, war.total_annotations) == (2, 1, 2)
    include = node("screening/include")  # article-level tags count as articles
    assert (include.annotations, include.articles, node("screening").total_articles) == (0, 1, 1)
    assert (russia.name, russia.parent_path, node("Actors").parent_path) == (
        "Russia",
        "Actors",
        None,
    )


# --- each edit --------------------------------------------------------------------------------
def test_rename_moves_the_subtags_and_keeps_memberships(corpus) -> None:
    _one, _two, ids = corpus
    cb.rename_tag(tag_id("Actors/Russia"), "States/Russia")
    assert "States/Russia/Kremlin" in paths() and "Actors/Russia/Kremlin" not in paths()
    assert get_annotation(ids["kremlin"]).tags == ("States/Russia", "States/Russia/Kremlin")
    cb.rename_tag(tag_id("States/Russia"), "states/russia")  # a change of case only
    assert get_annotation(ids["moscow1"]).tags == ("states/russia",)


def test_rename_onto_an_existing_tag_is_refused_suggesting_a_merge(corpus) -> None:
    before = state()
    with pytest.raises(LibraryError, match="There is already a tag “Actors/Ukraine”.*merge"):
        cb.rename_tag(tag_id("Actors/Russia"), "actors/ukraine")
    with pytest.raises(LibraryError, match="under itself"):
        cb.rename_tag(tag_id("Actors/Russia"), "Actors/Russia/Kremlin/Deep")
    with pytest.raises(LibraryError, match="not a tag name"):
        cb.rename_tag(tag_id("Actors/Russia"), " / ")
    assert state() == before


def test_rename_whose_new_paths_are_vacated_old_ones(library) -> None:
    cb.create_tag("A/B")
    cb.create_tag("A/B/B")
    cb.rename_tag(tag_id("A/B"), "A")  # A/B/B → A/B while A/B itself becomes A
    assert paths() == ["A", "A/B"]


def test_renaming_an_implied_group_gives_it_a_row(corpus) -> None:
    before = state()
    snapshot = cb.rename_tag("actors", "People")
    assert node("People").id is not None and "People/Russia/Kremlin" in paths()
    assert len(snapshot.created) == 1
    cb.restore_snapshot(snapshot)
    assert state() == before and node("Actors").id is None


def test_reparent_by_drag_and_drop(corpus) -> None:
    cb.reparent_tag(tag_id("Actors/Russia"), "Frames")
    assert "Frames/Russia/Kremlin" in paths()
    cb.reparent_tag(tag_id("Frames/Russia"), None)
    assert "Russia/Kremlin" in paths() and "Frames/Russia" not in paths()
    cb.create_tag("Frames/Russia")
    with pytest.raises(LibraryError, match="merge"):
        cb.reparent_tag(tag_id("Russia"), "Frames")
    with pytest.raises(LibraryError, match="under itself"):
        cb.reparent_tag(tag_id("Russia"), "Russia/Kremlin")


def test_merge_gives_every_membership_to_the_target_once(corpus) -> None:
    one, two, ids = corpus
    cb.create_tag("Actors/Ukraine/Kremlin")  # a same-named subtag already under the target
    at.tag_article(one, "Actors/Russia")
    at.tag_article(two, "Actors/Russia")
    at.tag_article(two, "Actors/Ukraine")
    cb.merge_tags(tag_id("Actors/Russia"), tag_id("Actors/Ukraine"))
    assert get_annotation(ids["moscow1"]).tags == ("Actors/Ukraine",)
    assert get_annotation(ids["kyiv"]).tags == ("Actors/Ukraine",)
    assert get_annotation(ids["kremlin"]).tags == ("Actors/Ukraine", "Actors/Ukraine/Kremlin")
    assert at.article_tags(two) == ["Actors/Ukraine", "screening/include"]
    assert at.article_tags(one) == ["Actors/Ukraine"]
    assert "Actors/Russia" not in paths() and "Actors/Russia/Kremlin" not in paths()
    assert node("Actors/Ukraine").annotations == 4


def test_merge_a_subtag_into_its_parent_and_refusals(corpus) -> None:
    _one, _two, ids = corpus
    cb.merge_tags(tag_id("Actors/Russia/Kremlin"), tag_id("Actors/Russia"))
    assert get_annotation(ids["kremlin"]).tags == ("Actors/Russia",)
    with pytest.raises(LibraryError, match="into its own subtag"):
        cb.merge_tags("Actors", tag_id("Actors/Russia"))
    with pytest.raises(LibraryError, match="into itself"):
        cb.merge_tags(tag_id("Frames/War"), "frames/war")
    with pytest.raises(NotFound):
        cb.merge_tags(tag_id("Frames/War"), "Nowhere")


def test_delete_refuses_subtags_unless_asked_and_keeps_annotations(corpus) -> None:
    _one, _two, ids = corpus
    affected = cb.count_affected(tag_id("Actors/Russia"))
    assert affected == cb.Affected(tags=2, annotations=3, articles=2, article_tags=0)
    alone = cb.count_affected(tag_id("Actors/Russia"), with_children=False)
    assert (alone.tags, alone.annotations) == (1, 3)
    with pytest.raises(cb.HasSubtags, match="1 subtag"):
        cb.delete_tag(tag_id("Actors/Russia"))
    cb.delete_tag(tag_id("Actors/Russia"), with_children=True)
    assert get_annotation(ids["kremlin"]).tags == ()
    assert get_annotation(ids["moscow2"]).tags == ("Frames/War",)
    assert not any(p.startswith("Actors/Russia") for p in paths())
    assert cb.count_affected("screening") == cb.Affected(1, 0, 0, 1)


def test_create_colour_and_description(library) -> None:
    snapshot = cb.create_tag(" Frames / Blame ", "Blue", "Who is held responsible.")
    [new] = snapshot.created
    assert Tag.get_by_id(new).path == "Frames/Blame"
    with pytest.raises(LibraryError, match="already a tag"):
        cb.create_tag("frames/blame")
    with pytest.raises(LibraryError, match="unknown colour"):
        cb.create_tag("Other", "teal")
    cb.set_tag_color(new, "gray")
    cb.set_tag_description("Frames/Blame", "Attribution of fault.")
    assert (node("Frames/Blame").color, node("Frames/Blame").description) == (
        "grey",
        "Attribution of fault.",
    )
    with pytest.raises(LibraryError, match="unknown colour"):
        cb.set_tag_color(new, "chartreuse")


# --- undo snapshots ---------------------------------------------------------------------------
EDITS: dict[str, Callable[[], cb.Snapshot]] = {
    "create": lambda: cb.create_tag("New/Tag", "red", "Fresh"),
    "rename": lambda: cb.rename_tag(tag_id("Actors/Russia"), "States/Russia"),
    "rename group": lambda: cb.rename_tag("Actors", "People"),
    "reparent": lambda: cb.reparent_tag(tag_id("Actors/Russia"), "Frames/War"),
    "merge": lambda: cb.merge_tags(tag_id("Actors/Russia"), tag_id("Frames/War")),
    "merge into group": lambda: cb.merge_tags(tag_id("Frames/War"), "Actors"),
    "delete": lambda: cb.delete_tag(tag_id("Actors/Ukraine")),
    "delete subtree": lambda: cb.delete_tag("Actors", with_children=True),
    "delete article tag": lambda: cb.delete_tag(tag_id("screening/include")),
    "colour": lambda: cb.set_tag_color(tag_id("Frames/War"), "purple"),
    "description": lambda: cb.set_tag_description(tag_id("Frames/War"), "Martial framing."),
}


@pytest.mark.parametrize("name", EDITS)
def test_restoring_the_snapshot_undoes_exactly_and_redo_restores_after(corpus, name) -> None:
    before = state()
    snapshot = EDITS[name]()
    after = state()
    assert after != before
    redo = cb.capture(snapshot.scope)
    cb.restore_snapshot(snapshot)
    assert state() == before
    cb.restore_snapshot(redo)
    assert state() == after
    cb.restore_snapshot(snapshot)
    assert state() == before


def test_restore_skips_memberships_of_annotations_deleted_since(corpus) -> None:
    _one, _two, ids = corpus
    snapshot = cb.delete_tag(tag_id("Frames/War"))
    delete_annotation(ids["war"])
    cb.restore_snapshot(snapshot)
    assert get_annotation(ids["moscow2"]).tags == ("Actors/Russia", "Frames/War")


# --- article-level tags -----------------------------------------------------------------------
def test_article_tags_and_screening(corpus) -> None:
    one, two, _ids = corpus
    assert at.article_tags(one) == []
    assert at.tag_article(one, "Topic/Energy") == []
    at.tag_article(one, "topic/energy")  # already there, whatever the case
    assert at.article_tags(one) == ["Topic/Energy"]
    assert at.untag_article(one, "TOPIC/ENERGY") == ["Topic/Energy"]
    assert at.article_tags(one) == []
    assert at.screening_decision(two) == at.SCREENING_INCLUDE
    at.set_article_tags(two, at.with_screening(at.article_tags(two), at.SCREENING_EXCLUDE))
    assert at.article_tags(two) == ["screening/exclude"]
    at.set_article_tags(one, ["screening/include"])
    assert at.article_ids_with_tag("Screening") == [one, two]
    assert at.article_ids_with_tag("screening/include") == [one]
    assert at.with_screening(["A", "screening/include"], None) == ["A"]
    with pytest.raises(NotFound):
        at.set_article_tags(9999, ["X"])
    with pytest.raises(LibraryError, match="not a tag name"):
        at.set_article_tags(one, ["//"])
    assert at.article_tags(one) == ["screening/include"]  # the refused change left no trace


def test_a_tag_with_a_non_ascii_capital_is_found_again(library) -> None:
    # SQLite's lower() folds ASCII only: "Émile" once failed to find itself on second use.
    from models.tags import ensure_tag, find_tag

    first = ensure_tag("People/Émile")
    assert ensure_tag("People/Émile") == first
    assert ensure_tag("people/émile") == first
    found = find_tag("PEOPLE/ÉMILE")
    assert found is not None and found.path == "People/Émile"
    assert Tag.select().count() == 1
