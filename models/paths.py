"""Where the library lives."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

LIBRARY_ENV = "GLOSS_LIBRARY"
LIBRARY_FILENAME = "library.sqlite"


def default_library_path() -> Path:
    return user_data_path("Gloss", appauthor=False) / LIBRARY_FILENAME


def resolve_library_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--library beats $GLOSS_LIBRARY beats the platform's user data directory."""
    chosen = explicit or os.environ.get(LIBRARY_ENV) or default_library_path()
    return Path(chosen).expanduser()
