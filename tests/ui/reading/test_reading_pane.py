"""The reading pane, driven like a user would: select, press keys, click; then ask the library."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPainter,
    QTextCursor,
    QTextFormat,
)

from importers.draft import ArticleDraft, Mark, make_block
from models.annotating import create_annotation, list_annotations
from models.articles import get_article
from models.schema import database
from models.storing import store_drafts
from tests.ui.reading.pane_actions import only, point_of, select_found, text_of
from ui.common.theme import THEMES, get_theme, highlight_color
from ui.reading.document import DEFAULT_FONT_SIZE, build_document
from ui.reading.pane import ReadingPane


def char_format(pane: ReadingPane, position: int):
    cursor = QTextCursor(pane.document())
    cursor.setPosition(position + 1)
    return cursor.charFormat()


def test_undo_removes_the_highlight_and_its_paint(qtbot, pane, article_id, session) -> None:
    found = select_found(pane, "Kyiv")
    position = found.selectionStart()
    qtbot.keyClick(pane, Qt.Key.Key_H)
    fmt = char_format(pane, position)
    assert fmt.background().color() == highlight_color(get_theme("light"), ["yellow"])
    assert pane.ids_at(position) == (only(article_id).id,)
    session.undo_stack.undo()
    assert list_annotations(article_id) == []
    fmt = char_format(pane, position)
    assert not fmt.hasProperty(QTextFormat.Property.BackgroundBrush)
    session.undo_stack.redo()
    assert pane.ids_at(position) == (only(article_id).id,)


def test_overlapping_highlights_stay_visible(pane, article_id, session) -> None:
    text, dmap = text_of(pane), pane.document_map()
    start = text.index("passage we want")
    long = session.create_annotation(
        article_id, start, start + len("passage we want"), color="green"
    )
    short = session.create_annotation(article_id, start + 8, start + 10, color="pink")
    at = dmap.to_document
    assert pane.ids_at(at(start)) == (long,)
    assert pane.ids_at(at(start + 8)) == (short, long)  # the shorter one is on top
    theme = get_theme("light")
    overlap = char_format(pane, at(start + 8))
    assert overlap.background().color() == highlight_color(theme, ["green", "pink"])
    assert overlap.background().color() != highlight_color(theme, ["green"])
    assert overlap.underlineStyle() != overlap.UnderlineStyle.NoUnderline
    assert char_format(pane, at(start)).underlineStyle() == overlap.UnderlineStyle.NoUnderline
    session.delete_annotation(short)
    assert pane.ids_at(at(start + 8)) == (long,)
    assert char_format(pane, at(start + 8)).underlineStyle() == overlap.UnderlineStyle.NoUnderline


def test_click_on_a_highlight_selects_the_topmost(qtbot, pane, article_id, session) -> None:
    text, dmap = text_of(pane), pane.document_map()
    start = text.index("passage we want")
    long = session.create_annotation(article_id, start, start + 15)
    short = session.create_annotation(article_id, start + 8, start + 10)
    with qtbot.waitSignal(session.annotationSelected) as blocker:
        qtbot.mouseClick(
            pane.viewport(),
            Qt.MouseButton.LeftButton,
            pos=point_of(pane, dmap.to_document(start + 2)),
        )
    assert blocker.args == [long]
    with qtbot.waitSignal(session.annotationSelected) as blocker:
        qtbot.mouseClick(
            pane.viewport(),
            Qt.MouseButton.LeftButton,
            pos=point_of(pane, dmap.to_document(start + 8)),
        )
    assert blocker.args == [short]
    with qtbot.assertNotEmitted(session.annotationSelected):
        qtbot.mouseClick(
            pane.viewport(), Qt.MouseButton.LeftButton, pos=point_of(pane, dmap.to_document(0))
        )


def link_article() -> int:
    text = "Read the report here, or the other one."
    marks = [
        Mark("link", 9, 15, "https://example.org/report"),
        Mark("link", 29, 34, "file:///etc/passwd"),
    ]
    block = make_block("paragraph", text, marks)
    draft = ArticleDraft(blocks=[block], title="Links", raw=b"raw")
    return store_drafts([draft], "test", "links.txt")[0].article_id


def test_links_open_only_on_ctrl_click(qtbot, open_view, library) -> None:
    opened: list[QUrl] = []
    pane = open_view(link_article(), open_url=opened.append).pane
    dmap = pane.document_map()
    point = point_of(pane, dmap.to_document(11))  # inside "report"
    assert pane.anchorAt(point) == "https://example.org/report"
    assert char_format(pane, dmap.to_document(11)).fontUnderline()
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened == []
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, ctrl, point)
    assert opened == [QUrl("https://example.org/report")]
    qtbot.mouseClick(
        pane.viewport(), Qt.MouseButton.LeftButton, ctrl, point_of(pane, dmap.to_document(31))
    )
    assert len(opened) == 1  # a file: link is never opened


def test_building_never_loads_resources(qapp, add_article) -> None:
    html = '<img src="file:///etc/hosts"> <b>bold?</b> <a href="https://x.org">x</a>'
    article = get_article(add_article(html, "![img](https://example.org/a.png)"))
    doc, _map = build_document(article, get_theme("light"), QFont())
    image = QImage(600, 400, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    doc.drawContents(painter)
    painter.end()
    assert doc.resource_requests == []
    assert not any(fmt.isImageFormat() for fmt in doc.allFormats())
    assert '<img src="file:///etc/hosts">' in doc.toPlainText()


def test_zoom_changes_the_font_size(qtbot, pane) -> None:
    sizes: list[float] = []
    pane.fontSizeChanged.connect(sizes.append)
    body = pane.document_map().body_start
    before = char_format(pane, body).font().pointSizeF()
    qtbot.keyClick(pane, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert pane.font_size() == DEFAULT_FONT_SIZE + 1
    assert pane.document().defaultFont().pointSizeF() == DEFAULT_FONT_SIZE + 1
    assert char_format(pane, body).font().pointSizeF() > before
    qtbot.keyClick(pane, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(pane, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert pane.font_size() == DEFAULT_FONT_SIZE - 1
    qtbot.keyClick(pane, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert sizes == [
        DEFAULT_FONT_SIZE + 1,
        DEFAULT_FONT_SIZE,
        DEFAULT_FONT_SIZE - 1,
        DEFAULT_FONT_SIZE,
    ]
    pane.set_font_size(0)
    assert pane.font_size() == DEFAULT_FONT_SIZE


def test_highlights_survive_zoom_and_theme(pane, article_id, session) -> None:
    start = text_of(pane).index("Kyiv")
    session.create_annotation(article_id, start, start + 4, color="green")
    pane.zoom_in()
    position = pane.document_map().to_document(start)
    assert char_format(pane, position).background().color() == highlight_color(
        THEMES["light"], ["green"]
    )
    pane.set_theme("dark")
    assert pane.theme().name == "dark"
    assert pane.palette().base().color() == QColor(THEMES["dark"].paper)
    assert char_format(pane, position).background().color() == highlight_color(
        THEMES["dark"], ["green"]
    )
    pane.set_theme("no such theme")
    assert pane.theme().name == "light"


def test_find_bar_steps_through_case_insensitive_matches(qtbot, open_view, article_id) -> None:
    view = open_view(article_id)
    pane, bar = view.pane, view.find_bar
    qtbot.keyClick(pane, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.isVisible()
    qtbot.keyClicks(bar.edit, "PASSAGE")
    assert len(bar.matches()) == 2
    assert bar.count_label.text() == "1 of 2"
    assert pane.textCursor().selectedText() == "passage"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.count_label.text() == "2 of 2"
    assert pane.textCursor().selectionStart() == bar.matches()[1][0]
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == "1 of 2"
    qtbot.keyClicks(bar.edit, "zzz")
    assert bar.count_label.text() == "No matches"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_floating_toolbar_after_selecting_with_the_mouse(qtbot, pane, article_id) -> None:
    point = point_of(pane, pane.document_map().to_document(text_of(pane).index("Kyiv")))
    viewport = pane.viewport()
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point)
    assert pane.textCursor().selectedText() == "Kyiv"
    assert pane.toolbar.isVisible() and pane.toolbar.parent() is viewport
    qtbot.keyClick(pane, Qt.Key.Key_Escape)
    assert not pane.toolbar.isVisible() and not pane.textCursor().hasSelection()
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseClick(pane.toolbar.swatches["green"], Qt.MouseButton.LeftButton)
    assert (only(article_id).quote, only(article_id).color) == ("Kyiv", "green")
    assert not pane.toolbar.isVisible()


def test_hover_tooltip_shows_note_and_tags_escaped(pane, article_id, session) -> None:
    start = text_of(pane).index("Kyiv")
    session.create_annotation(
        article_id, start, start + 4, note="<b>why</b>", tags=["Actors/Ukraine"]
    )
    tip = pane.tooltip_at(point_of(pane, pane.document_map().to_document(start + 1)))
    assert "&lt;b&gt;why&lt;/b&gt;" in tip and "Actors/Ukraine" in tip
    assert pane.tooltip_at(point_of(pane, pane.document_map().to_document(0))) == ""


def test_scroll_to_annotation_centres_and_flashes(qtbot, open_view, add_article, session) -> None:
    paras = [f"Paragraph {i} " + "words " * 60 for i in range(60)]
    article = add_article(*paras, "The very end.")
    pane = open_view(article).pane
    text = text_of(pane)
    start = text.index("The very end")
    target = session.create_annotation(article, start, start + 8)
    assert pane.verticalScrollBar().value() == 0
    assert pane.scroll_to_annotation(target)
    assert pane.verticalScrollBar().value() > 0
    assert len(pane.extraSelections()) == 1
    qtbot.waitUntil(lambda: not pane.extraSelections(), timeout=3000)
    value = pane.verticalScrollBar().value()
    session.create_annotation(article, 0, 9)  # a repaint keeps the reading position
    assert pane.verticalScrollBar().value() == value
    assert not pane.scroll_to_annotation(123456)
    point = point_of(pane, pane.document_map().to_document(start + 4))
    qtbot.mouseDClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseRelease(pane.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert pane.toolbar.isVisible()
    pane.verticalScrollBar().setValue(0)  # the toolbar does not float away from its text
    assert not pane.toolbar.isVisible()


def test_a_thousand_highlights_paint(qtbot, open_view, add_article, session) -> None:
    article = add_article(*[f"Paragraph {i} 😀 " + "text " * 40 for i in range(100)])
    pane = open_view(article).pane
    text = text_of(pane)
    with database.atomic():
        ids = [create_annotation(article, i * 20, i * 20 + 30).id for i in range(1000)]
    session.reload_annotations()
    dmap = pane.document_map()
    assert len(pane.annotations()) == 1000
    assert set(pane.ids_at(dmap.to_document(25))) == {ids[0], ids[1]}
    inside = next(i for i in range(999 * 20, 999 * 20 + 30) if text[i] != "\n")
    assert ids[-1] in pane.ids_at(dmap.to_document(inside))


def test_clearing_highlights_keeps_link_formatting(open_view, library, session) -> None:
    article = link_article()
    pane = open_view(article).pane
    dmap = pane.document_map()
    first = session.create_annotation(article, 5, 15)
    second = session.create_annotation(article, 9, 20)  # overlaps the link "report"
    position = dmap.to_document(11)
    assert pane.ids_at(position) == (first, second)
    session.delete_annotation(first)
    session.delete_annotation(second)
    fmt = char_format(pane, position)
    assert fmt.isAnchor() and fmt.fontUnderline()
    assert fmt.anchorHref() == "https://example.org/report"
    assert not fmt.hasProperty(QTextFormat.Property.BackgroundBrush)
    assert not fmt.hasProperty(QTextFormat.Property.TextUnderlineColor)


def test_a_link_without_a_browser_is_copied_instead(qtbot, open_view, library) -> None:
    pane = open_view(link_article(), open_url=lambda _url: False).pane
    QGuiApplication.clipboard().clear()
    point = point_of(pane, pane.document_map().to_document(11))  # inside "report"
    ctrl = Qt.KeyboardModifier.ControlModifier
    with qtbot.waitSignal(pane.statusMessage, timeout=1000) as message:
        qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, ctrl, point)
    assert message.args == ["Could not open a browser; the link was copied"]
    assert QGuiApplication.clipboard().text() == "https://example.org/report"


def test_headlines_are_set_tighter_than_body_text(qapp, add_article) -> None:
    article = get_article(add_article("Body paragraph.", title="A headline"))
    doc, _map = build_document(article, get_theme("light"), QFont())
    title, body = doc.firstBlock(), doc.lastBlock()
    assert title.text() == "A headline"
    assert title.blockFormat().lineHeight() == 120
    assert body.blockFormat().lineHeight() == 150
