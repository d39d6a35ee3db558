"""Starting the window loads neither the importers nor the parsers (bs4 alone took ~90 ms, lxml
~20): they load with the first import. Checked in a fresh interpreter, as `python main.py`
starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("bs4", "lxml", "importers.registry", "models.importing", "models.parsing", "matplotlib")


def test_the_window_starts_without_the_importers() -> None:
    code = (
        "import sys, main, ui.shell.app, ui.shell.main_window\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
