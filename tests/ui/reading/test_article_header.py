"""The header above the article: tags and variables share a row while they fit."""

from __future__ import annotations

from PySide6.QtCore import Qt

from models import attributes
from ui.reading.article_header import ArticleHeader
from ui.session.session import Session


def test_the_bars_share_a_row_when_wide_and_stack_when_narrow(
    qtbot, session: Session, article_id: int
) -> None:
    header = ArticleHeader(session)
    qtbot.addWidget(header)
    header.resize(900, 80)
    header.show()
    qtbot.waitExposed(header)
    session.open_article(article_id)
    tags, variables = header.article_tags, header.attributes
    qtbot.waitUntil(header.bars.one_row)
    assert tags.geometry().top() == variables.geometry().top()

    header.resize(330, 80)  # docks have narrowed the pane: one bar above the other
    qtbot.waitUntil(lambda: not header.bars.one_row())
    qtbot.waitUntil(lambda: variables.geometry().top() >= tags.geometry().bottom())
    for widget in (tags.exclude_button, variables.edit):  # nothing cut off at the right
        right = widget.mapTo(header, widget.rect().topRight()).x()
        assert right <= header.width(), widget.objectName()

    # and the row still works from the keyboard
    qtbot.mouseClick(variables.edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(variables.edit, "wave=2")
    qtbot.keyClick(variables.edit, Qt.Key.Key_Return)
    assert attributes.attributes_for([article_id]) == {article_id: {"wave": 2}}

    header.resize(900, 80)
    qtbot.waitUntil(header.bars.one_row)
