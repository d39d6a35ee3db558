"""What the import's progress dialog says: the file, and the articles inside it.

One dataset or news-database file may hold thousands of articles, so the bar moves with its
articles (prepared, stored, indexed), not only with the files done.
"""

from __future__ import annotations

from pathlib import Path

from models.item_progress import COUNTED_STAGES, READING

STEPS_PER_FILE = 300  # bar steps per file: a third per counted stage, a step per 1% of each
_VERBS = {"preparing": "prepared", "storing": "stored", "indexing": "indexed for search"}


class ImportProgress:
    """The import's state as last reported: (done, total, path) in files, then the stage and
    the count of articles inside the current file."""

    def __init__(self) -> None:
        self.files = (0, 0, "")
        self.items = ("", 0, 0)

    def set_file(self, done: int, total: int, path: str) -> None:
        self.files = (done, total, path)
        self.items = ("", 0, 0)

    def set_items(self, stage: str, done: int, total: int) -> None:
        self.items = (stage, done, total)

    def bar(self) -> tuple[int, int]:
        """(value, maximum); a maximum of 0 makes the bar busy (nothing to count yet)."""
        done, total, _path = self.files
        stage, items_done, items = self.items
        if total == 1 and stage == READING:
            return 0, 0  # one file being read: how many articles it holds is not known yet
        share = 0.0
        if stage in COUNTED_STAGES and items:
            share = (COUNTED_STAGES.index(stage) + items_done / items) / len(COUNTED_STAGES)
        return done * STEPS_PER_FILE + int(share * STEPS_PER_FILE), total * STEPS_PER_FILE

    def label(self) -> str:
        done, total, path = self.files
        if not path:
            return "Finishing…"
        lines = [f"Importing {Path(path).name}"]
        if total > 1:
            lines.append(f"file {done + 1:,} of {total:,}")
        stage, items_done, items = self.items
        if stage == READING:
            lines.append(f"{items_done:,} {_articles(items_done)} read")
        elif stage in _VERBS:
            lines.append(f"{items_done:,} of {items:,} {_articles(items)} {_VERBS[stage]}")
        return "\n".join(lines)


def _articles(count: int) -> str:
    return "article" if count == 1 else "articles"
