"""Paints each annotation as a card: colour bar, quote, note and tag chips.

Heights come from the same line-breaking code that paints, so sizeHint and paint agree; the
width is the view's viewport width (the list lays items out in one column).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from models.colors import NAMED_COLORS
from ui.chips import chip_height, chip_width, mix, paint_chip
from ui.sidebar.model import ColorRole, NoteRole, QuoteRole, TagsRole

Index = QModelIndex | QPersistentModelIndex

MARGIN_X, MARGIN_Y = 6, 4  # around the card
PAD_X, PAD_Y = 10, 8  # inside the card
BAR = 4  # width of the colour bar
GAP = 4  # between quote, note and chips
QUOTE_LINES = NOTE_LINES = 3
CHIP_ROWS = 2
CHIP_SPACING = 4


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


class AnnotationDelegate(QStyledItemDelegate):
    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        quote = QFont(option.font)
        quote.setItalic(True)
        note = QFont(option.font)
        chip = QFont(option.font)
        chip.setPointSizeF(max(option.font.pointSizeF() * 0.85, 7.0))
        return quote, note, chip

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        width = option.rect.width()
        view = option.widget
        if isinstance(view, QAbstractItemView):
            width = view.viewport().width()
        return max(width - 2 * MARGIN_X - 2 * PAD_X - BAR, 40)

    def _layout(self, option: QStyleOptionViewItem, index: Index) -> CardLayout:
        quote_font, note_font, chip_font = self._fonts(option)
        width = self._text_width(option)
        quote = " ".join(str(index.data(QuoteRole) or "").split())
        quote_lines = wrap_lines(quoted(quote), quote_font, width, QUOTE_LINES)
        note_lines = wrap_lines(
            str(index.data(NoteRole) or "").strip(), note_font, width, NOTE_LINES
        )
        chips = chip_rows(list(index.data(TagsRole) or []), chip_font, width)
        height = 2 * MARGIN_Y + 2 * PAD_Y
        height += len(quote_lines) * QFontMetrics(quote_font).lineSpacing()
        if note_lines:
            height += GAP + len(note_lines) * QFontMetrics(note_font).lineSpacing()
        if chips:
            chip_h = chip_height(QFontMetrics(chip_font))
            height += GAP + 2 + len(chips) * chip_h + (len(chips) - 1) * CHIP_SPACING
        return CardLayout(quote_lines, note_lines, chips, height)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        self.initStyleOption(option, index)
        layout = self._layout(option, index)
        return QSize(self._text_width(option) + 2 * (MARGIN_X + PAD_X) + BAR, layout.height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        layout = self._layout(option, index)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        accent = palette.color(QPalette.ColorRole.Highlight)
        card = QRectF(option.rect).adjusted(
            MARGIN_X + 0.5, MARGIN_Y + 0.5, -MARGIN_X - 0.5, -MARGIN_Y - 0.5
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = mix(base, accent, 0.16) if selected else mix(base, text, 0.04 if hovered else 0.0)
        border = accent if selected else mix(base, text, 0.16)
        painter.setPen(border)
        painter.setBrush(fill)
        painter.drawRoundedRect(card, 6, 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(NAMED_COLORS.get(str(index.data(ColorRole)), "#a0a4ab")))
        bar = QRectF(card.left() + 3, card.top() + 4, BAR, card.height() - 8)
        painter.drawRoundedRect(bar, BAR / 2, BAR / 2)

        quote_font, note_font, chip_font = self._fonts(option)
        x = int(card.left()) + BAR + PAD_X
        y = int(card.top()) + PAD_Y
        width = self._text_width(option)
        y = self._draw_lines(painter, layout.quote, quote_font, text, x, y, width)
        if layout.note:
            muted = mix(text, base, 0.4)
            y = self._draw_lines(painter, layout.note, note_font, muted, x, y + GAP, width)
        if layout.chips:
            painter.setFont(chip_font)
            chip_h = chip_height(QFontMetrics(chip_font))
            y += GAP + 2
            for row in layout.chips:
                cx = x
                for label, chip_w in row:
                    paint_chip(painter, QRect(cx, y, chip_w, chip_h), label, palette)
                    cx += chip_w + CHIP_SPACING
                y += chip_h + CHIP_SPACING
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
