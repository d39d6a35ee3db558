"""The welcome panel's sentence is shown whole, not clipped to one line's height."""

from __future__ import annotations

from ui.welcome import WelcomePanel


def test_the_sentence_gets_the_height_its_wrapped_lines_need(qtbot) -> None:
    panel = WelcomePanel()
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    qtbot.waitExposed(panel)
    text = panel.text
    assert text.height() >= text.heightForWidth(text.width())
    assert text.height() > 2 * text.fontMetrics().height()  # it wraps onto several lines
