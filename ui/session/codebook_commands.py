"""Undoable codebook and article-tag edits, pushed by the Session (edit_codebook and friends).

An edit is made first, outside the stack, through the session's writer, so a refusal (a
clash, a bad name) raises a plain LibraryError and pushes nothing; the write also captures the
state just after, and the command holds both. Undo and redo restore those, ids included, so
the steps stacked around them keep finding their tags; they write through the writer too
(queued, in order, while another program holds the library) and tell the views when written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from models import article_tags
from models.codebook import Snapshot, restore_snapshot
from ui.session.commands import Write

Notify = Callable[[], None]


def _same_state(a: Snapshot, b: Snapshot) -> bool:
    return (a.tags, a.annotation_links, a.article_links) == (
        b.tags,
        b.annotation_links,
        b.article_links,
    )


class CodebookCommand(QUndoCommand):
    """Codebook edits already made, in order (one, or several from one drop), and the state
    `after` them; pushes of the same `merge_key` (one description being typed) merge."""

    MERGE_ID = 7301

    def __init__(
        self,
        text: str,
        befores: Sequence[Snapshot],
        after: Snapshot,
        notify: Notify,
        write: Write,
        merge_key: object = None,
    ) -> None:
        super().__init__(text)
        self.befores = list(befores)
        self.scope = frozenset().union(*(b.scope for b in self.befores))
        self.after = after
        self._notify, self._write = notify, write
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
        self.after = self.after.overlaid(other.after)
        self.setObsolete(not self.changed_anything())  # typed back to where it began
        return True

    def redo(self) -> None:
        if not self._pushed:  # the first redo is the push: the edits are already made
            self._pushed = True
            self._notify()
            return
        after = self.after
        self._write(lambda: restore_snapshot(after), self._written)

    def undo(self) -> None:
        befores = list(reversed(self.befores))
        self._write(lambda: restore_snapshot(*befores), self._written)

    def _written(self, _none: None) -> None:
        self._notify()


class SetArticleTags(QUndoCommand):
    """Replace one article's own tags; undo puts the earlier list back."""

    def __init__(
        self,
        article_id: int,
        before: Sequence[str],
        after: Sequence[str],
        notify: Notify,
        write: Write,
        text: str = "Tag article",
    ) -> None:
        super().__init__(text)
        self._article_id = article_id
        self._before = list(before)
        self._after = list(after)
        self._notify, self._write = notify, write
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            self._notify()
            return
        self._set(self._after)

    def undo(self) -> None:
        self._set(self._before)

    def _set(self, tags: list[str]) -> None:
        article_id = self._article_id
        self._write(
            lambda: article_tags.set_article_tags(article_id, tags), lambda _old: self._notify()
        )
