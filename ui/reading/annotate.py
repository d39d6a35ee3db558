"""Selection → annotation: the keys H, N, T and 1–8, the floating toolbar's buttons and the
context menus of the reading pane.

Every change goes through the Session (one undo step each). A plain highlight where the same
one already is (span and colour), or a note or tags on the span of one already there, goes to
that highlight instead of making a twin.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QMenu, QWidget

from models.annotating import AnnotationRecord, get_annotation, span
from models.colors import NAMED_COLORS
from models.errors import LibraryError
from ui.codebook.tag_picker import TagPicker
from ui.reading.selecting import SelectingView, plain
from ui.reading.selection_toolbar import (
    SelectionToolbar,
    default_note_editor,
    default_tag_picker,
    highlight_menu,
    selection_menu,
)
from ui.reading.twins import identical, same_span, with_tags
from ui.session.session import Session
from ui.shell.errors import show_error

# Both get the passage's place on screen (or None), to open beside it.
NoteEditor = Callable[[QWidget, str, "QRect | None"], "str | None"]
COLOR_KEYS = {getattr(Qt.Key, f"Key_{n}"): name for n, name in enumerate(NAMED_COLORS, 1)}
ANNOTATE_KEYS = {Qt.Key.Key_H, Qt.Key.Key_N, Qt.Key.Key_T, *COLOR_KEYS}


class Annotator:
    """The pane's annotation commands: `view` is the pane, `shown` its annotations (one
    coder's while blind coding), `toolbar` the floating one over its selection."""

    def __init__(
        self,
        view: SelectingView,
        session: Session,
        shown: Callable[[], list[AnnotationRecord]],
        toolbar: SelectionToolbar,
        *,
        tag_picker: TagPicker | None = None,
        note_editor: NoteEditor | None = None,
    ) -> None:
        self._view = view
        self._session = session
        self._shown = shown
        self._toolbar = toolbar
        self._tag_picker = tag_picker or default_tag_picker
        self._note_editor = note_editor or default_note_editor
        toolbar.colorChosen.connect(self.highlight_selection)
        toolbar.tagRequested.connect(self.tag_selection)
        toolbar.noteRequested.connect(self.highlight_with_note)

    # --- selection → annotation ---------------------------------------------------------
    def highlight_selection(
        self, color: str | None = None, *, note: str = "", tags: Sequence[str] = ()
    ) -> int | None:
        """Highlight the selection (in the session's current colour unless told); the new id.
        A plain highlight where the same one already is (span and colour) selects that one."""
        selected = self._view.selected_range()
        article_id = self._view.article_id()
        if selected is None or article_id is None:
            return None
        if not note and not tags:
            twin = identical(self._shown(), *selected, color or self._session.current_color)
            if twin is not None:
                return self._select_instead(twin)
        try:
            new_id = self._session.create_annotation(
                article_id, *selected, color=color, note=note, tags=tags
            )
        except LibraryError as exc:
            show_error(self._view, f"The highlight could not be saved: {exc}")
            return None
        self.clear_selection()
        return new_id

    def highlight_with_note(self) -> int | None:
        """Ask for the note first, so highlight and note are one step (one undo). On the span
        of a highlight already there, the note goes on that one (its note to edit)."""
        if self._view.selected_range() is None:
            return None
        twin = self._twin_of_selection()
        if twin is not None:
            self.edit_note(twin)
            return self._select_instead(twin)
        note = self._note_editor(self._view, "", self._view.selection_anchor())
        return None if note is None else self.highlight_selection(note=note)

    def tag_selection(self) -> int | None:
        """Pick tags for a new highlight of the selection; on the span of a highlight already
        there, the tags are added to that one instead of making a second."""
        if self._view.selected_range() is None:
            return None
        twin = self._twin_of_selection()
        if twin is not None:
            record = self.record(twin)
            added = self._tag_picker(self._view, [], self._record_anchor(record))
            if added:
                merged = with_tags(record.tags, added)
                self._session.edit_annotation(twin, tags=merged, base=record)
            return self._select_instead(twin)
        tags = self._tag_picker(self._view, [], self._view.selection_anchor())
        return self.highlight_selection(tags=tags) if tags else None

    def _twin_of_selection(self) -> int | None:
        """Before asking for a note or tags (the toolbar goes): the highlight already on the
        selected span, if any."""
        self._toolbar.hide()
        selected = self._view.selected_range()
        assert selected is not None
        return same_span(self._shown(), *selected, self._session.current_color)

    def _select_instead(self, annotation_id: int) -> int:
        """The highlight already on the selected span takes the selection's place."""
        self.clear_selection()
        self._session.select_annotation(annotation_id)
        return annotation_id

    # --- a highlight there --------------------------------------------------------------
    def edit_note(self, annotation_id: int, typed: str | None = None) -> None:
        record = self.record(annotation_id)
        initial = record.note if typed is None else typed
        note = self._note_editor(self._view, initial, self._record_anchor(record))
        # Saved on the copy the popover showed. Refused (someone changed the note meanwhile,
        # said in the status bar): the popover opens again with this text, nothing lost.
        saved = note is None or self._session.edit_annotation(annotation_id, note=note, base=record)
        if not saved and self._session.store.get(annotation_id) is not None:
            self.edit_note(annotation_id, note)

    def edit_tags(self, annotation_id: int) -> None:
        record = self.record(annotation_id)
        tags = self._tag_picker(self._view, list(record.tags), self._record_anchor(record))
        if tags is not None:
            self._session.edit_annotation(annotation_id, tags=tags, base=record)

    def record(self, annotation_id: int) -> AnnotationRecord:
        return self._session.store.get(annotation_id) or get_annotation(annotation_id)

    def _record_anchor(self, record: AnnotationRecord) -> QRect | None:
        dmap = self._view.document_map()
        if dmap is None:
            return None
        return self._view.range_anchor(*dmap.range_to_document(*span(record)))

    def clear_selection(self) -> None:
        cursor = self._view.textCursor()
        cursor.clearSelection()
        self._view.setTextCursor(cursor)
        self._toolbar.hide()

    # --- keys and menus -----------------------------------------------------------------
    def is_annotation_key(self, event: QKeyEvent) -> bool:
        """H, N, T or 1–8 with a selection: theirs, not a window shortcut's."""
        return (
            plain(event)
            and event.key() in ANNOTATE_KEYS
            and self._view.selected_range() is not None
        )

    def key_pressed(self, event: QKeyEvent) -> bool:
        """Act on an annotation key; False when the event is not one."""
        if not self.is_annotation_key(event):
            return False
        key = event.key()
        if key in COLOR_KEYS:
            self.highlight_selection(COLOR_KEYS[key])
        elif key == Qt.Key.Key_H:
            self.highlight_selection()
        elif key == Qt.Key.Key_N:
            self.highlight_with_note()
        else:
            self.tag_selection()
        return True

    def menu(self, ids: Sequence[int]) -> QMenu:
        """Annotate the selection, else act on the topmost of the highlights `ids` there."""
        view, session = self._view, self._session
        if view.selected_range() is not None:
            return selection_menu(
                view,
                self.highlight_selection,
                self.highlight_with_note,
                self.tag_selection,
                view.copy,
            )
        if not ids:
            menu = QMenu(view)
            menu.addAction("Select all").triggered.connect(view.selectAll)
            return menu
        target, record = ids[0], self.record(ids[0])
        return highlight_menu(  # edits made on the copy the menu showed
            view,
            record.color,
            lambda: session.delete_annotation(target),
            lambda color: session.edit_annotation(target, color=color, base=record),
            lambda: self.edit_note(target),
            lambda: self.edit_tags(target),
        )
