"""Formats one share of a big CSV export in a process of its own (run as a script by
export_process.py).

Two threads of one process formatting lines contend for the GIL on every row (the sqlite3 module
lets it go around each step): a second process does the same share in about half the time.
It needs nothing but the standard library, so it starts in a few tens of milliseconds.

Protocol, JSON lines. In: the job {"path", "sql", "params", "out"}, then "go" once the parent
holds the write lock. Out: {"ready": 1} once a read transaction holds the snapshot;
{"rows": N} after each chunk; {"done": N, "nul_rows": K} at the end. Lines end in CRLF, as
csv.writer's; a row SQLite could not format (NULL: it holds a NUL) is written as NUL and its
annotation id, for the parent to format. Any failure ends it with a non-zero status, and so
does the parent's end: argv[1] is its pid, and the worker dies with it (models/lifeline.py).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import sys
import threading
from pathlib import Path
from types import ModuleType

NUL_ROW = "\x00"  # starts the line standing for a row the parent formats


def main() -> int:
    if len(sys.argv) > 1:
        _lifeline().die_with_parent(int(sys.argv[1]))
    job = json.loads(sys.stdin.readline())
    conn = sqlite3.connect(job["path"], isolation_level=None)
    if json.loads(sys.stdin.readline()) != "go":
        return 1
    # The parent says nothing more: its end of the pipe closing means it is gone (or stopped
    # us), on every system. The lifeline covers a parent killed while it still held the pipe.
    threading.Thread(target=_exit_at_end_of_input, daemon=True).start()
    conn.execute("BEGIN")
    conn.execute("SELECT count(*) FROM schema_version").fetchone()  # the snapshot starts here
    _say({"ready": 1})
    rows = nul_rows = 0
    with open(job["out"], "w", encoding="utf-8", newline="") as out:
        cursor = conn.execute(job["sql"], job["params"])
        while chunk := cursor.fetchmany(1000):
            lines = [line for line, _id in chunk]
            if None in lines:
                nul_rows += lines.count(None)
                lines = [NUL_ROW + str(i) if line is None else line for line, i in chunk]
            out.write("\r\n".join(lines))
            out.write("\r\n")
            rows += len(chunk)
            _say({"rows": rows})
    conn.close()
    _say({"done": rows, "nul_rows": nul_rows})
    return 0


def _exit_at_end_of_input() -> None:
    sys.stdin.read()
    os._exit(1)


def _lifeline() -> ModuleType:
    """models/lifeline.py, loaded by path: `-I` leaves the repository off sys.path."""
    path = Path(__file__).with_name("lifeline.py")
    spec = importlib.util.spec_from_file_location("gloss_lifeline", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _say(message: dict[str, int]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
