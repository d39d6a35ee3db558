"""Which SQLite files a process holds POSIX locks on, read from /proc/locks (Linux).

SQLite's locks are POSIX advisory locks, which the kernel drops for the whole process as soon
as any descriptor on the same file is closed; tests use this to prove nothing did that.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

needs_proc_locks = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not Path("/proc/locks").exists(),
    reason="reading the locks a process holds needs Linux's /proc/locks",
)


def locked_inodes(pid: int) -> set[int]:
    """Inode numbers of the files `pid` holds POSIX locks on."""
    inodes: set[int] = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields:  # a waiter, not a held lock
            continue
        if len(fields) >= 6 and fields[1] == "POSIX" and fields[4] == str(pid):
            inodes.add(int(fields[5].rsplit(":", 1)[1]))
    return inodes


def library_files_locked(library: Path, pid: int | None = None) -> set[str]:
    """Which of the library's files (main, -shm) `pid` (this process) holds locks on."""
    held = locked_inodes(os.getpid() if pid is None else pid)
    found: set[str] = set()
    for suffix in ("", "-shm"):
        path = Path(f"{library}{suffix}")
        if path.exists() and path.stat().st_ino in held:
            found.add(suffix or "main")
    return found
