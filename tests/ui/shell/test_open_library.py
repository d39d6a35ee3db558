"""File ▸ Open library… and File ▸ Open recent: the window moves to another library whole."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QMenu,
    QProgressDialog,
    QPushButton,
)

from models import annotating
from models.db import close_library, open_library
from models.paths import display_location, is_server_url, short_location
from models.schema import database
from models.storing import store_drafts
from tests.conftest import draft
from ui.library.model import TITLE
from ui.shell import app
from ui.shell import open_library as switching
from ui.shell import settings as keys
from ui.shell.main_window import MainWindow
from ui.shell.open_library import RECENT_LIBRARIES, OpenLibraryDialog
from ui.shell.settings import Settings


@pytest.fixture(autouse=True)
def keep_app_palette(qapp):  # type: ignore[no-untyped-def]
    palette = qapp.palette()
    yield
    qapp.setPalette(palette)


def make_library(location: Path | str, *titles: str) -> Path | str:
    open_library(location)
    try:
        store_drafts([draft(f"Text of {t}.", title=t) for t in titles], "test", "made.txt")
    finally:
        close_library()
    return location


def with_password(location: Path | str) -> str:
    """A server URL as a user may type it, password and all (the test server trusts anyone:
    the password is only there not to be shown or kept)."""
    if not is_server_url(location):
        return str(location)
    scheme, _, rest = str(location).partition("://")
    user, _, host = rest.partition("@")
    return f"{scheme}://{user}:s3cret@{host}"


@pytest.fixture
def libraries(tmp_path: Path, library_location: Path | str) -> tuple[Path, Path | str]:
    """Ann's library file, and Bob's: a file, or (both_backends) a server database."""
    bob = tmp_path / "bob.sqlite" if isinstance(library_location, Path) else library_location
    return (
        Path(make_library(tmp_path / "ann.sqlite", "Ann's first", "Ann's second")),
        make_library(bob, "Bob's only"),
    )


@pytest.fixture(autouse=True)
def said(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """The error dialogs' sentences (a modal dialog would hold the test)."""
    shown: list[str] = []
    monkeypatch.setattr(switching.errors, "show_error", lambda _parent, text: shown.append(text))
    return shown


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


def settings_at(path: Path) -> Settings:
    return Settings(QSettings(str(path), QSettings.Format.IniFormat))


@pytest.fixture
def windows(qtbot) -> Iterator[list[MainWindow]]:  # type: ignore[no-untyped-def]
    """Every window a test made or switched to, closed afterwards (the switch keeps them)."""
    made: list[MainWindow] = []
    yield made
    for window in [*made, *switching._windows]:
        try:
            window.close()
        except RuntimeError:  # deleted by the switch already
            pass
    switching._windows.clear()
    close_library()


def window_on(qtbot, library: Path, settings_file: Path, windows: list[MainWindow]) -> MainWindow:  # type: ignore[no-untyped-def]
    open_library(library)
    window = app.open_window(library, settings=settings_at(settings_file))
    windows.append(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    return window


def titles(window: MainWindow) -> list[str]:
    model = window.article_list.model()
    return sorted(model.index(row, TITLE).data() for row in range(model.rowCount()))


def when_dialog_opens(act: Callable[[OpenLibraryDialog], None]) -> None:
    """Call `act` with the Open library dialog once it runs (it has its own event loop)."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, OpenLibraryDialog):
            QTimer.singleShot(20, poll)
            return
        act(dialog)

    QTimer.singleShot(0, poll)


def type_and_open(qtbot, location: str) -> Callable[[OpenLibraryDialog], None]:  # type: ignore[no-untyped-def]
    def act(dialog: OpenLibraryDialog) -> None:
        qtbot.keyClicks(dialog.location_edit, location)
        button = dialog.buttons.button(QDialogButtonBox.StandardButton.Open)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    return act


def settled(qtbot, opening):  # type: ignore[no-untyped-def]
    """What a switch ended with (the new window, or None), once it has."""
    assert opening is not None
    qtbot.waitUntil(lambda: opening.is_settled, timeout=15_000)
    return opening.result


def the_open_window() -> MainWindow:
    [window] = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]
    return window


@pytest.mark.both_backends
def test_open_library_moves_the_window_to_the_other_library(
    qtbot, libraries, settings_file: Path, windows, said
) -> None:
    ann, bob = libraries
    typed = with_password(bob)
    old = window_on(qtbot, ann, settings_file, windows)
    assert titles(old) == ["Ann's first", "Ann's second"]
    old.session.open_article(1)
    old.session.create_annotation(1, 0, 4)  # an undo step and an open article to leave behind
    assert old.session.undo_stack.count() == 1

    when_dialog_opens(type_and_open(qtbot, typed))
    old.libraries.open_action.trigger()

    new = settled(qtbot, old.libraries.opening)
    assert new is the_open_window()
    assert said == []
    assert new is not old and not (shiboken6.isValid(old) and old.isVisible())
    assert new.windowTitle() == short_location(typed)  # bob.sqlite, or the URL, password masked
    assert "s3cret" not in new.windowTitle()
    assert titles(new) == ["Bob's only"]
    # Bob's own first article, not Ann's open one (nor the welcome panel's "empty")
    qtbot.waitUntil(lambda: new.session.article_id == 1)
    assert new.centre.currentWidget() is new.reading_box
    assert new.pane.toPlainText().startswith("Bob's only")
    assert new.session.undo_stack.count() == 0
    assert database.obj.location == display_location(typed)
    new.session.open_article(1)
    new.session.create_annotation(1, 0, 4)  # lands in Bob's library, not Ann's
    assert [m.quote for m in annotating.list_annotations(1)] == ["Text"]
    close_library()
    open_library(ann)
    assert len(annotating.list_annotations(1)) == 1  # Ann's own, only
    close_library()
    recent = json.loads(settings_at(settings_file).get(RECENT_LIBRARIES))
    assert recent == [str(bob), str(ann)]  # most recent first, and never a password
    settings_at(settings_file).sync()
    assert "s3cret" not in settings_file.read_text(encoding="utf-8")


def test_a_library_that_cannot_open_is_a_dialog_and_the_window_stays(
    qtbot, libraries, settings_file: Path, windows, tmp_path: Path, said
) -> None:
    ann, _bob = libraries
    notes = tmp_path / "notes.txt"
    notes.write_text("not a library, and stays as it is", encoding="utf-8")
    window = window_on(qtbot, ann, settings_file, windows)

    when_dialog_opens(type_and_open(qtbot, str(notes)))
    window.libraries.open_action.trigger()

    assert settled(qtbot, window.libraries.opening) is None
    [message] = said
    assert message.startswith(f"Cannot open the library {notes}:\nnot a Gloss library")
    assert the_open_window() is window and titles(window) == ["Ann's first", "Ann's second"]
    assert database.obj.location == str(ann)
    window.session.open_article(2)
    window.session.create_annotation(2, 0, 4)  # the window still writes to its library
    assert len(annotating.list_annotations(2)) == 1
    assert notes.read_text(encoding="utf-8") == "not a library, and stays as it is"
    assert json.loads(settings_at(settings_file).get(RECENT_LIBRARIES)) == [str(ann)]


def test_open_recent_lists_others_greys_missing_files_and_switches(
    qtbot, libraries, settings_file: Path, windows, tmp_path: Path
) -> None:
    ann, bob = libraries
    gone = tmp_path / "gone.sqlite"
    settings_at(settings_file).set(RECENT_LIBRARIES, json.dumps([str(bob), str(gone)]))
    window = window_on(qtbot, ann, settings_file, windows)
    menu = window.findChild(QMenu, "recentLibraries")
    assert menu is not None
    menu.aboutToShow.emit()
    entries = {a.text(): a for a in menu.actions() if a.data()}
    assert list(entries) == [str(bob), str(gone)]  # not the open library itself
    assert entries[str(bob)].isEnabled() and not entries[str(gone)].isEnabled()

    entries[str(bob)].trigger()

    new = settled(qtbot, window.libraries.opening)
    assert new is the_open_window()
    assert titles(new) == ["Bob's only"]
    recent = json.loads(settings_at(settings_file).get(RECENT_LIBRARIES))
    assert recent == [str(bob), str(ann), str(gone)]


def test_the_recent_list_keeps_eight_and_no_password(tmp_path: Path) -> None:
    settings = settings_at(tmp_path / "s.ini")
    recent = switching.RecentLibraries(settings)
    for n in range(10):
        recent.add(str(tmp_path / f"{n}.sqlite"))
    recent.add("postgresql://ann:s3cret@db.example.org:5433/lab")
    entries = recent.entries()
    assert len(entries) == switching.MAX_RECENT == 8
    assert entries[0] == "postgresql://ann@db.example.org:5433/lab"
    assert entries[1:] == [str(tmp_path / f"{n}.sqlite") for n in range(9, 2, -1)]
    settings.sync()
    assert "s3cret" not in (tmp_path / "s.ini").read_text(encoding="utf-8")
    # this run still knows the password to reopen it with
    assert switching._passwords[entries[0]] == "postgresql://ann:s3cret@db.example.org:5433/lab"


def test_a_window_that_cannot_show_the_library_gives_way_to_one_on_the_old(
    qtbot, libraries, settings_file: Path, windows, said, monkeypatch
) -> None:
    """The new library opened, but its window failed to build: the user is back on the old
    library, told why, with its reading place kept."""
    ann, bob = libraries
    old = window_on(qtbot, ann, settings_file, windows)
    old.session.open_article(2)
    real_open_window = app.open_window

    def failing(location, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(location) == str(bob):
            raise RuntimeError("the list could not be read")
        return real_open_window(location, *args, **kwargs)

    monkeypatch.setattr(app, "open_window", failing)
    assert settled(qtbot, old.libraries.switch_to(str(bob))) is None

    back = the_open_window()
    assert back is not old and titles(back) == ["Ann's first", "Ann's second"]
    assert said == [f"Cannot open the library {bob}:\nthe list could not be read"]
    assert database.obj.location == str(ann)
    assert settings_at(settings_file).get(keys.LAST_ARTICLE) == 2
    back.session.open_article(1)
    back.session.create_annotation(1, 0, 4)  # and it writes to Ann's library
    assert len(annotating.list_annotations(1)) == 1


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that takes the connection and never says a word (a hung or far-away server):
    connecting waits for the connect timeout. Closed afterwards, which ends that wait."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        yield f"postgresql://ann:s3cret@127.0.0.1:{listener.getsockname()[1]}/team"
    finally:
        listener.close()


def closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now: a connection is refused at once
    return int(port)


def progress_shown() -> QProgressDialog | None:
    found = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog) and w.objectName() == "openingLibrary" and w.isVisible()
    ]
    return found[0] if found else None


def test_a_silent_server_leaves_the_window_running_and_cancel_gives_it_back(
    qtbot, libraries, settings_file: Path, windows, said, silent_server: str
) -> None:
    ann, _bob = libraries
    window = window_on(qtbot, ann, settings_file, windows)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)

    when_dialog_opens(type_and_open(qtbot, silent_server))
    window.libraries.open_action.trigger()
    opening = window.libraries.opening

    assert opening is not None and not opening.is_settled
    assert "Connecting to postgresql://ann:***@127.0.0.1" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: progress_shown() is not None, timeout=5000)
    before = len(ticks)
    qtbot.waitUntil(lambda: len(ticks) >= before + 5, timeout=5000)  # the event loop runs
    assert not opening.is_settled and not opening.thread_done.is_set()  # still connecting
    progress = progress_shown()
    assert progress is not None
    assert progress.labelText().startswith("Connecting to postgresql://ann:***@")
    qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)  # Cancel

    assert settled(qtbot, opening) is None
    timer.stop()
    assert said == [] and progress_shown() is None
    assert the_open_window() is window and database.obj.location == str(ann)
    assert window.statusBar().currentMessage().startswith("Stopped opening postgresql://")
    window.session.open_article(1)
    window.session.create_annotation(1, 0, 4)  # the window still writes to its library
    qtbot.waitUntil(lambda: not window.session.writer.is_busy())
    assert [a.quote for a in annotating.list_annotations(1)] == ["Text"]
    assert json.loads(settings_at(settings_file).get(RECENT_LIBRARIES)) == [str(ann)]


def test_a_refused_connection_is_a_one_line_dialog_and_the_window_stays(
    qtbot, libraries, settings_file: Path, windows, said
) -> None:
    ann, _bob = libraries
    window = window_on(qtbot, ann, settings_file, windows)
    url = f"postgresql://ann:s3cret@127.0.0.1:{closed_port()}/team"

    assert settled(qtbot, window.libraries.switch_to(url)) is None

    [message] = said
    heading, reason = message.split("\n")
    assert heading == f"Cannot open the library {display_location(url)}:"
    assert reason.startswith("cannot open the library (") and "s3cret" not in message
    assert the_open_window() is window and database.obj.location == str(ann)
    assert titles(window) == ["Ann's first", "Ann's second"]


def test_a_start_on_an_unreachable_server_says_why_in_one_line(qtbot, monkeypatch, capsys) -> None:
    shown: list[str] = []
    monkeypatch.setattr(app, "show_error", lambda _parent, text: shown.append(text))
    url = f"postgresql://ann:s3cret@127.0.0.1:{closed_port()}/team"

    assert app.run_app(url) == 1

    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"gloss: {display_location(url)}: cannot open the library (")
    assert shown == [line.removeprefix("gloss: ")] and "s3cret" not in line
    assert database.obj is None or database.obj.location != display_location(url)


def test_a_start_on_a_silent_server_can_be_cancelled(
    qtbot, monkeypatch, capsys, silent_server: str
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(app, "show_error", lambda _parent, text: shown.append(text))

    def cancel_when_shown() -> None:
        progress = progress_shown()
        if progress is None:
            QTimer.singleShot(20, cancel_when_shown)
            return
        qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, cancel_when_shown)
    assert app.run_app(silent_server) == 1

    [line] = capsys.readouterr().err.splitlines()
    assert line == f"gloss: {display_location(silent_server)}: not opened (cancelled)"
