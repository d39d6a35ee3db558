"""Outlet names: one outlet, one name, whether an import met it as "BBC" or "bbc.co.uk".

On import each article's outlet goes through `OutletNamer`: the alias table first, then the
spelling already in the library (any case), then, for a domain, an outlet whose name is the
domain's name ("bbc.co.uk" -> "BBC"); a site name met after its domain takes the domain's
articles over. What it learns is added to the alias table, which the user can edit (the CLI's
`outlets`, the window's outlet editor).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from models.backend import backend
from models.errors import LibraryError, saving
from models.json_output import JsonRecord
from models.name_keys import counts_by_name, name_key, spellings_of
from models.schema import OutletAlias, database, tuples
from models.text import without_nul

_DOMAIN = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$")
_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")
# Labels at the end of a host that name no outlet (public suffixes, in the common cases).
_SUFFIXES = frozenset(
    "com net org info biz news co ac gov edu uk ie de fr es it nl be ch at se no dk fi pl pt "
    "cn jp kr in au nz za ca us ru br mx ar tv io eu".split()
)


def is_domain(name: str) -> bool:
    return bool(_DOMAIN.match(name.strip().lower()))


def domain_name(domain: str) -> str:
    """The label that names the outlet: "www.bbc.co.uk" -> "bbc", "dw.com" -> "dw"."""
    host = domain.strip().lower()
    for prefix in _HOST_PREFIXES:
        host = host.removeprefix(prefix)
    labels = host.split(".")
    while len(labels) > 1 and labels[-1] in _SUFFIXES:
        labels.pop()
    return labels[-1]


_LIKE_SPECIAL = re.compile(r"[\\%_]")


class OutletNamer:
    """Canonical outlet names during one import transaction (`conn`: its connection)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._known: dict[str, str] = {}
        self._aliases: dict[str, str] | None = None  # by name_key, read once

    def name(self, outlet: str) -> str:
        if not outlet:
            return outlet
        key = name_key(outlet)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = self._resolve(outlet)
        return found

    def known(self, outlet: str) -> str | None:
        """The name `outlet` was given already, or None: `name` would look it up."""
        return self._known.get(name_key(outlet)) if outlet else outlet

    def _alias(self, outlet: str) -> str | None:
        if self._aliases is None:
            rows = self._conn.execute("SELECT alias, canonical FROM outlet_alias").fetchall()
            self._aliases = {name_key(alias): str(canonical) for alias, canonical in rows}
        return self._aliases.get(name_key(outlet))

    def _spelled(self, outlet: str) -> str | None:
        """The library's spelling of `outlet` (ignoring case: models.name_keys), if any; the
        first in code point order. The database finds candidates, Python decides: the NOCASE
        index's (all the spellings of an ASCII name); for another name, where SQLite's NOCASE
        finds too few, the sources with its ASCII letters in place (any character elsewhere)."""
        rows = self._conn.execute(
            "SELECT DISTINCT source FROM article WHERE source = ? COLLATE NOCASE", (outlet,)
        ).fetchall()
        found = spellings_of(outlet, (str(source) for (source,) in rows))
        if not found and not outlet.isascii():
            pattern = "".join(
                _LIKE_SPECIAL.sub(r"\\\g<0>", c) if c.isascii() else "_" for c in outlet
            )
            rows = self._conn.execute(
                f"SELECT DISTINCT source FROM article WHERE source {backend().like} ? ESCAPE '\\'",
                (pattern,),
            ).fetchall()
            found = spellings_of(outlet, (str(source) for (source,) in rows))
        return found[0] if found else None

    def _resolve(self, outlet: str) -> str:
        alias = self._alias(outlet)
        if alias is not None:
            return alias
        same = self._spelled(outlet)
        if same is not None:
            return same
        if is_domain(outlet):
            label = domain_name(outlet)
            for candidate in (label, f"the {label}"):
                named = self._spelled(candidate)
                if named is not None:
                    self._learn(outlet, named)
                    return named
            return outlet
        self._take_over_domains(outlet)
        return outlet

    def _take_over_domains(self, site_name: str) -> None:
        """A site name ("BBC") met after articles named by its domain ("bbc.co.uk"): those
        articles take the site name, and the domain becomes its alias."""
        full = re.sub(r"[^a-z0-9]", "", site_name.lower())
        for key in {full, full.removeprefix("the")} - {""}:
            rows = self._conn.execute(
                "SELECT DISTINCT source FROM article WHERE source LIKE ? ESCAPE '\\' "
                "OR source LIKE ? ESCAPE '\\'",
                (f"{key}.%", f"www.{key}.%"),
            ).fetchall()
            for (domain,) in rows:
                if is_domain(domain) and domain_name(domain) == key:
                    self._conn.execute(
                        "UPDATE article SET source = ? WHERE source = ?", (site_name, domain)
                    )
                    self._learn(domain, site_name)

    def _learn(self, alias: str, canonical: str) -> None:
        self._known[name_key(alias)] = canonical  # it may have resolved to itself before
        if self._aliases is not None:
            self._aliases.setdefault(name_key(alias), canonical)
        self._conn.execute(
            "INSERT INTO outlet_alias (alias, canonical) VALUES (?, ?) "
            "ON CONFLICT (alias) DO NOTHING",
            (alias, canonical),
        )


@dataclass(frozen=True)
class Outlet(JsonRecord):
    name: str
    articles: int
    aliases: tuple[str, ...]


def list_outlets() -> list[Outlet]:
    """Every outlet with its article count and aliases, A to Z (alias targets without
    articles too, so that the table can be read whole)."""
    counts: dict[str, int] = dict(
        counts_by_name(
            database.execute_sql(
                "SELECT source, COUNT(*) FROM article WHERE trim(source) != '' GROUP BY source"
            ).fetchall()
        )
    )
    aliases: dict[str, list[str]] = {}
    for alias, canonical in tuples(OutletAlias.select(OutletAlias.spelling, OutletAlias.canonical)):
        aliases.setdefault(canonical, []).append(alias)
    names = sorted(set(counts) | set(aliases), key=name_key)
    return [
        Outlet(name, int(counts.get(name, 0)), tuple(sorted(aliases.get(name, []), key=name_key)))
        for name in names
    ]


@saving()
def set_alias(alias: str, canonical: str) -> int:
    """Make `alias` a spelling of `canonical` and rename its articles; returns how many."""
    alias, canonical = without_nul(alias).strip(), without_nul(canonical).strip()
    if not alias or not canonical:
        raise LibraryError("an outlet alias needs a name and the outlet it stands for")
    if name_key(alias) == name_key(canonical):
        raise LibraryError(f"'{alias}' cannot be an alias of itself")
    with database.atomic():
        rows = list(tuples(OutletAlias.select(OutletAlias.spelling, OutletAlias.canonical)))
        _delete_aliases(spellings_of(alias, (spelling for spelling, _c in rows)))
        OutletAlias.insert(spelling=alias, canonical=canonical).on_conflict(
            conflict_target=[OutletAlias.spelling], update={OutletAlias.canonical: canonical}
        ).execute()
        # Aliases of the alias now point at the outlet too: no chains.
        chained = spellings_of(alias, (c for _s, c in rows))
        OutletAlias.update(canonical=canonical).where(OutletAlias.canonical.in_(chained)).execute()
        sources = (s for (s,) in database.execute_sql("SELECT DISTINCT source FROM article"))
        renamed = 0
        for spelling in spellings_of(alias, sources):
            cursor = database.execute_sql(
                "UPDATE article SET source = ? WHERE source = ?", (canonical, spelling)
            )
            renamed += int(cursor.rowcount)
        return renamed


def _delete_aliases(spellings: list[str]) -> int:
    """The aliases spelled so (the spellings of one name: the column's own case-insensitive
    collation then finds no other, as one name keeps one spelling)."""
    return int(OutletAlias.delete().where(OutletAlias.spelling.in_(spellings)).execute())


@saving()
def remove_alias(alias: str) -> bool:
    """Forget an alias (articles keep the name they have); False if there was none."""
    known = (s for (s,) in tuples(OutletAlias.select(OutletAlias.spelling)))
    return bool(_delete_aliases(spellings_of(alias.strip(), known)))
