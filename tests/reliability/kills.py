"""kill -9 at a random moment of an import, a re-import, annotate commands, a schema upgrade and
an export; then the library's checks, every reported write, and a run that must recover."""

from __future__ import annotations

import json
import random
import shlex
import sqlite3
from contextlib import closing
from pathlib import Path

from models import migrations
from tests.reliability.checks import (
    Annotate,
    check_annotations_stored,
    check_imports_stored,
    check_library,
    count,
    parse_annotation,
    reported_imports,
)
from tests.reliability.context import Context
from tests.reliability.harness import (
    Result,
    expect_success,
    failed,
    gloss,
    lost,
    run_gloss,
    run_killed_at,
)
from tests.reliability.inputs import copy_library

# Kill moments spread a little past an uncut run, so some land after it (and its report).
_PAST_THE_END = 1.15


def _moment(rng: random.Random, seconds: float) -> float:
    return rng.uniform(0.0, seconds * _PAST_THE_END)


def _expect_no_orphans(result: Result, what: str, moment: float) -> None:
    if result.orphans:
        raise failed(
            f"{result.orphans} worker process(es) outlived {what} killed at {moment:.2f} s"
        )


def _import_trial(
    ctx: Context, rng: random.Random, kind: str, start: Path, already: int = 0
) -> str:
    """`already`: how many of the files the starting library holds."""
    here = ctx.trial_dir(kind)
    files = ctx.import_files
    folder = str(files[0].path.parent)

    def uncut() -> None:
        library = copy_library(start, here / "calibrate.sqlite")
        expect_success(run_gloss(library, "import", folder, timeout=ctx.profile.timeout), kind)

    moment = _moment(rng, ctx.duration(kind, uncut))
    library = copy_library(start, here / "library.sqlite")
    before = count(library, "article")
    result = run_killed_at(gloss(library, "import", folder), moment, env=ctx.env(here))
    check_library(library)
    reported = check_imports_stored(library, reported_imports(result.stdout))
    _expect_no_orphans(result, "the import", moment)
    if result.returncode is not None:  # it ended before the kill: it must have succeeded
        expect_success(result, "the import")
    again = run_gloss(library, "import", folder, timeout=ctx.profile.timeout, env=ctx.env(here))
    expect_success(again, "the import after the kill")
    check_library(library)
    stored = count(library, "article")
    expected = before + len(files) - already
    if stored != expected:
        raise lost(f"{stored} articles after re-importing, expected {expected}")
    return f"killed at {moment:.2f} s, {reported} reported import(s) checked"


def kill_import(ctx: Context, rng: random.Random) -> str:
    return _import_trial(ctx, rng, "kill-import", ctx.base_library)


def kill_reimport(ctx: Context, rng: random.Random) -> str:
    """An update: half the files are already stored (duplicates), half are new."""
    start = ctx.half_imported_library
    return _import_trial(ctx, rng, "kill-reimport", start, len(ctx.import_files) // 2)


def annotate_plan(ctx: Context, rng: random.Random, library: Path, count_: int) -> list[Annotate]:
    plan = []
    articles = ctx.articles(library)
    for number in range(count_):
        article_id, text = rng.choice(articles)
        paragraph = rng.choice([p for p in text.split("\n\n") if len(p.split()) > 6])
        words = paragraph.split()
        first = rng.randrange(0, len(words) - 3)
        quote = " ".join(words[first : first + rng.randint(1, 3)])
        tags = (f"Trial/T{number}",) if number % 2 == 0 else ()
        plan.append(Annotate(article_id, quote, tags, note=f"note {number}"))
    return plan


def _annotate_argv(library: Path, mark: Annotate) -> list[str]:
    argv = gloss(library, "annotate", str(mark.article_id), "--quote", mark.quote)
    argv += ["--note", mark.note]
    for tag in mark.tags:
        argv += ["--tag", tag]
    return argv


def annotate_script(path: Path, library: Path, plan: list[Annotate]) -> list[str]:
    """A shell script that runs the plan's commands one after another, each after a marker."""
    lines = ["set -u"]
    for number, mark in enumerate(plan):
        lines.append(f"echo '@@ {number}'")
        lines.append(shlex.join(_annotate_argv(library, mark)))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["bash", str(path)]


def reported_plan(plan: list[Annotate], stdout: str) -> list[Annotate]:
    """The plan with what each command reported (nothing for one killed before its report)."""
    sections = stdout.split("@@ ")[1:]
    done = []
    for section in sections:
        number, _, said = section.partition("\n")
        mark = plan[int(number)]
        parsed = parse_annotation(said)
        if parsed is not None:
            annotation_id, article_id, span = parsed
            if article_id != mark.article_id:
                raise lost(f"annotate #{number} reported article #{article_id}")
            mark = Annotate(mark.article_id, mark.quote, mark.tags, mark.note, annotation_id, span)
        done.append(mark)
    return done


def kill_annotate(ctx: Context, rng: random.Random) -> str:
    here = ctx.trial_dir("kill-annotate")
    library = copy_library(ctx.base_library, here / "library.sqlite")
    plan = annotate_plan(ctx, rng, library, ctx.profile.annotate_commands)

    def uncut() -> None:
        calibrate = copy_library(ctx.base_library, here / "calibrate.sqlite")
        argv = annotate_script(here / "calibrate.sh", calibrate, plan)
        result = run_killed_at(argv, ctx.profile.timeout, whole_group=True)
        expect_success(result, "annotate commands")

    moment = _moment(rng, ctx.duration("kill-annotate", uncut))
    argv = annotate_script(here / "annotate.sh", library, plan)
    result = run_killed_at(argv, moment, whole_group=True, env=ctx.env(here))
    check_library(library)
    checked = check_annotations_stored(library, reported_plan(plan, result.stdout))
    recover = Annotate(plan[0].article_id, plan[0].quote, ("Trial/after",), "after the kill")
    after = run_gloss(library, *_annotate_argv(library, recover)[4:], env=ctx.env(here))
    expect_success(after, "annotate after the kill")
    check_annotations_stored(library, reported_plan([recover], "@@ 0\n" + after.stdout))
    check_library(library)
    return f"killed at {moment:.2f} s, {checked} reported annotation(s) checked"


def kill_migrate(ctx: Context, rng: random.Random) -> str:
    """An update of the library itself: the upgrade from schema 1 (backup, then the search
    index built over every article) killed midway."""
    here = ctx.trial_dir("kill-migrate")
    old, articles = ctx.old_library
    latest = max(migrations.MIGRATIONS)

    def uncut() -> None:
        library = copy_library(old, here / "calibrate.sqlite")
        expect_success(run_gloss(library, "list", "--json", timeout=ctx.profile.timeout), "upgrade")

    moment = _moment(rng, ctx.duration("kill-migrate", uncut))
    library = copy_library(old, here / "library.sqlite")
    run_killed_at(gloss(library, "list", "--json"), moment, env=ctx.env(here))
    check_library(library)
    listed = run_gloss(library, "list", "--json", timeout=ctx.profile.timeout, env=ctx.env(here))
    expect_success(listed, "list after the killed upgrade")
    if len(json.loads(listed.stdout)) != articles:
        raise lost(
            f"{len(json.loads(listed.stdout))} articles listed after the upgrade, not {articles}"
        )
    with closing(sqlite3.connect(str(library))) as db:
        version = db.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    if version != latest:
        raise failed(f"schema {version} after the upgrade, expected {latest}")
    check_library(library)
    token = ctx.base_files[0].token
    found = run_gloss(library, "search", token, "--limit", "0", "--json", env=ctx.env(here))
    expect_success(found, "search after the upgrade")
    if len(json.loads(found.stdout)) != ctx.profile.migrate_copies:
        raise lost(f"search for {token} found {len(json.loads(found.stdout))} article(s)")
    return f"killed at {moment:.2f} s"


def kill_export(ctx: Context, rng: random.Random) -> str:
    here = ctx.trial_dir("kill-export")
    source = ctx.export_library
    target = here / "out" / "annotations.csv"
    target.parent.mkdir()

    def export(library: Path, to: Path) -> Result:
        return run_gloss(
            library, "export", "-o", str(to), timeout=ctx.profile.timeout, env=ctx.env(here)
        )

    reference_file = ctx.workdir / "reference-export.csv"

    def uncut() -> None:  # also the export every killed one is compared with
        expect_success(export(source, reference_file), "export")

    moment = _moment(rng, ctx.duration("kill-export", uncut))
    reference = reference_file.read_bytes()
    library = copy_library(source, here / "library.sqlite")
    result = run_killed_at(gloss(library, "export", "-o", str(target)), moment, env=ctx.env(here))
    if target.exists() and target.read_bytes() != reference:
        raise lost(f"killed at {moment:.2f} s, {target.name} holds a partial export")
    check_library(library)
    _expect_no_orphans(result, "the export", moment)
    expect_success(export(library, target), "export after the kill")
    if target.read_bytes() != reference:
        raise lost("the export after the kill differs from an uncut one")
    stale = sorted(p.name for p in target.parent.glob(f".{target.name}.*"))
    stale += sorted(p.name for p in (here / "tmp").glob("gloss-export-*"))
    if stale:
        raise failed(f"killed at {moment:.2f} s, left after the next export: {', '.join(stale)}")
    return f"killed at {moment:.2f} s"
