"""Tags: slash-separated paths that form the codebook's hierarchy."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from peewee import JOIN, fn

from models import changes
from models.colors import normalize_color
from models.errors import LibraryError, saving
from models.export_sql import TAG_JOINER
from models.schema import AnnotationTag, Tag, database, tuples

SEPARATOR = "/"


@dataclass(frozen=True)
class TagInfo:
    id: int
    path: str
    color: str
    description: str
    annotations: int


def normalize_tag_path(path: str) -> str:
    """'  Actors / Russia ' → 'Actors/Russia'; raises ValueError when nothing is left, or for a
    control character or the CSV export's tag separator '; ' (the export could not be split)."""
    segments = [" ".join(part.split()) for part in path.split(SEPARATOR)]
    cleaned = SEPARATOR.join(seg for seg in segments if seg)
    if not cleaned:
        raise ValueError(f"'{path}' is not a tag name")
    control = next((c for c in cleaned if unicodedata.category(c) == "Cc"), None)
    if control is not None:
        raise ValueError(
            f"tag names cannot hold control characters ({cleaned!r} holds U+{ord(control):04X})"
        )
    if TAG_JOINER in cleaned:
        raise ValueError(
            f"tag names cannot hold '; ', the CSV export's tag separator ({cleaned!r})"
        )
    return cleaned


def find_tag(path: str) -> Tag | None:
    """Tags match case-insensitively: 'russia' finds 'Russia', 'émile' finds 'Émile'.

    Compared in Python: SQLite's lower() folds ASCII only, so 'Émile' would miss itself and
    a second use would try to create it again. A codebook holds hundreds of tags, not millions.
    """
    key = normalize_tag_path(path).lower()
    return next((tag for tag in Tag.select() if tag.path.lower() == key), None)


@saving()
def ensure_tag(path: str, color: str = "grey") -> int:
    """The id of the tag at this path, created on first use."""
    return ensure_tag_entry(path, color)[0]


@saving()
def ensure_tag_entry(path: str, color: str = "grey") -> tuple[int, str]:
    """(id, stored path) of the tag at this path, created on first use: the stored path may
    differ in case from the one asked for ('russia' finds 'Russia')."""
    with database.atomic():
        existing = find_tag(path)
        if existing is not None:
            return int(existing.id), str(existing.path)
        normal = normalize_tag_path(path)
        created = int(Tag.create(path=normal, color=normalize_color(color)).id)
        changes.record("codebook")
        return created, normal


def tag_key(path: str) -> str:
    """What tells tags apart: the normalised path, lower-cased ('Actors/Russia' and
    ' actors / russia' are one tag). A bad path (empty, a blank level) raises LibraryError."""
    try:
        return normalize_tag_path(path).lower()
    except ValueError as exc:
        raise LibraryError(str(exc)) from exc


def ensure_tag_entries(paths: Iterable[str]) -> dict[str, tuple[int, str]]:
    """Each path's key (tag_key) → (tag id, stored path), each tag once, in the order given;
    new paths become tags."""
    found: dict[str, tuple[int, str]] = {}
    for path in paths:
        key = tag_key(path)
        if key not in found:
            found[key] = ensure_tag_entry(path)
    return found


def ensure_tags(paths: Iterable[str]) -> list[int]:
    """The ids of the tags at these paths, each once, in order; new paths become tags."""
    return [tag_id for tag_id, _path in ensure_tag_entries(paths).values()]


def tag_ids_with_descendants(path: str) -> list[int]:
    """The tag and every tag below it ('Actors' → 'Actors', 'Actors/Russia', …)."""
    normal = normalize_tag_path(path).lower()
    lowered = fn.lower(Tag.path)
    query = Tag.select(Tag.id).where(
        (lowered == normal) | (fn.substr(lowered, 1, len(normal) + 1) == normal + SEPARATOR)
    )
    return [row.id for row in query]


def list_tags() -> list[TagInfo]:
    count = fn.COUNT(AnnotationTag.annotation)
    query = (
        Tag.select(Tag.id, Tag.path, Tag.color, Tag.description, count.alias("n"))
        .join(AnnotationTag, on=(AnnotationTag.tag == Tag.id), join_type=JOIN.LEFT_OUTER)
        .group_by(Tag.id)
        .order_by(fn.lower(Tag.path))
    )
    return [TagInfo(*row) for row in tuples(query)]


def recent_tags(limit: int = 9, scan: int = 2000) -> list[str]:
    """The tags of the newest tagged annotations, newest first, each once: what a coder
    reaches for next. Reads the `scan` newest tag uses backwards along the key's index."""
    query = (
        AnnotationTag.select(Tag.path)
        .join(Tag, on=(AnnotationTag.tag == Tag.id))
        .order_by(AnnotationTag.annotation.desc())
        .limit(scan)
    )
    found: dict[str, None] = {}
    for (path,) in tuples(query):
        found.setdefault(path, None)
        if len(found) == limit:
            break
    return list(found)
