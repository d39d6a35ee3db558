"""Running Gloss as a user does, with every wait bounded and every child process accounted for.

Each child starts in its own session, so the workers it starts share its process group: after a
kill -9 of the child alone, the members still alive are the workers that outlived it, and a kill
of the group ends them all. `stop_all` ends every group this process started (the runner calls
it in a finally block and at exit).
"""

from __future__ import annotations

import atexit
import ctypes
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
MAIN = str(REPO / "main.py")
POLL_SECONDS = 0.02
# Workers of a finished or killed process get this long to notice and exit.
ORPHAN_GRACE_SECONDS = 3.0

_LIVE: set[Child] = set()


class TrialFailure(Exception):
    """A trial's verdict other than survival: 'lost', 'hang' or 'failed', with the reason."""

    def __init__(self, verdict: str, detail: str) -> None:
        super().__init__(verdict, detail)
        self.verdict, self.detail = verdict, detail

    def __str__(self) -> str:
        return f"{self.verdict}: {self.detail}"


def lost(detail: str) -> TrialFailure:
    return TrialFailure("lost", detail)


def hang(detail: str) -> TrialFailure:
    return TrialFailure("hang", detail)


def failed(detail: str) -> TrialFailure:
    return TrialFailure("failed", detail)


@dataclass
class Result:
    argv: Sequence[str]
    returncode: int | None  # None: killed by the harness (a kill trial or a timeout)
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool
    maxrss_mb: float  # the child's peak resident memory (ru_maxrss from wait4)
    orphans: int  # processes of its group still alive ORPHAN_GRACE_SECONDS after it ended
    ended: float  # time.monotonic() when its exit was seen (within POLL_SECONDS)
    pid: int  # also its process group's id

    @property
    def name(self) -> str:
        words = [a for a in self.argv[1:] if not a.startswith("-") and a != MAIN]
        return " ".join(Path(w).name if "/" in w else w for w in words[:3])

    def last_line(self) -> str:
        lines = (self.stderr or self.stdout).strip().splitlines()
        return lines[-1][:200] if lines else "(no output)"


def base_env(tmpdir: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONUNBUFFERED"] = "1"  # a killed process's reports reach the file
    env.pop("GLOSS_LIBRARY", None)
    env.setdefault("GLOSS_CODER", "fault-suite")  # no first-start coder question blocks a window
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    return env


# A child forked from this process starts out with this process's peak RSS: Linux carries the
# high-water mark from before exec into ru_maxrss, and a test run grows past 300 MB. To measure
# the command alone, a small launcher forks it from a fresh interpreter and writes the peak its
# own child reached to a file.
_MEASURE_PEAK = """
import os, signal, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
if os.WIFSIGNALED(status):
    signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
    os.kill(os.getpid(), os.WTERMSIG(status))
sys.exit(os.waitstatus_to_exitcode(status))
"""


class Child:
    """One process in its own session; output goes to files (no pipe can fill and block it)."""

    def __init__(
        self,
        argv: Sequence[str],
        env: dict[str, str] | None = None,
        address_space_mb: int | None = None,
        obey_permissions: bool = False,
        cwd: Path | None = None,
        measure_peak: bool = False,
    ) -> None:
        self.argv = list(argv)
        self._peak_file: Path | None = None
        command = self.argv
        if measure_peak:
            handle, name = tempfile.mkstemp(prefix="gloss-peak-")
            os.close(handle)
            self._peak_file = Path(name)
            command = [sys.executable, "-c", _MEASURE_PEAK, name, *self.argv]
        self._out = tempfile.TemporaryFile()
        self._err = tempfile.TemporaryFile()
        self._status: int | None = None
        self.maxrss_mb = 0.0
        self.ended = 0.0
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=self._out,
            stderr=self._err,
            env=env if env is not None else base_env(),
            cwd=str(cwd or REPO),
            start_new_session=True,
            preexec_fn=_limits(address_space_mb, obey_permissions),
        )
        self.pid = self.process.pid
        self.started = time.monotonic()
        _LIVE.add(self)

    def exited(self) -> bool:
        if self._status is None:
            pid, status, usage = os.wait4(self.pid, os.WNOHANG)
            if pid == 0:
                return False
            self.ended = time.monotonic()
            self._status = os.waitstatus_to_exitcode(status)
            self.process.returncode = self._status
            self.maxrss_mb = usage.ru_maxrss / 1024
            if self._peak_file is not None:  # the command's own peak, not the launcher's
                said = self._peak_file.read_text().strip()
                self._peak_file.unlink(missing_ok=True)
                self.maxrss_mb = int(said) / 1024 if said else self.maxrss_mb
        return True

    def wait_until(self, deadline: float) -> bool:
        """True once it has exited, False if `deadline` (monotonic) came first."""
        while not self.exited():
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_SECONDS)
        return True

    def output(self) -> tuple[str, str]:
        return _read(self._out), _read(self._err)

    def kill(self) -> None:
        """kill -9 this process alone (its workers are left to notice)."""
        if not self.exited():
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.wait_until(time.monotonic() + 10)

    def members(self) -> list[int]:
        return group_members(self.pid)

    def stop(self) -> int:
        """Kill the process and its whole group; the number of other members that were alive."""
        self.kill()
        others = self.members()
        _kill_group(self.pid)
        _LIVE.discard(self)
        return len(others)

    def finish(self, timed_out: bool = False, killed: bool = False) -> Result:
        """After it ended (or was killed): wait for its workers to end on their own, count
        those that do not, kill them, and collect what it wrote."""
        if not self.exited():  # a hang: its group goes with it, nothing to count
            _kill_group(self.pid)
        deadline = time.monotonic() + ORPHAN_GRACE_SECONDS
        while self.members() and time.monotonic() < deadline:
            time.sleep(0.05)
        orphans = self.stop()
        stdout, stderr = self.output()
        self._out.close()
        self._err.close()
        return Result(
            self.argv,
            None if (timed_out or killed) else self._status,
            stdout,
            stderr,
            time.monotonic() - self.started,
            timed_out,
            self.maxrss_mb,
            orphans,
            self.ended,
            self.pid,
        )


def run(argv: Sequence[str], timeout: float, **child_options: object) -> Result:
    """Run to the end, or kill it (and its group) after `timeout` seconds: a hang."""
    child = Child(argv, **child_options)  # type: ignore[arg-type]
    try:
        done = child.wait_until(child.started + timeout)
        return child.finish(timed_out=not done)
    finally:
        child.stop()


def run_killed_at(
    argv: Sequence[str], moment: float, whole_group: bool = False, **options: object
) -> Result:
    """Start it and kill -9 it `moment` seconds later, unless it ended: the process alone (its
    workers must notice), or with `whole_group` every process in it at once (a script's loop)."""
    child = Child(argv, **options)  # type: ignore[arg-type]
    try:
        if child.wait_until(child.started + moment):
            return child.finish()
        if whole_group:
            _kill_group(child.pid)
        child.kill()
        return child.finish(killed=True)
    finally:
        child.stop()


def gloss(library: Path, *args: str) -> list[str]:
    return [PYTHON, MAIN, "--library", str(library), *args]


def run_gloss(library: Path, *args: str, timeout: float = 60, **options: object) -> Result:
    return run(gloss(library, *args), timeout, **options)


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes in process group `pgid`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        if int(fields[2]) == pgid and fields[0] not in "ZX":
            found.append(int(entry))
    return found


def stop_all() -> None:
    """End every process group this harness started that may still be running."""
    for child in list(_LIVE):
        child.stop()


atexit.register(stop_all)


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        return
    deadline = time.monotonic() + 5
    while group_members(pgid) and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)


_PR_CAPBSET_DROP = 24
# CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER: what lets root write a read-only file.
_PERMISSION_OVERRIDES = (1, 2, 3)


def _limits(address_space_mb: int | None, obey_permissions: bool) -> Callable[[], None]:
    def apply() -> None:
        if address_space_mb is not None:
            cap = address_space_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        if obey_permissions and os.geteuid() == 0:
            # Root's capabilities after exec are its bounding set: without these, file modes
            # bind root as they bind a user (who cannot run this venv's interpreter as nobody).
            libc = ctypes.CDLL(None, use_errno=True)
            for capability in _PERMISSION_OVERRIDES:
                if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
                    raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")

    return apply


def _read(handle: IO[bytes]) -> str:
    """All written so far. pread: the child shares the file offset, which must not move."""
    fd = handle.fileno()
    return os.pread(fd, os.fstat(fd).st_size, 0).decode("utf-8", "replace")


# ---- what the command line must say ----

TRACEBACK = re.compile(r"^Traceback \(most recent call last\)", re.M)


def expect_one_line_refusal(result: Result, what: str, must_mention: str = "") -> None:
    """Exit 1, one line on stderr, no traceback, in time; `must_mention` (a regex) in it."""
    if result.timed_out:
        raise hang(f"{what}: no answer within {result.seconds:.0f} s")
    if TRACEBACK.search(result.stderr):
        raise failed(f"{what}: traceback ending {result.last_line()!r}")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    if result.returncode != 1 or len(lines) != 1:
        raise failed(
            f"{what}: exit {result.returncode} with {len(lines)} line(s): {result.last_line()!r}"
        )
    if must_mention and not re.search(must_mention, lines[0], re.I):
        raise failed(f"{what}: says {lines[0][:160]!r} (expected /{must_mention}/)")


def expect_success(result: Result, what: str) -> None:
    if result.timed_out:
        raise hang(f"{what}: still running after {result.seconds:.0f} s")
    if result.returncode != 0:
        raise failed(f"{what}: exit {result.returncode}: {result.last_line()!r}")
    if result.orphans:
        raise failed(f"{what}: {result.orphans} process(es) outlived it")
