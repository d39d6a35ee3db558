"""CodebookPanel: the tag manager, for a dock or a dialog.

Every edit is a Session call (`edit_codebook`): an undo step, announced with
`session.tagsChanged`; the panel reloads its tree on that signal (and, less eagerly, when
annotations change the counts), keeping the collapsed groups, the selection and the scroll.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QHideEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from models.codebook import TagNode
from ui.codebook import edits
from ui.codebook.edits import AskText, ChooseTarget, CodebookEdits
from ui.codebook.form import TagForm
from ui.codebook.model import ANNOTATIONS, ARTICLES, TAG, TagTreeModel
from ui.session.session import Session

COUNTS_DELAY_MS = 250


class TagTreeView(QTreeView):
    """Delete/Backspace asks to delete the current tag (not while renaming it)."""

    def __init__(self, panel: CodebookPanel) -> None:
        super().__init__(panel)
        self._panel = panel

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._panel.delete_selected()
        else:
            super().keyPressEvent(event)


class CodebookPanel(CodebookEdits, QWidget):
    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        *,
        ask_text: AskText = edits.ask_text,
        choose_target: ChooseTarget = edits.choose_target,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("codebook")
        self.session = session
        self.ask_text = ask_text
        self.choose_target = choose_target
        self._dirty = False

        self.model = TagTreeModel(self)
        self.model.renameRequested.connect(self.rename, Qt.ConnectionType.QueuedConnection)
        self.model.moveRequested.connect(self.move_tags, Qt.ConnectionType.QueuedConnection)
        self.tree = TagTreeView(self)
        self.tree.setObjectName("codebookTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.tree.setExpandsOnDoubleClick(False)
        # DragDrop, not InternalMove: the same within the view (only this model's MIME type
        # is accepted), and a drop can be tested without a real drag
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDragDropOverwriteMode(False)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDropIndicatorShown(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TAG, QHeaderView.ResizeMode.Stretch)
        for column in (ANNOTATIONS, ARTICLES):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.selectionModel().selectionChanged.connect(self._update_buttons)

        self.form = TagForm(self)
        self.form.colorChosen.connect(self.set_color)
        self.form.descriptionEdited.connect(self._description_edited)
        self.message = QLabel(self)
        self.message.setObjectName("codebookMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons: dict[str, QToolButton] = {}
        bar = QHBoxLayout()
        bar.setSpacing(2)
        for name, text, icon_name, slot, tip in (
            ("new", "New tag", "mdi6.tag-plus-outline", self.new_tag, "Add a tag"),
            ("merge", "Merge into…", "mdi6.call-merge", self.merge_selected,
             "Fold the selected tag into another: its annotations get the other tag"),
            ("delete", "Delete", "mdi6.trash-can-outline", self.delete_selected,
             "Delete the selected tag (the annotations stay)"),
            (None, "", "", None, ""),
            ("import", "Import…", "mdi6.file-import-outline", self.import_codebook,
             "Add or update tags from a codebook file (CSV or REFI-QDA .qdc)"),
            ("export", "Export…", "mdi6.file-export-outline", self.export_codebook,
             "Save the codebook as CSV or REFI-QDA .qdc"),
        ):  # fmt: skip
            if name is None:
                bar.addStretch(1)
                continue
            button = QToolButton(self)
            button.setObjectName(f"codebook_{name}")
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(text)
            # a narrow dock: the file buttons show only their icons
            icon_only = name in ("import", "export")
            button.setToolButtonStyle(
                Qt.ToolButtonStyle.ToolButtonIconOnly
                if icon_only
                else Qt.ToolButtonStyle.ToolButtonTextBesideIcon
            )
            button.setProperty("iconName", icon_name)
            button.clicked.connect(lambda _checked=False, do=slot: do())
            bar.addWidget(button)
            self.buttons[name] = button

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.form)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(COUNTS_DELAY_MS)
        self._counts_timer.timeout.connect(self._refresh_counts)
        session.tagsChanged.connect(self._tags_changed)
        session.annotationsChanged.connect(self._counts_changed)
        session.libraryChanged.connect(self._counts_changed)
        self._icons_set = False
        # Built on first show: a hidden dock must cost nothing at start-up (1.6 s at 100k).
        self._dirty = True

    # --- reading ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the tree, keeping collapsed groups, selection, current tag and scroll."""
        self._counts_timer.stop()
        self._dirty = False
        collapsed = [
            n for n, i in self._walk() if self.model.rowCount(i) and not self.tree.isExpanded(i)
        ]
        current = self.current_node()
        selected = self.selected_nodes()
        scroll = self.tree.verticalScrollBar().value()
        self.model.reload()
        self.tree.expandAll()
        for node in collapsed:
            self.tree.collapse(self._find(node))
        selection = self.tree.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for node in selected:
            index = self._find(node)
            if index.isValid():
                selection.select(index, flags)
        if current is not None:
            no_update = QItemSelectionModel.SelectionFlag.NoUpdate
            selection.setCurrentIndex(self._find(current), no_update)
        self.tree.verticalScrollBar().setValue(scroll)
        self.form.set_node(self.current_node())
        self._update_buttons()

    def _find(self, node: TagNode) -> QModelIndex:
        """The node after a reload: by id (it survives a rename), else by path (a group
        that has just become a tag of its own)."""
        if node.id is not None:
            index = self.model.index_of_id(node.id)
            if index.isValid():
                return index
        return self.model.index_of(node.path)

    def current_node(self) -> TagNode | None:
        return self.model.node(self.tree.currentIndex())

    def selected_nodes(self) -> list[TagNode]:
        rows = self.tree.selectionModel().selectedRows(TAG)
        return [node for node in map(self.model.node, rows) if node is not None]

    def select_path(self, path: str) -> bool:
        index = self.model.index_of(path)
        if not index.isValid():
            return False
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        flags |= QItemSelectionModel.SelectionFlag.Rows
        self.tree.selectionModel().setCurrentIndex(index, flags)
        self.tree.scrollTo(index)
        return True

    def message_text(self) -> str:
        return self.message.text()

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def _walk(self, parent: QModelIndex | None = None) -> Iterator[tuple[TagNode, QModelIndex]]:
        parent = parent or QModelIndex()
        for row in range(self.model.rowCount(parent)):
            index = self.model.index(row, TAG, parent)
            node = self.model.node(index)
            assert node is not None
            yield node, index
            yield from self._walk(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.form.set_node(self.model.node(current))
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        current = self.current_node()
        self.buttons["merge"].setEnabled(current is not None and len(self.model.nodes()) > 1)
        self.buttons["delete"].setEnabled(current is not None)

    def _tags_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def _refresh_counts(self) -> None:
        """Counts can wait; a name being typed in place must not be reset away."""
        if self.tree.state() == QAbstractItemView.State.EditingState:
            self._counts_timer.start()
        else:
            self.refresh()

    def _counts_changed(self, *_changed: object) -> None:  # an AnnotationChange or nothing
        if self.isVisible():
            self._counts_timer.start()
        else:
            self._dirty = True

    def flush(self) -> None:
        """Save a description still being typed (the window calls this when closing)."""
        self.form.flush()

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush()  # a closed dialog or dock keeps what was typed
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._icons_set:
            self._icons_set = True
            import qtawesome as qta

            for button in self.buttons.values():
                button.setIcon(qta.icon(str(button.property("iconName"))))
        if self._dirty:
            self.refresh()


def codebook_dialog(session: Session, parent: QWidget | None = None) -> QDialog:
    """The panel in a dialog of its own (non-modal: coding can go on beside it)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Codebook")
    dialog.setObjectName("codebookDialog")
    panel = CodebookPanel(session, dialog)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(panel)
    layout.addWidget(buttons)
    dialog.resize(520, 640)
    return dialog
