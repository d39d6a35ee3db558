"""Regression guard for the Qt binding itself.

PySide6-Essentials 6.12.0 on Python 3.11 drops a reference to None on every call of a Qt
method that returns nothing; after a few thousand calls the count reaches zero and Python
aborts with "Fatal Python error: none_dealloc". pyproject.toml pins <6.12 on Python < 3.12.
The calls run in a subprocess so that such a crash fails this test instead of killing pytest.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import PySide6
import pytest

CALLS = 10_000

# Each void call below is made CALLS times; a binding with the bug loses one reference to None
# per call (3 * CALLS in all), so anything beyond small bookkeeping noise is the bug.
ALLOWED_DRIFT = 500

CHILD = textwrap.dedent(
    f"""
    import json
    import sys

    from PySide6.QtCore import QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication.instance() or QApplication([])
    obj = QObject()
    timer = QTimer()
    widget = QWidget()
    results = set()

    before = sys.getrefcount(None)
    for i in range({CALLS}):
        results.add(obj.setObjectName("x"))
        results.add(timer.setInterval(5 + i % 3))
        results.add(widget.setToolTip("tip"))
    after = sys.getrefcount(None)

    print(json.dumps({{"before": before, "after": after, "results": sorted(map(repr, results))}}))
    """
)


def test_void_qt_calls_do_not_corrupt_none_refcount() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", CHILD],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, (
        f"child exited with {proc.returncode} (a negative code is a signal; "
        f"-6 is the none_dealloc abort)\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    )
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["results"] == ["None"]
    if sys.version_info < (3, 12):  # None is immortal from 3.12 on; its count means nothing
        lost = report["before"] - report["after"]
        assert lost < ALLOWED_DRIFT, f"{lost} references to None lost over {CALLS} calls"


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="the bug is on Python 3.11 only")
def test_pyside6_is_not_the_broken_release() -> None:
    assert PySide6.__version_info__[:2] != (6, 12), (
        f"PySide6 {PySide6.__version__} on Python 3.11 aborts with none_dealloc; "
        "pyproject.toml pins <6.12 for Python < 3.12, reinstall with scripts/bootstrap.sh"
    )
