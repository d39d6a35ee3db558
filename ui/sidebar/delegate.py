"""Paints each annotation as a card: colour bar, quote, note and tag chips.

Heights come from the same line-breaking code that paints, so sizeHint and paint agree; the
width is the view's viewport width (the cards stand in one column). Cards are remembered per
record (forgotten when the viewport's width or the view's font or style changes): with
thousands of them, rows that come back (a filter cleared) or repaint are not wrapped again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPixmap,
    QPixmapCache,
    QResizeEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from models.annotating import AnnotationRecord
from models.colors import NAMED_COLORS
from ui.common.chips import chip_colors, chip_height, chip_width, paint_chip
from ui.common.theme import mix
from ui.session.store import ColorRole, NoteRole, QuoteRole, RecordRole, TagsRole

Index = QModelIndex | QPersistentModelIndex

MARGIN_X, MARGIN_Y = 6, 4  # around the card
PAD_X, PAD_Y = 10, 8  # inside the card
BAR = 4  # width of the colour bar
GAP = 4  # between quote, note and chips
QUOTE_LINES = NOTE_LINES = 3
CHIP_ROWS = 2
CHIP_SPACING = 4
CARD_CACHE_SLACK = 500  # cards remembered beyond twice the rows shown, before starting afresh


def wrap_lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """Break text into at most max_lines lines of `width` pixels, eliding the last one."""
    if not text or width <= 0:
        return []
    layout = QTextLayout(text.replace("\n", "\u2028"), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    lines: list[str] = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        start, length = line.textStart(), line.textLength()
        if len(lines) == max_lines - 1:  # the last line shows what is left, elided
            rest = " ".join(text[start:].split())
            lines.append(QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width))
            break
        lines.append(text[start : start + length].rstrip())
    layout.endLayout()
    return lines


def chip_rows(tags: list[str], font: QFont, width: int) -> list[list[tuple[str, int]]]:
    """Tags flowed into at most CHIP_ROWS rows of (text, chip width); overflow becomes "+N"."""
    metrics = QFontMetrics(font)
    rows: list[list[tuple[str, int]]] = [[]]
    used = 0
    for count, tag in enumerate(tags):
        chip = min(chip_width(metrics, tag), width)
        if rows[-1] and used + CHIP_SPACING + chip > width:
            if len(rows) == CHIP_ROWS:
                hidden = len(tags) - count
                last = rows[-1]
                while True:  # make room for the "+N" chip at the end of the last row
                    more = chip_width(metrics, f"+{hidden}")
                    used = sum(w for _t, w in last) + CHIP_SPACING * len(last)
                    if used + more <= width or len(last) <= 1:
                        break
                    last.pop()
                    hidden += 1
                last.append((f"+{hidden}", more))
                break
            rows.append([])
            used = 0
        rows[-1].append((tag, chip))
        used += chip + (CHIP_SPACING if used else 0)
    return rows if rows[0] else []


_QUOTE_MARKS = '"“”„‟«»‹›「」『』'


def quoted(text: str) -> str:
    """The quote in “marks”, unless it already starts or ends with one (no doubled marks)."""
    if text and (text[0] in _QUOTE_MARKS or text[-1] in _QUOTE_MARKS):
        return text
    return f"“{text}”"


@dataclass
class CardLayout:
    quote: list[str]
    note: list[str]
    chips: list[list[tuple[str, int]]]
    height: int
    coder: str = ""  # who made it (team coding), a small line at the foot of the card


_Card = tuple[AnnotationRecord | None, QSize, CardLayout]  # (record, size, lines)


@dataclass(frozen=True)
class _Colors:
    plain: QColor
    hovered: QColor
    selected: QColor
    border: QColor
    accent: QColor
    text: QColor
    muted: QColor
    chip: tuple[QColor, QColor, QColor]


def _card_face(size: QSize, fill: QColor, border: QColor, bar: str, ratio: float) -> QPixmap:
    """A card's rounded, antialiased background and colour bar, drawn once per size and colours
    (QPixmapCache): a screen of cards repainted (each H press) then costs a pixmap copy each."""
    key = f"gloss-card {size.width()}x{size.height()} {fill.rgba()} {border.rgba()} {bar} {ratio}"
    pixmap = QPixmap()
    if QPixmapCache.find(key, pixmap):
        return pixmap
    pixmap = QPixmap(size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    card = QRectF(0, 0, size.width(), size.height()).adjusted(
        MARGIN_X + 0.5, MARGIN_Y + 0.5, -MARGIN_X - 0.5, -MARGIN_Y - 0.5
    )
    painter.setPen(border)
    painter.setBrush(fill)
    painter.drawRoundedRect(card, 6, 6)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(bar))
    painter.drawRoundedRect(QRectF(card.left() + 3, card.top() + 4, BAR, card.height() - 8), 2, 2)
    painter.end()
    QPixmapCache.insert(key, pixmap)
    return pixmap


class AnnotationDelegate(QStyledItemDelegate):
    """Cards for an item view (its parent); `record_at` maps a view row to its record cheaply
    (else each size asks the model for RecordRole)."""

    def __init__(
        self,
        parent: QObject | None = None,
        record_at: Callable[[int], AnnotationRecord | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._record_at = record_at
        self._view = parent if isinstance(parent, QAbstractItemView) else None
        # id(record) -> (record, size, lines) at self._width; the record keeps its id its own.
        self._cards: dict[int, _Card] = {}
        self._width: int | None = None  # the text width the cards are for (None: ask)
        self._palette_colors: tuple[int, _Colors] | None = None
        if self._view is not None:  # to hear of width, font and style changes
            self._view.installEventFilter(self)
            self._view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.FontChange, QEvent.Type.StyleChange) or (
            kind == QEvent.Type.Resize
            and isinstance(event, QResizeEvent)
            and watched is not self._view  # the viewport: its width is the cards'
            and event.size().width() != event.oldSize().width()
        ):
            self._cards.clear()
            self._width = None
        return False

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        quote = QFont(option.font)
        quote.setItalic(True)
        note = QFont(option.font)
        chip = QFont(option.font)
        chip.setPointSizeF(max(option.font.pointSizeF() * 0.85, 7.0))
        return quote, note, chip

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        view = self._view or option.widget  # (option.widget: a call into Qt each time)
        if isinstance(view, QAbstractItemView):
            width = view.viewport().width()
        else:
            width = option.rect.width()
        return max(width - 2 * MARGIN_X - 2 * PAD_X - BAR, 40)

    def _layout(
        self, option: QStyleOptionViewItem, quote: str, note: str, tags: list[str], coder: str = ""
    ) -> CardLayout:
        quote_font, note_font, chip_font = self._fonts(option)
        width = self._text_width(option)
        quote_lines = wrap_lines(quoted(" ".join(quote.split())), quote_font, width, QUOTE_LINES)
        note_lines = wrap_lines(note.strip(), note_font, width, NOTE_LINES)
        chips = chip_rows(tags, chip_font, width)
        height = 2 * MARGIN_Y + 2 * PAD_Y
        height += len(quote_lines) * QFontMetrics(quote_font).lineSpacing()
        if note_lines:
            height += GAP + len(note_lines) * QFontMetrics(note_font).lineSpacing()
        if chips:
            chip_h = chip_height(QFontMetrics(chip_font))
            height += GAP + 2 + len(chips) * chip_h + (len(chips) - 1) * CHIP_SPACING
        if coder:
            height += GAP + QFontMetrics(chip_font).lineSpacing()
        return CardLayout(quote_lines, note_lines, chips, height, coder)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return self._card(option, index)[1]

    def _card(self, option: QStyleOptionViewItem, index: Index) -> _Card:
        """(record, size, lines) of the row's card; as few calls as can be when remembered."""
        if self._record_at is not None:
            record = self._record_at(index.row())
        else:
            record = index.data(RecordRole)
        known = self._cards.get(id(record))
        if known is not None and known[0] is record and self._view is not None:
            return known
        return self._new_card(option, index, record)

    def _new_card(
        self, option: QStyleOptionViewItem, index: Index, record: AnnotationRecord | None
    ) -> _Card:
        """Work the card out (with no view to tell of a new width, check the width first).

        The view's option already has the font (the model sets none): no initStyleOption.
        """
        width = self._text_width(option)
        self._forget_unless_width(width)
        known = self._cards.get(id(record))
        if known is not None and known[0] is record:
            return known
        if record is not None:
            layout = self._layout(
                option, record.quote, record.note, list(record.tags), record.coder
            )
        else:
            quote, note = index.data(QuoteRole) or "", index.data(NoteRole) or ""
            layout = self._layout(option, str(quote), str(note), list(index.data(TagsRole) or []))
        card = (record, QSize(width + 2 * (MARGIN_X + PAD_X) + BAR, layout.height), layout)
        if record is not None:
            if len(self._cards) > CARD_CACHE_SLACK + 2 * index.model().rowCount():
                self._cards.clear()  # mostly replaced records, or another article's
            self._cards[id(record)] = card
        return card

    def _forget_unless_width(self, width: int) -> None:
        if width != self._width:
            self._cards.clear()
            self._width = width

    def _colors(self, palette: QPalette) -> _Colors:
        """The card colours for this palette, worked out once per palette (a theme change
        brings a new one), not for every card painted."""
        key = palette.cacheKey()
        if self._palette_colors is None or self._palette_colors[0] != key:
            base = palette.color(QPalette.ColorRole.Base)
            text = palette.color(QPalette.ColorRole.Text)
            accent = palette.color(QPalette.ColorRole.Highlight)
            colors = _Colors(
                plain=mix(base, text, 0.0),
                hovered=mix(base, text, 0.04),
                selected=mix(base, accent, 0.16),
                border=mix(base, text, 0.16),
                accent=accent,
                text=text,
                muted=mix(text, base, 0.4),
                chip=chip_colors(palette),
            )
            self._palette_colors = (key, colors)
        return self._palette_colors[1]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        # No initStyleOption: the view's option has the state, rect, palette and font, and a
        # card takes its text from the record (asking the model for eight roles cost more).
        layout = self._card(option, index)[2]
        palette = option.palette
        colors = self._colors(palette)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        text = colors.text
        card = QRectF(option.rect).adjusted(
            MARGIN_X + 0.5, MARGIN_Y + 0.5, -MARGIN_X - 0.5, -MARGIN_Y - 0.5
        )
        painter.save()
        fill = colors.selected if selected else colors.hovered if hovered else colors.plain
        border = colors.accent if selected else colors.border
        bar = NAMED_COLORS.get(str(index.data(ColorRole)), "#a0a4ab")
        ratio = painter.device().devicePixelRatioF()
        painter.drawPixmap(
            option.rect.topLeft(), _card_face(option.rect.size(), fill, border, bar, ratio)
        )

        quote_font, note_font, chip_font = self._fonts(option)
        x = int(card.left()) + BAR + PAD_X
        y = int(card.top()) + PAD_Y
        width = self._text_width(option)
        y = self._draw_lines(painter, layout.quote, quote_font, text, x, y, width)
        if layout.note:
            y = self._draw_lines(painter, layout.note, note_font, colors.muted, x, y + GAP, width)
        if layout.chips:
            painter.setFont(chip_font)
            chip_h = chip_height(QFontMetrics(chip_font))
            y += GAP + 2
            for row in layout.chips:
                cx = x
                for label, chip_w in row:
                    paint_chip(painter, QRect(cx, y, chip_w, chip_h), label, palette, colors.chip)
                    cx += chip_w + CHIP_SPACING
                y += chip_h + CHIP_SPACING
            y -= CHIP_SPACING
        if layout.coder:
            y = self._draw_lines(
                painter, [layout.coder], chip_font, colors.muted, x, y + GAP, width
            )
        painter.restore()

    @staticmethod
    def _draw_lines(
        painter: QPainter, lines: list[str], font: QFont, color: QColor, x: int, y: int, width: int
    ) -> int:
        painter.setFont(font)
        painter.setPen(color)
        metrics = QFontMetrics(font)
        for line in lines:
            painter.drawText(QPointF(x, y + metrics.ascent()), line)
            y += metrics.lineSpacing()
        return y
