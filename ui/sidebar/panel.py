"""The annotation sidebar: the open article's highlights as cards, filters, and an editor.

It shows the session's store of the open article's annotations through a filter: the store's
rows change in place with each write (keeping the selection, the filters and any note being
typed), annotationSelected selects a card.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QHideEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from models.colors import NAMED_COLORS
from ui.codebook.tag_picker import TagPicker, pick_tags
from ui.common.chips import color_dot_icon
from ui.session.session import Session
from ui.session.store import IdRole, Pair
from ui.sidebar.delegate import AnnotationDelegate
from ui.sidebar.editor import AnnotationEditor
from ui.sidebar.model import AnnotationFilterProxy
from ui.sidebar.view import AnnotationListView

EMPTY_TEXT = "Select text and press H to highlight, 1–8 for a colour, T to tag, N to add a note."
NO_ARTICLE_TEXT = "Open an article to see its highlights here."
NO_MATCH_TEXT = "No highlights match these filters."


class AnnotationSidebar(QWidget):
    annotationActivated = Signal(int)  # the user chose this annotation: show it in the text

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        *,
        tag_picker: TagPicker = pick_tags,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("annotationSidebar")
        self.session = session
        self._syncing = False
        self.blind_coder: str | None = None  # blind coding: only this coder's highlights
        self._syncing_before = False
        self._shown_article: int | None = None
        self.model = session.store
        self._kept: tuple[int | None, int] = (None, -1)  # selection while the store changes
        self.proxy = AnnotationFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("annotationCount")
        self.tag_filter = QComboBox(self)
        self.tag_filter.setObjectName("tagFilter")
        self.tag_filter.setToolTip("Show only highlights with this tag (or one below it)")
        self.tag_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.tag_filter.setMinimumContentsLength(8)
        self.tag_filter.addItem("All tags", None)  # before any tag exists, too
        self.tag_filter.currentIndexChanged.connect(self._filters_changed)
        self.color_filter = QComboBox(self)
        self.color_filter.setObjectName("colorFilter")
        self.color_filter.setToolTip("Show only highlights of this colour")
        self.color_filter.addItem("All colours", None)
        for name in NAMED_COLORS:
            self.color_filter.addItem(color_dot_icon(name), name.capitalize(), name)
        self.color_filter.currentIndexChanged.connect(self._filters_changed)
        self.coder_filter = QComboBox(self)
        self.coder_filter.setObjectName("coderFilter")
        self.coder_filter.setToolTip("Show only this coder's highlights")
        self.coder_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.coder_filter.addItem("All coders", None)
        self.coder_filter.currentIndexChanged.connect(self._filters_changed)

        self.list_view = AnnotationListView(self)
        self.list_view.setObjectName("annotationList")
        self.list_view.setModel(self.proxy)
        self.list_view.setItemDelegate(AnnotationDelegate(self.list_view, self.proxy.record_at))
        self.list_view.setAlternatingRowColors(False)
        self.list_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setFrameShape(QFrame.Shape.NoFrame)
        self.list_view.setMouseTracking(True)
        self.list_view.verticalScrollBar().setSingleStep(12)
        self.list_view.selectionModel().currentChanged.connect(self._current_changed)
        self.list_view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.list_view.clicked.connect(self._clicked)
        self.list_view.deleteRequested.connect(self.delete_current)
        self.list_view.editRequested.connect(self.focus_note_editor)

        self.empty_label = QLabel(NO_ARTICLE_TEXT, self)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setContentsMargins(16, 16, 16, 16)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.list_view)
        self.stack.addWidget(self.empty_label)

        self.editor = AnnotationEditor(session, tag_picker, self)
        self.editor.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        header = QHBoxLayout()
        header.setContentsMargins(8, 6, 8, 2)
        header.addWidget(self.count_label, 1)
        header.addWidget(self.tag_filter)
        header.addWidget(self.color_filter)
        header.addWidget(self.coder_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)
        rule = QFrame(self)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(rule)
        layout.addWidget(self.editor)

        session.articleOpened.connect(self.set_article)
        self.model.aboutToChange.connect(self._store_about_to_change)
        self.model.changed.connect(self._annotations_changed)
        session.annotationSelected.connect(self.select_annotation)
        self._update_chrome()

    # --- public -------------------------------------------------------------------------
    def add_review(self, panel: QWidget) -> None:
        """The re-anchoring review sections (ui.sidebar.review), above the list."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, panel)

    def set_article(self, article_id: int | None) -> None:
        """The session opened an article (its store holds it now): filters start afresh,
        unless it is the one shown (opened again: the store refreshed it in place)."""
        if article_id is not None and article_id == self._shown_article:
            return
        self._shown_article = article_id
        self.editor.flush()
        with self._sync():
            self._rebuild_tag_filter(keep=False)
            self.color_filter.setCurrentIndex(0)
            self._rebuild_coder_filter()
            self._apply_filters()
        self.editor.sync(None)
        self._update_chrome()

    def current_annotation_id(self) -> int | None:
        index = self.list_view.currentIndex()
        if not index.isValid() or not self.list_view.selectionModel().isSelected(index):
            return None
        return int(index.data(IdRole))

    def select_annotation(self, annotation_id: int) -> None:
        """Select the card (clearing filters that hide it) without announcing it."""
        if annotation_id < 0 or self.model.row_of(annotation_id) < 0:
            if annotation_id < 0:
                self._select_row(-1)
            return
        if self.proxy.row_of(annotation_id) < 0:
            with self._sync():
                self.tag_filter.setCurrentIndex(0)
                self.color_filter.setCurrentIndex(0)
                self.coder_filter.setCurrentIndex(0)
                self._apply_filters()
            self._update_chrome()
        self._select_row(self.proxy.row_of(annotation_id))

    def select_next(self) -> None:
        self._step(+1)

    def select_previous(self) -> None:
        self._step(-1)

    def delete_current(self) -> None:
        annotation_id = self.current_annotation_id()
        if annotation_id is not None:
            self.editor.flush()
            self.session.delete_annotation(annotation_id)

    def focus_note_editor(self) -> None:
        self.editor.focus_note()

    def flush(self) -> None:
        """Save a note still being typed (call before closing the window)."""
        self.editor.flush()

    # --- internals ----------------------------------------------------------------------
    @contextmanager
    def _sync(self) -> Iterator[None]:
        """Selection changes made here are ours, not the user's: no activation, no editing."""
        before, self._syncing = self._syncing, True
        try:
            yield
        finally:
            self._syncing = before

    def _select_row(self, row: int) -> None:
        with self._sync():
            selection = self.list_view.selectionModel()
            if row < 0:
                selection.clear()
            else:
                index = self.proxy.index(row, 0)
                flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
                selection.setCurrentIndex(index, flags)
                self.list_view.scrollTo(index)
        self._load_editor()

    def _step(self, delta: int) -> None:
        count = self.proxy.rowCount()
        if count == 0:
            return
        current = self.list_view.currentIndex()
        if current.isValid() and self.current_annotation_id() is not None:
            row = current.row() + delta
        else:
            row = 0 if delta > 0 else count - 1
        if 0 <= row < count:  # stop at the ends
            self._select_row(row)
            self.annotationActivated.emit(int(self.proxy.index(row, 0).data(IdRole)))

    def _selection_changed(self) -> None:
        if not self._syncing:
            self._load_editor()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or self.list_view.mouse_pressing or not current.isValid():
            return  # a click announces itself through `clicked`
        self.annotationActivated.emit(int(current.data(IdRole)))  # keyboard navigation

    def _clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.annotationActivated.emit(int(index.data(IdRole)))

    def _load_editor(self) -> None:
        annotation_id = self.current_annotation_id()
        self.editor.sync(None if annotation_id is None else self.model.get(annotation_id))

    def _store_about_to_change(self) -> None:
        """Before the store's rows move: remember the selection; what the selection model
        does meanwhile is not the user's doing."""
        keep = self.current_annotation_id()
        self._kept = (keep, self.list_view.currentIndex().row() if keep is not None else -1)
        self._syncing_before, self._syncing = self._syncing, True

    def _annotations_changed(self, _pairs: Sequence[Pair]) -> None:
        (keep, old_row), self._syncing = self._kept, self._syncing_before
        with self._sync():
            self._rebuild_tag_filter(keep=True)
            self._rebuild_coder_filter()
        row = self.proxy.row_of(keep) if keep is not None else -1
        if keep is not None and row < 0 and self.proxy.rowCount() > 0:  # deleted: its place
            row = min(old_row, self.proxy.rowCount() - 1)
        if row >= 0 or self.current_annotation_id() is not None:  # else none was, none is
            self._select_row(row)
        self._update_chrome()

    def _rebuild_tag_filter(self, *, keep: bool) -> None:
        current = self.tag_filter.currentData() if keep else None
        paths = self.model.tag_paths()
        shown = [self.tag_filter.itemData(i) for i in range(1, self.tag_filter.count())]
        if self.tag_filter.count() == 0 or shown != paths:  # "All tags" even with no tags
            with self._sync():
                self.tag_filter.blockSignals(True)
                self.tag_filter.clear()
                self.tag_filter.addItem("All tags", None)
                for path in paths:
                    self.tag_filter.addItem(path, path)
                self.tag_filter.blockSignals(False)
        index = self.tag_filter.findData(current) if current is not None else 0
        with self._sync():
            self.tag_filter.setCurrentIndex(max(index, 0))
            self._apply_filters()

    def set_blind_coder(self, coder: str | None) -> None:
        """Blind coding: only this coder's highlights, whatever the coder filter says."""
        self.blind_coder = coder
        self._rebuild_coder_filter()
        self._update_chrome()

    def _rebuild_coder_filter(self) -> None:
        """The article's coders; the choice kept while that coder still has highlights here."""
        combo, coders = self.coder_filter, self.model.coders()
        if [combo.itemData(i) for i in range(1, combo.count())] != coders:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("All coders", None)
            for coder in coders:
                combo.addItem(coder, coder)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)
        # A team's article only, and not while blind coding.
        shown = len(coders) > 1 and not self.blind_coder
        if combo.isHidden() == shown:
            combo.setVisible(shown)
        self._apply_filters()

    def _apply_filters(self) -> None:
        self.proxy.set_tag_filter(self.tag_filter.currentData())
        self.proxy.set_color_filter(self.color_filter.currentData())
        self.proxy.set_coder_filter(self.blind_coder or self.coder_filter.currentData())

    def _filters_changed(self) -> None:
        if self._syncing:
            return
        keep = self.current_annotation_id()
        with self._sync():
            self._apply_filters()
        row = self.proxy.row_of(keep) if keep is not None else -1
        self._select_row(row)
        self._update_chrome()

    def _update_chrome(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        noun = "highlight" if total == 1 else "highlights"
        if self.model.article_id is None:
            self.count_label.setText("")
        elif shown == total:
            self.count_label.setText(f"{total} {noun}")
        else:
            self.count_label.setText(f"{shown} of {total} {noun}")
        for combo in (self.tag_filter, self.color_filter):
            combo.setEnabled(total > 0)
        if self.model.article_id is None:
            self.empty_label.setText(NO_ARTICLE_TEXT)
        elif total == 0:
            self.empty_label.setText(EMPTY_TEXT)
        else:
            self.empty_label.setText(NO_MATCH_TEXT)
        self.stack.setCurrentWidget(self.list_view if shown else self.empty_label)

    def hideEvent(self, event: QHideEvent) -> None:
        self.editor.flush()
        super().hideEvent(event)
