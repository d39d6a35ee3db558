"""The Session's codebook part: codebook edits, articles' own tags and variables, each one
write through the Session's writer and one undo step pushed when it lands."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from PySide6.QtGui import QUndoStack

from models import article_tags, attributes, codebook
from models.attributes import AttributeValue
from models.codebook import Snapshot, capture
from ui.session.attribute_commands import SetAttributes
from ui.session.codebook_commands import CodebookCommand, SetArticleTags

T = TypeVar("T")


class _Session(Protocol):
    """What EditsCodebook needs of the Session it is part of."""

    undo_stack: QUndoStack
    tagsChanged: Any
    attributesChanged: Any

    def write(self, write: Callable[[], T], then: Callable[[T], object]) -> T | None: ...

    def _tags_changed(self) -> None: ...


class EditsCodebook:
    """The Session's part in codebook, article-tag and variable edits."""

    def edit_codebook(
        self: _Session,
        text: str,
        edit: Callable[[], Snapshot],
        merge_key: object = None,
        then: Callable[[], object] | None = None,
    ) -> bool:
        """Make a codebook edit through the writer, then push its undo step; one that changed
        nothing (the same colour again) leaves none, and pushes with the same merge_key (one
        description being typed) make one step. True: made (`then` has run); False: queued
        behind another program's lock (`then` runs when it lands). LibraryError: refused on
        the spot, nothing pushed."""

        def made(result: tuple[Snapshot, Snapshot]) -> None:
            before, after = result
            _push_codebook(self, [before], after, text, merge_key)
            if then is not None:
                then()

        def write() -> tuple[Snapshot, Snapshot]:
            before = edit()
            return before, _after([before])

        return self.write(write, made) is not None

    def edit_codebook_many(
        self: _Session,
        text: str,
        edits: Sequence[Callable[[], Snapshot]],
        then: Callable[[list[str | None]], object] | None = None,
    ) -> bool:
        """Make several codebook edits in one write and one undo step; a refused one is
        skipped. `then` gets, per edit, None when it was made, else why not; True and False
        as for edit_codebook."""

        def made(result: tuple[list[Snapshot | str], Snapshot]) -> None:
            done, after = result
            befores = [d for d in done if isinstance(d, Snapshot)]
            _push_codebook(self, befores, after, text)
            if then is not None:
                then([None if isinstance(d, Snapshot) else d for d in done])

        def write() -> tuple[list[Snapshot | str], Snapshot]:
            done = codebook.edit_together(edits)
            return done, _after([d for d in done if isinstance(d, Snapshot)])

        return self.write(write, made) is not None

    def set_article_tags(
        self: _Session, article_id: int, tags: Sequence[str], text: str = "Tag article"
    ) -> bool:
        """Set an article's own tags (LibraryError: refused) as an undo step, through the
        writer; False if the tags were already those, True when set or queued."""

        def write() -> tuple[list[str], list[str]]:
            before = article_tags.set_article_tags(article_id, tags)
            return before, article_tags.article_tags(article_id)

        def made(result: tuple[list[str], list[str]]) -> None:
            before, after = result
            if after != before:
                notify, write = self.tagsChanged.emit, self.write
                self.undo_stack.push(SetArticleTags(article_id, before, after, notify, write, text))

        landed = self.write(write, made)
        return landed is None or landed[0] != landed[1]

    def set_attributes(
        self: _Session,
        article_ids: Sequence[int],
        values: Mapping[str, AttributeValue],
        clear: Sequence[str] = (),
        text: str = "Set variables",
    ) -> bool:
        """Set and clear variables on several articles as one undo step (LibraryError or
        ValueError: refused, nothing pushed). False while queued behind another program."""
        ids = list(dict.fromkeys(article_ids))
        if not ids or not (values or clear):
            return False

        def done(before: dict[int, dict[str, object]]) -> None:
            notify = self.attributesChanged.emit
            self.undo_stack.push(SetAttributes(before, values, clear, notify, self.write, text))

        landed = self.write(lambda: attributes.set_attributes(ids, values, clear), done)
        return landed is not None


def _push_codebook(
    session: _Session, befores: list[Snapshot], after: Snapshot, text: str, merge_key: object = None
) -> None:
    """One undo step for the edits, unless they changed nothing."""
    command = CodebookCommand(text, befores, after, session._tags_changed, session.write, merge_key)
    if command.changed_anything():
        session.undo_stack.push(command)


def _after(befores: Sequence[Snapshot]) -> Snapshot:
    """The state just after the edits, read in their write: what a redo restores, whatever
    queued writes land after it."""
    return capture(frozenset().union(*(b.scope for b in befores)))
