"""What an import tells its caller: each file imported, a duplicate, updated, failed or
skipped, with the importers' warnings; printed by the command line, shown by the window."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


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
class Updated:
    """An article already in the library, given the incoming version's text (--update)."""

    path: str
    id: int
    title: str
    annotations: dict[str, int]  # per anchor state: exact, fuzzy, orphaned


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
    updated: list[Updated] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)
    # Files met in a folder walk that no importer reads (a README, an image): not failures.
    skipped: list[Failed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # What projects and annotation files did (models.exchange_import), line by line.
    exchanged: list[str] = field(default_factory=list)
    cancelled: bool = False
    # Why the import stopped before the end ("disk full", …): no further write could succeed.
    stopped: str = ""

    def rows_without_text(self) -> list[str]:
        """The notes of dataset rows and feed items skipped for having no text."""
        return [w for w in self.warnings if _NO_TEXT.search(w)]

    def rows_skipped(self) -> int:
        """How many rows or items were skipped for having no text (a capped list of notes
        ends with one that counts the rest)."""
        total = 0
        for note in self.rows_without_text():
            more = _MORE_ROWS.match(note)
            total += int(more.group(1).replace(",", "")) if more else 1
        return total

    def as_json(self) -> dict[str, object]:
        return {
            "imported": [{"path": i.path, "id": i.id, "title": i.title} for i in self.imported],
            "duplicates": [{"path": d.path, "id": d.id} for d in self.duplicates],
            "updated": [
                {"path": u.path, "id": u.id, "title": u.title, "annotations": u.annotations}
                for u in self.updated
            ],
            "failed": [{"path": f.path, "error": f.error} for f in self.failed],
            "skipped": [{"path": f.path, "reason": f.error} for f in self.skipped],
            **({"stopped": self.stopped} if self.stopped else {}),
        }


# The importers' notes for a row without text ("row 12: no text, skipped"), and the line that
# counts those past the listed ones ("71 more rows without text, skipped").
_NO_TEXT = re.compile(r"(: no text, skipped|^[\d,]+ more rows without text, skipped)$")
_MORE_ROWS = re.compile(r"^([\d,]+) more rows without text, skipped$")
