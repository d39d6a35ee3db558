"""Highlights an article update could not place exactly, in their own sections of the sidebar.

Fuzzy ones sit on a passage whose words changed: accept one (it becomes exact) or move it by
selecting the right passage. Orphans lost their passage: re-attach one to the selected text,
or delete it. Every action goes through the Session, so it is undoable.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.anchoring import EXACT, FUZZY, ORPHANED
from models.annotating import AnnotationRecord
from models.errors import LibraryError
from models.updating import annotations_to_review
from ui.session.session import Session
from ui.session.store import AnnotationChange
from ui.shell.errors import show_error

Selection = Callable[[], "tuple[int, int] | None"]  # the reading pane's canonical selection
SECTIONS = ((FUZZY, "Changed passages — review"), (ORPHANED, "Passage gone — re-attach or delete"))


class ReviewPanel(QWidget):
    """The shown article's fuzzy and orphaned highlights; hidden when there are none."""

    annotationActivated = Signal(int)  # a fuzzy one chosen: show it in the article

    def __init__(self, session: Session, selection: Selection, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self._session = session
        self._selection = selection
        self._article_id: int | None = None
        self._known: set[int] = set()  # ids listed since the article opened (an undo may
        # bring one back): only a change to one of them, or to unknown ones, re-reads
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setMaximumHeight(180)
        self.accept_button = QPushButton("Accept", self)
        self.accept_button.setToolTip("The highlight is right where it is")
        self.place_button = QPushButton("Place on selection", self)
        self.place_button.setToolTip("Select the right passage in the article first")
        self.delete_button = QPushButton("Delete", self)
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.place_button, self.delete_button):
            buttons.addWidget(button)
        self.title = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.tree)
        layout.addLayout(buttons)
        self.accept_button.clicked.connect(self.accept_current)
        self.place_button.clicked.connect(self.place_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.tree.currentItemChanged.connect(self._current_changed)
        session.articleOpened.connect(self.set_article)
        session.annotationsChanged.connect(self._annotations_changed)
        self.setVisible(False)

    def set_article(self, article_id: int | None) -> None:
        self._article_id = article_id
        self._known = set()
        self.reload()

    def reload(self) -> None:
        current = self.current_id()
        records = annotations_to_review(self._article_id) if self._article_id is not None else []
        self._known.update(record.id for record in records)
        self.tree.clear()
        shown = 0
        for state, label in SECTIONS:
            marks = [r for r in records if r.anchor == state]
            if not marks:
                continue
            section = QTreeWidgetItem(self.tree, [f"{label} ({len(marks)})"])
            section.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for record in marks:
                item = QTreeWidgetItem(section, [_line(record)])
                item.setData(0, Qt.ItemDataRole.UserRole, record.id)
                item.setData(0, Qt.ItemDataRole.UserRole + 1, state)
                item.setToolTip(0, _tooltip(record))
                if record.id == current:
                    self.tree.setCurrentItem(item)
            section.setExpanded(True)
            shown += len(marks)
        self.title.setText(
            f"{shown} highlight{'s' if shown != 1 else ''} to review after an update"
        )
        self.setVisible(shown > 0)
        self._update_buttons()

    def current_id(self) -> int | None:
        item = self.tree.currentItem()
        value = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return value if isinstance(value, int) else None

    def select(self, annotation_id: int) -> bool:
        for item in self._items():
            if item.data(0, Qt.ItemDataRole.UserRole) == annotation_id:
                self.tree.setCurrentItem(item)
                return True
        return False

    def accept_current(self) -> None:
        if (annotation_id := self.current_id()) is not None and self._state() == FUZZY:
            self._act(lambda: self._session.place_annotation(annotation_id))

    def place_current(self) -> None:
        annotation_id, where = self.current_id(), self._selection()
        if annotation_id is None:
            return
        if where is None:
            show_error(self, "Select the passage the highlight belongs to, then try again.")
            return
        self._act(lambda: self._session.place_annotation(annotation_id, where))

    def delete_current(self) -> None:
        if (annotation_id := self.current_id()) is not None:
            self._act(lambda: self._session.delete_annotation(annotation_id))

    def _act(self, action: Callable[[], object]) -> None:
        try:
            action()
        except LibraryError as exc:
            show_error(self, f"The highlight could not be changed: {exc}")

    def _state(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole + 1) if item is not None else None

    def _items(self) -> list[QTreeWidgetItem]:
        found: list[QTreeWidgetItem] = []
        for n in range(self.tree.topLevelItemCount()):
            section = self.tree.topLevelItem(n)
            if section is not None:
                children = (section.child(k) for k in range(section.childCount()))
                found += [item for item in children if item is not None]
        return found

    def _current_changed(self, *_args: object) -> None:
        self._update_buttons()
        annotation_id = self.current_id()
        if annotation_id is not None and self._state() == FUZZY:
            self.annotationActivated.emit(annotation_id)

    def _update_buttons(self, *_args: object) -> None:
        chosen = self.current_id() is not None
        self.accept_button.setEnabled(chosen and self._state() == FUZZY)
        self.place_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _annotations_changed(self, change: AnnotationChange) -> None:
        if self._article_id is None:
            return
        records = [r for pair in change.of_article(self._article_id) for r in pair if r]
        if any(r.anchor != EXACT or r.id in self._known for r in records):
            self.reload()


def _line(record: AnnotationRecord) -> str:
    quote = " ".join(record.quote.split())
    return quote if len(quote) <= 60 else quote[:59] + "…"


def _tooltip(record: AnnotationRecord) -> str:
    if record.anchor == ORPHANED:
        return f"Was: {record.quote}"
    return f"Now: {record.quote}\nWas: {record.original_quote}"
