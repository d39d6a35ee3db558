"""The first start on the default library adds the sample articles; a library the user names
starts empty (the welcome panel then offers the samples with one click)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

import main
from models import search
from models.db import close_library, open_library
from ui import app
from ui.settings import Settings
from ui.welcome import sample_files


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
