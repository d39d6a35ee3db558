"""The sidebar's tag/colour filter over the session's annotation store."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
)

from models.annotating import AnnotationRecord
from models.tags import SEPARATOR
from ui.session.store import AnnotationStore, ColorRole, RecordRole, TagsRole

Index = QModelIndex | QPersistentModelIndex


def tag_matches(tags: list[str] | tuple[str, ...], path: str) -> bool:
    """True when a tag is `path` or lies below it (case-insensitive)."""
    wanted = path.lower()
    prefix = wanted + SEPARATOR
    return any(t.lower() == wanted or t.lower().startswith(prefix) for t in tags)


class AnnotationFilterProxy(QSortFilterProxyModel):
    """Keeps the rows carrying a tag (or one of its descendants) and/or a colour."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tag: str | None = None
        self._color: str | None = None
        self._coder: str | None = None  # only this coder's highlights (team coding)
        self._list_model: AnnotationStore | None = None

    @property
    def tag_filter(self) -> str | None:
        return self._tag

    @property
    def color_filter(self) -> str | None:
        return self._color

    def set_tag_filter(self, path: str | None) -> None:
        self._set(path or None, self._color)

    def set_color_filter(self, color: str | None) -> None:
        self._set(self._tag, color or None)

    @property
    def coder_filter(self) -> str | None:
        return self._coder

    def set_coder_filter(self, coder: str | None) -> None:
        if coder != self._coder:
            self.beginFilterChange()
            self._coder = coder or None
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def is_filtering(self) -> bool:
        return self._tag is not None or self._color is not None or self._coder is not None

    def _set(self, tag: str | None, color: str | None) -> None:
        if (tag, color) == (self._tag, self._color):
            return
        self.beginFilterChange()
        self._tag, self._color = tag, color
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        if self._color is not None and index.data(ColorRole) != self._color:
            return False
        if self._coder is not None and index.data(RecordRole).coder != self._coder:
            return False
        return self._tag is None or tag_matches(index.data(TagsRole) or [], self._tag)

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        super().setSourceModel(model)
        self._list_model = model if isinstance(model, AnnotationStore) else None

    def record_at(self, row: int) -> AnnotationRecord | None:
        """The record shown at a proxy row, cheaply (every row's size is asked for on a reset
        or a new width): with no filter the rows are the source's own."""
        if self._list_model is None:
            return None
        if not self.is_filtering():
            return self._list_model.record(row)
        return self._list_model.record(self.mapToSource(self.index(row, 0)).row())

    def row_of(self, annotation_id: int) -> int:
        """The proxy row of this annotation, or -1 when absent or filtered out."""
        source = self.sourceModel()
        if not isinstance(source, AnnotationStore):
            return -1
        row = source.row_of(annotation_id)
        if row < 0:
            return -1
        return self.mapFromSource(source.index(row)).row()
