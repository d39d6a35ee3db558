"""Which dataset column holds which article field: found by name, or as the user says.

Names match case-insensitively, ignoring spaces, underscores and hyphens, so `Publish Date`,
`publish_date` and `publish-date` are one name. The user's `--map FIELD=COLUMN` wins over the
synonyms, and `--map FIELD=` says a field has no column at all (say, a `description` that is
not a lead).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from importers.draft import ImportFailure

FIELDS = ("title", "date", "text", "lead", "url", "source", "author")
# Synonyms in order of preference, already normalised.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "date": (
        "date",
        "published",
        "publishdate",
        "pubdate",
        "publishedat",
        "publicationdate",
        "datetime",
    ),
    "text": ("text", "body", "content", "article", "fulltext", "articletext", "bodytext"),
    "lead": ("lead", "subtitle", "standfirst", "description", "summary"),
    "url": ("url", "link", "articlesourcelink", "canonicalurl"),
    "source": ("source", "outlet", "publisher", "site", "newspaper", "media"),
    "author": ("author", "byline", "authors"),
}
KNOWN_NAMES = frozenset(name for names in SYNONYMS.values() for name in names)
ATTRIBUTE_PREFIX = "attr:"  # --map attr:NAME=COLUMN: a column becomes an article variable
# A variable's name: letters, digits, _ . - (it must survive attr:NAME=VALUE and a CSV header).
ATTRIBUTE_NAME = re.compile(r"[^\W][\w.\-]*")
OPTION_KEY = "map"  # the key under which parse() options carry a ColumnMap
_SEPARATORS = re.compile(r"[\s_\-]+")
_MAX_LISTED = 20
_MAX_NAME = 40


def _field_key(field: str) -> str:
    """Fields are case-insensitive; a variable keeps its name's case (attr:Country)."""
    if field.lower().startswith(ATTRIBUTE_PREFIX):
        return ATTRIBUTE_PREFIX + field[len(ATTRIBUTE_PREFIX) :].strip()
    return field.lower()


def normalise(name: str) -> str:
    return _SEPARATORS.sub("", name).casefold()


@dataclass(frozen=True)
class ColumnMap:
    """The user's choices, field -> column name ("" for none); fields not named use synonyms.

    Frozen and hashable, so the window can keep one per import without copying.
    """

    overrides: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, specs: Iterable[str]) -> ColumnMap:
        """From `FIELD=COLUMN` strings; ValueError with a plain reason for a bad one."""
        chosen: dict[str, str] = {}
        for spec in specs:
            field, equals, column = spec.partition("=")
            field = _field_key(field.strip())
            if not equals or not field:
                raise ValueError(f"expected FIELD=COLUMN, got '{spec}'")
            if field.startswith(ATTRIBUTE_PREFIX):
                if not ATTRIBUTE_NAME.fullmatch(field.removeprefix(ATTRIBUTE_PREFIX)):
                    raise ValueError(
                        f"'{field}' in '{spec}' needs a variable name (letters, digits, _ . -)"
                    )
            elif field not in FIELDS:
                known = ", ".join(FIELDS)
                raise ValueError(f"unknown field '{field}' in '{spec}' (fields: {known})")
            if field in chosen:
                raise ValueError(f"field '{field}' is mapped twice")
            chosen[field] = column.strip()
        return cls(tuple(chosen.items()))

    @classmethod
    def from_options(cls, options: Mapping[str, object] | None) -> ColumnMap:
        """The map carried in parse() options: a ColumnMap, or FIELD=COLUMN strings."""
        value = (options or {}).get(OPTION_KEY)
        if value is None or isinstance(value, ColumnMap):
            return value or cls()
        try:
            if isinstance(value, str):
                return cls.parse([value])
            if isinstance(value, Mapping):
                return cls.parse(f"{field}={column}" for field, column in value.items())
            if isinstance(value, Iterable):
                return cls.parse(str(spec) for spec in value)
        except ValueError as exc:
            raise ImportFailure(f"--map: {exc}") from None
        raise ImportFailure(f"bad column map option: {value!r}")

    def resolve(self, columns: Sequence[str]) -> dict[str, str]:
        """field -> the column that holds it, for the fields this table has."""
        by_name: dict[str, str] = {}
        for name in columns:
            by_name.setdefault(normalise(name), name)
        result: dict[str, str] = {}
        for field, wanted in self.overrides:
            if not wanted:
                continue
            found = wanted if wanted in columns else by_name.get(normalise(wanted))
            if found is None:
                raise ImportFailure(
                    f"no column '{wanted}' for --map {field}={wanted} (columns: {listing(columns)})"
                )
            result[field] = found
        taken = set(result.values())
        named = {field for field, _ in self.overrides}
        for field in FIELDS:
            if field in named:
                continue
            for synonym in SYNONYMS[field]:
                match = by_name.get(synonym)
                if match is not None and match not in taken:
                    result[field] = match
                    taken.add(match)
                    break
        return result


def listing(columns: Sequence[str]) -> str:
    """Column names for a message, cut short for very wide tables."""
    shown = ", ".join(_short(c) for c in columns[:_MAX_LISTED]) or "none"
    return shown + (f", … ({len(columns)} in all)" if len(columns) > _MAX_LISTED else "")


def _short(name: str) -> str:
    name = " ".join(name.split())  # a message stays one line, whatever the header holds
    return name if len(name) <= _MAX_NAME else name[: _MAX_NAME - 1] + "…"
