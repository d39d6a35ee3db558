"""Undoable library edits: deleting articles and editing their details.

As with annotation edits, the Session makes the first write and pushes the command when it
landed, so the first redo() only tells the views; later undos and redos write through the
session's writer (queued, in order, while another program holds the library).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from models import managing
from models.managing import DeletedArticle
from ui.session.commands import Write


class DeleteArticles(QUndoCommand):
    def __init__(
        self, deleted: Sequence[DeletedArticle], write: Write, notify: Callable[[], None]
    ) -> None:
        count = len(deleted)
        super().__init__(f"Delete {count} article{'s' if count != 1 else ''}")
        self._deleted = list(deleted)
        self._ids = [item.row["id"] for item in deleted]
        self._write, self._notify = write, notify
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            self._notify()
            return
        ids = self._ids
        self._write(lambda: managing.delete_articles(ids), self._deleted_again)

    def _deleted_again(self, deleted: list[DeletedArticle]) -> None:
        self._deleted = deleted
        self._notify()

    def undo(self) -> None:
        deleted = self._deleted
        self._write(lambda: managing.restore_articles(deleted), lambda _none: self._notify())


class EditArticle(QUndoCommand):
    """A details edit; `before` holds the fields' old values, `after` the new ones."""

    def __init__(
        self,
        article_id: int,
        before: dict[str, str | None],
        after: dict[str, str | None],
        write: Write,
        notify: Callable[[int, tuple[str, ...]], None],
    ) -> None:
        super().__init__("Edit article details")
        self._article_id, self._before, self._after = article_id, before, after
        self._write, self._notify = write, notify
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            self._notify(self._article_id, tuple(self._after))
            return
        self._set(self._after)

    def undo(self) -> None:
        self._set(self._before)

    def _set(self, values: dict[str, str | None]) -> None:
        article_id = self._article_id
        self._write(
            lambda: managing.edit_article(article_id, **values),
            lambda _before: self._notify(article_id, tuple(values)),
        )
