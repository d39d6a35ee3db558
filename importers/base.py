"""The contract every importer plug-in fulfils."""

from __future__ import annotations

import fnmatch
import functools
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from importers.decoding import HEAD_BYTES
from importers.draft import ArticleDraft


class Importer(ABC):
    """One source format.

    `sniff` looks only at the first bytes of a file and says how sure it is (0.0 to 1.0) that
    the file is in this format; `parse` turns the whole file into drafts or raises
    `ImportFailure` with a plain reason. Importers never touch the database.
    """

    name: ClassVar[str]
    description: ClassVar[str]
    patterns: ClassVar[tuple[str, ...]]  # glob patterns on the file name, e.g. "*.txt"
    # How much of the file `sniff` sees. A saved Factiva page carries ~20 KB of scripts before
    # anything that tells it from any other page, so its importer asks for more.
    head_bytes: ClassVar[int] = HEAD_BYTES

    @abstractmethod
    def sniff(self, head: bytes, path: Path) -> float: ...

    @abstractmethod
    def parse(self, data: bytes, path: Path) -> Iterator[ArticleDraft]: ...

    def matches_name(self, path: Path) -> bool:
        """Whether the file's name matches one of `patterns`, ignoring case."""
        return _name_pattern(tuple(self.patterns)).match(path.name.lower()) is not None


@functools.lru_cache(maxsize=64)  # asked for every file of an import, by every importer
def _name_pattern(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(fnmatch.translate(p.lower()) for p in patterns) or "(?!)")
