"""The memory bound at full size: 48 MB hostile and ordinary files, each imported under a cap of
10 × its size + 300 MB (tests.ui.test_cli_memory_bound.py runs the same at 3 MB in the normal run).

Minutes of work and up to 800 MB a child, so only on demand:
    GLOSS_FULL_MEMORY_TESTS=1 .venv/bin/python -m pytest tests/reliability/test_memory_bound.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.ui.hostile_documents import SLOW_HOSTILE_DOCUMENTS
from tests.ui.test_cli_memory_bound import BIG, HOSTILE, MB, check_imported_or_refused

SIZE = 48 * MB

pytestmark = pytest.mark.skipif(
    not os.environ.get("GLOSS_FULL_MEMORY_TESTS"),
    reason="48 MB inputs take minutes: set GLOSS_FULL_MEMORY_TESTS=1 to run them",
)


@pytest.mark.parametrize("name", sorted({**HOSTILE, **SLOW_HOSTILE_DOCUMENTS}))
def test_a_48_mb_file_of_small_pieces(tmp_path: Path, name: str) -> None:
    make = HOSTILE.get(name) or SLOW_HOSTILE_DOCUMENTS[name]
    reason = check_imported_or_refused(tmp_path, name, make(SIZE))
    assert reason == "imported" or "in bounded memory" in reason


@pytest.mark.parametrize("name", sorted(BIG))
def test_a_48_mb_ordinary_file(tmp_path: Path, name: str) -> None:
    """Imported, or refused in one line: by the memory bound, or by lxml's 10 MB text limit."""
    check_imported_or_refused(tmp_path, name, BIG[name](SIZE))
