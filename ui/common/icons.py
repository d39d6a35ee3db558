"""Icons from qtawesome, made on first use: loading its fonts at import time costs start-up."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

NAMES = {
    "import-files": "mdi6.file-import-outline",
    "import-folder": "mdi6.folder-download-outline",
    "export": "mdi6.file-export-outline",
    "undo": "mdi6.undo",
    "redo": "mdi6.redo",
    "zoom-in": "mdi6.magnify-plus-outline",
    "zoom-out": "mdi6.magnify-minus-outline",
    "find": "mdi6.text-search",
    "theme": "mdi6.theme-light-dark",
    "next": "mdi6.chevron-down",
    "previous": "mdi6.chevron-up",
    "delete": "mdi6.trash-can-outline",
    "quit": "mdi6.exit-to-app",
    "about": "mdi6.information-outline",
    "keys": "mdi6.keyboard-outline",
    "sample": "mdi6.newspaper-variant-outline",
}


@cache
def icon(name: str, color: str | None = None) -> QIcon:
    import qtawesome as qta

    options = {"color": color} if color else {}
    made: QIcon = qta.icon(NAMES.get(name, name), **options)  # (qtawesome has no types)
    return made
