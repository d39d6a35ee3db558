"""Marks painted over the reading pane: a dot where a highlight carries a note, and an
optional margin of coding stripes (one per tag of each highlight, side by side where codes
overlap, in the tag's codebook colour), as qualitative coding tools show them.

Only what is on screen is measured and painted, so scrolling a long article stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QTextCursor
from PySide6.QtWidgets import QTextEdit

from models.annotating import AnnotationRecord, span
from models.tags import list_tags
from ui.common.theme import Theme, color_value
from ui.reading.offsets import DocumentMap

NOTE_DOT = 6  # px across
LANE, LANE_GAP, MARGIN_GAP = 3, 2, 10  # stripe width, space between stripes, space to the text


class Stripe(NamedTuple):
    rect: QRect
    color: QColor
    tag: str


def visible_span(view: QTextEdit, dmap: DocumentMap, hint: int = 0) -> tuple[int, int, int]:
    """The canonical range of the paragraphs on screen (whole: a few lines more than shown),
    and the number of the top one (the `hint` for the next call).

    cursorForPosition walks the laid-out paragraphs one by one (~0.3 ms a call in a
    300,000-character article, twice each paint); this searches out from `hint` (the last
    paint's top paragraph), so only paragraphs about the screen get laid out."""
    doc, layout = view.document(), view.document().documentLayout()
    top = view.verticalScrollBar().value()
    bottom = top + view.viewport().height()

    def top_of(number: int) -> float:
        return layout.blockBoundingRect(doc.findBlockByNumber(number)).top()

    first = _last_block_above(top_of, doc.blockCount(), top, hint)
    last = doc.findBlockByNumber(_last_block_above(top_of, doc.blockCount(), bottom, first))
    end = last.position() + max(last.length() - 1, 0)
    start = doc.findBlockByNumber(first).position()
    return dmap.to_canonical(start), dmap.to_canonical(end, prefer_end=True), first


def _last_block_above(top_of: Callable[[int], float], count: int, y: float, hint: int) -> int:
    """The last block whose top is at or above y (0 if none): galloping out from `hint`,
    then bisecting (block tops grow with their number)."""
    lo = hi = min(max(hint, 0), count - 1)
    step = 1
    if top_of(lo) <= y:
        while lo + step < count and top_of(lo + step) <= y:
            lo, step = lo + step, step * 2
        hi = min(lo + step, count) - 1
    else:
        while lo > 0 and top_of(lo) > y:
            hi, lo, step = lo - 1, max(lo - step, 0), step * 2
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if top_of(mid) <= y:
            lo = mid
        else:
            hi = mid - 1
    return lo


Near = Callable[[int, int], list[AnnotationRecord]]  # those on or touching a canonical range


def _caret_rect(view: QTextEdit, position: int) -> QRect:
    cursor = QTextCursor(view.document())
    cursor.setPosition(position)
    return view.cursorRect(cursor)


def note_dots(view: QTextEdit, dmap: DocumentMap, shown: Sequence[AnnotationRecord]) -> list[QRect]:
    """Where the note markers go: just above the end of each noted highlight on screen."""
    dots = []
    for record in (r for r in shown if r.note):
        end = _caret_rect(view, dmap.to_document(span(record)[1]))
        dots.append(QRect(end.x() - NOTE_DOT // 2, end.top() - NOTE_DOT // 2, NOTE_DOT, NOTE_DOT))
    return dots


def code_stripes(
    view: QTextEdit,
    dmap: DocumentMap,
    shown: Sequence[AnnotationRecord],
    tag_colors: dict[str, str],
    text_left: int,
) -> list[Stripe]:
    """One vertical stripe per tag of each tagged highlight on screen, left of the text;
    stripes that overlap vertically get lanes of their own (as many as the margin holds)."""
    lanes_free: list[int] = []  # per lane, the y where it is free again
    max_lanes = max(0, (text_left - MARGIN_GAP) // (LANE + LANE_GAP))
    stripes: list[Stripe] = []
    tagged = sorted(
        (r for r in shown if r.tags),
        key=lambda r: (span(r)[0], -span(r)[1]),
    )
    for record in tagged:
        a, b = dmap.range_to_document(*span(record))
        top, bottom = _caret_rect(view, a).top(), _caret_rect(view, b).bottom()
        for tag in record.tags:
            lane = next((i for i, free in enumerate(lanes_free) if free < top), len(lanes_free))
            if lane >= max_lanes:
                continue  # no room left in the margin
            if lane == len(lanes_free):
                lanes_free.append(bottom)
            lanes_free[lane] = bottom
            x = text_left - MARGIN_GAP - (lane + 1) * (LANE + LANE_GAP) + LANE_GAP
            color = color_value(tag_colors.get(tag, "grey"))
            stripes.append(Stripe(QRect(x, top, LANE, bottom - top), color, tag))
    return stripes


def paint_marks(
    painter: QPainter, theme: Theme, dots: Sequence[QRect], stripes: Sequence[Stripe]
) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    for stripe in stripes:
        painter.setBrush(stripe.color)
        painter.drawRoundedRect(QRectF(stripe.rect), 1.5, 1.5)
    painter.setBrush(QColor(theme.link))
    for dot in dots:
        painter.drawEllipse(dot)


def stripe_at(stripes: Sequence[Stripe], point: QPoint) -> Stripe | None:
    """The stripe under a point (a little slack: they are thin)."""
    return next((s for s in stripes if s.rect.adjusted(-1, 0, 1, 0).contains(point)), None)


class CodeMarks:
    """The pane's marks: note dots always, the code margin when asked for."""

    def __init__(
        self,
        view: QTextEdit,
        document_map: Callable[[], DocumentMap | None],
        near: Near,
        theme: Callable[[], Theme],
    ) -> None:
        self._view = view
        self._map = document_map
        self._near = near
        self._theme = theme
        self.margin = False
        self._tag_colors: dict[str, str] | None = None  # codebook colours, read when needed
        self._stripes: list[Stripe] = []  # as last painted
        self._top_block = 0  # the paragraph last found at the top of the screen

    def set_margin(self, on: bool) -> None:
        """Coding stripes left of the text: one per tag, side by side where codes overlap."""
        self.margin = on
        self.tags_changed()

    def tags_changed(self) -> None:
        self._tag_colors = None
        self._view.viewport().update()

    def _on_screen(self, dmap: DocumentMap) -> list[AnnotationRecord]:
        start, end, self._top_block = visible_span(self._view, dmap, self._top_block)
        return self._near(start, end)

    def note_dots(self, shown: Sequence[AnnotationRecord] | None = None) -> list[QRect]:
        """Viewport rectangles of the markers of highlights that carry a note."""
        dmap = self._map()
        if dmap is None:
            return []
        return note_dots(self._view, dmap, self._on_screen(dmap) if shown is None else shown)

    def stripes(self, shown: Sequence[AnnotationRecord] | None = None) -> list[Stripe]:
        """The margin's stripes on screen (none while it is off)."""
        dmap = self._map()
        if not self.margin or dmap is None:
            return []
        if self._tag_colors is None:
            self._tag_colors = {t.path: t.color for t in list_tags()}
        view = self._view
        left = view.document().rootFrame().frameFormat().leftMargin()
        text_left = int(left) - view.horizontalScrollBar().value()
        if shown is None:
            shown = self._on_screen(dmap)
        return code_stripes(view, dmap, shown, self._tag_colors, text_left)

    def paint(self) -> None:
        dmap = self._map()
        shown = [] if dmap is None else self._on_screen(dmap)  # measured once a paint
        self._stripes = self.stripes(shown)
        dots = self.note_dots(shown)
        if dots or self._stripes:
            painter = QPainter(self._view.viewport())
            paint_marks(painter, self._theme(), dots, self._stripes)
            painter.end()

    def tag_at(self, point: QPoint) -> str:
        """The tag of the stripe under a viewport point ("" for none)."""
        stripe = stripe_at(self._stripes, point)
        return stripe.tag if stripe else ""
