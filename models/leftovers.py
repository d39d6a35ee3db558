"""Temporary files a killed export leaves behind, removed at the next start.

An export writes a hidden `.NAME.<8 hex>` beside its target (the final rename must stay on one
file system) and a split export's worker a `gloss-export-<pid>-*.csv` in the temporary folder.
A kill -9 leaves both behind.

A file in the temporary folder names the process that made it: once that process is gone the
file is stale. A target can be in any folder, and no folder can be searched for them, so a file
written beside one is noted while it exists: a small note in the user's state folder, one per
file (processes write at once without a lock), holding this host, the pid and the path. At
start, a note of this host whose pid no longer runs names a stale file. A note is only acted on
for a name shaped like ours, so a stray or edited note can never remove anything else. A reused
pid only delays a removal to a later start, and a note that cannot be written only costs the
tidying: it never fails the export.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import tempfile
from pathlib import Path

from platformdirs import user_state_path

WORKER_PREFIX = "gloss-export-"
_WORKER_FILE = re.compile(rf"{WORKER_PREFIX}(\d+)-[^/\\]*\.csv\Z")
_BESIDE_FILE = re.compile(r"\A\..+\.[0-9a-f]{8}\Z")


def notes_folder() -> Path:
    return user_state_path("Gloss", appauthor=False) / "pending-writes"


def worker_file_prefix() -> str:
    """mkstemp's prefix for a worker's file: it names this process."""
    return f"{WORKER_PREFIX}{os.getpid()}-"


def note_pending(path: str) -> Path | None:
    """Note a file being written beside its target; None when the note cannot be written."""
    note = notes_folder() / f"{os.getpid()}-{secrets.token_hex(4)}.json"
    record = {"host": socket.gethostname(), "pid": os.getpid(), "path": os.path.abspath(path)}
    try:
        note.parent.mkdir(parents=True, exist_ok=True)
        note.write_text(json.dumps(record), encoding="utf-8")
    except OSError:
        return None
    return note


def forget_pending(note: Path | None) -> None:
    if note is not None:
        _remove(note)


def remove_stale_files() -> list[str]:
    """Remove what dead exports left behind; the paths removed (best effort, never raises)."""
    removed = [path for path in _stale_worker_files() if _remove(Path(path))]
    for note, path in _stale_notes():
        if path is not None and _remove(Path(path)):
            removed.append(path)
        _remove(note)
    return removed


def _stale_worker_files() -> list[str]:
    folder = tempfile.gettempdir()
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [
        os.path.join(folder, name)
        for name in names
        if (match := _WORKER_FILE.match(name)) and not pid_running(int(match[1]))
    ]


def _stale_notes() -> list[tuple[Path, str | None]]:
    """(note, the file it names or None when that is not one of ours) for dead writers."""
    try:
        notes = list(notes_folder().glob("*.json"))
    except OSError:
        return []
    host = socket.gethostname()
    stale: list[tuple[Path, str | None]] = []
    for note in notes:
        try:
            record = json.loads(note.read_text(encoding="utf-8"))
            pid, path = int(record["pid"]), str(record["path"])
            mine = record["host"] == host
        except (OSError, ValueError, KeyError, TypeError):
            stale.append((note, None))  # unreadable: only the note goes
            continue
        if mine and not pid_running(pid):
            stale.append((note, path if _BESIDE_FILE.match(os.path.basename(path)) else None))
    return stale


def pid_running(pid: int) -> bool:
    """Whether a process with this pid runs; True when it cannot be told (never remove then)."""
    if os.name != "posix" or pid <= 0:
        return True  # os.kill(pid, 0) would end the process on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: running
        return True
    return True


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except OSError:
        return False
    return True
