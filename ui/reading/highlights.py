"""Paint annotations into the reading document as character formats.

Ranges are swept into elementary segments so overlaps stay visible: a segment under one
highlight gets its colour, under several a stronger blend with an underline. Each painted
segment carries the ids of the annotations covering it (topmost first) in IDS_PROPERTY, which
is how hover and click find them. All changes happen inside one edit block: one relayout.

After an edit of a few annotations, repaint_changed redoes only the document ranges they cover
(before and after), leaving every character exactly as a full paint would.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import QTextEdit

from models.annotations import AnnotationRecord
from ui.offsets import DocumentMap
from ui.theme import Theme, highlight_color, overlap_underline

IDS_PROPERTY = int(QTextFormat.Property.UserProperty) + 1
# What painting adds. setUnderlineStyle also sets the old FontUnderline property, which no
# article format has (Qt 6 links carry only the style): it goes even from links, so a cleared
# link is the link as built.
_CLEARED = (
    QTextFormat.Property.BackgroundBrush,
    QTextFormat.Property.TextUnderlineColor,
    QTextFormat.Property.FontUnderline,
    IDS_PROPERTY,
)
_UNDERLINE = QTextFormat.Property.TextUnderlineStyle  # links keep theirs


@dataclass(frozen=True)
class Segment:
    start: int  # document positions
    end: int
    ids: tuple[int, ...]  # topmost (shortest, then newest) first
    colors: tuple[str, ...]  # in the same order


def sweep(ranges: Iterable[tuple[int, int, int, str]]) -> list[Segment]:
    """(start, end, id, colour) ranges → the segments between all their boundaries."""
    starts: dict[int, list[tuple[int, int, int, str]]] = defaultdict(list)
    ends: dict[int, list[int]] = defaultdict(list)
    for item in ranges:
        if item[0] < item[1]:
            starts[item[0]].append(item)
            ends[item[1]].append(item[2])
    points = sorted(starts.keys() | ends.keys())
    active: dict[int, tuple[int, int, int, str]] = {}
    segments: list[Segment] = []
    for here, there in zip(points, points[1:], strict=False):
        for gone in ends.get(here, ()):
            active.pop(gone, None)
        for item in starts.get(here, ()):
            active[item[2]] = item
        if len(active) == 1:
            [(_start, _end, single, color)] = active.values()
            segments.append(Segment(here, there, (single,), (color,)))
        elif active:
            order = sorted(active.values(), key=lambda r: (r[1] - r[0], -r[2]))
            segments.append(
                Segment(here, there, tuple(r[2] for r in order), tuple(r[3] for r in order))
            )
    return segments


def document_ranges(
    dmap: DocumentMap, annotations: Sequence[AnnotationRecord]
) -> list[tuple[int, int, int, str]]:
    found = []
    for record in annotations:
        start, end = dmap.range_to_document(record.start, record.end)
        found.append((start, end, record.id, record.color))
    return found


def paint_highlights(
    doc: QTextDocument,
    dmap: DocumentMap,
    annotations: Sequence[AnnotationRecord],
    theme: Theme,
    previous: Sequence[tuple[int, int]] = (),
) -> list[tuple[int, int]]:
    """Clear what `previous` painted, paint `annotations`; returns the painted pieces."""
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    try:
        _clear(doc, cursor, previous)
        painted = _paint(dmap, cursor, sweep(document_ranges(dmap, annotations)), theme)
    finally:
        cursor.endEditBlock()
    return painted


def repaint_changed(
    doc: QTextDocument,
    dmap: DocumentMap,
    annotations: Iterable[AnnotationRecord],
    changed: Iterable[AnnotationRecord],
    theme: Theme,
) -> list[tuple[int, int]]:
    """Repaint just where `changed` (the old and the new versions of edited, added or deleted
    annotations) lie, given all the article's `annotations` now; returns the painted pieces.

    Formats are cleared and painted clipped to those ranges, from a sweep of every annotation
    overlapping them (whole, so that the topmost-first order is the full paint's), so the
    ranges come out as a full repaint would leave them and nothing else is touched.
    """
    spans = _spans(changed)
    if not spans:
        return []
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    try:
        painted: list[tuple[int, int]] = []
        for start, end in spans:
            a, b = dmap.range_to_document(start, end)
            # Doc ranges overlap only if canonical ones do (to_document is monotonic), so a
            # canonical test finds every annotation painted on [a, b) without mapping them all.
            near = [r for r in annotations if r.start < end and r.end > start]
            segments = [
                Segment(max(s.start, a), min(s.end, b), s.ids, s.colors)
                for s in sweep(document_ranges(dmap, near))
                if s.start < b and s.end > a
            ]
            _clear_range(doc, cursor, a, b)
            painted += _paint(dmap, cursor, segments, theme)
    finally:
        cursor.endEditBlock()
    return painted


def _spans(records: Iterable[AnnotationRecord]) -> list[tuple[int, int]]:
    """The canonical ranges of the records, overlapping or touching ones merged."""
    spans: list[tuple[int, int]] = []
    for start, end in sorted((r.start, r.end) for r in records):
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def clear_highlights(doc: QTextDocument, previous: Sequence[tuple[int, int]]) -> None:
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    try:
        _clear(doc, cursor, previous)
    finally:
        cursor.endEditBlock()


def _paint(
    dmap: DocumentMap, cursor: QTextCursor, segments: Sequence[Segment], theme: Theme
) -> list[tuple[int, int]]:
    """Merge the highlight format into each segment, skipping block separators."""
    formats: dict[tuple[str, ...], QTextCharFormat] = {}
    painted: list[tuple[int, int]] = []
    for segment in segments:
        key = tuple(sorted(segment.colors))
        base = formats.get(key)
        if base is None:
            base = formats[key] = _format(theme, key)
        fmt = QTextCharFormat(base)
        fmt.setProperty(IDS_PROPERTY, ",".join(map(str, segment.ids)))
        for start, end in dmap.split_at_blocks(segment.start, segment.end):
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
            painted.append((start, end))
    return painted


def _format(theme: Theme, colors: tuple[str, ...]) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(highlight_color(theme, colors))
    if len(colors) > 1:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(overlap_underline(theme, colors))
    return fmt


def _clear(doc: QTextDocument, cursor: QTextCursor, previous: Sequence[tuple[int, int]]) -> None:
    """Take highlight formats off the fragments that carry them (links keep their underline)."""
    changes: list[tuple[int, int, QTextCharFormat]] = []
    seen: set[int] = set()
    for start, _end in previous:
        block = doc.findBlock(start)
        if not block.isValid() or block.blockNumber() in seen:
            continue
        seen.add(block.blockNumber())
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.hasProperty(IDS_PROPERTY):
                start = fragment.position()
                changes.append((start, start + fragment.length(), _unpainted(fmt)))
            it += 1
    _apply(cursor, changes)


def _clear_range(doc: QTextDocument, cursor: QTextCursor, a: int, b: int) -> None:
    """Take highlight formats off document positions [a, b) only, cutting fragments there."""
    changes: list[tuple[int, int, QTextCharFormat]] = []
    block = doc.findBlock(a)
    while block.isValid() and block.position() < b:
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            start = fragment.position()
            if start >= b:
                break
            end = start + fragment.length()
            if end > a:
                fmt = fragment.charFormat()
                if fmt.hasProperty(IDS_PROPERTY):
                    changes.append((max(start, a), min(end, b), _unpainted(fmt)))
            it += 1
        block = block.next()
    _apply(cursor, changes)


def _unpainted(fmt: QTextCharFormat) -> QTextCharFormat:
    """The format without what painting merged in (links keep their underline)."""
    for prop in _CLEARED:
        fmt.clearProperty(prop)
    if not fmt.isAnchor():
        fmt.clearProperty(_UNDERLINE)
    return fmt


def _apply(cursor: QTextCursor, changes: Sequence[tuple[int, int, QTextCharFormat]]) -> None:
    for start, end, fmt in changes:
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(fmt)


def ids_at(doc: QTextDocument, position: int) -> tuple[int, ...]:
    """Ids of the annotations painted on the character at a document position, topmost first."""
    block = doc.findBlock(position)
    if not block.isValid() or position >= block.position() + block.length() - 1:
        return ()
    cursor = QTextCursor(doc)
    cursor.setPosition(position + 1)  # charFormat() is the format of the character before
    value = cursor.charFormat().property(IDS_PROPERTY)
    if not value:
        return ()
    return tuple(int(part) for part in str(value).split(","))


def mark(
    doc: QTextDocument, start: int, end: int, color: QColor, underline: QColor | None = None
) -> QTextEdit.ExtraSelection:
    """A temporary coloured range (find matches, the flash) that leaves the document alone."""
    selection = QTextEdit.ExtraSelection()
    cursor = QTextCursor(doc)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    fmt = QTextCharFormat()
    fmt.setBackground(color)
    if underline is not None:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
        fmt.setUnderlineColor(underline)
    selection.cursor, selection.format = cursor, fmt
    return selection


def tooltip_html(records: Sequence[AnnotationRecord], href: str = "") -> str:
    """Rich text for a hover: the link target and each highlight's note and tags, all escaped."""
    parts = []
    if href:
        parts.append(f"{html.escape(href)}<br><i>Ctrl+click to open</i>")
    for record in records:
        lines = [f"<b>{html.escape(record.color.capitalize())} highlight</b>"]
        if record.note:
            note = record.note if len(record.note) <= 400 else record.note[:399] + "…"
            lines.append(html.escape(note).replace("\n", "<br>"))
        if record.tags:
            lines.append("Tags: " + html.escape(", ".join(record.tags)))
        parts.append("<br>".join(lines))
    return "<hr>".join(parts)
