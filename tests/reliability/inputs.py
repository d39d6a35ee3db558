"""Inputs for the trials: seeded article files, libraries built from them, hostile big files.

Everything is generated from a seed, so a clone without `../shared` runs the same trials.
Articles are dated text (`date YYYY-MM-DD lead`, then paragraphs); each carries a unique word
(`{prefix}x{index}`) so that its index entry can be looked for.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from tests.reliability.harness import expect_success, run_gloss

_WORDS = (
    "minister council election border talks ceasefire report agency parliament court "
    "budget strike protest refugees energy prices inflation summit treaty sanctions "
    "spokesman officials police city region voters campaign opposition government army "
    "health hospital schools climate flooding harvest exports market shares bank rates"
).split()


@dataclass(frozen=True)
class ArticleFile:
    path: Path
    token: str  # a word found in this article only
    text: str  # the canonical text Gloss stores (paragraphs joined by a blank line)


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 16))]
    return " ".join(words).capitalize() + "."


def write_articles(
    folder: Path, count: int, seed: int, prefix: str = "a", paragraphs: int = 6
) -> list[ArticleFile]:
    """`count` distinct dated-text files in `folder` (created), the same for the same seed."""
    rng = random.Random(f"{seed}-{prefix}")
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for index in range(count):
        token = f"{prefix}x{index}"
        lead = f"{_sentence(rng)[:-1]} {token}."
        body = [" ".join(_sentence(rng) for _ in range(3)) for _ in range(paragraphs - 1)]
        date = f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        path = folder / f"{prefix}-{index:05d}.txt"
        path.write_text(f"date {date} {lead}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        made.append(ArticleFile(path, token, "\n\n".join([lead, *body])))
    return made


def build_library(path: Path, folder: Path) -> None:
    """A library holding `folder`'s articles, made by `gloss import` itself."""
    expect_success(run_gloss(path, "import", str(folder), timeout=300), f"building {path.name}")


def copy_library(source: Path, target: Path) -> Path:
    """A copy of a closed library (no -wal: its last connection closed cleanly)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def add_annotations(library: Path, count: int, seed: int) -> None:
    """`count` annotations spread over the library's articles, each a real span with a tag,
    written with SQL (the FTS triggers index them) to build a big export quickly."""
    rng = random.Random(seed)
    with closing(sqlite3.connect(str(library))) as db, db:
        texts = db.execute("SELECT id, text FROM article").fetchall()
        db.executemany(
            "INSERT OR IGNORE INTO tag (path, color, description) VALUES (?, 'grey', '')",
            [(f"Code/{n}",) for n in range(10)],
        )
        tag_ids = [row[0] for row in db.execute("SELECT id FROM tag")]
        rows = []
        for _ in range(count):
            article_id, text = rng.choice(texts)
            start = rng.randrange(0, max(1, len(text) - 40))
            end = start + rng.randint(5, 40)
            rows.append(
                (
                    article_id,
                    start,
                    end,
                    text[start:end],
                    text[max(0, start - 32) : start],
                    text[end : end + 32],
                    f"note {rng.random():.6f}",
                )
            )
        db.executemany(
            'INSERT INTO annotation (article_id, start, "end", quote, prefix, suffix, note, '
            "color, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'yellow', "
            "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            rows,
        )
        ids = [row[0] for row in db.execute("SELECT id FROM annotation")]
        db.executemany(
            "INSERT OR IGNORE INTO annotation_tag (annotation_id, tag_id) VALUES (?, ?)",
            [(i, rng.choice(tag_ids)) for i in ids],
        )


def old_schema_library(target: Path, source: Path, copies: int) -> int:
    """A schema-1 library (before search existed) holding `copies` copies of each of
    `source`'s articles; opening it with Gloss migrates it. Returns the article count."""
    from models import migrations  # frozen SQL: version 1 never changes

    target.unlink(missing_ok=True)
    with closing(sqlite3.connect(str(target))) as db:
        for statement in migrations.statements(migrations.MIGRATIONS[1]):
            db.execute(statement)
        db.execute("INSERT INTO schema_version (version) VALUES (1)")
        db.execute("ATTACH DATABASE ? AS src", (str(source),))
        columns = (
            "title, source, author, date, url, text, structure, raw, format, origin_path, "
            "word_count, imported_at, read_at"
        )
        for copy in range(copies):
            db.execute(
                f"INSERT INTO article ({columns}, content_hash) "
                f"SELECT {columns}, content_hash || '-{copy}' FROM src.article"
            )
        db.commit()
        db.execute("DETACH DATABASE src")
        total = int(db.execute("SELECT count(*) FROM article").fetchone()[0])
    return total


# ---- hostile big inputs (issue 11, defect 6) ----


def paragraph_list_of_many_items(path: Path, megabytes: float) -> Path:
    """A list literal of millions of one-letter items: `['a','a',…,'z']`."""
    return _literal(path, megabytes, "[", "'a',", "'z']")


def nested_arithmetic_literal(path: Path, megabytes: float) -> Path:
    """A list whose second item is an arithmetic chain millions of terms long: 1+1+…+1."""
    return _literal(path, megabytes, "['<p>lead</p>', ", "1+", "1]")


def _literal(path: Path, megabytes: float, head: str, piece: str, tail: str) -> Path:
    """`head`, `piece` repeated to about `megabytes`, `tail`; written in chunks."""
    times = int(megabytes * 1_000_000) // len(piece)
    chunk = piece * 100_000
    with path.open("w", encoding="ascii") as out:
        out.write(head)
        for _ in range(times // 100_000):
            out.write(chunk)
        out.write(piece * (times % 100_000) + tail)
    return path


def big_html_page(path: Path, megabytes: float, seed: int = 0) -> Path:
    """One HTML page of many paragraphs, nested sections and links."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    with path.open("w", encoding="utf-8") as out:
        out.write("<!doctype html><html><head><title>A very long page</title></head><body>")
        out.write("<article><h1>A very long page</h1>")
        written = 0
        while written < target:
            block = (
                f"<section><h2>{_sentence(rng)}</h2><p>{_sentence(rng)} "
                f'<a href="https://example.org/{written}">{_sentence(rng)}</a> '
                f"<em>{_sentence(rng)}</em></p><div><p>{_sentence(rng)}</p></div></section>"
            )
            out.write(block)
            written += len(block)
        out.write("</article></body></html>")
    return path
