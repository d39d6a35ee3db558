"""The welcome panel's sentence is shown whole, not clipped to one line's height."""

from __future__ import annotations

from ui.shell.welcome import WelcomePanel, sample_files


def test_the_sentence_gets_the_height_its_wrapped_lines_need(qtbot) -> None:
    panel = WelcomePanel()
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    qtbot.waitExposed(panel)
    text = panel.text
    assert text.height() >= text.heightForWidth(text.width())
    assert text.height() > 2 * text.fontMetrics().height()  # it wraps onto several lines


def test_the_offered_samples_are_the_six_shipped_in_resources() -> None:
    names = [path.name for path in sample_files()]
    assert len(names) == 6 and names[0] == "sample_01_cycle_lanes.txt"
