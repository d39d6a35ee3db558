"""Shared fixtures for the importer tests: the two seed files and a source-file writer."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

# Hypothesis keeps its cache in ./.hypothesis by default, and with pyproject's norecursedirs
# (which replaces pytest's defaults) plus filterwarnings=error, that folder in the repository
# makes every later collection fail. Keep it out of the repository.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", str(Path(tempfile.gettempdir()) / "gloss-hypothesis")
)
# The shared seeds sit beside the repository: /work/main -> /work/shared/seeds.
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def _seed(name: str) -> bytes:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"seed file {path} is absent (the shared seeds live beside the repository)")
    return path.read_bytes()


@pytest.fixture(scope="session")
def dated_seed() -> bytes:
    return _seed("000_8218744b5b509a19.txt")


@pytest.fixture(scope="session")
def list_seed() -> bytes:
    return _seed("004_1064a9bc0d479205.txt")


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """write_file(data, name="source.txt") -> the path of a new file holding data."""

    def write(data: bytes | str, name: str = "source.txt") -> Path:
        path = tmp_path / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    return write
