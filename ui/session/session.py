"""The window's shared state: the current article, the undo stack, change signals.

Widgets receive the session (they never reach up through `self.window()`) and change the
library only through it (opening an article, annotation and codebook edits, announcing an
import), so every edit is undoable and every view hears about it; only the Session emits its
signals. The session owns the open article's annotations (`store`); each write's records go
there and out on annotationsChanged, so no view reads back what was just written. Writes go
through `writer`: at once when the library is free; queued, in order, while another program
holds its write lock (the window never waits for it; the undo step is pushed when the write
lands). A write the library refuses (a bad range, a full disk) raises LibraryError, emits
writeFailed and leaves the undo stack as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from models import (
    annotating,
    annotation_edits,
    articles,
    managing,
    updating,
)
from models import outlets as outlets_model
from models.annotating import AnnotationRecord, NewAnnotation
from models.changes import new_origin, writing_as
from models.colors import DEFAULT_COLOR
from models.conflicts import TagConflict
from models.errors import LibraryError, NotFound, read_only_reason, require_writable
from models.tags import normalize_tag_path
from ui.session.codebook_editing import EditsCodebook
from ui.session.commands import (
    CreateAnnotations,
    DeleteAnnotations,
    EditAnnotation,
    PlaceAnnotation,
)
from ui.session.library_commands import DeleteArticles, EditArticle
from ui.session.live import FollowsOthers, LiveUpdates, conflict_change, unless_newer
from ui.session.store import AnnotationChange, AnnotationStore, diff
from ui.session.writer import Writer

T = TypeVar("T")


class Session(EditsCodebook, FollowsOthers, QObject):
    articleOpened = Signal(int)  # article id
    # An AnnotationChange: the records before and after each write (any article's). The open
    # article's store has taken it in already; views render from there.
    annotationsChanged = Signal(object)
    annotationSelected = Signal(int)  # annotation id (-1: none)
    libraryChanged = Signal()  # articles were added or removed
    articleEdited = Signal(int)  # an article's title, outlet, author, date, URL or memo changed
    currentColorChanged = Signal(str)
    tagsChanged = Signal()  # the codebook or an article's own tags changed: tag names, counts
    writeFailed = Signal(str)  # a change could not be saved; the plain reason
    openFailed = Signal(str)  # an article could not be opened (marked read); the plain reason
    attributesChanged = Signal(list)  # ids of the articles whose variables changed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.store = AnnotationStore(self)  # the open article's annotations
        self.writer = Writer(self)  # every library write of the window goes through it
        self.article_id: int | None = None
        # The open article as read when it opened (or was edited): views show it, and a
        # highlight's quote is cut from its text, not read again from the library.
        self.article: articles.ArticleDetail | None = None
        self.current_color = DEFAULT_COLOR
        self.origin = new_origin()  # this window's writes, as the change log names them
        self.live = LiveUpdates(self.origin, self)  # others' writes: live.start() to follow them
        self.live.changesArrived.connect(self.apply_changes)

    def open_article(self, article_id: int) -> bool:
        """Mark the article read (queued while another program writes) and show it in every
        view; False, said on openFailed, when the library refused (the article is gone)."""
        try:
            self.mark_read(article_id)
        except LibraryError as exc:
            self.openFailed.emit(str(exc))
            return False
        self._read_article(article_id)
        if article_id == self.article_id:
            self.reload_annotations()  # opened again: refresh in place, keep selections
        else:
            self.article_id = article_id
            self.store.load(article_id, annotating.list_annotations(article_id))
        self.articleOpened.emit(article_id)
        return True

    def _read_article(self, article_id: int) -> None:
        try:
            self.article = articles.get_article(article_id)
        except NotFound:  # gone: the views show none
            self.article = None

    def articles_added(self) -> None:
        """An import (a worker, on its own connection) added articles: the views reload."""
        self.libraryChanged.emit()

    def close_article(self) -> None:
        """Show no article (its store empties)."""
        self.article_id = None
        self.article = None
        self.store.load(None, [])

    def reload_annotations(self) -> None:
        """Read the open article's annotations again after an edit of unknown extent (a
        codebook rename or merge) and announce what differs."""
        if self.article_id is not None:
            pairs = diff(self.store.records(), annotating.list_annotations(self.article_id))
            if pairs:
                self._apply(AnnotationChange(pairs))

    # --- managing the library ---------------------------------------------------------------
    def deletion_counts(self, article_ids: Sequence[int]) -> tuple[int, int]:
        """(articles, highlights) a delete of these would remove: for the confirmation."""
        return managing.deletion_counts(article_ids)

    def article_fields(self, article_id: int) -> dict[str, str | None]:
        """The editable details as stored: title, source (outlet), author, date, url, memo."""
        return managing.article_fields(article_id)

    def delete_articles(self, article_ids: Sequence[int]) -> None:
        """Delete articles with their annotations, as one undo step (pushed when it lands)."""
        ids = list(article_ids)

        def deleted(gone: list[managing.DeletedArticle]) -> None:
            self.undo_stack.push(DeleteArticles(gone, self.write, self._articles_changed))

        self.write(lambda: managing.delete_articles(ids), deleted)

    def edit_article(self, article_id: int, **changes: str | None) -> bool:
        """Set details as one undo step (LibraryError: refused, e.g. a bad date); False when
        nothing changed."""
        current = managing.article_fields(article_id)
        changes = {k: v for k, v in changes.items() if (v or None) != (current.get(k) or None)}
        if not changes:
            return False

        def edited(before: dict[str, str | None]) -> None:
            after = managing.article_fields(article_id)
            after = {key: after[key] for key in before}
            self.undo_stack.push(
                EditArticle(article_id, before, after, self.write, self._article_edited)
            )

        self.write(lambda: managing.edit_article(article_id, **changes), edited)
        return True

    def outlets(self) -> list[outlets_model.Outlet]:
        return outlets_model.list_outlets()

    def set_outlet_alias(self, alias: str, canonical: str) -> None:
        """Make `alias` a spelling of `canonical` (LibraryError: refused); its articles are
        renamed, and the list, filters and counts reload."""
        self.write(lambda: outlets_model.set_alias(alias, canonical), lambda _n: None)
        self.libraryChanged.emit()

    def remove_outlet_alias(self, alias: str) -> None:
        self.write(lambda: outlets_model.remove_alias(alias), lambda _n: None)

    def _articles_changed(self) -> None:
        """Articles went or came back: an open one that is gone is closed; views reload."""
        if self.article_id is not None and not managing.article_exists(self.article_id):
            self.close_article()
        self.libraryChanged.emit()
        self.tagsChanged.emit()  # tag counts

    def _article_edited(self, article_id: int, fields: tuple[str, ...]) -> None:
        self.articleEdited.emit(article_id)
        if set(fields) - {"memo"}:  # the list's columns; a memo is not among them
            self.libraryChanged.emit()
            if article_id == self.article_id:  # the byline and title above the text
                self._read_article(article_id)
                self.articleOpened.emit(article_id)

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
    ) -> int | None:
        """Highlight [start, end) (canonical code points); the new annotation's id, or None
        while another program holds the library (the highlight is queued; it shows when saved)."""
        new = NewAnnotation(article_id, start, end, note, color or self.current_color, tuple(tags))
        made = self.create_annotations([new], "Highlight")
        return made[0].id if made else None

    def create_annotations(self, new: Sequence[NewAnnotation], text: str) -> list[AnnotationRecord]:
        """Several highlights (KWIC's batch) as one write, one undo step and one signal; []
        while queued behind another program's lock."""

        def made(records: list[AnnotationRecord]) -> None:
            if records:
                self.undo_stack.push(CreateAnnotations(records, self._apply, self.write, text))

        article = self.article
        known = {article.id: article.text} if article is not None else None
        return self.write(lambda: annotating.create_annotations(new, known), made) or []

    def edit_annotation(
        self,
        annotation_id: int,
        *,
        note: str | None = None,
        color: str | None = None,
        tags: Sequence[str] | None = None,
        merge_key: object = None,
        base: AnnotationRecord | None = None,
    ) -> bool:
        """Note-only edits sharing a merge_key (one editing session) merge into one undo step.
        `base`: the copy the user edited (default: the store's). False: refused, as someone
        else changed a field it changes since (said on writeFailed, theirs shown)."""
        # While writes are queued the store may be behind: the write reads what it changes.
        known = None if self.writer.is_busy() else self.store.get(annotation_id)
        base = base or known
        if known is None and not self.writer.is_busy() and base is None:
            known = annotating.get_annotation(annotation_id)
        if known is not None and (
            (note is None or note == known.note)
            and (color is None or color == known.color)
            and (tags is None or _same_tags(tags, known.tags))
        ):
            return True

        def edit() -> tuple[AnnotationRecord, AnnotationRecord]:
            before = known or base or annotating.get_annotation(annotation_id)
            return before, annotation_edits.update_annotation(
                annotation_id, note=note, color=color, tags=tags, base=base
            )

        def edited(pair: tuple[AnnotationRecord, AnnotationRecord]) -> None:
            before, after = pair
            self.undo_stack.push(
                EditAnnotation(
                    before,
                    after,
                    self._apply,
                    self.write,
                    note=note,
                    color=color,
                    tags=tags,
                    merge_key=merge_key,
                )
            )

        return unless_newer(lambda: self.write(edit, edited))

    def delete_annotation(self, annotation_id: int) -> bool:
        """Delete it (undoable); False when refused as someone else changed it since."""

        def deleted(record: AnnotationRecord) -> None:
            self.undo_stack.push(DeleteAnnotations([record], self._apply, self.write))

        base = None if self.writer.is_busy() else self.store.get(annotation_id)
        delete = lambda: annotation_edits.delete_annotation(annotation_id, base)  # noqa: E731
        return unless_newer(lambda: self.write(delete, deleted))

    def mark_read(self, article_id: int) -> None:
        """Mark the article read, queued like any write while the library is locked; reading a
        read-only library leaves no trace in it."""
        if read_only_reason():
            return
        self.write(lambda: articles.mark_read(article_id), lambda _none: None)

    def place_annotation(self, annotation_id: int, where: tuple[int, int] | None = None) -> None:
        """Review a re-anchored annotation: accept it where it is (where None), or put it on
        [start, end); either way it is exact from then on. Undoable."""

        def place() -> tuple[AnnotationRecord, AnnotationRecord]:
            before = annotating.get_annotation(annotation_id)
            return before, updating.place_annotation(annotation_id, *(where or (None, None)))

        def placed(pair: tuple[AnnotationRecord, AnnotationRecord]) -> None:
            self.undo_stack.push(PlaceAnnotation(*pair, self._apply, self.write))

        self.write(place, placed)

    def update_article(self, article_id: int, path: Path) -> updating.UpdateResult:
        """Replace the article's text with the one in the file; its highlights are re-anchored.
        LibraryError when the file or the update is refused (the caller says why: most such
        reasons are the file's, not a failed write)."""
        parsed = updating.read_one_article(path)
        result = updating.update_article(
            article_id, parsed.articles[0], parsed.importer, parsed.origin
        )
        self.articles_updated([article_id])
        return result

    def articles_updated(self, article_ids: Sequence[int]) -> None:
        """These articles got new texts (an update, an import --update): the views reload."""
        if not article_ids:
            return
        # Undo steps hold offsets into the old texts: they cannot apply to the new ones.
        self.undo_stack.clear()
        self.libraryChanged.emit()
        if self.article_id is not None and self.article_id in article_ids:
            self.open_article(self.article_id)  # every view shows the new text

    def select_annotation(self, annotation_id: int) -> None:
        self.annotationSelected.emit(annotation_id)

    def outside_change(self) -> None:
        """The library changed other than through this Session (a merged library, a consensus
        version): every view reloads what it shows."""
        self.libraryChanged.emit()
        self._tags_changed()

    def _tags_changed(self) -> None:
        """Tag names or counts changed: the codebook, chips and the open article's cards."""
        self.reload_annotations()  # which of the open article's changed is unknown: diffed
        self.tagsChanged.emit()  # last: the codebook's reload then covers both

    def write(self, write: Callable[[], T], then: Callable[[T], object]) -> T | None:
        """Run a library write through the writer: now (returns its result, `then` has run)
        or queued behind another program's lock (None; `then` runs when it lands). A failure
        on the spot is said on writeFailed and raised; a queued one only said."""
        landed: list[T] = []

        def deliver(result: T) -> None:
            landed.append(result)
            then(result)

        def as_this_window() -> T:
            with writing_as(self.origin):
                return write()

        try:
            require_writable()  # a read-only library refuses at once, never queues
            self.writer.submit(as_this_window, deliver, self._write_failed)
        except NotFound:
            raise
        except LibraryError as exc:
            self._write_failed(exc)
            raise
        return landed[0] if landed else None

    def _write_failed(self, exc: LibraryError) -> None:
        if isinstance(exc, TagConflict):  # the codebook shown was stale: show theirs
            self._tags_changed()
        elif (theirs := conflict_change(self.store, exc)) is not None:  # a stale highlight
            self._apply(theirs)
        self.writeFailed.emit(str(exc))

    def _apply(self, change: AnnotationChange) -> None:
        """What a write returned: into the store (its rows change), then to every listener."""
        self.store.apply(change.pairs)
        self.annotationsChanged.emit(change)
        if change.select is not None:
            self.annotationSelected.emit(change.select)


def _same_tags(new: Sequence[str], old: Sequence[str]) -> bool:
    """Tags compare as the library stores them: normalised, case-insensitive, any order."""
    try:
        return {normalize_tag_path(t).lower() for t in new} == {t.lower() for t in old}
    except ValueError:
        return False
