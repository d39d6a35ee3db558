"""Render screenshots of the main window (sample article with highlights, in each theme) and
of the tag popover open beside a selected passage, the code margin showing.

    python -m ui.shell.screenshots [FOLDER]        (default: screenshots/)

Runs on a throwaway library and settings file, offscreen unless a display is asked for.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication

from models import annotating, articles
from models.db import close_library, open_library
from models.importing import import_paths
from ui.shell.app import create_application

if TYPE_CHECKING:
    from ui.shell.main_window import MainWindow
from ui.shell.welcome import sample_files

# (quote, colour, tags, note) marked in the sample shown.
MARKS = [
    ("passed by 31 votes to 24", "yellow", ["Outcome"], ""),
    (
        "a decision about the next thirty years, not the next election",
        "green",
        ["Frames/Long term", "Actors/Council"],
        "The chair frames the vote as generational.",
    ),
    ("Painted lines don’t do that. Kerbs do.", "blue", ["Quotes"], ""),
    (
        "underestimated the effect on small shops",
        "pink",
        ["Actors/Business", "Frames/Cost"],
        "Main argument of the opposition.",
    ),
    ("forty businesses to carry the risk", "orange", ["Frames/Cost"], ""),
]
# Selected, with the tag popover open beside it.
POPOVER_QUOTE = "voted to build protected cycle lanes"


def render(folder: Path, size: tuple[int, int] = (1440, 900)) -> list[Path]:
    app = create_application()
    work = Path(tempfile.mkdtemp(prefix="gloss-shots-"))
    open_library(work / "library.sqlite")
    import_paths(sample_files())
    article_id = _annotate_first_sample()
    from ui.session.session import Session
    from ui.shell.main_window import MainWindow
    from ui.shell.settings import Settings

    settings = Settings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(Session(), settings, work / "library.sqlite")
    window.resize(*size)
    window.show()
    window.session.open_article(article_id)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for theme in ("light", "sepia", "dark"):
        window.set_theme(theme)
        marks = annotating.list_annotations(article_id)
        if marks:
            window.sidebar.select_annotation(marks[1].id)
        for _ in range(5):
            app.processEvents()
        target = folder / f"gloss-{theme}.png"
        window.grab().save(str(target))
        written.append(target)
    written.append(_tag_popover_shot(app, window, article_id, folder / "gloss-tag-popover.png"))
    window.close()
    close_library()
    return written


def _tag_popover_shot(app: QApplication, window: MainWindow, article_id: int, target: Path) -> Path:
    """The window with a passage selected, the tag popover beside it (a window of its own,
    painted onto the window's picture where it sits) and the code margin on."""
    from ui.codebook.tag_picker import TagPickerDialog
    from ui.common.popover import make_popover
    from ui.reading.selecting import select_canonical

    window.set_theme("light")
    window.resize(1280, 780)  # inside the offscreen screen, where the popover is placed
    window.pane.marks.set_margin(True)
    window.sidebar.select_annotation(-1)
    for _ in range(5):
        app.processEvents()
    dmap = window.pane.document_map()
    start = articles.get_article(article_id).text.find(POPOVER_QUOTE)
    if dmap is not None and start >= 0:
        select_canonical(window.pane, dmap, start, start + len(POPOVER_QUOTE))
    dialog = TagPickerDialog(window.pane)
    make_popover(dialog, window.pane.selection_anchor())
    dialog.show()
    dialog.input.setText("fr")
    dialog.input.textEdited.emit("fr")
    for _ in range(5):
        app.processEvents()
    shot = window.grab()
    painter = QPainter(shot)
    painter.drawPixmap(window.mapFromGlobal(dialog.frameGeometry().topLeft()), dialog.grab())
    painter.end()
    shot.save(str(target))
    dialog.close()
    return target


def _annotate_first_sample() -> int:
    summaries = articles.query_articles(sort="imported")
    first = summaries[0].id
    for quote, colour, tags, note in MARKS:
        try:
            annotating.annotate_quote(first, quote, color=colour, tags=tags, note=note)
        except annotating.QuoteNotFound:
            continue
    return first


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("screenshots")
    for path in render(folder):
        print(path)
    QApplication.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
