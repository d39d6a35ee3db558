"""Window settings, each declared once with its key and default (QSettings underneath)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any


GEOMETRY = Setting("window/geometry", None)
WINDOW_STATE = Setting("window/state", None)
SPLITTER = Setting("window/splitter", None)
LAST_ARTICLE = Setting("reading/lastArticle", 0)
THEME = Setting("reading/theme", "light")
FONT_SIZE = Setting("reading/fontSize", 0)  # 0: the pane's default size
CURRENT_COLOR = Setting("annotate/color", "yellow")
CODE_MARGIN = Setting("reading/codeMargin", 0)  # 0/1: INI files read a bool back as text
READING_PLACES = Setting("reading/places", "")  # JSON [[article id, offset], ...]
LIST_SORT = Setting("library/sort", "")  # "column:asc|desc"
LIST_OUTLET = Setting("library/outletColumn", 1)  # 0: the user hid the Outlet column
LAST_FOLDER = Setting("files/lastFolder", "")  # where the last file dialog was used


class Settings:
    """Typed access to QSettings; tests pass an INI file so they never touch the user's."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else QSettings()

    def get(self, setting: Setting) -> Any:
        value = self._store.value(setting.key, setting.default)
        if setting.default is None or value is None:
            return value
        try:
            return type(setting.default)(value)
        except (TypeError, ValueError):
            return setting.default

    def set(self, setting: Setting, value: Any) -> None:
        self._store.setValue(setting.key, value)

    def sync(self) -> None:
        self._store.sync()


class FolderSetting:
    """The last-used folder kept in the settings (what ui.common.folders binds to)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def folder(self) -> str:
        return str(self._settings.get(LAST_FOLDER))

    def set_folder(self, path: str) -> None:
        self._settings.set(LAST_FOLDER, path)
