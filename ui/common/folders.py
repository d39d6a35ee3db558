"""The folder the last file dialog was used in, so the next one (import, export, codebook)
opens there, in this run and the next (kept in the window's settings once bound)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QDir


class _Store(Protocol):
    def folder(self) -> str: ...
    def set_folder(self, path: str) -> None: ...


_memory: dict[str, str] = {}
_store: _Store | None = None


def bind(store: _Store | None) -> None:
    """Keep the folder in `store` (the window's settings); None: this run only."""
    global _store
    _store = store


def last_folder() -> str:
    """The last folder used, if it still exists; else the home folder."""
    found = _store.folder() if _store is not None else _memory.get("folder", "")
    return found if found and Path(found).is_dir() else QDir.homePath()


def remember(path: str | Path, *, is_folder: bool = False) -> None:
    """Remember the folder of a chosen file (or the chosen folder itself)."""
    folder = str(Path(path) if is_folder else Path(path).parent)
    _memory["folder"] = folder
    if _store is not None:
        _store.set_folder(folder)
