"""Render screenshots of the main window (sample article with highlights, light and dark).

    python -m ui.shell.screenshots [FOLDER]        (default: screenshots/)

Runs on a throwaway library and settings file, offscreen unless a display is asked for.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from models import annotating, articles
from models.db import close_library, open_library
from models.importing import import_paths
from ui.shell.app import create_application
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
    window.close()
    close_library()
    return written


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
