"""Small real filesystems for fault tests: a full disk (tmpfs), a read-only one (root only).

Root ignores file permissions, so read-only and full conditions need real mounts; without root
(or without mount in a container) the tests that need them skip with the reason.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        pytest.skip(f"mount {' '.join(args)} failed: {done.stderr.strip()}")


@contextmanager
def small_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` (e.g. "2m") mounted on `folder` meanwhile."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("a small tmpfs (a disk that fills up) needs root to mount")
    folder.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)


def fill_up(folder: Path, leave: int = 0) -> None:
    """Write a file until the filesystem says it is full, then give back `leave` bytes."""
    handle = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while os.write(handle, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(handle)
    filler = folder / "filler"
    os.truncate(filler, max(0, filler.stat().st_size - leave))


def write_articles(folder: Path, count: int) -> Path:
    """`count` distinct articles of ~2 KB each, to fill a small disk with."""
    folder.mkdir()
    for n in range(count):
        words = " ".join(f"w{n}x{i}" for i in range(300))
        (folder / f"{n:04}.txt").write_text(
            f"date 2024-01-02 Lead {n}.\n\n{words}\n", encoding="utf-8"
        )
    return folder


def remount_read_only(folder: Path) -> None:
    """Make a tmpfs mounted by small_tmpfs read-only (root cannot write there either)."""
    _mount("-o", "remount,ro", str(folder))


@contextmanager
def read_only_file(path: Path) -> Iterator[Path]:
    """`path` made read-only meanwhile: immutable for root (who ignores permissions), else
    without write permission."""
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    if root:
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"chattr +i (a file even root cannot write) failed: {done.stderr}")
    else:
        mode = path.stat().st_mode
        path.chmod(0o444)
    try:
        yield path
    finally:
        if root:
            subprocess.run(["chattr", "-i", str(path)], capture_output=True)
        else:
            path.chmod(mode)
