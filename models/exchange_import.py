"""Files from other annotation tools, told apart by content before the article importers:
a REFI-QDA project (`.qdpx`), a W3C Web Annotation or a Hypothesis export. One entry point
for the command line and the window."""

from __future__ import annotations

from pathlib import Path

from models import web_annotations
from models.qdpx_import import import_qdpx, is_qdpx


def import_exchange_file(path: Path) -> list[str] | None:
    """Import `path` when it is one of these; the report as lines (summary first), else None.

    Raises LibraryError (naming the file and the reason) when it is one but broken.
    """
    if is_qdpx(path):
        project = import_qdpx(path)
        lines = [project.summary(), *(f"not held: {x}" for x in project.not_held)]
        if project.coders:
            lines.append(f"coders: {', '.join(project.coders)}")
        return lines + [f"problem: {x}" for x in project.problems]
    if web_annotations.sniff(path):
        placed = web_annotations.import_web_annotations(path)
        return [placed.summary(), *(f"not placed: {reason}" for reason in placed.unplaced)]
    return None


def split_exchange_files(
    paths: list[Path], lines: list[str], failed: list[tuple[Path, str]]
) -> list[Path]:
    """Import the exchange files among `paths` (their report into `lines`, errors into
    `failed`); returns the other paths, for the article importers."""
    from models.errors import LibraryError

    rest = []
    for path in paths:
        try:
            report = import_exchange_file(path) if path.is_file() else None
        except LibraryError as exc:
            failed.append((path, str(exc)))
            continue
        if report is None:
            rest.append(path)
        else:
            lines.extend(report)
    return rest
