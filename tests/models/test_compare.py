from __future__ import annotations

import pytest

from models.annotating import create_annotation, list_annotations
from models.compare import Disagreement, accept_version, coders_in, disagreements
from models.errors import LibraryError

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


def test_disagreements_are_the_stretches_where_coders_split(add_article) -> None:
    article = add_article("Alpha beta gamma delta epsilon.")
    create_annotation(article, 0, 10, tags=["War"], coder="ann")  # Alpha beta
    create_annotation(article, 0, 5, tags=["War"], coder="bob")  # Alpha
    create_annotation(article, 11, 16, tags=["Peace"], coder="bob")  # gamma
    create_annotation(article, 11, 16, tags=["Peace"], coder="cy")
    assert coders_in(article) == ["ann", "bob", "cy"]
    assert disagreements(article, ["ann", "bob"]) == [
        Disagreement("War", 5, 10, ("ann",)),
        Disagreement("Peace", 11, 16, ("bob",)),
    ]
    assert disagreements(article, ["bob", "cy"]) == [Disagreement("War", 0, 5, ("bob",))]
    text = "Alpha beta gamma delta epsilon."
    line = Disagreement("War", 5, 10, ("ann",)).describe(text, ["ann", "bob"])
    assert line == "War: ann not bob — ' beta'"


def test_accepting_a_version_copies_it_to_the_consensus_coder(add_article) -> None:
    article = add_article("Alpha beta gamma.")
    create_annotation(article, 0, 5, tags=["War", "A/b"], coder="ann", note="n")
    create_annotation(article, 6, 10, tags=["War"], coder="bob")
    first = accept_version(article, "ann")
    assert [(m.coder, m.quote, m.tags, m.note) for m in first] == [
        ("consensus", "Alpha", ("A/b", "War"), "n")
    ]
    second = accept_version(article, "bob")  # replaces the consensus, leaves the coders alone
    assert [(m.coder, m.quote) for m in second] == [("consensus", "beta")]
    assert sorted(m.coder for m in list_annotations(article)) == ["ann", "bob", "consensus"]
    with pytest.raises(LibraryError, match="no annotation"):
        accept_version(article, "zed")
