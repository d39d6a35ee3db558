"""Importing files into the library: walk, parse (importers/), store atomically, report."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from importers.base import Importer
from importers.draft import ImportFailure
from importers.registry import available_importers, iter_source_files, parse_file
from models.articles import store_drafts


@dataclass(frozen=True)
class Imported:
    path: str
    id: int
    title: str


@dataclass(frozen=True)
class Duplicate:
    path: str
    id: int


@dataclass(frozen=True)
class Failed:
    path: str
    error: str

    def line(self) -> str:
        return f"{self.path}: {self.error}"


@dataclass
class ImportReport:
    imported: list[Imported] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "imported": [{"path": i.path, "id": i.id, "title": i.title} for i in self.imported],
            "duplicates": [{"path": d.path, "id": d.id} for d in self.duplicates],
            "failed": [{"path": f.path, "error": f.error} for f in self.failed],
        }


ProgressCallback = Callable[[int, int, str], None]


def import_paths(
    paths: Iterable[Path | str],
    format: str | None = None,
    on_progress: ProgressCallback | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import files and folders (recursively). Each file is all-or-nothing.

    `on_progress(done, total, path)` is called before each file; when `should_cancel()`
    turns true the import stops between files, keeping what was already imported.
    """
    report = ImportReport()
    files = list(iter_source_files(Path(p) for p in paths))
    plugins = available_importers()  # look plug-ins up once, not once per file
    for done, path in enumerate(files):
        if should_cancel is not None and should_cancel():
            report.cancelled = True
            break
        if on_progress is not None:
            on_progress(done, len(files), str(path))
        import_file(path, format, report, plugins)
    if on_progress is not None and not report.cancelled:
        on_progress(len(files), len(files), "")
    return report


def import_file(
    path: Path, format: str | None, report: ImportReport, plugins: list[Importer] | None = None
) -> None:
    try:
        importer, drafts = parse_file(path, format, importers=plugins)
    except ImportFailure as exc:
        report.failed.append(Failed(str(path), str(exc)))
        return
    for draft in drafts:
        report.warnings.extend(f"{path}: {warning}" for warning in draft.warnings)
    try:
        results = store_drafts(drafts, importer, path.resolve())
    except Exception as exc:  # a database failure must not leave the rest unreported
        report.failed.append(Failed(str(path), f"could not be stored: {exc}"))
        return
    for draft, result in zip(drafts, results, strict=True):
        if result.duplicate:
            report.duplicates.append(Duplicate(str(path), result.article_id))
        else:
            report.imported.append(Imported(str(path), result.article_id, draft.title))
