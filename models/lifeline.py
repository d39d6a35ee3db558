"""Worker processes end when the process that started them dies, even by kill -9.

Standard library only: export_worker.py, run with `python -I -S`, loads this file by its path.

On Linux the kernel does it: prctl(PR_SET_PDEATHSIG, SIGKILL). Beware that the kernel's
"parent" is the *thread* that started the worker: when that thread ends, the worker is killed
even though the process lives on. Gloss starts each worker from the thread that waits for it
(the import's thread iterates the parsing pool; the export's thread follows its worker), so
that thread ending means the worker is no longer wanted anyway.

Elsewhere, and for the moment before prctl takes effect, a daemon thread looks every
POLL_SECONDS: on POSIX an orphan is re-parented (its parent pid changes); on Windows a
multiprocessing child can wait on its parent's handle. Either way the worker exits at once.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time

POLL_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent_pid: int) -> None:
    """Called first thing in a worker; `parent_pid` as the parent saw itself (os.getpid())."""
    kill_on_parent_death()
    if _parent_gone(parent_pid):  # it died before prctl took effect
        os._exit(1)
    watch_parent(parent_pid)


def kill_on_parent_death() -> bool:
    """Have Linux kill this process when its parent (thread) dies; False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):  # no libc by that name (musl builds, sandboxes)
        return False


def watch_parent(parent_pid: int, interval: float = POLL_SECONDS) -> threading.Thread:
    """The portable fallback: a daemon thread that ends this process once the parent is gone."""

    def watch() -> None:
        while not _parent_gone(parent_pid):
            time.sleep(interval)
        os._exit(1)

    thread = threading.Thread(target=watch, name="gloss-lifeline", daemon=True)
    thread.start()
    return thread


def _parent_gone(parent_pid: int) -> bool:
    if os.name == "posix":
        return os.getppid() != parent_pid
    parent = multiprocessing.parent_process()  # Windows: a handle on the parent process
    return parent is not None and not parent.is_alive()
