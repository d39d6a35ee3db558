"""PostgreSQL's search index input, made in Python with FTS5's tokenizer (models.folding).

A `tsvector` literal lists each word with its positions; built here rather than by
to_tsvector(), whose parser and dictionaries split and fold words otherwise than FTS5, so a
query finds the same articles on both backends. Title words carry weight A (ranked higher, as
FTS5's bm25 weighs the title five times) and sit apart from the text's, so no phrase runs from
the title into the text. A query's words become a `tsquery` literal the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from models.folding import FOLDING

# tsvector's limits: positions above 16383 count as 16383; a word is at most 2046 bytes.
_MAX_POSITION = 16383
_MAX_WORD_BYTES = 2046
# A word no text yields (tokens hold no spaces): what a query term without words looks for.
NO_WORD = "' '"


def quoted(word: str) -> str:
    """A word as a tsvector/tsquery lexeme literal (words hold no quote: they are letters and
    digits; escaped anyway)."""
    if "'" not in word and "\\" not in word:
        return f"'{word}'"
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def search_vector(*columns: str, first_weight: str = "") -> str:
    """The tsvector literal of these columns' words, each column's positions after the last's
    (with a gap); the first column's positions get `first_weight` (e.g. "A" for a title)."""
    return vector_and_length(*columns, first_weight=first_weight)[0]


def vector_and_length(*columns: str, first_weight: str = "") -> tuple[str, int]:
    """search_vector's literal, and its length as the server counts it (all the positions it
    keeps: a word's first 256, those past the last position merged into one), which the
    server's ranking then needs not work out from the vector (models.search_rank_pg)."""
    positions: dict[str, list[str]] = {}
    start = 0
    for index, column in enumerate(columns):
        weight = first_weight if index == 0 else ""
        words = FOLDING.tokens(column)
        for offset, word in enumerate(words, start + 1):
            found = positions.get(word)
            if found is None:
                positions[word] = found = []
            if len(found) < 256:  # tsvector keeps 256 positions of a word
                found.append(f"{offset if offset < _MAX_POSITION else _MAX_POSITION}{weight}")
        start += len(words) + 1
    kept = [
        (word, found)
        for word, found in positions.items()
        if len(word) * 4 <= _MAX_WORD_BYTES or len(word.encode()) <= _MAX_WORD_BYTES
    ]
    if start <= _MAX_POSITION:  # (the last column's last position is start - 1)
        length = sum(len(found) for _, found in kept)
    else:  # positions the same once capped count once
        length = sum(len({p.rstrip(first_weight or " ") for p in found}) for _, found in kept)
    return " ".join(f"{quoted(word)}:{','.join(found)}" for word, found in kept), length


def phrase_query(text: str, prefix: bool) -> str:
    """A tsquery literal for FTS5's `"text"` (`"text" *` with `prefix`): its words in a row."""
    words = FOLDING.tokens(text)
    if not words:
        return NO_WORD
    parts = [quoted(w) for w in words]
    if prefix:
        parts[-1] += ":*"
    return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


def any_of(parts: Iterable[str]) -> str:
    return "(" + " | ".join(parts) + ")"


def all_of(parts: Iterable[str]) -> str:
    return "(" + " & ".join(parts) + ")"
