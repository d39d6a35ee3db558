"""One article's annotations as a list model, plus a tag/colour filter on top of it.

The whole list is loaded at once. After an edit of known annotations only those rows are
re-read (refresh_ids); otherwise refreshes are diffed by id. Either way rows keep their identity
(and the view its selection and scroll position) when an annotation is edited, added or deleted.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from models.annotating import AnnotationRecord, get_annotations, list_annotations
from models.tags import SEPARATOR

IdRole = Qt.ItemDataRole.UserRole + 1
ColorRole = Qt.ItemDataRole.UserRole + 2
QuoteRole = Qt.ItemDataRole.UserRole + 3
NoteRole = Qt.ItemDataRole.UserRole + 4
TagsRole = Qt.ItemDataRole.UserRole + 5
StartRole = Qt.ItemDataRole.UserRole + 6
EndRole = Qt.ItemDataRole.UserRole + 7
RecordRole = Qt.ItemDataRole.UserRole + 8  # the AnnotationRecord itself

Index = QModelIndex | QPersistentModelIndex


class AnnotationListModel(QAbstractListModel):
    """The annotations of one article in text order; DisplayRole is the quote."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._article_id: int | None = None
        self._records: list[AnnotationRecord] = []
        self._rows: dict[int, int] = {}
        self._tag_paths: list[str] | None = None  # tag_paths(), until tags come or go

    # --- Qt interface -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == RecordRole:  # first and unchecked: asked for every row's size on a reset
            row = index.row()
            return self._records[row] if 0 <= row < len(self._records) else None
        if not self.checkIndex(index, QAbstractListModel.CheckIndexOption.IndexIsValid):
            return None
        record = self._records[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, QuoteRole):
            return record.quote
        if role == Qt.ItemDataRole.ToolTipRole:
            return record.note or None
        return {
            IdRole: record.id,
            ColorRole: record.color,
            NoteRole: record.note,
            TagsRole: list(record.tags),
            StartRole: record.start,
            EndRole: record.end,
        }.get(role)

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        names.update(
            {
                IdRole: QByteArray(b"annotationId"),
                ColorRole: QByteArray(b"color"),
                QuoteRole: QByteArray(b"quote"),
                NoteRole: QByteArray(b"note"),
                TagsRole: QByteArray(b"tags"),
                StartRole: QByteArray(b"start"),
                EndRole: QByteArray(b"end"),
            }
        )
        return names

    # --- loading ------------------------------------------------------------------------
    @property
    def article_id(self) -> int | None:
        return self._article_id

    def set_article(self, article_id: int | None) -> None:
        self.beginResetModel()
        self._article_id = article_id
        self._records = list_annotations(article_id) if article_id is not None else []
        self._reindex()
        self._tag_paths = None
        self.endResetModel()

    def refresh(self) -> None:
        """Reload from the library, as row removals, insertions and data changes."""
        if self._article_id is None:
            return
        new = list_annotations(self._article_id)
        self._tag_paths = None
        new_ids = {r.id for r in new}
        gone = _runs(i for i, r in enumerate(self._records) if r.id not in new_ids)
        for first, last in reversed(gone):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._records[first : last + 1]
            self._reindex()
            self.endRemoveRows()
        kept = {r.id for r in self._records}
        if [r.id for r in self._records] != [r.id for r in new if r.id in kept]:
            self.set_article(self._article_id)  # an order change: offsets never move, but be safe
            return
        for first, last in _runs(i for i, r in enumerate(new) if r.id not in kept):
            self.beginInsertRows(QModelIndex(), first, last)
            self._records[first:first] = new[first : last + 1]
            self._reindex()
            self.endInsertRows()
        for row, record in enumerate(new):
            if self._records[row] != record:
                self._records[row] = record
                index = self.index(row)
                self.dataChanged.emit(index, index)

    def refresh_ids(self, ids: Iterable[int]) -> None:
        """Re-read just these annotations: each row is removed, inserted in text order or
        changed in place, with the matching row signals."""
        if self._article_id is None:
            return
        ids = list(dict.fromkeys(ids))
        fresh = {r.id: r for r in get_annotations(ids) if r.article_id == self._article_id}
        for annotation_id in ids:
            row, record = self.row_of(annotation_id), fresh.get(annotation_id)
            old_tags = self._records[row].tags if row >= 0 else ()
            if old_tags != (record.tags if record is not None else ()):
                self._tag_paths = None
            if row >= 0 and record is not None and _order(record) == _order(self._records[row]):
                if record != self._records[row]:
                    self._records[row] = record
                    self.dataChanged.emit(self.index(row), self.index(row))
                continue
            if row >= 0:  # deleted (or moved, which offsets never do: still kept in order)
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._records[row]
                self._reindex()
                self.endRemoveRows()
            if record is not None:
                row = bisect_left(self._records, _order(record), key=_order)
                self.beginInsertRows(QModelIndex(), row, row)
                self._records.insert(row, record)
                self._reindex()
                self.endInsertRows()

    def _reindex(self) -> None:
        self._rows = {record.id: row for row, record in enumerate(self._records)}

    # --- queries ------------------------------------------------------------------------
    def row_of(self, annotation_id: int) -> int:
        """The row of this annotation, or -1 when it is not in the article."""
        return self._rows.get(annotation_id, -1)

    def record(self, row: int) -> AnnotationRecord:
        return self._records[row]

    def record_by_id(self, annotation_id: int) -> AnnotationRecord | None:
        row = self.row_of(annotation_id)
        return self._records[row] if row >= 0 else None

    def tag_paths(self) -> list[str]:
        """Every tag used in the article plus its ancestors, so a parent can be filtered on."""
        if self._tag_paths is None:
            paths: dict[str, str] = {}
            for tag in dict.fromkeys(tag for record in self._records for tag in record.tags):
                parts = tag.split(SEPARATOR)
                for depth in range(1, len(parts) + 1):
                    path = SEPARATOR.join(parts[:depth])
                    paths.setdefault(path.lower(), path)
            self._tag_paths = sorted(paths.values(), key=str.lower)
        return list(self._tag_paths)


def _order(record: AnnotationRecord) -> tuple[int, int, int]:
    """Text order, as models.annotating lists an article's annotations."""
    return (record.start, record.end, record.id)


def _runs(rows: Any) -> list[tuple[int, int]]:
    """Ascending row numbers grouped into (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


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
        self._list_model: AnnotationListModel | None = None

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

    def is_filtering(self) -> bool:
        return self._tag is not None or self._color is not None

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
        return self._tag is None or tag_matches(index.data(TagsRole) or [], self._tag)

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        super().setSourceModel(model)
        self._list_model = model if isinstance(model, AnnotationListModel) else None

    def record_at(self, row: int) -> AnnotationRecord | None:
        """The record shown at a proxy row, cheaply (every row's size is asked for on a reset
        or a new width): with no filter the rows are the source's own."""
        if self._list_model is None:
            return None
        if self._tag is None and self._color is None:
            return self._list_model.record(row)
        return self._list_model.record(self.mapToSource(self.index(row, 0)).row())

    def row_of(self, annotation_id: int) -> int:
        """The proxy row of this annotation, or -1 when absent or filtered out."""
        source = self.sourceModel()
        if not isinstance(source, AnnotationListModel):
            return -1
        row = source.row_of(annotation_id)
        if row < 0:
            return -1
        return self.mapFromSource(source.index(row)).row()
