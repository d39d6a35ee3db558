"""Concurrent writers on one library: importers (with overlapping files), annotate loops and
readers at once, and the window importing and highlighting between other commands. Every
write any of them reported must be stored, every file counted once."""

from __future__ import annotations

import os
import random
import re
import shlex
import time
from collections import Counter
from pathlib import Path

from tests.reliability.checks import (
    Annotate,
    check_annotations_stored,
    check_imports_stored,
    check_library,
    count,
    reported_imports,
)
from tests.reliability.context import Context
from tests.reliability.harness import (
    PYTHON,
    Child,
    Result,
    TrialFailure,
    expect_success,
    failed,
    gloss,
    hang,
    lost,
    run_gloss,
)
from tests.reliability.inputs import ArticleFile, copy_library, write_articles
from tests.reliability.kills import annotate_plan, annotate_script, reported_plan

_DUPLICATE = re.compile(r"^duplicate\s", re.M)
_HIGHLIGHT = re.compile(r"^highlight #(\d+) on article #(\d+) at (\d+)-(\d+)$", re.M)


def _reader_script(path: Path, library: Path, token: str, out: Path, rounds: int) -> list[str]:
    commands = [
        gloss(library, "list"),
        gloss(library, "search", token),
        gloss(library, "export", "-o", str(out)),
    ]
    lines = ["set -e"] + [shlex.join(c) + " >/dev/null" for _ in range(rounds) for c in commands]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["bash", str(path)]


def _wait_all(children: dict[str, Child], seconds: float) -> dict[str, Result]:
    deadline = time.monotonic() + seconds
    results = {}
    for name, child in children.items():
        done = child.wait_until(deadline)
        results[name] = child.finish(timed_out=not done)
    stuck = [name for name, result in results.items() if result.timed_out]
    if stuck:
        raise hang(f"still running after {seconds:.0f} s: {', '.join(stuck)}")
    return results


class _Writers:
    """Importers and annotate loops started together on one library."""

    def __init__(
        self,
        ctx: Context,
        rng: random.Random,
        here: Path,
        library: Path,
        importers: int,
        annotators: int,
    ) -> None:
        self.library, self.here = library, here
        salt = rng.randrange(1_000_000)
        self.shared = write_articles(here / "shared", 20, salt, prefix="shared")
        self.own: dict[str, list[ArticleFile]] = {}
        self.plans: dict[str, list[Annotate]] = {}
        self.children: dict[str, Child] = {}
        env = ctx.env(here)
        for number in range(importers):
            name = f"import-{number}"
            files = write_articles(here / name, ctx.profile.concurrent_files, salt, f"c{number}")
            self.own[name] = files
            argv = gloss(library, "import", str(files[0].path.parent), str(here / "shared"))
            self.children[name] = Child(argv, env=env)
        for number in range(annotators):
            name = f"annotate-{number}"
            self.plans[name] = annotate_plan(ctx, rng, library, ctx.profile.annotate_commands)
            argv = annotate_script(here / f"{name}.sh", library, self.plans[name])
            self.children[name] = Child(argv, env=env)
        argv = _reader_script(
            here / "read.sh", library, ctx.base_files[0].token, here / "tmp" / "read.csv", 2
        )
        self.children["read"] = Child(argv, env=env)

    def check(self, results: dict[str, Result]) -> int:
        """Every reported write stored, every file once; returns the new articles expected."""
        shared_imports: Counter[str] = Counter()
        for name, files in self.own.items():
            result = results[name]
            reports = reported_imports(result.stdout)
            check_imports_stored(self.library, reports)
            expect_success(result, name)
            said = len(reports) + len(_DUPLICATE.findall(result.stdout))
            if said != len(files) + len(self.shared):
                raise failed(f"{name} accounted for {said} of {len(files) + len(self.shared)}")
            shared_imports.update(r.path for r in reports if "/shared/" in r.path)
        # Each shared file is imported by exactly one importer; the others call it a duplicate.
        if sorted(shared_imports.values()) != [1] * len(self.shared):
            raise failed(f"shared files imported (path: times): {dict(shared_imports)}")
        for name, plan in self.plans.items():
            done = reported_plan(plan, results[name].stdout)
            check_annotations_stored(self.library, done)
            expect_success(results[name], name)
            if sum(mark.reported_id is not None for mark in done) != len(plan):
                raise failed(f"{name}: some annotate commands did not report")
        expect_success(results["read"], "reads")
        return sum(map(len, self.own.values())) + len(self.shared)


def concurrent_cli(ctx: Context, rng: random.Random) -> str:
    here = ctx.trial_dir("concurrent-cli")
    library = copy_library(ctx.base_library, here / "library.sqlite")
    before = count(library, "article")
    writers = _Writers(ctx, rng, here, library, importers=3, annotators=2)
    results = _wait_all(writers.children, ctx.profile.timeout * 2)
    added = writers.check(results)
    check_library(library)
    if count(library, "article") != before + added:
        raise lost(f"{count(library, 'article') - before} new articles, expected {added}")
    return f"{len(writers.children)} processes, {added} articles"


def concurrent_window(ctx: Context, rng: random.Random) -> str:
    """The window imports a folder while command-line writers run, then highlights, with a
    command run on the library between highlights; killed at the end, nothing it saved may
    be missing."""
    here = ctx.trial_dir("concurrent-window")
    library = copy_library(ctx.base_library, here / "library.sqlite")
    before = count(library, "article")
    # Two files, as a person picks them, or enough for the parser worker processes.
    size = rng.choice([2, ctx.profile.concurrent_files])
    folder = write_articles(here / "window-in", size, rng.randrange(1_000_000), "w")
    steps = 3
    # The import dialog opens in the home folder, where the library is (as in issue 11).
    env = ctx.env(here) | {"HOME": str(here), "XDG_CONFIG_HOME": str(here / "tmp")}
    window = Child(
        [
            PYTHON,
            "-m",
            "tests.reliability.window_writer",
            str(library),
            str(folder[0].path.parent),
            str(steps),
            str(here / "step"),
            "--dialog",
        ],
        env=env,
    )
    try:
        writers = _Writers(ctx, rng, here, library, importers=1, annotators=1)
        for step in range(steps):
            _await(window, lambda out, s=step: len(_HIGHLIGHT.findall(out)) > s, ctx)
            expect_success(run_gloss(library, "list", env=ctx.env(here)), "list between highlights")
            Path(f"{here / 'step'}-{step}").touch()
        _await(window, lambda out: "\ndone" in out, ctx)
        results = _wait_all(writers.children, ctx.profile.timeout * 2)
        unlinked = _deleted_library_files(window.pid, library)
        window.kill()
        said = window.finish(killed=True)
    finally:
        window.stop()
    highlights = _window_highlights(said.stdout, dict(ctx.articles(library)))
    try:
        check_annotations_stored(library, highlights)
    except TrialFailure as exc:
        if unlinked:
            exc.detail += f" (the window wrote to a deleted {', '.join(unlinked)})"
        raise
    added = writers.check(results)
    check_library(library)
    if said.orphans:
        raise failed(f"{said.orphans} process(es) of the window outlived it")
    expected = before + added + len(folder)
    if count(library, "article") != expected:
        raise lost(f"{count(library, 'article')} articles, expected {expected}")
    if unlinked:
        raise failed(f"the window still writes to a deleted {', '.join(unlinked)}")
    return f"{len(highlights)} highlights from the window kept, {size} files imported"


def _window_highlights(stdout: str, texts: dict[int, str]) -> list[Annotate]:
    """What the window reported saving, each quote as the stored article reads."""
    marks = []
    for number, match in enumerate(_HIGHLIGHT.finditer(stdout)):
        article_id, span = int(match[2]), (int(match[3]), int(match[4]))
        if article_id not in texts:
            raise lost(f"article #{article_id}, which the window highlighted, is not stored")
        quote, tags = texts[article_id][slice(*span)], (f"Window/W{number}",)
        marks.append(Annotate(article_id, quote, tags, f"window {number}", int(match[1]), span))
    return marks


def _deleted_library_files(pid: int, library: Path) -> list[str]:
    """The library's files the process holds open that another process has deleted (its
    -wal after it lost its locks)."""
    found = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(library)) and target.endswith("(deleted)"):
            found.append(Path(target.split()[0]).name)
    return sorted(set(found))


def _await(child: Child, ready, ctx: Context) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + ctx.profile.timeout
    while not ready(child.output()[0]):
        if child.exited():
            out, err = child.output()
            raise failed(f"the window ended early: {(err or out).strip().splitlines()[-1:]}")
        if time.monotonic() > deadline:
            raise hang("the window did not get there in time")
        time.sleep(0.05)
