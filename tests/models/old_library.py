"""A library file made at an older schema version, for migration tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from models import migrations
from models.db import close_library, open_library
from models.schema import database

OLD_ARTICLE = (
    "INSERT INTO article (title, source, author, url, text, structure, raw, format,"
    " origin_path, content_hash, word_count, imported_at)"
    " VALUES ('Old', '', '', '', 'kept words', '[]', x'', 't', '', 'h', 2, 'now')"
)


def version_before(marker: str) -> int:
    """The schema version just before the migration whose script holds `marker` (tests name
    a migration by what it does, so they survive renumbering)."""
    [version] = [v for v, script in migrations.MIGRATIONS.items() if marker in script]
    return version - 1


def make_old_library(
    path: Path, version: int, monkeypatch: pytest.MonkeyPatch, *statements: str
) -> None:
    """Create `path` at schema `version`, run the statements on it, close it; the next
    open_library(path) migrates it to the current schema."""
    later = dict(migrations.MIGRATIONS)
    monkeypatch.setattr(migrations, "MIGRATIONS", {v: later[v] for v in range(1, version + 1)})
    open_library(path)
    for statement in statements:
        database.execute_sql(statement)
    close_library()
    monkeypatch.setattr(migrations, "MIGRATIONS", later)
