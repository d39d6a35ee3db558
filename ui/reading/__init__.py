"""The reading view: the article as a calm document that takes highlights, notes and tags."""

from ui.reading.find_bar import FindBar
from ui.reading.pane import ReadingPane, ReadingView

__all__ = ["FindBar", "ReadingPane", "ReadingView"]
