"""The memory bound (issue 11, defect 6): importing any file under the size limit peaks at no
more than 10 × its size + 300 MB, measured as the child's ru_maxrss, whether the file is
imported or refused (with a one-line reason naming it). The child runs under an address-space
cap a little above the bound, so a regression fails fast instead of taking the machine."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from tests.reliability import inputs
from tests.reliability.checks import check_library, count
from tests.reliability.context import Context
from tests.reliability.harness import TRACEBACK, failed, hang, run_gloss
from tests.reliability.inputs import copy_library
from tests.ui.hostile_documents import HOSTILE_DOCUMENTS

MB = 1024 * 1024
BASE_MB, PER_BYTE = 300, 10
# Virtual address space beyond resident memory (shared libraries, allocator arenas).
ADDRESS_SPACE_SLACK_MB = 1024


def bound_mb(size_bytes: int) -> float:
    return PER_BYTE * size_bytes / MB + BASE_MB


def _memory_trial(ctx: Context, kind: str, name: str, make: Callable[[Path, float], Path]) -> str:
    here = ctx.trial_dir(kind)
    big = ctx.workdir / "big"
    big.mkdir(exist_ok=True)
    source = big / f"{name}-{ctx.profile.memory_mb:g}mb{Path(name).suffix or '.txt'}"
    if not source.exists():
        make(source, ctx.profile.memory_mb)
    size = source.stat().st_size
    limit = bound_mb(size)
    library = copy_library(ctx.base_library, here / "library.sqlite")
    before = count(library, "article")
    result = run_gloss(
        library,
        "import",
        str(source),
        timeout=ctx.profile.timeout,
        env=ctx.env(here),
        address_space_mb=int(limit + ADDRESS_SPACE_SLACK_MB),
        measure_peak=True,
    )
    said = f"{size / MB:.1f} MB file, peak {result.maxrss_mb:.0f} MB (bound {limit:.0f} MB)"
    if result.timed_out:
        raise hang(f"{said}: still importing after {result.seconds:.0f} s")
    if TRACEBACK.search(result.stderr):
        raise failed(f"{said}: traceback ending {result.last_line()!r}")
    if result.maxrss_mb > limit:
        raise failed(f"{said}, over the bound; {result.seconds:.0f} s; {result.last_line()!r}")
    check_library(library)
    added = count(library, "article") - before
    if result.returncode == 0 and added == 1:
        return f"{said}, imported in {result.seconds:.1f} s"
    failures = [line for line in result.stderr.splitlines() if line.startswith("failed")]
    if result.returncode == 1 and added == 0 and len(failures) == 1 and source.name in failures[0]:
        return f"{said}, refused: {failures[0][-80:]!r}"
    raise failed(f"{said}: exit {result.returncode}, {added} stored: {result.last_line()!r}")


def memory_list(ctx: Context, rng: random.Random) -> str:
    """A paragraph list of millions of one-letter items."""
    del rng
    return _memory_trial(ctx, "memory-list", "items", inputs.paragraph_list_of_many_items)


def memory_nested(ctx: Context, rng: random.Random) -> str:
    """A list literal holding an arithmetic chain millions of terms long."""
    del rng
    return _memory_trial(ctx, "memory-nested", "nested", inputs.nested_arithmetic_literal)


def memory_html(ctx: Context, rng: random.Random) -> str:
    """One HTML page of tens of megabytes."""
    del rng
    return _memory_trial(ctx, "memory-html", "page.html", inputs.big_html_page)


def memory_documents(ctx: Context, rng: random.Random) -> str:
    """A Word, OpenDocument, RTF or PDF file of millions of tiny paragraphs or text objects."""
    name = rng.choice(sorted(HOSTILE_DOCUMENTS))

    def make(path: Path, megabytes: float) -> Path:
        path.write_bytes(HOSTILE_DOCUMENTS[name](int(megabytes * MB)))
        return path

    return _memory_trial(ctx, "memory-documents", name, make)
