"""An unexpected error is a dialog that names the log file holding its details."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from models.logs import setup_logging
from ui.shell import errors


def test_the_error_dialog_names_the_log_file_with_the_traceback(
    qapp, log_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        errors, "show_error", lambda _p, message, details="": shown.append((message, details))
    )
    log_file = setup_logging()
    errors.install_exception_hook(log_file)
    try:
        raise ValueError("a bad thing")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    [(message, details)] = shown
    assert "a bad thing" in message and f"the log file {log_file}." in message
    assert "ValueError: a bad thing" in details
    assert "ValueError: a bad thing" in (log_dir / "gloss.log").read_text(encoding="utf-8")
