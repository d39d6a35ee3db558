"""Hits found in Python, with the index's own words (models.folding).

For a server library, whose index (tsvector) cannot mark where in a text a word matched: the
same words FTS5 would match — a query term's words in a row, the last one a prefix for
`word*` — located in the text (snippets: models.snippets).
"""

from __future__ import annotations

from models.folding import FOLDING
from models.query_parser import Node, positive_terms

Term = tuple[list[str], bool]  # the term's words, and whether the last is a prefix


def query_terms(root: Node | None) -> list[Term]:
    return [(FOLDING.tokens(t.text), t.prefix) for t in positive_terms(root)]


def hit_ranges(text: str, terms: list[Term]) -> list[tuple[int, int]]:
    """Where the terms occur in `text`, as [start, end) code-point ranges in text order."""
    spans = FOLDING.token_spans(text)
    words = [w for _, _, w in spans]
    found: set[tuple[int, int]] = set()  # (first, last) token index of each occurrence
    for term_words, prefix in terms:
        if not term_words:
            continue
        size = len(term_words)
        for i in range(len(words) - size + 1):
            if words[i : i + size - 1] != term_words[:-1]:
                continue
            word = words[i + size - 1]
            if word == term_words[-1] or (prefix and word.startswith(term_words[-1])):
                found.add((i, i + size - 1))
    merged: list[tuple[int, int]] = []
    for first, last in sorted(
        found
    ):  # token indexes  # a phrase is one range; overlapping ones are joined
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return [(spans[a][0], spans[b][1]) for a, b in merged]
