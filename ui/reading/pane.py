"""The reading pane: the article view that takes highlights, notes and tags.

Every annotation change goes through the Session (undoable; all views hear about it). The pane
paints from the session's store of the open article's annotations and repaints, when the store
says what changed, only where the old and new versions lie. Offsets are converted only by the
DocumentMap that comes with each built document.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDesktopServices,
    QGuiApplication,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPaintEvent,
    QResizeEvent,
    QTextCursor,
)
from PySide6.QtWidgets import QApplication, QMenu, QToolTip, QWidget

from models.annotating import AnnotationRecord, span
from models.articles import get_article
from models.errors import NotFound
from ui.codebook.tag_picker import TagPicker
from ui.common.theme import flash_color
from ui.reading.annotate import Annotator, NoteEditor
from ui.reading.code_marks import CodeMarks
from ui.reading.highlights import (
    HitIndex,
    Overlay,
    paint_highlights,
    repaint_changed,
    tooltip_html,
)
from ui.reading.offsets import DocumentMap
from ui.reading.selecting import SelectingView
from ui.reading.selection_toolbar import SelectionToolbar
from ui.session.session import Session
from ui.session.store import Pair

LINK_COPIED_TEXT = "Could not open a browser; the link was copied"
SAFE_SCHEMES = ("http", "https", "mailto")  # Ctrl+click never opens file: or other schemes
# Past this many changed ranges one full repaint is cheaper than repainting each place.
_FULL_REPAINT_FROM = 400


class ReadingPane(SelectingView):
    findRequested = Signal()  # Ctrl+F in the pane

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        *,
        tag_picker: TagPicker | None = None,
        note_editor: NoteEditor | None = None,
        open_url: Callable[[QUrl], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("readingPane")
        self.viewport().setMouseTracking(True)
        self._session = session
        self._open_url = open_url or QDesktopServices.openUrl
        self._store = session.store  # the open article's annotations, shared with the sidebar
        self.only_coder: str | None = None  # blind coding: other coders' highlights hidden
        self._painted: list[tuple[int, int]] = []
        self._building = Overlay()  # the highlights going into the document being built
        self._hits: HitIndex | None = None  # made again when asked after a change
        self._press: QPoint | None = None
        self.toolbar = SelectionToolbar(self.viewport())
        # H, N, T, 1–8, the toolbar's buttons and the menus: selection → annotation
        self.annotate = Annotator(
            self,
            session,
            self.annotations,
            self.toolbar,
            tag_picker=tag_picker,
            note_editor=note_editor,
        )
        self.toolbar.mark_current(session.current_color)
        self.selectionChanged.connect(self._selection_changed)
        self.verticalScrollBar().valueChanged.connect(self.toolbar.hide)
        session.articleOpened.connect(self.show_article)
        self._store.changed.connect(self._annotations_changed)
        session.currentColorChanged.connect(self.toolbar.mark_current)
        self.marks = CodeMarks(self, lambda: self._map, self.annotations_in, lambda: self._theme)
        session.tagsChanged.connect(self.marks.tags_changed)
        self.set_theme("light")

    # --- the article and its annotations ------------------------------------------------

    def show_article(self, article_id: int) -> None:
        article = self._session.article  # as the session read it when opening
        if article is None or article.id != article_id:
            try:
                article = get_article(article_id)
            except NotFound:
                self.clear_article()
                return
        self.set_article(article)

    def clear_article(self) -> None:
        self.toolbar.hide()
        self.set_article(None)

    def annotations(self) -> list[AnnotationRecord]:
        """The shown article's annotations, from the session's store; only one coder's while
        blind coding."""
        return self._shown(self._store.records)

    def annotations_in(self, start: int, end: int) -> list[AnnotationRecord]:
        """Those of annotations() on or touching the canonical range [start, end]."""
        return self._shown(lambda: self._store.overlapping(start, end))

    def _shown(self, records: Callable[[], list[AnnotationRecord]]) -> list[AnnotationRecord]:
        if self._article is None or self._article.id != self._store.article_id:
            return []
        marks = [r for r in records() if r.start is not None]  # orphans: no place
        coder = self.only_coder
        return marks if coder is None else [r for r in marks if r.coder == coder]

    def set_only_coder(self, coder: str | None) -> None:
        """Blind coding: show only this coder's highlights (None: everyone's)."""
        self.only_coder = coder
        self._repaint_in_place()

    def _overlay(self, dmap: DocumentMap) -> Overlay:
        self._building = Overlay.of(dmap, self.annotations(), self._theme)
        return self._building

    def _document_built(self) -> None:
        self.toolbar.hide()
        self._painted, self._hits = self._building.painted, self._building.hits
        self._building = Overlay()

    def _annotations_changed(self, pairs: Sequence[Pair]) -> None:
        """The store took in a change: repaint where the old and new versions lie."""
        if self._article is None or self._article.id != self._store.article_id:
            return
        changed: list[AnnotationRecord] = []  # old and new versions of what is painted
        for old, new in pairs:
            if _painted_as(old) != _painted_as(new):  # a note or tags alone: nothing to paint
                changed += [r for r in (old, new) if r is not None and r.start is not None]
        if len(changed) > _FULL_REPAINT_FROM:
            self._repaint_in_place()
        elif changed:
            self._repaint_in_place(changed)
        self.marks.tags_changed()  # note dots and stripes follow notes and tags too

    def _repaint_in_place(self, changed: Sequence[AnnotationRecord] | None = None) -> None:
        """Repaint without moving: the reader stays on the line they were reading."""
        bar = self.verticalScrollBar()
        value = bar.value()
        self._repaint(changed)
        bar.setValue(value)

    def _repaint(self, changed: Sequence[AnnotationRecord] | None = None) -> None:
        """Paint every annotation afresh, or only where `changed` (old and new versions) lie."""
        self._hits = None
        if self._map is None:
            return
        doc, dmap, theme = self.document(), self._map, self._theme
        if changed is None:
            self._painted = paint_highlights(doc, dmap, self.annotations(), theme, self._painted)
        else:
            self._painted += repaint_changed(doc, dmap, self.annotations_in, changed, theme)

    def set_theme(self, name: str) -> None:
        super().set_theme(name)
        self.toolbar.apply_theme(self._theme)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.toolbar.hide()
        super().resizeEvent(event)

    def scroll_to_annotation(self, annotation_id: int, flash: bool = True) -> bool:
        """Centre the annotation and flash it; False if it is not in the shown article."""
        record = self._store.get(annotation_id)
        if record is None or self._map is None or not self.annotations():
            return False
        start, end = self._map.range_to_document(*span(record))
        self.center_position(start)
        if flash:
            self.flash(start, end, flash_color(self._theme, record.color))
        return True

    def annotations_at(self, point: QPoint) -> tuple[int, ...]:
        """Ids of the annotations under a viewport point, topmost (shortest) first."""
        position = self.position_at(point)
        return () if position is None else self.ids_at(position)

    def ids_at(self, position: int) -> tuple[int, ...]:
        """Ids of the annotations painted on the character at a document position, topmost
        (shortest, then newest) first."""
        if self._map is None:
            return ()
        if self._hits is None:
            self._hits = HitIndex.of(self._map, self.annotations())
        return self._hits.ids_at(position)

    # --- the selection's toolbar --------------------------------------------------------
    def _selection_changed(self) -> None:
        if not self.textCursor().hasSelection():
            self.toolbar.hide()

    def _show_toolbar(self) -> None:
        cursor = self.textCursor()
        start, end = QTextCursor(cursor), QTextCursor(cursor)
        start.setPosition(cursor.selectionStart())
        end.setPosition(cursor.selectionEnd())
        self.toolbar.show_near(self.cursorRect(start), self.cursorRect(end))

    # --- keys ---------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Single-key window shortcuts must not steal H, N, T, 1–8 or Escape from a selection.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            escape = event.key() == Qt.Key.Key_Escape and self.textCursor().hasSelection()
            if escape or self.annotate.is_annotation_key(event):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, ctrl = event.key(), event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if self.annotate.key_pressed(event):
            return
        if key == Qt.Key.Key_Escape and (
            self.textCursor().hasSelection() or self.toolbar.isVisible()
        ):
            self.annotate.clear_selection()
        elif event.matches(QKeySequence.StandardKey.ZoomIn) or (
            ctrl and key in (Qt.Key.Key_Equal, Qt.Key.Key_Plus)
        ):
            self.zoom_in()
        elif event.matches(QKeySequence.StandardKey.ZoomOut) or (ctrl and key == Qt.Key.Key_Minus):
            self.zoom_out()
        elif ctrl and key == Qt.Key.Key_0:
            self.reset_zoom()
        elif event.matches(QKeySequence.StandardKey.Find):
            self.findRequested.emit()
        else:
            super().keyPressEvent(event)

    def _selection_made(self) -> None:
        if self.selected_range() is not None:
            self._show_toolbar()
        else:
            self.toolbar.hide()

    # --- mouse --------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        left = event.button() == Qt.MouseButton.LeftButton
        self._press = event.position().toPoint() if left else None
        self.toolbar.hide()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        point = event.position().toPoint()
        still = (point - press).manhattanLength() < QApplication.startDragDistance()
        if still and not self.textCursor().hasSelection():
            self._click(point, event.modifiers())
            return
        if not still:
            self.snap_dragged(event.modifiers())
        if self.selected_range() is not None:
            self._show_toolbar()

    def _click(self, point: QPoint, modifiers: Qt.KeyboardModifier) -> None:
        """Ctrl+click opens a link (web and mail only); a click on a highlight selects it."""
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            href = self.anchorAt(point)
            if href:
                url = QUrl(href)
                if url.scheme().lower() in SAFE_SCHEMES and self._open_url(url) is False:
                    self._link_not_opened(url, point)
                return
        ids = self.annotations_at(point)
        if ids:
            self._session.select_annotation(ids[0])

    def _link_not_opened(self, url: QUrl, point: QPoint) -> None:
        """No browser (a bare desktop, a sandbox): hand the link over on the clipboard."""
        QGuiApplication.clipboard().setText(url.toString())
        QToolTip.showText(self.viewport().mapToGlobal(point), LINK_COPIED_TEXT, self.viewport())
        self.statusMessage.emit(LINK_COPIED_TEXT)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        super().mouseDoubleClickEvent(event)
        self._press = event.position().toPoint()  # the release then shows the toolbar

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        link = bool(ctrl) and bool(self.anchorAt(event.position().toPoint()))
        shape = Qt.CursorShape.PointingHandCursor if link else Qt.CursorShape.IBeamCursor
        self.viewport().setCursor(shape)

    def viewportEvent(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.marks.paint()

    def tooltip_at(self, point: QPoint) -> str:
        """Rich text for a hover: notes and tags of the highlights there, a link's target,
        or the tag of a stripe in the code margin."""
        tag = self.marks.tag_at(point)
        if tag:
            return html.escape(tag)
        records = [r for r in map(self._store.get, self.annotations_at(point)) if r is not None]
        return tooltip_html(records[:3], self.anchorAt(point))

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def context_menu(self, point: QPoint) -> QMenu:
        """The menu for a viewport point: annotate a selection, or act on the highlight there."""
        return self.annotate.menu(self.annotations_at(point))


def _painted_as(record: AnnotationRecord | None) -> tuple[int, int, str] | None:
    if record is None or record.start is None:  # an orphan is not painted
        return None
    return (*span(record), record.color)
