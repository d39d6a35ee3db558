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

from models.errors import LibraryError, saving
from models.json_output import JsonRecord
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


class OutletNamer:
    """Canonical outlet names during one import transaction (`conn`: its connection)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._known: dict[str, str] = {}

    def name(self, outlet: str) -> str:
        if not outlet:
            return outlet
        key = outlet.lower()
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = self._resolve(outlet)
        return found

    def _one(self, sql: str, *params: str) -> str | None:
        row = self._conn.execute(sql, params).fetchone()
        return None if row is None else str(row[0])

    def _resolve(self, outlet: str) -> str:
        alias = self._one(
            "SELECT canonical FROM outlet_alias WHERE alias = ? COLLATE NOCASE", outlet
        )
        if alias is not None:
            return alias
        same = self._one(
            "SELECT source FROM article WHERE source = ? COLLATE NOCASE LIMIT 1", outlet
        )
        if same is not None:
            return same
        if is_domain(outlet):
            label = domain_name(outlet)
            for candidate in (label, f"the {label}"):
                named = self._one(
                    "SELECT source FROM article WHERE source = ? COLLATE NOCASE LIMIT 1",
                    candidate,
                )
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
        database.execute_sql(
            "SELECT MIN(source), COUNT(*) FROM article WHERE trim(source) != '' "
            "GROUP BY source COLLATE NOCASE"
        ).fetchall()
    )
    aliases: dict[str, list[str]] = {}
    for alias, canonical in tuples(OutletAlias.select(OutletAlias.spelling, OutletAlias.canonical)):
        aliases.setdefault(canonical, []).append(alias)
    names = sorted(set(counts) | set(aliases), key=str.lower)
    return [
        Outlet(name, int(counts.get(name, 0)), tuple(sorted(aliases.get(name, []), key=str.lower)))
        for name in names
    ]


@saving()
def set_alias(alias: str, canonical: str) -> int:
    """Make `alias` a spelling of `canonical` and rename its articles; returns how many."""
    alias, canonical = without_nul(alias).strip(), without_nul(canonical).strip()
    if not alias or not canonical:
        raise LibraryError("an outlet alias needs a name and the outlet it stands for")
    if alias.lower() == canonical.lower():
        raise LibraryError(f"'{alias}' cannot be an alias of itself")
    with database.atomic():
        OutletAlias.insert(spelling=alias, canonical=canonical).on_conflict(
            conflict_target=[OutletAlias.spelling], update={OutletAlias.canonical: canonical}
        ).execute()
        # Aliases of the alias now point at the outlet too: no chains.
        OutletAlias.update(canonical=canonical).where(OutletAlias.canonical == alias).execute()
        cursor = database.execute_sql(
            "UPDATE article SET source = ? WHERE source = ? COLLATE NOCASE", (canonical, alias)
        )
        return int(cursor.rowcount)


@saving()
def remove_alias(alias: str) -> bool:
    """Forget an alias (articles keep the name they have); False if there was none."""
    return bool(OutletAlias.delete().where(OutletAlias.spelling == alias.strip()).execute())
