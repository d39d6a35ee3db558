"""The open article's annotations: the one store the Session owns and every view renders.

A list model in text order: the sidebar shows it through a filter proxy, the reading pane
paints from it. The Session applies what each write returned (an AnnotationChange) and then
announces it; nothing re-reads what was just written.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from models.annotating import AnnotationRecord, text_order
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
Pair = tuple[AnnotationRecord | None, AnnotationRecord | None]


@dataclass(frozen=True)
class AnnotationChange:
    """What one write did: (before, after) per annotation touched, None where it is absent
    (before a create, after a delete); `select`: the annotation to select afterwards."""

    pairs: tuple[Pair, ...]
    select: int | None = None
    # Another writer's change (live updates): (article id, highlights made - deleted) for
    # articles whose records were not read, and whether it came from elsewhere.
    counts: tuple[tuple[int, int], ...] = ()
    foreign: bool = False

    @classmethod
    def made(cls, records: Sequence[AnnotationRecord], select: int | None = None) -> Any:
        return cls(tuple((None, r) for r in records), select)

    @classmethod
    def removed(cls, records: Sequence[AnnotationRecord]) -> Any:
        return cls(tuple((r, None) for r in records))

    def of_article(self, article_id: int) -> list[Pair]:
        return [p for p in self.pairs if _article(p) == article_id]

    def count_changes(self) -> Counter[int]:
        """Each article's change in its number of highlights (+ made, - deleted)."""
        deltas: Counter[int] = Counter()
        for old, new in self.pairs:
            deltas[_article((old, new))] += (new is not None) - (old is not None)
        for article_id, delta in self.counts:
            deltas[article_id] += delta
        return deltas


def _article(pair: Pair) -> int:
    record = pair[1] or pair[0]
    assert record is not None
    return record.article_id


_order = text_order  # as models.annotating lists an article's annotations (orphans last)


def _place(record: AnnotationRecord) -> tuple[bool, int]:
    return text_order(record)[:2]


def _length(record: AnnotationRecord) -> int:
    return 0 if record.start is None or record.end is None else record.end - record.start


def diff(old: Iterable[AnnotationRecord], new: Iterable[AnnotationRecord]) -> tuple[Pair, ...]:
    """The pairs that turn `old` into `new` (a reload after an edit of unknown extent)."""
    before, after = {r.id: r for r in old}, {r.id: r for r in new}
    return tuple(
        (before.get(i), after.get(i))
        for i in sorted(before.keys() | after.keys())
        if before.get(i) != after.get(i)
    )


class AnnotationStore(QAbstractListModel):
    """One article's annotations in text order; DisplayRole is the quote.

    Changes arrive as row removals, insertions and data changes, so views keep their
    selection and scroll position; `aboutToChange` and `changed` (the pairs applied, as the
    store held them before) bracket each change that touches the article.
    """

    aboutToChange = Signal()
    changed = Signal(list)  # [(before, after)] for this article, before as the store held it

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._article_id: int | None = None
        self._records: list[AnnotationRecord] = []
        self._by_id: dict[int, AnnotationRecord] = {}
        self._tag_paths: list[str] | None = None  # tag_paths(), until tags come or go
        self._coders: Counter[str] = Counter()  # highlights per coder
        # No annotation is longer than this (an upper bound: deletes leave it), so those
        # overlapping a range start at most this far before it.
        self._longest = 0

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

    # --- loading and changing -----------------------------------------------------------
    @property
    def article_id(self) -> int | None:
        return self._article_id

    def load(self, article_id: int | None, records: Sequence[AnnotationRecord]) -> None:
        """Hold this article's annotations (as listed by models.annotating: text order)."""
        self.beginResetModel()
        self._article_id = article_id
        self._records = sorted(records, key=_order)
        self._by_id = {r.id: r for r in self._records}
        self._tag_paths = None
        self._coders = Counter(r.coder for r in self._records)
        self._longest = max(map(_length, self._records), default=0)
        self.endResetModel()

    def apply(self, pairs: Sequence[Pair]) -> list[Pair]:
        """Apply the pairs that concern this article; returns them with `before` as held."""
        if self._article_id is None:
            return []
        mine = [p for p in pairs if _article(p) == self._article_id]
        if not mine:
            return []
        self.aboutToChange.emit()
        applied: list[Pair] = []
        for old, new in mine:
            annotation_id = (new or old).id  # type: ignore[union-attr]
            held = self._by_id.get(annotation_id)
            applied.append((held, new))
            self._put(held, new)
        self.changed.emit(applied)
        return applied

    def _put(self, held: AnnotationRecord | None, new: AnnotationRecord | None) -> None:
        if held is not None and new is not None and _order(held) == _order(new):
            if held != new:
                row = self.row_of(held.id)
                self._records[row] = self._by_id[new.id] = new
                self._tag_paths = None if held.tags != new.tags else self._tag_paths
                self._coders[held.coder] -= 1
                self._coders[new.coder] += 1
                self.dataChanged.emit(self.index(row), self.index(row))
            return
        if held is not None:  # deleted (or moved, which offsets never do: kept in order)
            row = self.row_of(held.id)
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._records[row], self._by_id[held.id]
            self._tag_paths = None if held.tags else self._tag_paths
            self._coders[held.coder] -= 1
            self.endRemoveRows()
        if new is not None:
            row = bisect_left(self._records, _order(new), key=_order)
            self.beginInsertRows(QModelIndex(), row, row)
            self._records.insert(row, new)
            self._by_id[new.id] = new
            self._tag_paths = None if new.tags else self._tag_paths
            self._coders[new.coder] += 1
            self._longest = max(self._longest, _length(new))
            self.endInsertRows()

    # --- queries ------------------------------------------------------------------------
    def records(self) -> list[AnnotationRecord]:
        """The article's annotations in text order."""
        return list(self._records)

    def overlapping(self, start: int, end: int) -> list[AnnotationRecord]:
        """The annotations on or touching [start, end] (r.start <= end and r.end >= start),
        in text order, by bisection: a change or the screen's lines need not visit them all."""
        records = self._records
        low = bisect_left(records, (False, start - self._longest), key=_place)
        high = bisect_right(records, (False, end), key=_place)  # orphans (True, …) come last
        return [r for r in records[low:high] if r.end is not None and r.end >= start]

    def coders(self) -> list[str]:
        """The coders of the article's highlights, sorted case-insensitively."""
        return sorted((c for c, n in self._coders.items() if n > 0), key=str.lower)

    def get(self, annotation_id: int) -> AnnotationRecord | None:
        return self._by_id.get(annotation_id)

    def row_of(self, annotation_id: int) -> int:
        """The row of this annotation, or -1 when it is not in the article."""
        record = self._by_id.get(annotation_id)
        return -1 if record is None else bisect_left(self._records, _order(record), key=_order)

    def record(self, row: int) -> AnnotationRecord:
        return self._records[row]

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
