"""File ▸ Open library… and File ▸ Open recent: the window moves to another library.

A library is a file or a PostgreSQL URL. Switching builds a new window on the new library and
closes the old one, so nothing of the old library (its open article, undo steps, list, search,
docks) can outlive the switch. The new library is opened before the old window closes: one
that fails to open is reported in a dialog and the window stays on its library.

The recent list lives in the settings, most recent first. A URL is kept there without its
password (the settings file is plain text); this run remembers typed passwords in memory, and
later runs take them from ~/.pgpass or PGPASSWORD.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMenuBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.db import current_library, use_library
from models.opening import OpenedLibrary
from models.paths import display_location, is_server_url
from ui.common import file_dialogs, folders
from ui.shell import errors
from ui.shell import settings as keys
from ui.shell.library_opening import LibraryOpening
from ui.shell.settings import Setting, Settings

if TYPE_CHECKING:
    from ui.session.session import Session


class LibraryWindow(Protocol):
    """What a switch needs of the main window (ui.shell.main_window imports this module)."""

    settings: Settings
    session: Session
    library_path: Path | str

    def flush_edits(self) -> None: ...

    def close(self) -> bool: ...

    def deleteLater(self) -> None: ...

    def menuBar(self) -> QMenuBar: ...


log = logging.getLogger(__name__)

RECENT_LIBRARIES = Setting("library/recent", "")  # JSON list of locations, most recent first
MAX_RECENT = 8
LIBRARY_FILES = "Gloss libraries (*.sqlite *.db *.gloss);;All files (*)"
# Per-library window state that means nothing in another library (article ids).
_PER_LIBRARY = (keys.LAST_ARTICLE, keys.READING_PLACES)

_WRITES_POLL_MS = 50  # how often a switch looks again whether the last writes landed
_passwords: dict[str, str] = {}  # this run's URLs as typed, by the entry kept in the settings
_windows: list[LibraryWindow] = []  # windows a switch made: nothing else holds them
_open_window: Callable[..., LibraryWindow] | None = None  # set by ui.shell.app


def without_password(location: str) -> str:
    """The location as the recent list keeps it: a URL loses its password."""
    if not is_server_url(location):
        return str(Path(location).expanduser().absolute())
    scheme, _, rest = location.partition("://")
    credentials, at, host = rest.rpartition("@")
    return f"{scheme}://{credentials.split(':', 1)[0]}{at}{host}"


class RecentLibraries:
    """The recent list in the settings: at most MAX_RECENT locations, most recent first."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def entries(self) -> list[str]:
        try:
            found = json.loads(self._settings.get(RECENT_LIBRARIES) or "[]")
        except ValueError:
            return []
        return [entry for entry in found if isinstance(entry, str)][:MAX_RECENT]

    def add(self, location: str) -> None:
        entry = without_password(location)
        if entry != location:
            _passwords[entry] = location
        kept = [entry, *(e for e in self.entries() if e != entry)][:MAX_RECENT]
        self._settings.set(RECENT_LIBRARIES, json.dumps(kept))

    def clear(self) -> None:
        self._settings.set(RECENT_LIBRARIES, "[]")


def available(entry: str) -> bool:
    """Whether a recent entry can be offered: a file that still exists (a server is only
    known to answer once asked)."""
    return is_server_url(entry) or Path(entry).is_file()


class OpenLibraryDialog(QDialog):
    """A library file (typed, or chosen with Browse…) or a postgresql:// URL."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open library")
        self.location_edit = QLineEdit(self)
        self.location_edit.setObjectName("libraryLocation")
        self.location_edit.setPlaceholderText("library file, or postgresql://user@host/database")
        self.location_edit.setMinimumWidth(420)
        browse = QPushButton("&Browse…", self)
        browse.setObjectName("browseLibrary")
        browse.clicked.connect(self.browse)
        hint = QLabel(
            "A file that does not exist yet becomes a new, empty library. A team library on "
            "PostgreSQL takes its password from the URL, PGPASSWORD or ~/.pgpass.",
            self,
        )
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.location_edit, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        label = QLabel("&Library:", self)
        label.setBuddy(self.location_edit)
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.location_edit.textChanged.connect(self._enable_open)
        self._enable_open()

    def location(self) -> str:
        return self.location_edit.text().strip()

    def browse(self) -> None:
        path = file_dialogs.open_file_name(
            self, "Open library", folders.last_folder(), LIBRARY_FILES
        )
        if path:
            folders.remember(path)
            self.location_edit.setText(path)

    def _enable_open(self) -> None:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        button.setEnabled(bool(self.location()))


class LibraryMenus(QObject):
    """File ▸ Open library… and File ▸ Open recent, at the top of the window's File menu."""

    def __init__(self, window: LibraryWindow, location: str | Path) -> None:
        super().__init__(_widget(window))
        self.window = window
        self.location = str(location)
        self.recent = RecentLibraries(window.settings)
        self.opening: LibraryOpening | None = None  # the last switch started here
        self.recent.add(self.location)
        self.open_action = QAction("Open &library…", _widget(window))
        self.open_action.setObjectName("openLibrary")
        self.open_action.setShortcut("Ctrl+Shift+L")
        self.open_action.setStatusTip("Switch to another library: a file or a PostgreSQL URL")
        self.open_action.triggered.connect(self.choose)
        self.recent_menu = QMenu("Open &recent", _widget(window))
        self.recent_menu.setObjectName("recentLibraries")
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        file_menu = _file_menu(window)
        first = file_menu.actions()[0] if file_menu.actions() else None
        file_menu.insertAction(first, self.open_action)  # type: ignore[arg-type]
        file_menu.insertMenu(first, self.recent_menu)  # type: ignore[arg-type]
        file_menu.insertSeparator(first)  # type: ignore[arg-type]
        self.fill_recent()

    def fill_recent(self) -> None:
        """Every other recent library; a file that is gone is shown greyed out."""
        self.recent_menu.clear()
        current = without_password(self.location)
        for entry in self.recent.entries():
            if entry == current:
                continue
            action = self.recent_menu.addAction(display_location(entry))
            action.setData(entry)
            if available(entry):
                action.triggered.connect(lambda _c=False, e=entry: self.open_recent(e))
            else:
                action.setEnabled(False)
                action.setToolTip("The file is no longer there")
        self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction("&Clear the list")
        clear.triggered.connect(self.clear_recent)
        self.recent_menu.menuAction().setEnabled(True)

    def clear_recent(self) -> None:
        self.recent.clear()
        self.recent.add(self.location)
        self.fill_recent()

    def choose(self) -> LibraryOpening | None:
        if self.opening is not None and not self.opening.is_settled:
            return None  # one at a time: its progress dialog is up
        dialog = OpenLibraryDialog(_widget(self.window))
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.location():
                return None
            return self.switch_to(dialog.location())
        finally:
            dialog.deleteLater()

    def open_recent(self, entry: str) -> LibraryOpening | None:
        return self.switch_to(_passwords.get(entry, entry))

    def switch_to(self, location: str) -> LibraryOpening | None:
        """Start replacing this window with one on the library at `location` (the opening
        settles with the new window, or None when the library cannot be opened: a dialog
        says why); None at once when this window cannot let go yet."""
        if self.opening is not None and not self.opening.is_settled:
            return None
        self.opening = switch_library(self.window, location)
        return self.opening


def _widget(window: LibraryWindow) -> QMainWindow:
    return cast(QMainWindow, window)  # the main window is one (the protocol names the rest)


def _file_menu(window: LibraryWindow) -> QMenu:
    """The window's File menu (made with the others, wherever that is done)."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if action.text() == "&File" and isinstance(menu, QMenu):
            return menu
    return window.menuBar().addMenu("&File")


def set_window_opener(opener: Callable[..., LibraryWindow]) -> None:
    """How a window is opened (ui.shell.app.open_window): app hands it over, as it imports
    the window and so this module, which cannot import app back."""
    global _open_window
    _open_window = opener


def switch_library(old: LibraryWindow, location: str) -> LibraryOpening | None:
    """Start moving `old` to the library at `location`: a thread opens it while the window
    runs on (models.opening); None (said in a dialog) when this window cannot let go now."""
    shown = display_location(location)
    old.flush_edits()  # a note still being typed lands in the library it was typed in
    if not _can_let_go(old, shown):
        return None
    opening = LibraryOpening(location)
    opening.opened.connect(lambda opened: _switch(old, location, opened, opening))
    opening.failed.connect(lambda reason: _not_opened(old, location, reason, opening))
    opening.cancelled.connect(lambda: opening.settle(None))
    opening.start(_widget(old))
    return opening


def _can_let_go(old: LibraryWindow, shown: str) -> bool:
    from ui.transfer.workers import any_worker_running

    if old.session.writer.is_busy() or any_worker_running():
        errors.show_error(
            _widget(old),
            f"Cannot open {shown} yet: this library is still saving changes or running an "
            "import or export. Try again when it has finished.",
        )
        return False
    return True


def _not_opened(old: LibraryWindow, location: str, reason: str, opening: LibraryOpening) -> None:
    """The window stays on its library, which nothing touched; the dialog says why."""
    shown = display_location(location)
    said = f"Cannot open the library {shown}:\n{_reason(reason, location)}"
    errors.show_error(_widget(old), said)
    opening.settle(None)


def _switch(
    old: LibraryWindow, location: str, opened: OpenedLibrary, opening: LibraryOpening
) -> None:
    """The new library is open (on the worker): the old window closes and one on it opens."""
    assert _open_window is not None, "ui.shell.app sets the window opener"
    open_window = _open_window
    shown = display_location(location)
    old.flush_edits()  # typed while it connected
    if old.session.writer.is_busy():  # a write made while it connected: it lands first
        QTimer.singleShot(_WRITES_POLL_MS, lambda: _switch(old, location, opened, opening))
        return
    if not _can_let_go(old, shown):
        opened.discard()
        opening.settle(None)
        return
    # The live-update thread reads through the models' binding, which moves now: it stops
    # first, so it never runs half a transaction on one library and ends it on the other.
    old.session.live.stop()
    previous = current_library()
    app = QApplication.instance()
    quits = isinstance(app, QApplication) and app.quitOnLastWindowClosed()
    if isinstance(app, QApplication):
        app.setQuitOnLastWindowClosed(False)  # between the two windows, none is open
    try:
        if not old.close():  # (it waits for queued writes: none, checked above)
            opened.discard()
            old.session.live.start()
            opening.settle(None)
            return
        kept = {setting: old.settings.get(setting) for setting in _PER_LIBRARY}
        for setting in _PER_LIBRARY:
            old.settings.set(setting, setting.default)
        opened.take()
        try:
            new = open_window(location, settings=old.settings)
        except Exception as exc:  # the window cannot show that library: back to this one
            log.exception("cannot show %s", shown)
            opened.db.close()
            use_library(previous)
            for setting, value in kept.items():
                old.settings.set(setting, value)
            back = open_window(old.library_path, settings=old.settings)
            _windows[:] = [w for w in _windows if w is not old] + [back]
            old.deleteLater()
            errors.show_error(
                _widget(back), f"Cannot open the library {shown}:\n{_reason(str(exc), location)}"
            )
            opening.settle(None)
            return
        if previous is not None and previous is not opened.db:
            previous.close()  # this thread's connection; the writer threads closed theirs
    finally:
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(quits)
    _windows[:] = [w for w in _windows if w is not old] + [new]
    old.deleteLater()
    opening.settle(new)


def _reason(text: str, location: str) -> str:
    """The error's sentence without the location it starts with (the dialog names it), and
    never a password."""
    for prefix in (f"{location}: ", f"{Path(location)}: ", f"{display_location(location)}: "):
        text = text.removeprefix(prefix)
    return text.replace(location, display_location(location))
