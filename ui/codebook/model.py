"""TagTreeModel: the codebook as a tree with usage counts, renamable and draggable.

The model never writes: a rename typed in place or a drop is turned into a request signal,
which the panel carries out as an undoable command and answers with a reload. Nodes are
addressed by their position in a flat list (the index's internal id), so no index ever points
at a freed Python object.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QIcon

from models.codebook import TagNode, codebook
from models.colors import NAMED_COLORS
from models.tags import SEPARATOR, normalize_tag_path
from ui.common.chips import color_dot_icon

MIME_TYPE = "application/x-gloss-tag-paths"
COLUMNS = ("Tag", "Annotations", "Articles")
TAG, ANNOTATIONS, ARTICLES = range(3)
PathRole = Qt.ItemDataRole.UserRole + 1  # the full path
IdRole = Qt.ItemDataRole.UserRole + 2  # the tag id, or None for an implied group
OwnCountRole = Qt.ItemDataRole.UserRole + 3  # this tag's own count (count columns)
TotalCountRole = Qt.ItemDataRole.UserRole + 4  # with its subtags

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass
class _Item:
    node: TagNode
    parent: int  # position of the parent item, -1 at the top level
    row: int
    children: list[int] = field(default_factory=list)


class TagTreeModel(QAbstractItemModel):
    renameRequested = Signal(object, str)  # TagNode, its new full path
    moveRequested = Signal(list, object)  # [full paths], new parent path or None (top level)

    def __init__(
        self, parent: QObject | None = None, loader: Callable[[], list[TagNode]] = codebook
    ) -> None:
        super().__init__(parent)
        self._loader = loader
        self._items: list[_Item] = []
        self._roots: list[int] = []
        self._by_key: dict[str, int] = {}
        self._icons: dict[str, QIcon] = {}

    # --- loading ------------------------------------------------------------------------
    def reload(self) -> None:
        self.set_nodes(self._loader())

    def set_nodes(self, nodes: Sequence[TagNode]) -> None:
        """Nodes in tree order (parents before their subtags), as `codebook()` gives them."""
        self.beginResetModel()
        self._items, self._roots, self._by_key = [], [], {}
        for node in nodes:
            parent_key = node.parent_path.lower() if node.parent_path else None
            parent = self._by_key.get(parent_key, -1) if parent_key else -1
            siblings = self._items[parent].children if parent >= 0 else self._roots
            position = len(self._items)
            self._items.append(_Item(node, parent, len(siblings)))
            siblings.append(position)
            self._by_key[node.key] = position
        self.endResetModel()

    def nodes(self) -> list[TagNode]:
        return [item.node for item in self._items]

    def node(self, index: AnyIndex) -> TagNode | None:
        return self._items[index.internalId()].node if index.isValid() else None

    def index_of(self, path: str) -> QModelIndex:
        """The column-0 index of a path (any case), or an invalid index."""
        position = self._by_key.get(path.lower())
        if position is None:
            return QModelIndex()
        return self.createIndex(self._items[position].row, 0, position)

    def index_of_id(self, tag_id: int) -> QModelIndex:
        for position, item in enumerate(self._items):
            if item.node.id == tag_id:
                return self.createIndex(item.row, 0, position)
        return QModelIndex()

    def has_children(self, path: str) -> bool:
        position = self._by_key.get(path.lower())
        return position is not None and bool(self._items[position].children)

    # --- structure ----------------------------------------------------------------------
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        children = self._items[parent.internalId()].children if parent.isValid() else self._roots
        return self.createIndex(row, column, children[row])

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        up = self._items[index.internalId()].parent
        return QModelIndex() if up < 0 else self.createIndex(self._items[up].row, 0, up)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._roots)
        if parent.column() != 0:
            return 0
        return len(self._items[parent.internalId()].children)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section]
            if role == Qt.ItemDataRole.ToolTipRole and section != TAG:
                return f"{COLUMNS[section]} with this tag (in brackets: with its subtags)"
        return None

    # --- data ---------------------------------------------------------------------------
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item = self._items[index.internalId()]
        node, column = item.node, index.column()
        if role == PathRole:
            return node.path
        if role == IdRole:
            return node.id
        if column == TAG:
            return self._tag_data(node, role)
        own, total = (
            (node.annotations, node.total_annotations)
            if column == ANNOTATIONS
            else (node.articles, node.total_articles)
        )
        if role == Qt.ItemDataRole.DisplayRole:
            if item.children and total != own:
                return f"{own} ({total})" if node.id is not None else f"({total})"
            return str(own)
        if role == OwnCountRole:
            return own
        if role == TotalCountRole:
            return total
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            what = COLUMNS[column].lower()
            return f"{own} {what} with “{node.path}”; {total} with it or a subtag"
        return None

    def _tag_data(self, node: TagNode, role: int) -> object:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return node.name
        if role == Qt.ItemDataRole.DecorationRole and node.id is not None:
            if node.color not in self._icons and node.color in NAMED_COLORS:
                self._icons[node.color] = color_dot_icon(node.color)
            return self._icons.get(node.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            if node.id is None:
                return f"{node.path}\nA group: it gathers its subtags and has no uses of its own."
            return f"{node.path}\n{node.description or 'No description yet.'}"
        if role == Qt.ItemDataRole.FontRole and node.id is None:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # dropping on empty space: to the top level
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        flags |= Qt.ItemFlag.ItemIsDragEnabled
        if index.column() == TAG:
            flags |= Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def setData(self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A name renames within the parent; a path with slashes moves the tag there."""
        node = self.node(index)
        if node is None or role != Qt.ItemDataRole.EditRole or index.column() != TAG:
            return False
        text = str(value).strip()
        if not text:
            return False
        if SEPARATOR not in text and node.parent_path:
            text = node.parent_path + SEPARATOR + text
        try:
            if normalize_tag_path(text) == node.path:
                return False
        except ValueError:
            pass  # the panel says why it is refused
        self.renameRequested.emit(node, text)
        return True

    # --- drag and drop ------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        paths: list[str] = []
        for index in indexes:
            node = self.node(index)
            if node is not None and node.path not in paths:
                paths.append(node.path)
        data = QMimeData()
        data.setData(MIME_TYPE, QByteArray(json.dumps(paths).encode("utf-8")))
        return data

    def _drop_plan(self, data: QMimeData, parent: AnyIndex) -> tuple[list[str], str | None]:
        """The paths that would move, and where; the paths are [] when nothing would."""
        if not data.hasFormat(MIME_TYPE):
            return [], None
        try:
            paths = [str(p) for p in json.loads(bytes(data.data(MIME_TYPE).data()).decode())]
        except (ValueError, TypeError):
            return [], None
        target = self.node(parent)
        new_parent = target.path if target is not None else None
        key = new_parent.lower() if new_parent else None
        # a dragged tag inside another dragged one moves with it
        tops = [p for p in paths if not any(p.lower().startswith(o.lower() + "/") for o in paths)]
        moving = []
        for path in tops:
            lowered = path.lower()
            if key is not None and (key == lowered or key.startswith(lowered + SEPARATOR)):
                return [], None  # not into itself or its own subtags
            current = path.rsplit(SEPARATOR, 1)[0].lower() if SEPARATOR in path else None
            if current != key:
                moving.append(path)
        return moving, new_parent

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        return action == Qt.DropAction.MoveAction and bool(self._drop_plan(data, parent)[0])

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        """Dropped on a tag (or between its subtags): under it; on empty space: top level."""
        if action != Qt.DropAction.MoveAction:
            return False
        moving, new_parent = self._drop_plan(data, parent)
        if not moving:
            return False
        self.moveRequested.emit(moving, new_parent)
        return True
