"""A big benchmark library, built fast with raw SQL into the Gloss schema, cached by seed.

The schema comes from `models.db.open_library` (so it is exactly what Gloss creates); the rows
are then bulk-inserted with the rollback journal, indexes and FTS triggers dropped during the
load and put back after (the FTS tables are rebuilt in one pass), and the file is switched back
to WAL. The result is what importing the same articles would store, in a fraction of the time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
import sqlite3
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from tests.perf.corpus import (
    COLORS,
    TAGS,
    Article,
    Corpus,
    dated_text,
    highlight_ranges,
    paragraph_list,
)

BUILD_VERSION = 2  # bump when what is stored changes: old cached libraries are then rebuilt
LONG_WORDS = 10_000
LONG_WORDS_HIGHLIGHTS = 1_000
HUGE_CHARS = 300_000
HUGE_HIGHLIGHTS = 5_000
_WORD = re.compile(r"\w+(?:['’-]\w+)*")  # as models.text.count_words
_STAMP = "2024-01-01T00:00:00Z"
_CONTEXT = 32  # prefix/suffix characters, as models.anchoring


@dataclass(frozen=True)
class BigLibrary:
    path: Path
    articles: int  # ordinary articles, ids 1..articles
    annotations: int  # in total, the long articles' included
    long_id: int  # 10,000 words, LONG_WORDS_HIGHLIGHTS highlights
    huge_id: int  # 300,000 characters, HUGE_HIGHLIGHTS highlights
    corpus: str  # real | synthetic
    build_seconds: float


def cache_dir() -> Path:
    path = Path(tempfile.gettempdir()) / "gloss-perf"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _structure(paragraphs: tuple[str, ...]) -> str:
    data, offset = [], 0
    for i, paragraph in enumerate(paragraphs):
        kind = "lead" if i == 0 else "paragraph"
        data.append({"kind": kind, "start": offset, "end": offset + len(paragraph), "spans": []})
        offset += len(paragraph) + 2
    return json.dumps(data, separators=(",", ":"))


def _article_row(article_id: int, a: Article, rng: random.Random) -> tuple[object, ...]:
    text = a.text
    if article_id % 2:
        fmt, raw, source = "dated-text", dated_text(a), ""
    else:
        fmt, raw, source = "paragraph-list", paragraph_list(a), (a.outlet.upper() or "NEWS")
    read_at = _STAMP if rng.random() < 0.3 else None
    return (
        article_id,
        a.title,
        source,
        "",
        a.date.isoformat() if a.date else None,
        a.url,
        text,
        _structure(a.paragraphs),
        raw,
        fmt,
        "",
        hashlib.sha256(text.encode("utf-8")).hexdigest(),
        sum(1 for _ in _WORD.finditer(text)),
        _STAMP,
        read_at,
    )


def _annotation_rows(
    next_id: int, article_id: int, text: str, count: int, rng: random.Random
) -> tuple[list[tuple[object, ...]], list[tuple[int, int]]]:
    rows, tagged = [], []
    for start, end in highlight_ranges(text, count, rng):
        note = f"note {next_id}: {text[start : start + 40]}" if rng.random() < 0.2 else ""
        rows.append(
            (
                next_id,
                article_id,
                start,
                end,
                text[start:end],
                text[max(0, start - _CONTEXT) : start],
                text[end : end + _CONTEXT],
                note,
                rng.choice(COLORS),
                _STAMP,
                _STAMP,
            )
        )
        if rng.random() < 0.4:
            for tag in rng.sample(range(1, len(TAGS) + 1), rng.choice((1, 1, 2))):
                tagged.append((next_id, tag))
        next_id += 1
    return rows, tagged


def build(corpus: Corpus, path: Path, articles: int, annotations: int) -> BigLibrary:
    """Write the library at `path` (replacing it)."""
    from models.db import close_library, open_library  # the schema, exactly as Gloss makes it

    started = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    open_library(path)
    close_library()

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")  # the rollback journal for the bulk load
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-200000")
    conn.execute("BEGIN")
    saved = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
        "AND sql IS NOT NULL AND tbl_name IN ('article', 'annotation', 'annotation_tag')"
    ).fetchall()
    for kind, name, _sql in saved:
        conn.execute(f'DROP {kind.upper()} "{name}"')

    rng = random.Random(f"{corpus.seed}:library")
    conn.executemany(
        "INSERT INTO tag (id, path, color, description) VALUES (?, ?, ?, '')",
        [(i, tag, COLORS[i % len(COLORS)]) for i, tag in enumerate(TAGS, 1)],
    )
    spread = annotations - LONG_WORDS_HIGHLIGHTS - HUGE_HIGHLIGHTS
    counts = [0] * articles
    for _ in range(max(0, spread)):
        counts[rng.randrange(articles)] += 1

    article_sql = (
        "INSERT INTO article (id, title, source, author, date, url, text, structure, raw, "
        "format, origin_path, content_hash, word_count, imported_at, read_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    annotation_sql = (
        'INSERT INTO annotation (id, article_id, start, "end", quote, prefix, suffix, note, '
        "color, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    tag_sql = "INSERT INTO annotation_tag (annotation_id, tag_id) VALUES (?, ?)"
    next_annotation = 1
    batch: list[tuple[object, ...]] = []
    notes: list[tuple[object, ...]] = []
    tags: list[tuple[int, int]] = []

    def flush() -> None:
        conn.executemany(article_sql, batch)
        conn.executemany(annotation_sql, notes)
        conn.executemany(tag_sql, tags)
        batch.clear()
        notes.clear()
        tags.clear()

    for index in range(articles):
        article = corpus.article(index)
        article_id = index + 1
        batch.append(_article_row(article_id, article, rng))
        rows, tagged = _annotation_rows(
            next_annotation, article_id, article.text, counts[index], rng
        )
        next_annotation += len(rows)
        notes.extend(rows)
        tags.extend(tagged)
        if len(batch) >= 5000:
            flush()
    long_id, huge_id = articles + 1, articles + 2
    for article_id, article, count in (
        (long_id, corpus.long_article(1, words=LONG_WORDS), LONG_WORDS_HIGHLIGHTS),
        (huge_id, corpus.long_article(2, chars=HUGE_CHARS), HUGE_HIGHLIGHTS),
    ):
        batch.append(_article_row(article_id, article, rng))
        rows, tagged = _annotation_rows(next_annotation, article_id, article.text, count, rng)
        next_annotation += len(rows)
        notes.extend(rows)
        tags.extend(tagged)
    flush()

    for _kind, _name, sql in saved:
        conn.execute(sql)
    conn.execute("INSERT INTO article_fts(article_fts) VALUES ('rebuild')")
    # As Gloss leaves a library after a big import (models.importing.tidy_after).
    conn.execute("INSERT INTO article_fts(article_fts) VALUES ('optimize')")
    conn.execute("INSERT INTO annotation_fts(annotation_fts) VALUES ('rebuild')")
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    return BigLibrary(
        path,
        articles,
        next_annotation - 1,
        long_id,
        huge_id,
        corpus.kind,
        time.perf_counter() - started,
    )


def cached(corpus: Corpus, articles: int, annotations: int, rebuild: bool = False) -> BigLibrary:
    """The library for this seed and size, built once and kept in the temp dir."""
    name = f"library-s{corpus.seed}-{corpus.kind}-{articles}-{annotations}-v{BUILD_VERSION}"
    path = cache_dir() / f"{name}.sqlite"
    meta = cache_dir() / f"{name}.json"
    if not rebuild and path.exists() and meta.exists():
        data = json.loads(meta.read_text())
        data["path"] = Path(data["path"])
        return BigLibrary(**data)
    library = build(corpus, path, articles, annotations)
    data = asdict(library) | {"path": str(library.path)}
    meta.write_text(json.dumps(data))
    return library


def huge_article_text(library: BigLibrary, article_id: int) -> str:
    conn = sqlite3.connect(library.path)
    try:
        return conn.execute("SELECT text FROM article WHERE id = ?", (article_id,)).fetchone()[0]
    finally:
        conn.close()


def today() -> str:
    return dt.date.today().isoformat()
