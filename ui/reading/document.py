"""The reading document, and the plain widget that shows it (no annotations here).

The document is assembled with QTextCursor inserts, never from HTML: article text is shown as
text, and nothing in it can make the document load a resource (there is no base URL either, and
loadResource refuses anything asked of it). ArticleView adds the reading layout: a centred
measure of about 70 characters, zoom, themes, scrolling to a position, temporary marks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QPoint, QPointF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextList,
    QTextListFormat,
)
from PySide6.QtWidgets import QFrame, QTextEdit, QWidget

from models.articles import ArticleDetail
from models.text import Paragraph, Span
from ui.common.theme import Theme, get_theme, mix, pane_palette, pane_stylesheet
from ui.reading.highlights import Overlay, mark
from ui.reading.offsets import DocumentMap, display_text

LINE_HEIGHT = 150  # percent
TITLE_LINE_HEIGHT = 120  # big headline type needs less air between its lines
LEAD_HEADLINE_SCALE = 1.45
TITLE_SCALE = 1.7
HEADING_SCALE = 1.3
META_SCALE = 0.82
FONT_FAMILIES = ["Source Serif 4", "Source Serif Pro", "Noto Serif", "DejaVu Serif", "Georgia"]
DEFAULT_FONT_SIZE = 13.0  # points: about 17 px at 96 dpi
MIN_FONT_SIZE, MAX_FONT_SIZE = 8.0, 36.0
MEASURE_CHARS = 70
MIN_MARGIN, TOP_MARGIN = 24.0, 28.0
FLASH_MS = 600
MAX_FIND_MARKS = 1000
# Mark layers over the text, lowest first: the library search's hits, the find bar's matches
# (both in the faint find tint), a flash. While the find bar has a query, it hides the hits.
HITS, FIND, FLASH = "hits", "find", "flash"
Ranges = Sequence[tuple[int, int]]


class ReadingDocument(QTextDocument):
    """A document that never loads anything: articles are untrusted input."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.resource_requests: list[QUrl] = []

    def loadResource(self, type: int, name: QUrl | str) -> object:
        self.resource_requests.append(QUrl(name))
        return None


def meta_line(article: ArticleDetail) -> str:
    """Outlet · section · author · date, leaving out what is unknown."""
    return article.byline


def build_document(
    article: ArticleDetail,
    theme: Theme,
    font: QFont,
    parent: QObject | None = None,
    overlay: Callable[[DocumentMap], Overlay | None] | None = None,
) -> tuple[QTextDocument, DocumentMap]:
    """The article's document and its offset map; `overlay`, given the map, returns the
    highlights to merge into the text as it goes in."""
    headline_lead = article.title_repeats_lead
    # The title block stays (offsets count it) but is left empty when it would only repeat
    # the lead: the lead itself is then set as the headline.
    title = "" if headline_lead else display_text(article.title)
    meta = display_text(meta_line(article))
    dmap = DocumentMap(title, meta, article.text, article.paragraphs)
    doc = ReadingDocument(parent)
    doc.setUndoRedoEnabled(False)
    doc.setDefaultFont(font)
    doc.setIndentWidth(QFontMetricsF(font).averageCharWidth() * 3)
    builder = _Builder(theme, font, headline_lead=headline_lead)
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    builder.title(cursor, title)
    builder.meta(cursor, meta)
    highlights = overlay(dmap) if overlay is not None else None
    for paragraph in article.paragraphs:
        builder.paragraph(cursor, article.text, paragraph, highlights)
    cursor.endEditBlock()
    return doc, dmap


class _Builder:
    def __init__(self, theme: Theme, font: QFont, *, headline_lead: bool = False) -> None:
        self.headline_lead = headline_lead
        self.theme = theme
        self.size = font.pointSizeF() if font.pointSizeF() > 0 else 13.0
        self.em = QFontMetricsF(font).height()
        self.list: QTextList | None = None

    def block_format(
        self, top: float = 0.0, bottom: float | None = None, line_height: int = LINE_HEIGHT
    ) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setLineHeight(line_height, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        fmt.setTopMargin(top)
        fmt.setBottomMargin(self.em * 0.75 if bottom is None else bottom)
        return fmt

    def title(self, cursor: QTextCursor, text: str) -> None:
        char = QTextCharFormat()
        if not text:  # an empty title block must take no room
            char.setFontPointSize(1.0)
            cursor.setBlockFormat(self.block_format(bottom=0.0))
            cursor.setBlockCharFormat(char)
            return
        char.setFontPointSize(self.size * TITLE_SCALE)
        char.setFontWeight(QFont.Weight.Bold)
        cursor.setBlockFormat(
            self.block_format(bottom=self.em * 0.35, line_height=TITLE_LINE_HEIGHT)
        )
        cursor.setBlockCharFormat(char)
        cursor.insertText(text, char)

    def meta(self, cursor: QTextCursor, text: str) -> None:
        char = QTextCharFormat()
        char.setFontPointSize(self.size * META_SCALE)
        char.setForeground(QColor(self.theme.muted))
        cursor.insertBlock(self.block_format(bottom=self.em * 1.4), char)
        cursor.insertText(text, char)

    def paragraph(
        self,
        cursor: QTextCursor,
        text: str,
        paragraph: Paragraph,
        overlay: Overlay | None,
    ) -> None:
        kind = paragraph.kind
        base = QTextCharFormat()
        block = self.block_format()
        if kind == "lead" and self.headline_lead and paragraph.start == 0:
            base.setFontWeight(QFont.Weight.Bold)
            base.setFontPointSize(self.size * LEAD_HEADLINE_SCALE)
            block = self.block_format(bottom=self.em * 1.0, line_height=TITLE_LINE_HEIGHT)
        elif kind == "lead":
            base.setFontWeight(QFont.Weight.Bold)
        elif kind == "heading":
            base.setFontWeight(QFont.Weight.Bold)
            base.setFontPointSize(self.size * HEADING_SCALE)
            block = self.block_format(top=self.em * 0.6, bottom=self.em * 0.4)
        elif kind == "quote":
            base.setFontItalic(True)
            block.setLeftMargin(self.em * 1.6)
            block.setRightMargin(self.em * 1.0)
        elif kind == "list-item":
            block.setBottomMargin(self.em * 0.3)
        cursor.insertBlock(block, base)
        if kind == "list-item":
            if self.list is None:
                list_format = QTextListFormat()
                list_format.setStyle(QTextListFormat.Style.ListDisc)
                list_format.setIndent(1)
                self.list = cursor.createList(list_format)
            else:
                self.list.add(cursor.block())
        else:
            if self.list is not None:  # space after a list, as between paragraphs
                fmt = cursor.blockFormat()
                fmt.setTopMargin(max(fmt.topMargin(), self.em * 0.45))
                cursor.setBlockFormat(fmt)
            self.list = None
        shown = display_text(text[paragraph.start : paragraph.end])  # same offsets, sliced
        for start, end, spans in _runs(paragraph):
            run_format = self._run_format(base, spans)
            cuts = overlay.pieces(start, end) if overlay else ((start, end, None),)
            for a, b, highlight in cuts:
                piece_format = run_format
                if highlight is not None:  # what mergeCharFormat makes of the run's format
                    piece_format = QTextCharFormat(run_format)
                    piece_format.merge(highlight)
                piece = shown[a - paragraph.start : b - paragraph.start]
                cursor.insertText(piece, piece_format)

    def _run_format(self, base: QTextCharFormat, spans: list[Span]) -> QTextCharFormat:
        fmt = QTextCharFormat(base)
        for span in spans:
            if span.kind == "bold":
                fmt.setFontWeight(QFont.Weight.Bold)
            elif span.kind == "italic":
                fmt.setFontItalic(not base.fontItalic())
            elif span.kind == "link" and span.href:
                fmt.setAnchor(True)
                fmt.setAnchorHref(span.href)
                fmt.setForeground(QColor(self.theme.link))
                fmt.setFontUnderline(True)
        return fmt


def _runs(paragraph: Paragraph) -> list[tuple[int, int, list[Span]]]:
    """Split a paragraph at its span boundaries: (start, end, spans covering the run)."""
    spans = [s for s in paragraph.spans if s.start < paragraph.end and s.end > paragraph.start]
    cuts = {paragraph.start, paragraph.end}
    for span in spans:
        cuts.add(max(span.start, paragraph.start))
        cuts.add(min(span.end, paragraph.end))
    points = sorted(cuts)
    return [
        (a, b, [s for s in spans if s.start <= a and s.end >= b])
        for a, b in zip(points, points[1:], strict=False)
        if a < b
    ]


def reading_font(size: float) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSizeF(size)
    return font


class ArticleView(QTextEdit):
    """A read-only, selectable view of one article in the reading layout."""

    articleShown = Signal(int)  # a document was (re)built for this article
    fontSizeChanged = Signal(float)  # points; the caller persists it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._article: ArticleDetail | None = None
        self._map: DocumentMap | None = None
        self._marks: dict[str, list[QTextEdit.ExtraSelection] | None] = {}
        self._flash_timer = QTimer(self, singleShot=True, interval=FLASH_MS)
        self._flash_timer.timeout.connect(self._end_flash)
        self._font_size = DEFAULT_FONT_SIZE
        self._theme = get_theme("light")
        self.setFont(reading_font(self._font_size))

    def set_article(self, article: ArticleDetail | None) -> None:
        self._article = article
        if article is None:
            self._map = None
            self._replace_document(ReadingDocument(self))
        else:
            self._rebuild()

    def article_id(self) -> int | None:
        return self._article.id if self._article else None

    def document_map(self) -> DocumentMap | None:
        return self._map

    def _rebuild(self, keep_place: bool = False) -> None:
        assert self._article is not None
        offset = self._top_offset() if keep_place else None
        doc, self._map = build_document(
            self._article, self._theme, self.font(), self, self._overlay
        )
        self._replace_document(doc)
        self._document_built()
        if offset is not None:
            self._scroll_to_offset(offset)
        self.articleShown.emit(self._article.id)

    def _overlay(self, dmap: DocumentMap) -> Overlay | None:
        """Hook: highlights to build into the next document (subclasses paint)."""
        return None

    def _document_built(self) -> None:
        """Hook: the document was replaced."""

    def _replace_document(self, doc: QTextDocument) -> None:
        old = self.document()
        ours = old is not None and old is not doc and old.parent() is self
        self._marks = {}
        self.setExtraSelections([])
        self.setDocument(doc)
        self.setTextInteractionFlags(self._interaction_flags())
        if ours:  # (the first, built-in document is deleted by QTextEdit itself)
            old.deleteLater()
        self._apply_measure()

    def _interaction_flags(self) -> Qt.TextInteractionFlag:
        """Hook: how the text may be selected (subclasses add the keyboard)."""
        return Qt.TextInteractionFlag.TextSelectableByMouse

    def loadResource(self, type: int, name: QUrl | str) -> object:
        return None  # articles are untrusted: the view never fetches anything they name

    def _apply_measure(self) -> None:
        """Centre a column of about MEASURE_CHARS characters, with margins at least MIN_MARGIN."""
        measure = QFontMetricsF(self.font()).averageCharWidth() * MEASURE_CHARS
        width = self.viewport().width()
        side = max(MIN_MARGIN, (width - min(width - 2 * MIN_MARGIN, measure)) / 2)
        frame = self.document().rootFrame()
        fmt = frame.frameFormat()
        if abs(fmt.leftMargin() - side) < 1 and fmt.topMargin() == TOP_MARGIN:
            return
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(TOP_MARGIN)
        fmt.setBottomMargin(TOP_MARGIN * 2)
        frame.setFrameFormat(fmt)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_measure()

    def font_size(self) -> float:
        return self._font_size

    def set_font_size(self, size: float) -> None:
        """Points; 0 or less means the default size."""
        size = DEFAULT_FONT_SIZE if size <= 0 else min(max(size, MIN_FONT_SIZE), MAX_FONT_SIZE)
        if size == self._font_size:
            return
        self._font_size = size
        self.setFont(reading_font(size))
        if self._article is not None:
            self._rebuild(keep_place=True)
        else:
            self._apply_measure()
        self.fontSizeChanged.emit(size)

    def zoom_in(self) -> None:
        self.set_font_size(self._font_size + 1)

    def zoom_out(self) -> None:
        self.set_font_size(self._font_size - 1)

    def reset_zoom(self) -> None:
        self.set_font_size(DEFAULT_FONT_SIZE)

    def theme(self) -> Theme:
        return self._theme

    def set_theme(self, name: str) -> None:
        """ "light", "sepia" or "dark" (anything else: light)."""
        self._theme = get_theme(name)
        self.setPalette(pane_palette(self._theme, self.palette()))
        self.setStyleSheet(pane_stylesheet(self._theme))
        if self._article is not None:
            self._rebuild(keep_place=True)

    def top_offset(self) -> int | None:
        """Canonical offset of the text at the top of the view (None: at the very top)."""
        return self._top_offset()

    def scroll_to_offset(self, offset: int) -> None:
        """Bring the text at a canonical offset to the top of the view."""
        if self._map is None:
            return
        position = self._map.to_document(min(offset, len(self._map.text)))
        # Lay the text out down to there first: a long document is laid out lazily, and a
        # scroll computed on estimated heights would land elsewhere once they are real.
        document = self.document()
        document.documentLayout().blockBoundingRect(document.findBlock(position))
        self._scroll_to_offset(min(offset, len(self._map.text)))

    def _top_offset(self) -> int | None:
        if self._map is None or self.verticalScrollBar().value() == 0:
            return None
        return self._map.to_canonical(self.cursorForPosition(QPoint(0, 0)).position())

    def _scroll_to_offset(self, offset: int) -> None:
        assert self._map is not None
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_document(offset))
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.cursorRect(cursor).top())

    def center_position(self, position: int) -> None:
        """Scroll so the line holding a document position sits mid-pane."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        bar = self.verticalScrollBar()
        bar.setValue(
            bar.value() + self.cursorRect(cursor).center().y() - self.viewport().height() // 2
        )

    def position_at(self, point: QPoint) -> int | None:
        """Document position of the character under a viewport point (None off the text)."""
        contents = QPointF(
            point.x() + self.horizontalScrollBar().value(),
            point.y() + self.verticalScrollBar().value(),
        )
        position = self.document().documentLayout().hitTest(contents, Qt.HitTestAccuracy.ExactHit)
        if position < 0:
            return None
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        if position > 0 and point.x() < self.cursorRect(cursor).x():
            position -= 1  # the point is on the character before that caret position
        return position

    def set_marks(self, layer: str, ranges: Ranges | None) -> None:
        """Mark document ranges faintly on a layer (HITS or FIND); None takes the layer away.
        A FIND layer without ranges (a query that matches nothing) still hides the hits."""
        if ranges is None:
            self._marks.pop(layer, None)
        else:
            # A neutral tint and a dashed line: unlike any highlight colour or the selection.
            color = mix(QColor(self._theme.paper), QColor(self._theme.ink), 0.1)
            line = QColor(self._theme.link)
            doc = self.document()
            self._marks[layer] = [mark(doc, a, b, color, line) for a, b in ranges[:MAX_FIND_MARKS]]
        self._update_marks()

    def shows_layer(self, layer: str) -> bool:
        """Whether the layer's marks are on screen (the hits hide under the find bar's)."""
        return layer in self._marks and (layer != HITS or FIND not in self._marks)

    def flash(self, start: int, end: int, color: QColor) -> None:
        """Mark a document range for a moment (FLASH_MS) to catch the eye."""
        self._marks[FLASH] = [mark(self.document(), start, end, color)]
        self._update_marks()
        self._flash_timer.start()

    def _end_flash(self) -> None:
        self.set_marks(FLASH, None)

    def _update_marks(self) -> None:
        shown = [self._marks[layer] for layer in (HITS, FIND, FLASH) if self.shows_layer(layer)]
        self.setExtraSelections([selection for marks in shown for selection in marks or ()])
