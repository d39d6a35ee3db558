"""The codebook: the tag tree with its usage counts, and the edits coders make to it for weeks.

Every edit runs in one transaction and returns a `Snapshot` of every row it could touch, taken
before the change. `restore_snapshot(before)` undoes the edit exactly (tag ids included), and
`capture(before.scope)` taken just after it gives the state a redo restores, so later undo steps
that name tag ids stay valid. Edits accept a tag id or, for a group that exists only through its
subtags ("Actors" above "Actors/Russia"), its path: such a group gets a row of its own first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from models import changes
from models.batches import batches
from models.colors import normalize_color
from models.conflicts import check_tag
from models.errors import LibraryError, NotFound, WriteFailed, saving
from models.schema import ArticleTag, Tag, database, tuples
from models.tag_snapshots import Snapshot, TagRow, capture, restore_snapshot
from models.tags import SEPARATOR, normalize_tag_path
from models.text import without_nul

__all__ = [
    "Affected",
    "HasSubtags",
    "Snapshot",
    "TagNode",
    "TagRef",
    "capture",
    "codebook",
    "count_affected",
    "create_tag",
    "delete_tag",
    "edit_together",
    "merge_tags",
    "rename_tag",
    "reparent_tag",
    "restore_snapshot",
    "set_tag_color",
    "set_tag_description",
]

TagRef = int | str  # a tag id, or the path of a tag or of a group known only by its subtags


class HasSubtags(LibraryError):
    """Deleting a tag that has subtags needs with_children=True (the window asks first)."""


@dataclass(frozen=True)
class TagNode:
    """One node of the tree; `id` is None for a group that only its subtags imply."""

    id: int | None
    path: str
    color: str
    description: str
    annotations: int  # annotations carrying this very tag
    articles: int  # distinct articles using it, on an annotation or as an article tag
    total_annotations: int  # with its subtags, each annotation counted once
    total_articles: int

    @property
    def name(self) -> str:
        return self.path.rsplit(SEPARATOR, 1)[-1]

    @property
    def parent_path(self) -> str | None:
        return self.path.rsplit(SEPARATOR, 1)[0] if SEPARATOR in self.path else None

    @property
    def key(self) -> str:
        return self.path.lower()


@dataclass(frozen=True)
class Affected:
    """What deleting a tag (and its subtags) would take away; the annotations themselves stay."""

    tags: int
    annotations: int
    articles: int
    article_tags: int


def sort_key(path: str) -> tuple[str, ...]:
    """Segment by segment, ignoring case: a tag's subtags follow it directly."""
    return tuple(segment.lower() for segment in path.split(SEPARATOR))


def _ancestor_keys(key: str) -> list[str]:
    """'a/b/c' → ['a', 'a/b', 'a/b/c']."""
    parts = key.split(SEPARATOR)
    return [SEPARATOR.join(parts[: i + 1]) for i in range(len(parts))]


def codebook() -> list[TagNode]:
    """Every tag and implied group in tree order, with own and subtree counts."""
    rows = list(tuples(Tag.select(Tag.id, Tag.path, Tag.color, Tag.description)))
    key_of = {tag_id: path.lower() for tag_id, path, _c, _d in rows}
    own_annotations: dict[str, set[int]] = defaultdict(set)
    own_articles: dict[str, set[int]] = defaultdict(set)
    all_annotations: dict[str, set[int]] = defaultdict(set)
    all_articles: dict[str, set[int]] = defaultdict(set)
    links = database.execute_sql(
        "SELECT at.tag_id, at.annotation_id, a.article_id FROM annotation_tag AS at "
        "JOIN annotation AS a ON a.id = at.annotation_id"
    )
    for tag_id, annotation_id, article_id in links:
        key = key_of[tag_id]
        own_annotations[key].add(annotation_id)
        own_articles[key].add(article_id)
        for ancestor in _ancestor_keys(key):
            all_annotations[ancestor].add(annotation_id)
            all_articles[ancestor].add(article_id)
    for tag_id, article_id in tuples(ArticleTag.select(ArticleTag.tag, ArticleTag.article)):
        key = key_of[tag_id]
        own_articles[key].add(article_id)
        for ancestor in _ancestor_keys(key):
            all_articles[ancestor].add(article_id)

    spelled: dict[str, tuple[int | None, str, str, str]] = {}
    for tag_id, path, color, description in rows:
        spelled[path.lower()] = (tag_id, path, color, description)
    for _tag_id, path, _c, _d in rows:  # groups implied by deeper tags, spelled as they are
        segments = path.split(SEPARATOR)
        for depth in range(1, len(segments)):
            prefix = SEPARATOR.join(segments[:depth])
            spelled.setdefault(prefix.lower(), (None, prefix, "grey", ""))
    return [
        TagNode(
            tag_id,
            path,
            color,
            description,
            len(own_annotations[key]),
            len(own_articles[key]),
            len(all_annotations[key]),
            len(all_articles[key]),
        )
        for key, (tag_id, path, color, description) in sorted(
            spelled.items(), key=lambda item: sort_key(item[1][1])
        )
    ]


# --- reading rows ---------------------------------------------------------------------------
def _all_rows() -> list[TagRow]:
    query = tuples(Tag.select(Tag.id, Tag.path, Tag.color, Tag.description))
    return [TagRow(*row) for row in query]


def _in_subtree(path: str, root: str) -> bool:
    """Case-insensitive, like every tag lookup: 'actors/Russia' is under 'Actors'."""
    p, r = path.lower(), root.lower()
    return p == r or p.startswith(r + SEPARATOR)


def _subtree(rows: Iterable[TagRow], root: str) -> list[TagRow]:
    return [row for row in rows if _in_subtree(row.path, root)]


def _clean_path(path: str) -> str:
    try:
        return normalize_tag_path(path)
    except ValueError as exc:
        raise LibraryError(str(exc)) from exc


def _lookup(rows: list[TagRow], tag: TagRef) -> TagRow | None:
    """The row for an id or path, or None for a group implied by subtags (NotFound if neither)."""
    if isinstance(tag, int):
        found = next((row for row in rows if row.id == tag), None)
        if found is None:
            raise NotFound(f"no tag with id {tag}")
        return found
    key = _clean_path(tag).lower()
    found = next((row for row in rows if row.path.lower() == key), None)
    if found is None and not any(row.path.lower().startswith(key + SEPARATOR) for row in rows):
        raise NotFound(f"no tag named {tag}")
    return found


def _resolve(rows: list[TagRow], tag: TagRef, created: list[int]) -> TagRow:
    """The tag's row, giving an implied group a row of its own (call inside a transaction)."""
    found = _lookup(rows, tag)
    if found is not None:
        return found
    path = _clean_path(str(tag))
    spelled = next(r.path for r in rows if r.path.lower().startswith(path.lower() + SEPARATOR))
    row = TagRow(int(Tag.create(path=spelled[: len(path)]).id), spelled[: len(path)], "grey", "")
    created.append(row.id)
    rows.append(row)
    return row


def _begin(rows: list[TagRow], scope: Iterable[int], created: list[int]) -> Snapshot:
    """The snapshot before an edit: rows just created by `_resolve` were not there before."""
    before = capture(set(scope) - set(created))
    return before.widened(created)


def _set_paths(changes: dict[int, str]) -> None:
    """Rename many rows without tripping the unique index on a path that is being vacated.
    The stand-in starts with a control character, which no path may hold (not NUL, which
    PostgreSQL's text cannot)."""
    for tag_id in changes:
        Tag.update(path=f"\x01moving {tag_id}").where(Tag.id == tag_id).execute()
    for tag_id, path in changes.items():
        Tag.update(path=path).where(Tag.id == tag_id).execute()


def _move_links(source_id: int, target_id: int) -> None:
    """Everything tagged source becomes tagged target too, once."""
    for table, owner in (("annotation_tag", "annotation_id"), ("article_tag", "article_id")):
        database.execute_sql(
            f"INSERT INTO {table} ({owner}, tag_id) "
            f"SELECT {owner}, ? FROM {table} WHERE tag_id = ? ON CONFLICT DO NOTHING",
            (target_id, source_id),
        )


# --- edits ----------------------------------------------------------------------------------
@saving()
def create_tag(path: str, color: str = "grey", description: str = "") -> Snapshot:
    """A new, unused tag; its id is `snapshot.created[0]`. Refused if the path is taken."""
    path, color = _clean_path(path), _color(color)
    with database.atomic():
        existing = next((r for r in _all_rows() if r.path.lower() == path.lower()), None)
        if existing is not None:
            raise LibraryError(f"There is already a tag “{existing.path}”.")
        tag_id = int(Tag.create(path=path, color=color, description=without_nul(description)).id)
        changes.record("codebook")
        return Snapshot.empty().widened([tag_id])


@saving()
def rename_tag(tag: TagRef, new_path: str, seen: TagNode | None = None) -> Snapshot:
    """Rename a tag; its subtags move with it ('Actors/Russia/Kremlin' → 'States/…').
    `seen`: the tag as the user saw it; renamed by someone else since, the edit is refused
    (EditConflict). The same for every edit below."""
    new_path = _clean_path(new_path)
    with database.atomic():
        rows, created = _all_rows(), list[int]()
        row = _resolve(rows, tag, created)
        check_tag(row, seen, {"path": new_path}, "rename")
        moving = _subtree(rows, row.path)
        if _in_subtree(new_path, row.path) and new_path.lower() != row.path.lower():
            raise LibraryError(f"“{row.path}” cannot be moved under itself.")
        taken = {r.path.lower(): r.path for r in rows if r not in moving}
        renames = {r.id: new_path + r.path[len(row.path) :] for r in moving}
        for tag_id, path in renames.items():
            if path.lower() in taken:
                what = "" if tag_id == row.id else f" (“{path}” would clash)"
                raise LibraryError(
                    f"There is already a tag “{taken[path.lower()]}”{what}. To combine them, "
                    f"merge “{row.path}” into “{new_path}” instead of renaming it."
                )
        before = _begin(rows, renames, created)
        _set_paths(renames)
        changes.record("codebook")
        return before


def reparent_tag(tag: TagRef, new_parent_path: str | None, seen: TagNode | None = None) -> Snapshot:
    """Move a tag (with its subtags) under another tag, or to the top level with None."""
    rows = _all_rows()
    found = _lookup(rows, tag)
    path = found.path if found is not None else _clean_path(str(tag))
    name = path.rsplit(SEPARATOR, 1)[-1]
    if new_parent_path is None:
        return rename_tag(tag, name, seen)
    return rename_tag(tag, _clean_path(new_parent_path) + SEPARATOR + name, seen)


@saving()
def merge_tags(
    source: TagRef, target: TagRef, seen: tuple[TagNode, TagNode] | None = None
) -> Snapshot:
    """Fold source into target: its annotations and articles get target (once), its subtags
    move under target (merging with any subtag of the same name there), and source goes."""
    with database.atomic():
        rows, created = _all_rows(), list[int]()
        src = _resolve(rows, source, created)
        dst = _resolve(rows, target, created)
        for row, was in zip((src, dst), seen or (None, None), strict=True):
            check_tag(row, was, {"path": None}, "merge")
        if src.id == dst.id:
            raise LibraryError(f"“{src.path}” cannot be merged into itself.")
        if _in_subtree(dst.path, src.path):
            raise LibraryError(f"“{src.path}” cannot be merged into its own subtag “{dst.path}”.")
        moving = _subtree(rows, src.path)
        before = _begin(rows, {r.id for r in moving + _subtree(rows, dst.path)}, created)
        _move_links(src.id, dst.id)
        Tag.delete().where(Tag.id == src.id).execute()
        staying = {r.path.lower(): r for r in rows if r not in moving}
        renames: dict[int, str] = {}
        for row in sorted(moving, key=lambda r: r.path.count(SEPARATOR)):
            if row.id == src.id:
                continue
            path = dst.path + row.path[len(src.path) :]
            twin = staying.get(path.lower())
            if twin is not None:
                _move_links(row.id, twin.id)
                Tag.delete().where(Tag.id == row.id).execute()
            else:
                renames[row.id] = path
        _set_paths(renames)
        changes.record("codebook")
        return before


@saving()
def delete_tag(
    tag: TagRef, *, with_children: bool = False, seen: TagNode | None = None
) -> Snapshot:
    """Remove a tag and its memberships; annotations and articles stay. Subtags go too only
    with with_children=True, else HasSubtags is raised (the window asks the user first)."""
    with database.atomic():
        rows, created = _all_rows(), list[int]()
        row = _resolve(rows, tag, created)
        check_tag(row, seen, dict.fromkeys(("path", "color", "description")), "delete")
        doomed = _subtree(rows, row.path)
        if len(doomed) > 1 and not with_children:
            raise HasSubtags(
                f"“{row.path}” has {len(doomed) - 1} subtag(s); delete them too, "
                "or move them elsewhere first."
            )
        before = _begin(rows, {r.id for r in doomed}, created)
        ids = [r.id for r in doomed]
        for batch in batches(ids):
            Tag.delete().where(Tag.id.in_(batch)).execute()
        changes.record("codebook")
        return before


@saving()
def edit_together(edits: Sequence[Callable[[], Snapshot]]) -> list[Snapshot | str]:
    """Several edits (one drop of many tags) in one transaction: per edit its snapshot, or
    why it was refused (its own changes rolled back, the others kept). A lock or a full disk
    fails the whole, so a retry starts from where nothing was done."""
    done: list[Snapshot | str] = []
    with database.atomic():
        for edit in edits:
            try:
                with database.atomic():
                    done.append(edit())
            except WriteFailed:
                raise
            except LibraryError as exc:
                done.append(str(exc))
    return done


def count_affected(tag: TagRef, *, with_children: bool = True) -> Affected:
    """What delete_tag would remove: asked before deleting, to show the user the stakes."""
    rows = _all_rows()
    found = _lookup(rows, tag)
    path = found.path if found is not None else _clean_path(str(tag))
    chosen = _subtree(rows, path) if with_children else [found] if found else []
    ids = [r.id for r in chosen]
    if not ids:
        return Affected(0, 0, 0, 0)
    marks = ", ".join("?" * len(ids))
    annotations, articles = database.execute_sql(
        "SELECT COUNT(DISTINCT at.annotation_id), COUNT(DISTINCT a.article_id) "
        f"FROM annotation_tag AS at JOIN annotation AS a ON a.id = at.annotation_id "
        f"WHERE at.tag_id IN ({marks})",
        ids,
    ).fetchone()
    article_tags = ArticleTag.select().where(ArticleTag.tag.in_(ids)).count()
    return Affected(len(ids), annotations, articles, article_tags)


def set_tag_color(tag: TagRef, color: str, seen: TagNode | None = None) -> Snapshot:
    color = _color(color)
    return _set_field(tag, seen, color=color)


def set_tag_description(tag: TagRef, description: str, seen: TagNode | None = None) -> Snapshot:
    """The tag's definition for coders (inclusion criteria, examples)."""
    return _set_field(tag, seen, description=without_nul(description))


@saving()
def _set_field(tag: TagRef, seen: TagNode | None, **fields: str) -> Snapshot:
    with database.atomic():
        rows, created = _all_rows(), list[int]()
        row = _resolve(rows, tag, created)
        check_tag(row, seen, dict(fields), "change")
        before = _begin(rows, [row.id], created)
        Tag.update(**fields).where(Tag.id == row.id).execute()
        changes.record("codebook")
        return before


def _color(name: str) -> str:
    try:
        return normalize_color(name)
    except ValueError as exc:
        raise LibraryError(str(exc)) from exc
