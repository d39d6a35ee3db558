"""The first start on the default library adds the sample articles; a library the user names
starts empty (the welcome panel then offers the samples with one click)."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QSettings

import main
from models import search
from models.db import close_library, open_library
from ui.shell import app
from ui.shell.settings import Settings
from ui.shell.welcome import sample_files


@pytest.mark.parametrize(
    ("argv", "env", "samples"),
    [([], None, True), (["--library", "x.sqlite"], None, False), ([], "y.sqlite", False)],
)
def test_only_the_default_library_gets_samples(monkeypatch, argv, env, samples) -> None:
    asked: list[bool] = []

    def run_app(*_args, samples_if_new, **_kwargs):  # type: ignore[no-untyped-def]
        asked.append(samples_if_new)
        return 0

    monkeypatch.setattr(app, "run_app", run_app)
    if env is None:
        monkeypatch.delenv("GLOSS_LIBRARY", raising=False)
    else:
        monkeypatch.setenv("GLOSS_LIBRARY", env)
    assert main.main(argv) == 0
    assert asked == [samples]


def test_a_new_library_starts_with_the_samples(qtbot, tmp_path) -> None:
    open_library(tmp_path / "library.sqlite")
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    try:
        window = app.open_window(tmp_path / "library.sqlite", add_samples=True, settings=settings)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.article_list.model().rowCount() > 0, timeout=10000)
        qtbot.waitUntil(lambda: not window.imports.is_busy(), timeout=10000)
        assert search.count_matching_articles("") == len(sample_files()) == 6
        assert window.article_list.model().rowCount() == 6
    finally:
        close_library()


@pytest.mark.parametrize("exists", [True, False])
def test_samples_only_when_this_start_creates_the_library(monkeypatch, tmp_path, exists) -> None:
    path = tmp_path / "library.sqlite"
    if exists:  # an empty library made earlier: the user's, even with no articles in it
        open_library(path)
        close_library()
    asked: list[bool] = []

    class Loop:
        def exec(self) -> int:
            return 0

    monkeypatch.setattr(app, "create_application", Loop)
    monkeypatch.setattr(app, "install_exception_hook", lambda _log_file=None: None)
    monkeypatch.setattr(app, "open_window", lambda *a, add_samples, **k: asked.append(add_samples))
    assert app.run_app(path, samples_if_new=True) == 0
    assert asked == [not exists]


def test_the_importers_load_in_the_background_after_the_start(qtbot, tmp_path, monkeypatch) -> None:
    loaded: list[str] = []
    monkeypatch.setattr(app, "WARM_UP_MS", 10)
    monkeypatch.setattr(
        app, "_load_importers", lambda: loaded.append(threading.current_thread().name)
    )
    open_library(tmp_path / "library.sqlite")
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    try:
        window = app.open_window(tmp_path / "library.sqlite", settings=settings)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: loaded == ["gloss-load-importers"], timeout=5000)
    finally:
        close_library()
