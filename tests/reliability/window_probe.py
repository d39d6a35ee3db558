"""The real app (`ui.app.run_app`, as `python main.py` starts it, offscreen) driven by timers
with key events, for the window trials:

    python -m tests.reliability.window_probe quit LIBRARY DELAY
        after DELAY seconds: a highlight, Ctrl+Z, Ctrl+Shift+Z, then File ▸ Quit at once; prints
        "quit at T" (time.monotonic, the same clock as the harness's) just before quitting.
    python -m tests.reliability.window_probe locked LIBRARY SECONDS
        starts while another program holds the write lock; after 0.5 s, a highlight (note
        "while locked"); quits after SECONDS. Prints how long the event loop took to turn
        first ("first turn after S") and, from a timer ticking every 20 ms, the longest time
        the GUI thread did not turn after that ("longest stall S").
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

TICK_MS = 20


def _main_window() -> object:
    from PySide6.QtWidgets import QApplication

    from ui.shell.main_window import MainWindow

    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))


def _key(sequence: str) -> None:
    """Press a shortcut on the focused widget of the main window, as a person would."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    combination = QKeySequence(sequence)[0]
    target = QApplication.focusWidget() or _main_window()
    QTest.keyClick(target, combination.key(), combination.keyboardModifiers())


def _highlight(note: str) -> None:
    window = _main_window()
    session = window.session  # type: ignore[attr-defined]
    if session.article_id is None:
        session.open_article(1)
    session.create_annotation(1, 0, 8, note=note)


def quit_after(delay: float) -> None:
    from PySide6.QtCore import QTimer

    def act() -> None:
        from PySide6.QtGui import QAction

        window = _main_window()
        window.activateWindow()  # type: ignore[attr-defined]
        _highlight("before quitting")
        _key("Ctrl+Z")
        _key("Ctrl+Shift+Z")
        # File ▸ Quit (Ctrl+Q under X; the offscreen platform binds no key to Quit).
        quit_action = next(
            a
            for a in window.findChildren(QAction)
            if a.text().replace("&", "") == "Quit"  # type: ignore[attr-defined]
        )
        print(f"quit at {time.monotonic():.3f}", flush=True)
        quit_action.trigger()

    QTimer.singleShot(int(delay * 1000), act)


def highlight_while_locked(seconds: float) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    last = [0.0]
    longest = [0.0]
    started = time.monotonic()

    def tick() -> None:
        now = time.monotonic()
        if last[0]:
            longest[0] = max(longest[0], now - last[0])
        else:
            print(f"first turn after {now - started:.3f}", flush=True)
        last[0] = now

    def report_and_quit() -> None:
        print(f"longest stall {longest[0]:.3f}", flush=True)
        QApplication.quit()

    timer = QTimer(QApplication.instance())
    timer.timeout.connect(tick)
    timer.start(TICK_MS)
    QTimer.singleShot(500, lambda: _highlight("while locked"))
    QTimer.singleShot(int(seconds * 1000), report_and_quit)


def main(argv: list[str]) -> int:
    mode, library, value = argv[0], Path(argv[1]), float(argv[2])
    from ui.shell.app import create_application, run_app

    create_application()
    (quit_after if mode == "quit" else highlight_while_locked)(value)
    print("starting", flush=True)
    return run_app(library, exit_when_done=True)  # as main.py: leaves at once when done


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
