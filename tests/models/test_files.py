"""Atomic writes keep the file mode users expect, and leave nothing behind on failure."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.files import write_text_atomically

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


@pytest.fixture
def umask() -> Iterator[int]:
    old = os.umask(0o027)
    yield 0o027
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_usual_mode_for_the_umask(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "export.csv"
    write_text_atomically(target, lambda out: out.write("a,b\n"))
    assert target.read_text() == "a,b\n"
    assert mode(target) == 0o666 & ~umask  # 0o640, not mkstemp's 0o600


def test_a_rewritten_file_keeps_its_mode(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "export.csv"
    target.write_text("old")
    target.chmod(0o604)
    write_text_atomically(target, lambda out: out.write("new"))
    assert (target.read_text(), mode(target)) == ("new", 0o604)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    target.write_text("old")

    def fail(out) -> None:  # type: ignore[no-untyped-def]
        out.write("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_text_atomically(target, fail)
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]
    assert target.read_text() == "old"
