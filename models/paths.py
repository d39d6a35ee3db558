"""Where the library lives."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

LIBRARY_ENV = "GLOSS_LIBRARY"
LIBRARY_FILENAME = "library.sqlite"


def default_library_path() -> Path:
    return user_data_path("Gloss", appauthor=False) / LIBRARY_FILENAME


def resolve_library_path(explicit: str | os.PathLike[str] | None = None) -> Path | str:
    """--library beats $GLOSS_LIBRARY beats the platform's user data directory. A file's
    path, or a server's URL as given (a Path would fold its '//')."""
    chosen = explicit or os.environ.get(LIBRARY_ENV) or default_library_path()
    if is_server_url(chosen):
        return str(chosen)
    return Path(chosen).expanduser()


SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server_url(location: str | os.PathLike[str]) -> bool:
    """True for a PostgreSQL URL (a team library on a server), False for a library file."""
    return str(location).startswith(SERVER_SCHEMES)


def display_location(location: str | os.PathLike[str]) -> str:
    """The library's location for messages and titles: a URL never shows its password."""
    text = str(location)
    if not is_server_url(text):
        return text
    scheme, _, rest = text.partition("://")
    credentials, at, host = rest.rpartition("@")
    if at and ":" in credentials:
        credentials = credentials.split(":", 1)[0] + ":***"
    return f"{scheme}://{credentials}{at}{host}"


def short_location(location: str | os.PathLike[str]) -> str:
    """The library's name for a window title: the file's name, or the URL without password."""
    return display_location(location) if is_server_url(location) else Path(location).name
