"""The reading pane with its find bar above it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.codebook.tag_picker import TagPicker
from ui.reading.annotate import NoteEditor
from ui.reading.find_bar import FindBar
from ui.reading.pane import ReadingPane
from ui.session.session import Session


class ReadingView(QWidget):
    """The pane with its find bar above it: `.pane` and `.find_bar` (hidden until asked)."""

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        *,
        tag_picker: TagPicker | None = None,  # None: the codebook's picker, looked up when used
        note_editor: NoteEditor | None = None,
        open_url: Callable[[QUrl], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("readingView")
        self.pane = ReadingPane(
            session, self, tag_picker=tag_picker, note_editor=note_editor, open_url=open_url
        )
        self.find_bar = FindBar(self.pane, self)
        self.pane.findRequested.connect(self.show_find_bar)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.pane, 1)

    def show_find_bar(self) -> None:
        self.find_bar.open()

    open_find = show_find_bar
