"""Gloss's log: a rotating file in the user's log folder, one a user can attach to a report.

Starts, warnings and errors (a plug-in that fails to load, a worker's crash, an unexpected
exception) go there; `--debug` adds everything else and echoes it on stderr.
"""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_log_path

LOG_DIR_ENV = "GLOSS_LOG_DIR"  # where the log goes instead (tests, a portable install)
LOG_FILENAME = "gloss.log"
MAX_BYTES = 1_000_000  # four files of 1 MB: weeks of warnings, small enough to mail
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
_HANDLER_NAME = "gloss"


def log_path() -> Path:
    folder = os.environ.get(LOG_DIR_ENV) or user_log_path("Gloss", appauthor=False)
    return Path(folder).expanduser() / LOG_FILENAME


def setup_logging(debug: bool = False) -> Path | None:
    """Send log records to the rotating file (INFO and up; everything, and on stderr too, with
    debug); returns the file, or None when it cannot be written (a read-only home must not
    stop the app)."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.name == _HANDLER_NAME]:
        root.removeHandler(old)  # set up again (tests, a second main()): no doubles
        old.close()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)] if debug else []
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(RotatingFileHandler(path, "a", MAX_BYTES, BACKUPS, encoding="utf-8"))
    except OSError as exc:
        print(f"gloss: cannot write the log file {path}: {exc.strerror}", file=sys.stderr)
        return None
    finally:
        for handler in handlers:
            handler.name = _HANDLER_NAME
            handler.setFormatter(logging.Formatter(FORMAT))
            root.addHandler(handler)
    return path
