"""Importing files into the library: walk, parse (importers/), store atomically, report."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from importers.base import Importer
from importers.draft import ImportFailure, UnknownFormat
from importers.registry import available_importers, claims_name, parse_file, walk_sources
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
    # Files met in a folder walk that no importer reads (a README, an image): not failures.
    skipped: list[Failed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "imported": [{"path": i.path, "id": i.id, "title": i.title} for i in self.imported],
            "duplicates": [{"path": d.path, "id": d.id} for d in self.duplicates],
            "failed": [{"path": f.path, "error": f.error} for f in self.failed],
            "skipped": [{"path": f.path, "reason": f.error} for f in self.skipped],
        }


ProgressCallback = Callable[[int, int, str], None]


def import_paths(
    paths: Iterable[Path | str],
    format: str | None = None,
    on_progress: ProgressCallback | None = None,
    should_cancel: Callable[[], bool] | None = None,
    options: Mapping[str, object] | None = None,
) -> ImportReport:
    """Import files and folders (recursively). Each file is all-or-nothing.

    `on_progress(done, total, path)` is called before each file; when `should_cancel()`
    turns true the import stops between files, keeping what was already imported.
    `options` go to the importers that take them (a dataset's column map: {"map": ColumnMap}).
    """
    report = ImportReport()
    files = list(walk_sources(Path(p) for p in paths))
    plugins = available_importers()  # look plug-ins up once, not once per file
    for done, (path, in_folder) in enumerate(files):
        if should_cancel is not None and should_cancel():
            report.cancelled = True
            break
        if on_progress is not None:
            on_progress(done, len(files), str(path))
        import_file(path, format, report, plugins, in_folder=in_folder, options=options)
    if on_progress is not None and not report.cancelled:
        on_progress(len(files), len(files), "")
    return report


def import_file(
    path: Path,
    format: str | None,
    report: ImportReport,
    plugins: list[Importer] | None = None,
    *,
    in_folder: bool = False,
    options: Mapping[str, object] | None = None,
) -> None:
    try:
        importer, drafts = parse_file(path, format, importers=plugins, options=options)
    except UnknownFormat as exc:
        if in_folder and not claims_name(path, plugins):
            report.skipped.append(Failed(str(path), str(exc)))
        else:
            report.failed.append(Failed(str(path), str(exc)))
        return
    except ImportFailure as exc:
        report.failed.append(Failed(str(path), str(exc)))
        return
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
            # Only for what was stored: a re-import of a duplicate has nothing new to say.
            report.warnings.extend(f"{path}: {warning}" for warning in draft.warnings)
