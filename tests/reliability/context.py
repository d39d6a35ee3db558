"""What the trials of one run share: a work folder, a seed, sizes, and inputs built once."""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from tests.reliability import inputs
from tests.reliability.harness import base_env, expect_success, run_gloss


@dataclass(frozen=True)
class Profile:
    """Sizes. The full run's import is big enough to start the parser worker processes."""

    base_articles: int  # the library most trials start from
    import_files: int  # one import in a kill trial (from 200 files Gloss parses in workers)
    annotate_commands: int  # annotate commands per kill-annotate trial
    export_annotations: int  # from 50,000 rows an export formats half in a worker process
    migrate_copies: int  # copies of the base articles in the schema-1 library
    concurrent_files: int  # files per importer in a concurrency trial
    memory_mb: float  # size of each hostile big input (the limit is 50 MB)
    timeout: float  # for any one command that is not killed


FULL = Profile(40, 600, 6, 60_000, 60, 250, 45.0, 120.0)
SMOKE = Profile(12, 40, 3, 200, 2, 30, 0.5, 60.0)


class Context:
    def __init__(self, workdir: Path, seed: int, profile: Profile) -> None:
        self.workdir, self.seed, self.profile = workdir, seed, profile
        self._durations: dict[str, float] = {}
        self._counters: dict[str, int] = {}

    def trial_dir(self, kind: str) -> Path:
        number = self._counters[kind] = self._counters.get(kind, 0) + 1
        path = self.workdir / "trials" / f"{kind}-{number:03d}"
        shutil.rmtree(path, ignore_errors=True)
        (path / "tmp").mkdir(parents=True)
        return path

    def env(self, trial: Path) -> dict[str, str]:
        """Each trial's own TMPDIR, so that files left in it can be counted."""
        return base_env(trial / "tmp")

    def duration(self, key: str, measure: Callable[[], None]) -> float:
        """How long an uncut run of `key` takes, measured once: kill moments spread over it."""
        if key not in self._durations:
            started = time.monotonic()
            measure()
            self._durations[key] = time.monotonic() - started
        return self._durations[key]

    # ---- inputs, built on first use ----

    @cached_property
    def base_files(self) -> list[inputs.ArticleFile]:
        return inputs.write_articles(
            self.workdir / "base", self.profile.base_articles, self.seed, prefix="base"
        )

    @cached_property
    def base_library(self) -> Path:
        path = self.workdir / "libraries" / "base.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        inputs.build_library(path, self.base_files[0].path.parent)
        return path

    def articles(self, library: Path) -> list[tuple[int, str]]:
        with closing(sqlite3.connect(str(library))) as db:
            return db.execute("SELECT id, text FROM article ORDER BY id").fetchall()

    @cached_property
    def import_files(self) -> list[inputs.ArticleFile]:
        return inputs.write_articles(
            self.workdir / "import", self.profile.import_files, self.seed, prefix="imp"
        )

    @cached_property
    def half_imported_library(self) -> Path:
        """The base library plus the first half of `import_files` (a re-import's start)."""
        path = inputs.copy_library(self.base_library, self.workdir / "libraries" / "half.sqlite")
        # Imported from the same paths a re-import reads, so those files count as duplicates.
        args = [str(f.path) for f in self.import_files[: len(self.import_files) // 2]]
        expect_success(run_gloss(path, "import", *args, timeout=300), "half import")
        return path

    @cached_property
    def export_library(self) -> Path:
        path = inputs.copy_library(self.base_library, self.workdir / "libraries" / "export.sqlite")
        inputs.add_annotations(path, self.profile.export_annotations, self.seed)
        return path

    @cached_property
    def old_library(self) -> tuple[Path, int]:
        """A schema-1 library and its article count."""
        path = self.workdir / "libraries" / "schema1.sqlite"
        return path, inputs.old_schema_library(path, self.base_library, self.profile.migrate_copies)
