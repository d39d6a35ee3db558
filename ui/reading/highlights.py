"""Paint annotations into the reading document as character formats.

Ranges are swept into elementary segments so overlaps stay visible: a segment under one
highlight gets its colour, under several a stronger blend with an underline. Formats carry
colours only (one shared format per colour mix, so neighbouring pieces merge into one fragment);
which annotations cover a character, topmost first, a HitIndex over the same sweep answers.
All changes happen inside one edit block: one relayout.

When an article is opened the formats go in as the document is built (Overlay), with no
second pass over it. After an edit of a few annotations, repaint_changed redoes only the
document ranges they cover (before and after); both leave every character exactly as a full
paint (paint_highlights) would.
"""

from __future__ import annotations

import functools
import html
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import QTextEdit

from models.annotating import AnnotationRecord, span
from ui.common.theme import Theme, highlight_color, overlap_underline
from ui.reading.offsets import DocumentMap

# What painting adds. setUnderlineStyle also sets the old FontUnderline property, which no
# article format has (Qt 6 links carry only the style): it goes even from links, so a cleared
# link is the link as built.
_CLEARED = (
    QTextFormat.Property.BackgroundBrush,
    QTextFormat.Property.TextUnderlineColor,
    QTextFormat.Property.FontUnderline,
)
_PAINTED = QTextFormat.Property.BackgroundBrush  # no article format has one: painting's mark
_UNDERLINE = QTextFormat.Property.TextUnderlineStyle  # links keep theirs


class Segment(NamedTuple):  # a tuple: an article with thousands of highlights makes many
    start: int  # document positions (canonical offsets for an Overlay)
    end: int
    ids: tuple[int, ...]  # topmost (shortest, then newest) first
    colors: tuple[str, ...]  # in the same order


# A range to sweep: start, end, annotation id, colour, and its length in the document (which
# decides what is on top, whether the ends are document positions or canonical offsets).
Range = tuple[int, int, int, str, int]


def sweep(ranges: Iterable[Range]) -> list[Segment]:
    """Ranges → the segments between all their boundaries, each with what covers it."""
    starts: dict[int, list[Range]] = defaultdict(list)
    ends: dict[int, list[int]] = defaultdict(list)
    for item in ranges:
        if item[0] < item[1]:
            starts[item[0]].append(item)
            ends[item[1]].append(item[2])
    points = sorted(starts.keys() | ends.keys())
    active: dict[int, Range] = {}
    segments: list[Segment] = []
    for here, there in zip(points, points[1:], strict=False):
        for gone in ends.get(here, ()):
            active.pop(gone, None)
        for item in starts.get(here, ()):
            active[item[2]] = item
        if len(active) == 1:
            [(_start, _end, single, color, _length)] = active.values()
            segments.append(Segment(here, there, (single,), (color,)))
        elif active:
            order = sorted(active.values(), key=lambda r: (r[4], -r[2]))
            segments.append(
                Segment(here, there, tuple(r[2] for r in order), tuple(r[3] for r in order))
            )
    return segments


def document_ranges(dmap: DocumentMap, annotations: Sequence[AnnotationRecord]) -> list[Range]:
    found = []
    for record in annotations:
        start, end = dmap.range_to_document(*span(record))
        found.append((start, end, record.id, record.color, end - start))
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
    near: Callable[[int, int], Iterable[AnnotationRecord]],
    changed: Iterable[AnnotationRecord],
    theme: Theme,
) -> list[tuple[int, int]]:
    """Repaint just where `changed` (the old and the new versions of edited, added or deleted
    annotations) lie, given the article's annotations now on or touching a canonical range
    (`near(start, end)`, e.g. AnnotationStore.overlapping); returns the painted pieces.

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
            under = [r for r in near(start, end) if span(r)[0] < end and span(r)[1] > start]
            segments = [
                Segment(max(s.start, a), min(s.end, b), s.ids, s.colors)
                for s in sweep(document_ranges(dmap, under))
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
    for start, end in sorted(span(r) for r in records):
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


def highlight_formats(
    segments: Iterable[Segment], theme: Theme
) -> list[tuple[int, int, QTextCharFormat]]:
    """Each segment's range and the (shared, not to be changed) format painting merges in."""
    bases: dict[tuple[str, ...], QTextCharFormat] = {}  # (hashing the theme costs too)
    found = []
    for segment in segments:
        key = tuple(sorted(segment.colors))
        base = bases.get(key)
        if base is None:
            base = bases[key] = _format(theme, key)
        found.append((segment.start, segment.end, base))
    return found


class HitIndex:
    """Which annotations cover the character at a document position, topmost first (the order
    painting uses), by bisection over a sweep of the annotations' canonical ranges."""

    def __init__(self, dmap: DocumentMap, segments: Sequence[Segment]) -> None:
        self._dmap = dmap
        self._segments = segments
        self._starts = [segment.start for segment in segments]

    @classmethod
    def of(cls, dmap: DocumentMap, annotations: Sequence[AnnotationRecord]) -> HitIndex:
        placed = document_ranges(dmap, annotations)
        return cls(dmap, sweep(canonical_ranges(annotations, placed)))

    def ids_at(self, position: int) -> tuple[int, ...]:
        offset = self._dmap.code_point_at(position)
        if offset is None:
            return ()
        index = bisect_right(self._starts, offset) - 1
        if index < 0 or offset >= self._segments[index].end:
            return ()
        return self._segments[index].ids


def canonical_ranges(
    annotations: Sequence[AnnotationRecord], placed: Sequence[Range]
) -> list[Range]:
    """The annotations' canonical ranges, weighed by their length in the document (`placed`:
    their document_ranges). Inside paragraph text the offset map is strictly increasing, so a
    sweep of these gives every character the ids and colours a sweep of `placed` does."""
    return [
        (*span(record), record.id, record.color, length)
        for record, (_start, _end, _id, _color, length) in zip(annotations, placed, strict=True)
    ]


class Overlay:
    """The full paint, merged into the text runs while the document is being built.

    Opening an article with a thousand highlights then costs no second pass of cursor
    merges. The segments are swept over canonical offsets, which the builder cuts its runs
    at: inside paragraph text the offset map is strictly increasing, so every character gets
    the ids and colours a sweep over document positions gives it (paint_highlights).
    """

    def __init__(
        self,
        formats: Sequence[tuple[int, int, QTextCharFormat]] = (),
        painted: Sequence[tuple[int, int]] = (),
    ) -> None:
        self._formats = formats  # canonical ranges
        self._next = 0
        self.painted = list(painted)  # document ranges: what clearing must visit
        self.hits: HitIndex | None = None  # from the same sweep, when made by of()

    @classmethod
    def of(
        cls, dmap: DocumentMap, annotations: Sequence[AnnotationRecord], theme: Theme
    ) -> Overlay:
        placed = document_ranges(dmap, annotations)
        segments = sweep(canonical_ranges(annotations, placed))
        overlay = cls(highlight_formats(segments, theme), [r[:2] for r in placed])
        overlay.hits = HitIndex(dmap, segments)
        return overlay

    def pieces(self, a: int, b: int) -> Iterator[tuple[int, int, QTextCharFormat | None]]:
        """Cut the canonical run [a, b) at highlight boundaries: each piece with the format
        to merge into the run's, or None where nothing is highlighted."""
        formats, index = self._formats, self._next
        while index < len(formats) and formats[index][1] <= a:
            index += 1
        self._next = index  # runs arrive in order: what ended before this one never returns
        here = a
        while here < b and index < len(formats) and formats[index][0] < b:
            start, end, fmt = formats[index]
            if start > here:
                yield here, start, None
                here = start
            upto = min(end, b)
            yield here, upto, fmt
            here = upto
            index += 1  # (one that goes on into the next run is found again from _next)
        if here < b:
            yield here, b, None


def _paint(
    dmap: DocumentMap, cursor: QTextCursor, segments: Sequence[Segment], theme: Theme
) -> list[tuple[int, int]]:
    """Merge the highlight format into each segment, skipping block separators."""
    painted: list[tuple[int, int]] = []
    for segment_start, segment_end, fmt in highlight_formats(segments, theme):
        for start, end in dmap.split_at_blocks(segment_start, segment_end):
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
            painted.append((start, end))
    return painted


@functools.lru_cache(maxsize=1024)  # mixing colours costs more than painting them
def _format(theme: Theme, colors: tuple[str, ...]) -> QTextCharFormat:
    """The shared base format of these colours: callers copy it before changing it."""
    fmt = QTextCharFormat()
    fmt.setBackground(highlight_color(theme, colors))
    if len(colors) > 1:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(overlap_underline(theme, colors))
    return fmt


def _clear(doc: QTextDocument, cursor: QTextCursor, previous: Sequence[tuple[int, int]]) -> None:
    """Take highlight formats off the fragments that carry them (links keep their underline),
    in every block the previously painted ranges touch."""
    changes: list[tuple[int, int, QTextCharFormat]] = []
    seen: set[int] = set()
    for start, end in previous:
        block = doc.findBlock(start)
        while block.isValid() and block.position() < end:
            number = block.blockNumber()
            if number not in seen:
                seen.add(number)
                it = block.begin()
                while not it.atEnd():
                    fragment = it.fragment()
                    fmt = fragment.charFormat()
                    if fmt.hasProperty(_PAINTED):
                        position = fragment.position()
                        changes.append((position, position + fragment.length(), _unpainted(fmt)))
                    it += 1
            block = block.next()
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
                if fmt.hasProperty(_PAINTED):
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
