"""The window's shared state: the current article, the undo stack, change signals.

Widgets receive the session (they never reach up through `self.window()`) and change the
library only through it (opening an article, annotation and codebook edits, announcing an
import), so every edit is undoable and every view hears about it; only the Session emits its
signals. A write that fails (the library is locked by an import, the disk is full) raises
LibraryError, emits writeFailed and leaves the undo stack as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from models import annotating, article_tags, articles
from models.codebook import Snapshot
from models.colors import DEFAULT_COLOR
from models.errors import LibraryError, NotFound
from models.tags import normalize_tag_path
from ui.session.codebook_commands import CodebookCommand, SetArticleTags
from ui.session.commands import CreateAnnotation, DeleteAnnotation, EditAnnotation


class Session(QObject):
    articleOpened = Signal(int)  # article id
    # (article id, ids of the annotations created, edited, deleted or restored); ids None:
    # unknown or many (a codebook rename, a merge), so listeners reload the whole article.
    annotationsChanged = Signal(int, object)
    annotationSelected = Signal(int)  # annotation id (-1: none)
    libraryChanged = Signal()  # articles were added or removed
    currentColorChanged = Signal(str)
    tagsChanged = Signal()  # the codebook or an article's own tags changed: tag names, counts
    writeFailed = Signal(str)  # a change could not be saved; the plain reason
    openFailed = Signal(str)  # an article could not be opened (marked read); the plain reason

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.article_id: int | None = None
        self.current_color = DEFAULT_COLOR

    def open_article(self, article_id: int) -> bool:
        """Mark the article read and show it in every view; False, said on openFailed, when
        the library refused (it is locked past the wait, or the article is gone)."""
        try:
            articles.mark_read(article_id)
        except LibraryError as exc:
            self.openFailed.emit(str(exc))
            return False
        self.article_id = article_id
        self.articleOpened.emit(article_id)
        return True

    def articles_added(self) -> None:
        """An import (a worker, on its own connection) added articles: the views reload."""
        self.libraryChanged.emit()

    def set_current_color(self, color: str) -> None:
        self.current_color = color
        self.currentColorChanged.emit(color)

    def create_annotation(
        self,
        article_id: int,
        start: int,
        end: int,
        *,
        color: str | None = None,
        note: str = "",
        tags: Sequence[str] = (),
    ) -> int:
        """Highlight [start, end) (canonical code points); returns the new annotation id."""
        with self._writing():
            record = annotating.create_annotation(
                article_id, start, end, color=color or self.current_color, note=note, tags=tags
            )
        self.undo_stack.push(CreateAnnotation(record, self._changed))
        return record.id

    def edit_annotation(
        self,
        annotation_id: int,
        *,
        note: str | None = None,
        color: str | None = None,
        tags: Sequence[str] | None = None,
        merge_key: object = None,
    ) -> None:
        """Note-only edits sharing a merge_key (one editing session) merge into one undo step."""
        before = annotating.get_annotation(annotation_id)
        if (
            (note is None or note == before.note)
            and (color is None or color == before.color)
            and (tags is None or _same_tags(tags, before.tags))
        ):
            return
        with self._writing():
            annotating.update_annotation(annotation_id, note=note, color=color, tags=tags)
        self.undo_stack.push(
            EditAnnotation(
                before, self._changed, note=note, color=color, tags=tags, merge_key=merge_key
            )
        )

    def delete_annotation(self, annotation_id: int) -> None:
        with self._writing():
            record = annotating.delete_annotation(annotation_id)
        self.undo_stack.push(DeleteAnnotation(record, self._changed))

    def select_annotation(self, annotation_id: int) -> None:
        self.annotationSelected.emit(annotation_id)

    # --- the codebook and articles' own tags ------------------------------------------------
    def edit_codebook(
        self, text: str, edit: Callable[[], Snapshot], merge_key: object = None
    ) -> Snapshot:
        """Make a codebook edit (LibraryError: refused, nothing pushed), then push its undo
        step; one that changed nothing (the same colour again) leaves none. Pushes with the
        same merge_key (one description being typed) make one step."""
        before = edit()
        self._push_codebook(CodebookCommand(text, [before], self._tags_changed, merge_key))
        return before

    def edit_codebook_many(
        self, text: str, edits: Sequence[Callable[[], Snapshot]]
    ) -> list[str | None]:
        """Make several codebook edits as one undo step; a refused one is skipped. Returns,
        per edit, None when it was made, else why not."""
        befores: list[Snapshot] = []
        outcomes: list[str | None] = []
        for edit in edits:
            try:
                befores.append(edit())
                outcomes.append(None)
            except LibraryError as exc:
                outcomes.append(str(exc))
        self._push_codebook(CodebookCommand(text, befores, self._tags_changed))
        return outcomes

    def set_article_tags(
        self, article_id: int, tags: Sequence[str], text: str = "Tag article"
    ) -> bool:
        """Set an article's own tags (LibraryError: refused) as an undo step; False if the
        tags were already those."""
        before = article_tags.set_article_tags(article_id, tags)
        after = article_tags.article_tags(article_id)
        if after == before:
            return False
        notify = self.tagsChanged.emit
        self.undo_stack.push(SetArticleTags(article_id, before, after, notify, text))
        return True

    def _push_codebook(self, command: CodebookCommand) -> None:
        if command.changed_anything():
            self.undo_stack.push(command)

    def _tags_changed(self) -> None:
        """Tag names or counts changed: the codebook, chips and the open article's cards."""
        if self.article_id is not None:
            self.annotationsChanged.emit(self.article_id, None)  # which ones: unknown
        self.tagsChanged.emit()  # last: the codebook's reload then covers both

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Report a failed write (not a vanished annotation) on writeFailed, then re-raise."""
        try:
            yield
        except NotFound:
            raise
        except LibraryError as exc:
            self.writeFailed.emit(str(exc))
            raise

    def _changed(self, article_id: int, annotation_id: int, select: bool) -> None:
        self.annotationsChanged.emit(article_id, (annotation_id,))
        if select:
            self.annotationSelected.emit(annotation_id)


def _same_tags(new: Sequence[str], old: Sequence[str]) -> bool:
    """Tags compare as the library stores them: normalised, case-insensitive, any order."""
    try:
        return {normalize_tag_path(t).lower() for t in new} == {t.lower() for t in old}
    except ValueError:
        return False
