"""Undoable codebook and article-tag edits, pushed by the Session (edit_codebook and friends).

An edit is made first, outside the stack, so a refusal (a clash, a bad name) raises a plain
LibraryError and pushes nothing; the command then holds the snapshot from before and the state
captured just after. Undo and redo restore those, ids included, so the steps stacked around
them keep finding their tags.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from models import article_tags
from models.codebook import Snapshot, capture, restore_snapshot

Notify = Callable[[], None]


def _same_state(a: Snapshot, b: Snapshot) -> bool:
    return (a.tags, a.annotation_links, a.article_links) == (
        b.tags,
        b.annotation_links,
        b.article_links,
    )


class CodebookCommand(QUndoCommand):
    """Codebook edits already made, in order (one, or several from one drop); pushes of the
    same `merge_key` (one description being typed) merge into one undo step."""

    MERGE_ID = 7301

    def __init__(
        self, text: str, befores: Sequence[Snapshot], notify: Notify, merge_key: object = None
    ) -> None:
        super().__init__(text)
        self.befores = list(befores)
        self.scope = frozenset().union(*(b.scope for b in self.befores))
        self.after = capture(self.scope)
        self._notify = notify
        self._merge_key = merge_key
        self._pushed = False

    def changed_anything(self) -> bool:
        if len(self.befores) != 1:
            return bool(self.befores)
        before = self.befores[0]
        return bool(before.created) or not _same_state(before, self.after)

    def id(self) -> int:
        return -1 if self._merge_key is None else self.MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            not isinstance(other, CodebookCommand)
            or other._merge_key != self._merge_key
            or not other.scope <= self.scope
        ):
            return False
        self.after = capture(self.scope)
        self.setObsolete(not self.changed_anything())  # typed back to where it began
        return True

    def redo(self) -> None:
        if self._pushed:
            restore_snapshot(self.after)
        self._pushed = True  # the first redo is the push: the edits are already made
        self._notify()

    def undo(self) -> None:
        for before in reversed(self.befores):
            restore_snapshot(before)
        self._notify()


class SetArticleTags(QUndoCommand):
    """Replace one article's own tags; undo puts the earlier list back."""

    def __init__(
        self,
        article_id: int,
        before: Sequence[str],
        after: Sequence[str],
        notify: Notify,
        text: str = "Tag article",
    ) -> None:
        super().__init__(text)
        self._article_id = article_id
        self._before = list(before)
        self._after = list(after)
        self._notify = notify
        self._pushed = False

    def redo(self) -> None:
        if self._pushed:
            article_tags.set_article_tags(self._article_id, self._after)
        self._pushed = True
        self._notify()

    def undo(self) -> None:
        article_tags.set_article_tags(self._article_id, self._before)
        self._notify()
