"""Writing files without ever leaving a half-written one behind (CLI and window exports)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, TypeVar

from models.errors import LibraryError

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
        handle, temp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.")
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
    return result
