import pytest

from models import annotating, annotation_edits
from models.annotating import (
    AnnotationRecord,
    NewAnnotation,
    QuoteNotFound,
    annotate_quote,
    create_annotation,
    list_annotations,
)
from models.annotation_edits import delete_annotation, update_annotation
from models.articles import article_text
from models.errors import LibraryError, NotFound
from models.schema import Tag
from models.tags import list_tags, normalize_tag_path, tag_ids_with_descendants

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

EMOJI_ARTICLE = ("Crowds 😀👍🏽 cheered the café owner José.", "Then 🇺🇦 flags: e\u0301 here.")


def test_offsets_are_code_points_with_emoji_before(add_article) -> None:
    article = add_article(*EMOJI_ARTICLE)
    mark = annotate_quote(article, "café owner")
    text = article_text(article)
    assert text[mark.start : mark.end] == mark.quote == "café owner"
    assert mark.start == len("Crowds 😀👍🏽 cheered the ")


def test_quote_across_paragraphs_contains_the_blank_line(add_article) -> None:
    article = add_article(*EMOJI_ARTICLE)
    mark = annotate_quote(article, "José.\n\nThen 🇺🇦")
    assert article_text(article)[mark.start : mark.end] == "José.\n\nThen 🇺🇦"


def test_decomposed_quote_matches_the_nfc_text(add_article) -> None:
    article = add_article(*EMOJI_ARTICLE)
    mark = annotate_quote(article, "e\u0301 here")  # the canonical text holds "é here"
    assert mark.quote == "\u00e9 here"


def test_prefix_and_suffix_hold_32_characters(add_article) -> None:
    article = add_article("x" * 40 + "TARGET" + "y" * 40)
    mark = annotate_quote(article, "TARGET")
    assert (mark.prefix, mark.suffix) == ("x" * 32, "y" * 32)


def test_nth_occurrence_and_overlaps(add_article) -> None:
    article = add_article("the cat and the cat and the cat")
    assert annotate_quote(article, "the cat", 3).start == 24
    first = annotate_quote(article, "the cat and the")
    second = annotate_quote(article, "cat and")
    assert first.start < second.start < first.end  # overlapping highlights are allowed
    assert [m.start for m in list_annotations(article)] == [0, 4, 24]


@pytest.mark.parametrize(("quote", "occurrence"), [("dog", 1), ("cat", 4), ("", 1)])
def test_missing_quote_is_reported(add_article, quote: str, occurrence: int) -> None:
    article = add_article("the cat and the cat and the cat")
    with pytest.raises(QuoteNotFound):
        annotate_quote(article, quote, occurrence)
    assert list_annotations(article) == []


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (3, 3), (5, 2), (0, 999)])
def test_ranges_outside_the_text_are_refused(add_article, start: int, end: int) -> None:
    article = add_article("short text")
    with pytest.raises(LibraryError):
        create_annotation(article, start, end)


def test_unknown_article_and_colour(add_article) -> None:
    with pytest.raises(NotFound):
        annotate_quote(999, "x")
    article = add_article("some text")
    with pytest.raises(LibraryError, match="unknown colour"):
        annotate_quote(article, "some", color="teal")


def test_tags_are_created_once_and_matched_case_insensitively(add_article) -> None:
    article = add_article("alpha beta gamma")
    annotate_quote(article, "alpha", tags=["Actors/Russia", " actors / russia "])
    annotate_quote(article, "beta", tags=["actors/RUSSIA", "Frames"])
    assert [(t.path, t.annotations) for t in list_tags()] == [
        ("Actors/Russia", 2),
        ("Frames", 1),
    ]


def test_descendants_of_a_tag(add_article) -> None:
    article = add_article("alpha beta")
    annotate_quote(article, "alpha", tags=["Actors/Russia", "Actors/USA/State", "Actorsish"])
    ids = tag_ids_with_descendants("actors")
    paths = {Tag.get_by_id(i).path for i in ids}
    assert paths == {"Actors/Russia", "Actors/USA/State"}


@pytest.mark.parametrize("bad", ["", "/", " / / "])
def test_empty_tag_paths_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        normalize_tag_path(bad)


def test_get_annotations_reads_just_those_like_list_annotations(add_article) -> None:
    article = add_article(*EMOJI_ARTICLE)
    other = add_article("Another article with words.")
    marks = [
        annotate_quote(article, "cheered", tags=["Frames/b", "Actors", "frames/A"]),
        annotate_quote(article, "Crowds", note="first"),
        annotate_quote(article, "flags", color="green", tags=["Actors/Russia"]),
        annotate_quote(other, "words"),
    ]
    gone = delete_annotation(marks[1].id).id
    wanted = [marks[2].id, gone, marks[0].id, marks[3].id]
    by_id = {a.id: a for a in list_annotations(article) + list_annotations(other)}
    got = annotating.get_annotations(wanted)
    assert [a.id for a in got] == [marks[0].id, marks[3].id, marks[2].id]  # by start, end, id
    assert got == [by_id[a.id] for a in got]  # tags (in the same order) and all
    assert annotating.get_annotations([]) == []
    assert annotating.count_annotations(article) == 2
    assert annotating.count_annotations(other) == 1


def test_writes_return_what_they_stored_without_reading_it_back(
    add_article, statements_during
) -> None:
    article = add_article("Officials denied the report on Monday.")
    annotate_quote(article, "report", tags=["Frames/Denial"])  # the tag exists, in this case
    made: list[AnnotationRecord] = []
    sent = statements_during(
        lambda: made.append(
            create_annotation(article, 0, 9, note="n", color="Blue", tags=["frames/denial", "B"])
        )
    )
    assert not [s for s in sent if s.lstrip().upper().startswith("SELECT") and "annotation" in s]
    assert made[0] == annotating.get_annotation(made[0].id)
    assert made[0].tags == ("B", "Frames/Denial")  # as stored, in list_annotations' order

    edited: list[AnnotationRecord] = []
    sent = statements_during(
        lambda: edited.append(update_annotation(made[0].id, note="m", tags=["A"]))
    )
    assert not [s for s in sent if s.lstrip().upper().startswith("SELECT") and "annotation" in s]
    assert edited[0] == annotating.get_annotation(made[0].id)
    assert update_annotation(made[0].id, color="pink") == annotating.get_annotation(made[0].id)


def test_a_batch_is_one_transaction_and_undoes_as_one(add_article, statements_during) -> None:
    first = add_article("alpha beta gamma")
    second = add_article("delta epsilon")
    batch = [
        NewAnnotation(first, 0, 5, tags=("T",)),
        NewAnnotation(second, 6, 13, color="green"),
        NewAnnotation(first, 6, 10, tags=("t", "U")),
    ]
    sent: list[list[AnnotationRecord]] = []
    statements = statements_during(lambda: sent.append(annotating.create_annotations(batch)))
    assert sum(s.upper().startswith("BEGIN") for s in statements) == 1
    made = sent[0]
    assert [(m.article_id, m.quote, m.tags) for m in made] == [
        (first, "alpha", ("T",)),
        (second, "epsilon", ()),
        (first, "beta", ("T", "U")),
    ]
    assert list_annotations(first) + list_annotations(second) == [made[0], made[2], made[1]]
    bad = [NewAnnotation(first, 0, 5), NewAnnotation(second, 0, 999)]
    with pytest.raises(LibraryError):
        annotating.create_annotations(bad)  # all or none
    assert len(list_annotations(first)) == 2
    assert (
        sorted(annotation_edits.delete_annotations([m.id for m in made]), key=lambda r: r.id)
        == made
    )
    assert list_annotations(first) == list_annotations(second) == []
    assert annotation_edits.restore_annotations(made) == made
    assert list_annotations(first) + list_annotations(second) == [made[0], made[2], made[1]]


def test_an_id_is_never_given_twice_after_a_delete(add_article, library) -> None:
    from models.db import close_library, open_library

    article = add_article("the cat and the dog")
    first = annotate_quote(article, "cat")
    last = annotate_quote(article, "dog")
    annotation_edits.delete_annotation(last.id)  # the highest id goes (an undo of a highlight)
    close_library()  # and the rule holds in a later session
    open_library(library)
    again = annotate_quote(article, "dog")
    assert again.id > last.id > first.id
    restored = annotation_edits.restore_annotation(last)  # an undo of a delete keeps the id
    assert restored.id == last.id
    assert annotate_quote(article, "the").id > again.id


def test_one_highlight_reads_only_its_window_yet_matches_a_batchs_selectors(add_article) -> None:
    """A single highlight's quote and context come from SQLite's substr (code points, like
    Python's slices): the same selectors a batch makes from the whole text, emoji included."""
    article = add_article("👩‍🔬 Officials 🇺🇦 denied the report.", "Critics 😀 disagreed at once.")
    text = article_text(article)
    ranges = [(0, 1), (0, 5), (3, 12), (len(text) - 6, len(text)), (10, len(text) - 2)]
    for start, end in ranges:
        one = annotating.create_annotations([NewAnnotation(article, start, end)])[0]
        both = annotating.create_annotations(
            [NewAnnotation(article, start, end), NewAnnotation(article, 0, 1)]
        )[0]
        picked = (one.quote, one.prefix, one.suffix)
        assert picked == (both.quote, both.prefix, both.suffix)
        assert one.quote == text[start:end]
    with pytest.raises(LibraryError, match="not inside the text"):
        annotating.create_annotations([NewAnnotation(article, 5, len(text) + 1)])
