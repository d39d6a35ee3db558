"""The log a user can send: a rotating file in the log folder, everything with --debug."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

import main
from models.logs import BACKUPS, MAX_BYTES, setup_logging


def _ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if h.name == "gloss"]


def test_records_go_to_a_rotating_file_in_the_log_folder(log_dir: Path) -> None:
    path = setup_logging()
    assert path == log_dir / "gloss.log"
    [handler] = _ours()
    assert isinstance(handler, RotatingFileHandler)
    assert (handler.maxBytes, handler.backupCount) == (MAX_BYTES, BACKUPS)
    logging.getLogger("importers.registry").warning("plug-in %s failed", "x")
    logging.getLogger("models.db").debug("not without --debug")
    handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "WARNING importers.registry: plug-in x failed" in text
    assert "not without --debug" not in text


def test_debug_logs_everything_on_stderr_too_and_setup_twice_adds_nothing(
    log_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup_logging(debug=True)
    setup_logging(debug=True)
    assert len(_ours()) == 2  # the file and stderr, once each
    logging.getLogger("models.db").debug("query ran")
    assert "DEBUG   models.db: query ran" in capsys.readouterr().err
    assert "query ran" in (log_dir / "gloss.log").read_text(encoding="utf-8")


def test_an_unwritable_log_folder_is_said_once_and_not_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("GLOSS_LOG_DIR", str(blocker / "logs"))
    assert setup_logging() is None
    assert "cannot write the log file" in capsys.readouterr().err
    assert _ours() == []


def test_the_command_line_logs_its_start_and_takes_debug(tmp_path: Path, log_dir: Path) -> None:
    library = tmp_path / "lib.sqlite"
    assert main.main(["--debug", "--library", str(library), "list"]) == 0
    text = (log_dir / "gloss.log").read_text(encoding="utf-8")
    assert f"INFO    gloss: start: list on {library}" in text
