import csv
import io
import signal
import sqlite3
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import export, export_process, export_sql
from models.annotating import annotate_quote, create_annotation
from models.annotation_edits import update_annotation
from models.backend import backend
from models.export import CSV_HEADER, iter_rows, neutralize, write_csv
from models.export_process import WorkerProcess
from models.files import write_text_atomically
from models.leftovers import worker_file_prefix
from models.schema import Annotation, AnnotationTag, Article, Tag
from tests.backends import another_writer

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends
# The worker process of a split export is SQLite's alone: SQLite formats the lines in SQL, one
# core per connection, so a big export has a second process format half. On PostgreSQL csv.writer
# writes every line on one connection: there is no worker to fail, stall, hang or leave files.
sqlite_split = pytest.mark.sqlite_only(
    "tests the split export's worker process, which only SQLite starts; PostgreSQL's export "
    "has none (one connection, csv.writer)"
)


def split_events(*events: str) -> list[str]:
    """What `split_always` hears from an export on this backend: PostgreSQL never splits."""
    return list(events) if backend().formats_csv else []


def nul() -> str:
    """A NUL character where the library's text can hold one (SQLite), else nothing: a
    PostgreSQL text value cannot."""
    return "" if backend().is_server else "\x00"


def fast_path(raw: bool) -> list[bool]:
    """What `sql_lines` hears from one export: SQLite formats the lines (the fast path);
    on PostgreSQL csv.writer writes them."""
    return [raw] if backend().formats_csv else []


EXPECTED_HEADER = (
    "annotation_id,article_id,article_title,article_source,article_author,article_date,"
    "article_url,quote,prefix,suffix,start,end,note,tags,color,created_at,updated_at,coder,"
    "article_memo,anchor,original_quote"
)


def export_text(raw: bool = False, **filters) -> str:
    out = io.StringIO(newline="")
    write_csv(out, iter_rows(**filters), raw=raw)
    return out.getvalue()


def read_back(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_header_and_bom(add_article) -> None:
    text = export_text()
    assert text.startswith("\ufeff" + EXPECTED_HEADER + "\r\n")
    assert ",".join(CSV_HEADER) == EXPECTED_HEADER
    assert export_text(raw=True).startswith(EXPECTED_HEADER)


def test_rows_read_back_with_multiline_notes_and_tags(add_article) -> None:
    first = add_article("Para one 😀 has words.", "Para two.", title="First", source="Outlet")
    second = add_article("Other text here.", title="Second")
    b = annotate_quote(second, "text")
    a2 = annotate_quote(first, "words.\n\nPara", tags=["Z/deep", "A"], note='line 1\nline "2"')
    a1 = annotate_quote(first, "Para one")
    rows = read_back(export_text())
    assert [int(r["annotation_id"]) for r in rows] == [a1.id, a2.id, b.id]
    row = rows[1]
    assert row["quote"] == "words.\n\nPara"
    assert row["note"] == 'line 1\nline "2"'
    assert row["tags"] == "A; Z/deep"
    assert (row["article_title"], row["article_source"]) == ("First", "Outlet")
    assert (int(row["start"]), int(row["end"])) == (a2.start, a2.end)
    assert row["created_at"].endswith("Z") and row["article_date"] == ""


@pytest.mark.parametrize("danger", ["=1+2", "+33 1 23", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised_unless_raw(add_article, danger: str) -> None:
    article = add_article("Safe words here.", title=danger)
    mark = annotate_quote(article, "words")
    update_annotation(mark.id, note=danger)
    [row] = read_back(export_text())
    assert row["note"] == "'" + danger and row["article_title"] == "'" + danger
    [raw_row] = read_back(export_text(raw=True))
    assert raw_row["note"] == danger


def test_neutralize_leaves_numbers_and_plain_text() -> None:
    assert neutralize(-5) == -5
    assert neutralize("plain = fine") == "plain = fine"


def test_filters_by_article_and_tag_with_descendants(add_article) -> None:
    one = add_article("alpha beta gamma")
    two = add_article("delta epsilon")
    a = annotate_quote(one, "alpha", tags=["Actors/Russia"])
    annotate_quote(one, "beta", tags=["Frames"])
    c = annotate_quote(two, "delta", tags=["Actors"])
    ids = lambda **f: [int(r["annotation_id"]) for r in read_back(export_text(**f))]  # noqa: E731
    assert ids(tags=["actors"]) == [a.id, c.id]
    assert ids(article_ids=[two]) == [c.id]
    assert ids(article_ids=[one], tags=["Actors"]) == [a.id]
    assert ids(tags=["no such tag"]) == []


# --- the SQL-formatted lines against csv.writer ----------------------------------------------
# write_csv(out, iter_rows()) has SQLite format the lines; the reference below uses the plain
# rules instead: the models' values, tags sorted by path, neutralize's apostrophe, csv.writer.


def reference_csv(raw: bool = False) -> str:
    rows = []
    for a in Annotation.select():
        ar = Article.get_by_id(a.article_id)
        links = Tag.select(Tag.path).join(AnnotationTag).where(AnnotationTag.annotation == a.id)
        tags = "; ".join(sorted(t.path for t in links))
        rows.append(
            (a.id, ar.id, ar.title, ar.source, ar.author, ar.date, ar.url, a.quote, a.prefix,
             a.suffix, a.start, a.end, a.note, tags, a.color, a.created_at, a.updated_at,
             a.coder, ar.memo, a.anchor, a.original_quote)
        )  # fmt: skip
    rows.sort(key=lambda r: (r[1], r[10], r[11], r[0]))
    out = io.StringIO(newline="")
    if not raw:
        out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(EXPECTED_HEADER.split(","))
    for row in rows:
        if not raw:
            row = tuple(
                "'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r") else v
                for v in row
            )
        writer.writerow(row)
    return out.getvalue()


@pytest.fixture
def sql_lines(monkeypatch):  # type: ignore[no-untyped-def]
    """Counts the exports whose lines SQLite formatted (the fast path)."""
    calls: list[bool] = []
    original = export.lines_sql

    def spy(where: str, raw: bool) -> str:
        calls.append(raw)
        return original(where, raw)

    monkeypatch.setattr(export, "lines_sql", spy)
    return calls


TRICKY = [
    "=1+2", "+33 1 23", "-", "@SUM(A1)", "\tx", "\rx", "\r\nx", "x\r\ny", "x\ry", "x\ny",
    'say "hi"', '"', '""', "a,b", ",", "", " ", "'", "'=1", "x=1", "naïve 😀 ﷽ e\u0301",
    "=", "-5", "1e5", "NULL", "\\", "a;b", "\n", '",', "\t",
]  # fmt: skip


def add_tricky_library(add_article) -> None:  # type: ignore[no-untyped-def]
    """Articles and annotations whose text columns take the TRICKY values in turn; a NUL
    character (which SQLite's printf and GLOB stop at) in a few rows where text can hold one."""
    NUL = nul()
    first = add_article(
        '=SUM(A1) said, "yes" to it.', "-1 + 2, @home; naïve 😀 e\u0301 end.", title="First"
    )
    second = add_article(
        '@SUM(B2) said, "no" to it.', "+1 - 2, =home; naïve 😀 e\u0301 end.", title="Second"
    )
    third = add_article("Nothing special here.", title=f"Nul{NUL}title")
    # The same start as '=SUM(A1)' below, a later end and an earlier id: order by end first.
    annotate_quote(first, "=SUM(A1) said")
    quotes = {
        first: ["=SUM(A1)", "said,", '"yes"', "-1 + 2", "@home", "naïve 😀", "end.", "to it."],
        second: ["@SUM(B2)", "said,", '"no"', "+1 - 2", "=home", "naïve 😀", "end.", "to it."],
    }
    marks = []
    for n in range(16):
        article = (second, first)[n % 2]  # annotate the later article first: order by article
        paths = [TRICKY_TAGS[(n + k) % len(TRICKY_TAGS)] for k in range(n % 4)]
        marks.append(annotate_quote(article, quotes[article][n // 2], tags=paths))
    for n, mark in enumerate(marks):
        Annotation.update(
            note=TRICKY[n % len(TRICKY)],
            color=TRICKY[(n + 5) % len(TRICKY)],
            created_at=TRICKY[(n + 11) % len(TRICKY)],
            updated_at=TRICKY[(n + 17) % len(TRICKY)],
            coder=TRICKY[(n + 3) % len(TRICKY)],  # a library may be edited by other tools
        ).where(Annotation.id == mark.id).execute()
    Annotation.update(created_at=f"{NUL}=x").where(Annotation.id == marks[3].id).execute()
    annotate_quote(third, "special", note=f"a{NUL},b")
    Article.update(title='=HYPERLINK("x")', date=None, url="a,b").where(
        Article.id == first
    ).execute()
    Article.update(source="x\r\ny", author="-", date="-2024", url="@u", memo='=m, "q"\n2').where(
        Article.id == second
    ).execute()


# Created in this (unsorted) order; sorted by path they read differently.
TRICKY_TAGS = ["Zeta", "=formula", "alpha, beta", 'say "x"', "émile", "-minus", "Beta/x", "beta"]


@pytest.mark.parametrize("raw", [False, True], ids=["safe", "raw"])
def test_sql_lines_match_csv_writer_byte_for_byte(add_article, sql_lines, raw: bool) -> None:
    add_tricky_library(add_article)
    expected = reference_csv(raw)
    assert ("\x00" in expected) is bool(nul()) and ("'=HYPERLINK" in expected) is not raw
    assert export_text(raw=raw) == expected
    assert sql_lines == fast_path(raw)
    generic = io.StringIO(newline="")
    write_csv(generic, list(iter_rows()), raw=raw)  # a plain iterable: csv.writer per row
    assert generic.getvalue() == expected
    assert sql_lines == fast_path(raw)


@pytest.mark.sqlite_only(
    "a NUL in a tag path: only a library file edited by another tool holds one (Gloss refuses "
    "control characters in tag names); PostgreSQL's text cannot hold one at all"
)
def test_a_nul_in_a_tag_path_still_exports_exactly(add_article, sql_lines) -> None:
    article = add_article("alpha beta gamma")
    annotate_quote(article, "alpha", tags=["Plain"])
    annotate_quote(article, "beta", tags=["Hidden", "Plain"])
    Tag.update(path="Hid\x00den, x").where(Tag.path == "Hidden").execute()
    assert export_text() == reference_csv()
    assert sql_lines == [False]


def test_tags_are_listed_in_path_order(add_article) -> None:
    article = add_article("one two three four five six")
    paths = [f"{c}{n}" for n in range(3) for c in "zyxwvutsrqpo"]  # 36 tags, unsorted
    words = ["one", "two", "three", "four", "five", "six"]
    marks = [annotate_quote(article, w, tags=paths[n::2] if n % 2 else paths[::-1]) for n, w in
             enumerate(words)]  # fmt: skip
    rows = read_back(export_text())
    assert [r["annotation_id"] for r in rows] == [str(m.id) for m in marks]
    for row, n in zip(rows, range(len(words)), strict=True):
        assert row["tags"] == "; ".join(sorted(paths[n::2] if n % 2 else paths))


def test_filters_match_the_reference_too(add_article, sql_lines) -> None:
    add_tricky_library(add_article)
    first = Article.get(Article.title == '=HYPERLINK("x")').id
    text = export_text(article_ids=[first], tags=["beta"])  # 'beta' and 'Beta/x'
    expected = [
        line
        for line in csv.reader(io.StringIO(reference_csv().removeprefix("\ufeff"), newline=""))
        if line[0] == "annotation_id"
        or line[1] == str(first)
        and {"beta", "Beta/x"} & set(line[13].split("; "))
    ]
    assert list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))) == expected
    assert len(expected) > 2 and sql_lines == fast_path(False)


@pytest.mark.parametrize("lazy", [True, False], ids=["sql-lines", "tuples"])
def test_on_row_every_thousand_rows_and_false_stops(add_article, lazy: bool) -> None:
    article = add_article("alpha beta gamma")
    stamp = "2024-01-01T00:00:00Z"
    Annotation.insert_many(
        [
            {
                "article": article,
                "start": n % 17,
                "end": 20,
                "quote": f"q{n}",
                "note": "a,b",
                "created_at": stamp,
                "updated_at": stamp,
            }
            for n in range(2500)
        ]  # fmt: skip
    ).execute()
    seen: list[int] = []

    def rows():  # type: ignore[no-untyped-def]
        return iter_rows() if lazy else list(iter_rows())

    assert write_csv(io.StringIO(newline=""), rows(), on_row=lambda n: seen.append(n)) == 2500
    assert seen == [1000, 2000]
    out = io.StringIO(newline="")
    assert write_csv(out, rows(), on_row=lambda n: n < 2000) == 2000
    assert len(read_back(out.getvalue())) == 2000


def test_iter_rows_gives_value_tuples(add_article) -> None:
    article = add_article("alpha beta")
    mark = annotate_quote(article, "alpha", tags=["B", "a"])
    annotate_quote(article, "beta")
    rows = list(iter_rows())
    assert rows[0][:2] == (mark.id, article) and rows[0][13] == "B; a"
    assert rows[1][13] == "" and rows[1][5] is None  # no tags; no date
    assert list(iter_rows(tags=["no such tag"])) == []


SPECIAL = st.sampled_from(list(",\"'\r\n\t=+-@\x00 ;é😀\u0301"))


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    # No lone surrogates: decoded text never holds one, and SQLite cannot store it.
    texts=st.lists(
        st.text(SPECIAL | st.characters(blacklist_categories=("Cs",)), max_size=8),
        min_size=3,
        max_size=3,
    ),
    raw=st.booleans(),
)
def test_any_text_exports_as_csv_writer_writes_it(add_article, texts: list[str], raw: bool) -> None:
    if not Article.select().exists():
        article = add_article("alpha beta gamma")
        annotate_quote(article, "beta", tags=["x"])
        annotate_quote(article, "alpha")
    note, title, color = (text.replace("\x00", nul()) for text in texts)
    Annotation.update(note=note, color=color, coder=title).execute()
    Article.update(title=title).execute()
    assert export_text(raw=raw) == reference_csv(raw)


def test_the_sql_rules_agree_with_neutralize_and_csv_writer() -> None:
    """Every character alone and in front: the SQL cell rules against the Python ones."""
    db = sqlite3.connect(":memory:")
    formula = f"SELECT {export_sql.FORMULA.format(x=':x')}"
    quotes = f"SELECT {export_sql.NEEDS_QUOTES.format(x=':x')}"
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    for code in [*range(1, 0x3000), 0xFEFF, 0x1F600, 0x10FFFF]:  # not NUL: GLOB stops there
        for value in (chr(code), chr(code) + "x", "x" + chr(code)):
            out.seek(0)
            out.truncate()
            writer.writerow([value])
            assert bool(db.execute(formula, {"x": value}).fetchone()[0]) == (
                neutralize(value) != value
            ), value
            assert bool(db.execute(quotes, {"x": value}).fetchone()[0]) == (
                out.getvalue() != value + "\r\n"
            ), value


@pytest.fixture
def split_always(monkeypatch):  # type: ignore[no-untyped-def]
    """Every export takes the two-part path (normally from 50,000 rows). The list it returns
    gets "split" per export so made, then "worker" when the worker process did its half."""
    monkeypatch.setattr(export, "SPLIT_FROM_ROWS", 1)
    monkeypatch.setattr(export.os, "cpu_count", lambda: 2)
    events: list[str] = []
    write_halves, follow = export._write_halves, WorkerProcess.follow

    def spy_halves(*args):  # type: ignore[no-untyped-def]
        events.append("split")
        return write_halves(*args)

    def spy_follow(worker, on_rows):  # type: ignore[no-untyped-def]
        done = follow(worker, on_rows)
        if done is not None:
            events.append("worker")
        return done

    monkeypatch.setattr(export, "_write_halves", spy_halves)
    monkeypatch.setattr(WorkerProcess, "follow", spy_follow)
    return events


def fake_worker(monkeypatch, tmp_path: Path, body: str, ready: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Have exports start this script as their worker; `ready`: it first reads the job and
    "go" and says it is ready, as the real one does."""
    script = tmp_path / "fake_worker.py"
    start = (
        'sys.stdin.readline(); sys.stdin.readline(); print(json.dumps({"ready": 1}), flush=True)\n'
    )
    script.write_text("import json, sys, time\n" + (start if ready else "") + textwrap.dedent(body))
    monkeypatch.setattr(
        WorkerProcess,
        "start",
        classmethod(lambda cls, *args: _START_WORKER(cls, *args, script=script)),
    )


_START_WORKER = WorkerProcess.start.__func__  # type: ignore[attr-defined]


@pytest.mark.parametrize("raw", [False, True], ids=["safe", "raw"])
def test_an_export_split_over_two_connections_is_byte_identical(
    add_article, split_always, raw: bool
) -> None:
    add_tricky_library(add_article)  # NUL rows in both halves (SQLite), tags, filters below
    assert export_text(raw=raw) == reference_csv(raw)
    first = Article.get(Article.title == '=HYPERLINK("x")').id
    filtered = export_text(raw=raw, article_ids=[first], tags=["beta"])
    # a worker process formatted each half (SQLite)
    assert split_always == split_events("split", "worker") * 2
    split_always.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(export, "SPLIT_FROM_ROWS", 10**9)
        assert filtered == export_text(raw=raw, article_ids=[first], tags=["beta"])
    assert split_always == []


def test_a_split_export_reports_progress_and_stops(add_article, split_always) -> None:
    two_articles_with(add_article, 1500)
    seen: list[int] = []
    assert write_csv(io.StringIO(newline=""), iter_rows(), on_row=seen.append) == 3000
    # One report per thousand rows passed; the halves' chunks need not end on a thousand.
    assert [n // 1000 for n in seen] == [1, 2, 3] and seen[-1] == 3000
    assert split_always == split_events("split", "worker")
    out = io.StringIO(newline="")
    assert write_csv(out, iter_rows(), on_row=lambda n: n < 1000) == 1000
    assert len(read_back(out.getvalue())) == 1000


def test_while_another_connection_writes_the_export_uses_one_connection(
    add_article, split_always, library
) -> None:
    # The two halves must read one snapshot, which needs a moment without writers; and an
    # export never waits for a writer's lock (it only reads).
    add_tricky_library(add_article)
    expected = reference_csv()
    with another_writer(library):
        assert export_text() == expected
        assert split_always == []


def two_articles_with(add_article, annotations: int) -> None:  # type: ignore[no-untyped-def]
    """Two articles with this many plain annotations each (written in one go: fast)."""
    stamp = "2024-01-01T00:00:00Z"
    for article in (add_article("alpha beta"), add_article("gamma delta")):
        Annotation.insert_many(
            [{"article": article, "start": n % 5, "end": 9, "quote": f"q{n}", "note": "",
              "created_at": stamp, "updated_at": stamp} for n in range(annotations)]
        ).execute()  # fmt: skip


def started_workers(monkeypatch) -> list[WorkerProcess]:  # type: ignore[no-untyped-def]
    """The workers exports start from now on."""
    started: list[WorkerProcess] = []
    start = WorkerProcess.start

    def spy(*args):  # type: ignore[no-untyped-def]
        started.append(start(*args))
        return started[-1]

    monkeypatch.setattr(WorkerProcess, "start", spy)
    return started


def leftovers() -> set[Path]:
    """This process's workers' temporary files in the temporary folder (named after it: other
    programs share the folder)."""
    return set(Path(tempfile.gettempdir()).glob(f"{worker_file_prefix()}*"))


def test_a_split_export_to_a_file_is_byte_identical(add_article, split_always, tmp_path) -> None:
    # No NUL rows: the worker's lines are copied as bytes into the file.
    for text in ("First, a “quoted” text", "=SUM(1) second", "third\nwith lines"):
        article = add_article(text, text)
        create_annotation(article, 0, 5, note='a "note", with, commas', tags=["t/x"])
        create_annotation(article, 2, 9)
    target, before = tmp_path / "export.csv", leftovers()
    assert write_text_atomically(target, lambda out: write_csv(out, iter_rows())) == 6
    assert split_always == split_events("split", "worker")
    assert target.read_bytes().decode("utf-8") == reference_csv()
    assert leftovers() == before


@sqlite_split
def test_when_the_worker_fails_this_process_formats_its_half(
    add_article, split_always, monkeypatch, tmp_path
) -> None:
    add_tricky_library(add_article)
    fake_worker(
        monkeypatch,
        tmp_path,
        """
        print(json.dumps({"rows": 1}), flush=True)
        sys.exit("disk full")
    """,
    )
    assert export_text() == reference_csv()
    fake_worker(monkeypatch, tmp_path, "print('not the protocol', flush=True)\n", ready=False)
    assert export_text(raw=True) == reference_csv(raw=True)
    fake_worker(monkeypatch, tmp_path, "raise SystemExit(3)\n", ready=False)  # dies first
    assert export_text() == reference_csv()
    assert split_always == ["split"] * 3  # no worker half any time


@sqlite_split
def test_a_worker_slow_to_take_its_snapshot_does_not_hold_the_lock(
    add_article, split_always, monkeypatch, tmp_path, library
) -> None:
    add_tricky_library(add_article)
    body = "sys.stdin.readline(); sys.stdin.readline(); time.sleep(60)\n"  # never ready
    fake_worker(monkeypatch, tmp_path, body, ready=False)
    monkeypatch.setattr(export_process, "READY_SECONDS", 0.3)
    workers = started_workers(monkeypatch)
    assert export_text() == reference_csv()  # formatted here, after 0.3 s
    assert workers[0].process.returncode == -signal.SIGKILL  # not waited for (its 60 s)
    writer = sqlite3.connect(library, isolation_level=None, timeout=0)
    writer.execute("BEGIN IMMEDIATE")  # the lock is free again
    writer.execute("ROLLBACK")
    writer.close()
    assert split_always == ["split"]


@sqlite_split
def test_a_cancel_stops_the_worker_at_once(
    add_article, split_always, monkeypatch, tmp_path
) -> None:
    two_articles_with(add_article, 1200)
    fake_worker(
        monkeypatch,
        tmp_path,
        """
        for n in range(1, 1000):
            print(json.dumps({"rows": n * 1000}), flush=True)  # (as a chunk is 1,000 rows)
            time.sleep(0.05)
    """,
    )
    started, before = started_workers(monkeypatch), leftovers()
    # Stop while following the worker (past the first half's 1,200 rows).
    assert write_csv(io.StringIO(newline=""), iter_rows(), on_row=lambda n: n < 1250) == 2200
    [worker] = started  # killed below, not left to count on for its 50 s
    assert worker.process.returncode == -signal.SIGKILL
    assert leftovers() == before


@sqlite_split
def test_without_a_temporary_folder_the_export_uses_one_process(
    add_article, split_always, monkeypatch
) -> None:
    add_tricky_library(add_article)
    monkeypatch.setattr(tempfile, "tempdir", "/nonexistent/gloss-tmp")
    assert export_text() == reference_csv()
    assert split_always == ["split"]


@sqlite_split
def test_a_worker_that_goes_wrong_midway_is_stopped_before_its_half_is_redone(
    add_article, split_always, monkeypatch, tmp_path
) -> None:
    two_articles_with(add_article, 2500)
    fake_worker(
        monkeypatch,
        tmp_path,
        """
        print(json.dumps({"rows": 1000}), flush=True)
        print(json.dumps({"rows": 2000}), flush=True)
        print("garbage", flush=True)
        time.sleep(60)
    """,
    )
    workers, stream = started_workers(monkeypatch), export._stream
    alive: list[bool] = []  # at each _stream: the first half, then the worker's redone here

    def spy_stream(*args):  # type: ignore[no-untyped-def]
        alive.append(workers[0].process.poll() is None)
        return stream(*args)

    monkeypatch.setattr(export, "_stream", spy_stream)
    seen: list[int] = []
    assert write_csv(io.StringIO(newline=""), iter_rows(), on_row=seen.append) == 5000
    assert alive == [True, False]  # stopped before its half was redone
    assert seen == sorted(seen) and seen[-1] == 5000  # progress never went back


@sqlite_split
def test_a_worker_that_hangs_after_done_is_not_waited_for(
    add_article, split_always, monkeypatch, tmp_path
) -> None:
    add_tricky_library(add_article)
    fake_worker(
        monkeypatch,
        tmp_path,
        """
        print(json.dumps({"done": 0, "nul_rows": 0}), flush=True)
        time.sleep(60)
    """,
    )
    monkeypatch.setattr(export_process, "STALL_SECONDS", 0.3)
    workers = started_workers(monkeypatch)
    assert export_text() == reference_csv()  # its half formatted here
    assert workers[0].process.returncode == -signal.SIGKILL  # not waited for (its 60 s)
