"""Who is coding: the name every new annotation records.

`--coder NAME` beats $GLOSS_CODER beats the window's setting, which lives in a small file of its
own (not QSettings) so that the command line, which never loads Qt, reads the same name.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from platformdirs import user_config_path

from models.files import write_text_atomically

CODER_ENV = "GLOSS_CODER"
CONFIG_ENV = "GLOSS_CONFIG_DIR"  # tests (and portable installs) keep the setting elsewhere
UNKNOWN = "unknown"  # annotations from before coders were recorded, when no name was set
CONSENSUS = "consensus"  # the version a team settles on (models.compare), not a coder's own
_MAX_LENGTH = 100

_current: str | None = None


def normalize_coder(name: str) -> str:
    """A coder name, trimmed; ValueError when empty, too long or holding a control character."""
    name = " ".join(name.split())
    if not name:
        raise ValueError("a coder name must not be empty")
    if len(name) > _MAX_LENGTH:
        raise ValueError(f"a coder name has at most {_MAX_LENGTH} characters")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise ValueError("a coder name must not hold control characters")
    return name


def setting_path() -> Path:
    folder = os.environ.get(CONFIG_ENV)
    base = Path(folder) if folder else user_config_path("Gloss", appauthor=False)
    return base / "coder.txt"


def saved_coder() -> str | None:
    """The name set in the window, or None before the window first asked."""
    try:
        return normalize_coder(setting_path().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def save_coder(name: str) -> str:
    """Remember the window's coder for later starts (and for the command line)."""
    name = normalize_coder(name)
    path = setting_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(path, lambda f: f.write(name + "\n"))
    return name


def system_user_name() -> str:
    """The user's full name from the password database (GECOS), else the login name."""
    try:
        import pwd

        entry = pwd.getpwuid(os.getuid())
        full = entry.pw_gecos.split(",")[0].strip()
        if full:
            return normalize_coder(full)
        return normalize_coder(entry.pw_name)
    except (ImportError, KeyError, OSError, ValueError):
        try:
            return normalize_coder(getpass.getuser())
        except (OSError, ValueError, KeyError):
            return UNKNOWN


def chosen_coder(option: str | None = None) -> str | None:
    """--coder, else $GLOSS_CODER, else the window's setting; None when none is set."""
    for candidate in (option, os.environ.get(CODER_ENV)):
        if candidate and candidate.strip():
            return normalize_coder(candidate)
    return saved_coder()


def set_coder(name: str) -> None:
    """The coder this process records on new annotations."""
    global _current
    _current = normalize_coder(name)


def coder_given() -> bool:
    """Whether this process was told its coder (--coder, or set_coder from the window)."""
    return _current is not None


def current_coder() -> str:
    """The coder set for this process, else the chosen one, else the system user's name."""
    return _current or chosen_coder() or system_user_name()


def legacy_coder() -> str:
    """Who gets the annotations of a library from before coders: the window's coder."""
    return saved_coder() or UNKNOWN
