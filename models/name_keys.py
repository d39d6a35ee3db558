"""Names that match ignoring case (outlets and their aliases, coders), decided in Python.

SQLite's NOCASE folds ASCII letters only ("ÄRZTE" is not "Ärzte"), PostgreSQL's nocase
collation all of Unicode and more (ignorable characters, compatibility forms). So neither
database is asked whether two names match: the key is made here (NFC, then Unicode case
folding: "ΣΟΦΊΑ", "σοφία" and "Σοφίας"'s final ς match as a researcher expects), and SQL
compares the exact spellings found. Names are few (outlets, coders), so looking at all of them
costs little.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def name_key(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def spellings_of(name: str, known: Iterable[str]) -> list[str]:
    """The spellings among `known` that are `name` ignoring case, in code point order."""
    key = name_key(name)
    return sorted({spelling for spelling in known if name_key(spelling) == key})


def containing(fragment: str, known: Iterable[str]) -> list[str]:
    """The spellings among `known` that hold `fragment` ignoring case, in code point order."""
    key = name_key(fragment)
    return sorted({spelling for spelling in known if key in name_key(spelling)})


def counts_by_name(counts: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """(spelling, count) pairs with the spellings of one name added up, each name shown by its
    first spelling in code point order, in key order (A to Z ignoring case)."""
    found: dict[str, tuple[str, int]] = {}
    for spelling, count in counts:
        key = name_key(spelling)
        shown, total = found.get(key, (spelling, 0))
        found[key] = (min(shown, spelling), total + count)
    return [found[key] for key in sorted(found)]
