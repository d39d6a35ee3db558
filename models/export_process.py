"""Running export_worker.py for a split export: start it, let it take its snapshot, follow it.

Every wait is bounded: the worker must take its snapshot within READY_SECONDS (the caller
holds the library's write lock meanwhile) and report progress at least every STALL_SECONDS.
A worker that misses either, dies or says something unexpected is stopped, and the caller
formats that half itself.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from models.leftovers import worker_file_prefix

READY_SECONDS = 2.0
STALL_SECONDS = 30.0
_SCRIPT = Path(__file__).with_name("export_worker.py")

Message = dict[str, int] | None  # None: the worker's output ended or made no sense


class WorkerProcess:
    """One worker formatting one query's lines into a temporary file (`output`)."""

    def __init__(self, process: subprocess.Popen[str], output: Path) -> None:
        self.process = process
        self.output = output
        self._messages: queue.Queue[Message] = queue.Queue()
        threading.Thread(target=self._read, name="export-worker-output", daemon=True).start()

    @classmethod
    def start(
        cls, path: str, sql: str, params: list[object], script: Path = _SCRIPT
    ) -> WorkerProcess | None:
        """A worker that has the job and waits for `go`; None if none can start here."""
        if not sys.executable or getattr(sys, "frozen", False):  # a bundled app: no interpreter
            return None
        try:
            # Named after this process: a kill leaves it, the next start removes it (leftovers).
            handle, name = tempfile.mkstemp(prefix=worker_file_prefix(), suffix=".csv")
            os.close(handle)
        except OSError:
            return None
        output = Path(name)
        # -I -S: the standard library is all it needs, and it starts faster without the rest.
        # Our pid lets it die with us (models/lifeline.py): a kill -9 must not leave it running.
        try:
            process = subprocess.Popen(
                [sys.executable, "-I", "-S", str(script), str(os.getpid())],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
            )
        except OSError:
            _remove(output)
            return None
        worker = cls(process, output)
        if not worker._send({"path": path, "sql": sql, "params": params, "out": str(output)}):
            worker.stop()
            return None
        return worker

    def go(self) -> bool:
        """Have it take its snapshot now (under the caller's write lock); False, and stopped,
        if it does not say so within READY_SECONDS."""
        if self._send("go") and self._next(READY_SECONDS) == {"ready": 1}:
            return True
        self.stop()
        return False

    def follow(self, on_rows: Callable[[int], bool]) -> dict[str, int] | None:
        """Wait for the end, telling `on_rows(rows)` of each step (False: stop following).
        The worker's counts ({"rows", "nul_rows"}); None if it failed, stalled or was not
        followed to its end."""
        while True:
            message = self._next(STALL_SECONDS)
            if message is None:
                return None
            if "done" in message:
                try:
                    ended = self.process.wait(timeout=STALL_SECONDS) == 0
                except subprocess.TimeoutExpired:  # said done, then hung: the caller stops it
                    return None
                if not ended or "nul_rows" not in message:
                    return None
                return {"rows": message["done"], "nul_rows": message["nul_rows"]}
            if "rows" not in message or not on_rows(message["rows"]):
                return None

    def stop(self) -> None:
        """End it if it still runs; its pipes and its file go."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()
        _remove(self.output)

    def _send(self, message: object) -> bool:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(message) + "\n")
            self.process.stdin.flush()
        except (OSError, ValueError):  # it died (a broken pipe), or was stopped
            return False
        return True

    def _next(self, timeout: float) -> Message:
        try:
            return self._messages.get(timeout=timeout)
        except queue.Empty:
            return None

    def _read(self) -> None:
        assert self.process.stdout is not None
        try:
            for line in self.process.stdout:
                message = json.loads(line)
                if not isinstance(message, dict) or not all(
                    isinstance(v, int) for v in message.values()
                ):
                    break
                self._messages.put(message)
        except (OSError, ValueError):  # closed by stop(), or not JSON
            pass
        self._messages.put(None)


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:  # held open by another program (a virus scanner): the temp folder's now
        pass
