"""Writing files without ever leaving a half-written one behind (CLI and window exports)."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, TypeVar

from models.errors import LibraryError
from models.leftovers import forget_pending, note_pending

T = TypeVar("T")


def write_text_atomically(target: Path, write: Callable[[TextIO], T]) -> T:
    """Write UTF-8 text to a temporary file beside the target, then rename it over the target.

    A failure or an exception raised by `write` (a cancel, say) removes the temporary file and
    leaves any existing target untouched. Unwritable targets raise LibraryError with the reason.
    """
    target = Path(target).expanduser()
    if target.is_dir():
        raise LibraryError(f"{target}: is a folder")
    try:
        handle, temp, note = _create_beside(target)
    except OSError as exc:
        raise LibraryError(f"{target}: cannot write ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            result = write(out)
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise LibraryError(f"{target}: cannot write ({exc.strerror or exc})") from exc
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    finally:
        forget_pending(note)
    return result


def _create_beside(target: Path) -> tuple[int, str, Path | None]:
    """A new empty file next to the target with the mode the target would have: the old file's
    mode, else 0o666 less the umask (mkstemp's 0600 would hide an export from other users).
    It is noted first (models/leftovers.py), so that a kill leaves nothing un-noted behind."""
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temp = str((target.parent or Path(".")) / f".{target.name}.{secrets.token_hex(4)}")
        note = note_pending(temp)
        try:
            handle = os.open(temp, flags, 0o666)  # the kernel applies the umask
        except FileExistsError:
            forget_pending(note)
            continue
        except OSError:
            forget_pending(note)
            raise
        if mode is not None:
            try:
                os.chmod(temp, mode)
            except OSError:
                os.close(handle)
                Path(temp).unlink(missing_ok=True)
                forget_pending(note)
                raise
        return handle, temp, note
    raise FileExistsError(f"{target}: no free temporary name beside it")
