"""A deterministic benchmark corpus: the same seed gives the same articles, byte for byte.

Real texts come from `../shared/corpus/news-articles.csv.gz` (relative to the repository's
parent; columns article_id, publish_date, article_source_link, title, subtitle, text). Each text
is split into paragraphs of about three sentences; the corpus is scaled up by sampling those
articles with variations (another date, a paragraph from a second article, a seeded sentence
that is unique to the copy), so every generated text is distinct. Without that file the text is
synthetic: words from a Zipf-like vocabulary, as in real news.

Writers put an article in either seed format (dated text; a Python list literal of HTML
paragraphs) or a set of them in a dataset CSV. Nothing here imports Gloss.

    .venv/bin/python -m tests.perf.corpus OUT_DIR --articles 1000 [--seed 7]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import html
import io
import random
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
SOURCE_CSV = REPO.parent / "shared" / "corpus" / "news-articles.csv.gz"
SENTENCES_PER_PARAGRAPH = 3
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘'(]?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z]{4,12}")
_SYNTHETIC_OUTLETS = ("bbc", "cnn", "aljazeera", "dw", "rte", "tass", "huffpost")


@dataclass(frozen=True)
class SourceArticle:
    title: str
    date: dt.date | None
    outlet: str
    url: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Article:
    """One generated article. `paragraphs[0]` is the lead (standfirst)."""

    index: int
    title: str
    date: dt.date | None
    outlet: str
    url: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        """The text as Gloss stores it (paragraphs joined by one blank line)."""
        return "\n\n".join(self.paragraphs)


def split_paragraphs(text: str, per: int = SENTENCES_PER_PARAGRAPH) -> list[str]:
    sentences = [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]
    return [" ".join(sentences[i : i + per]) for i in range(0, len(sentences), per)]


def _date(value: str) -> dt.date | None:
    try:
        year, month, day = (int(part) for part in value.split("/"))
        return dt.date(year, month, day)
    except ValueError:
        return None


def load_sources(path: Path = SOURCE_CSV) -> list[SourceArticle]:
    """The real articles (only those with some text), or [] when the file is absent."""
    if not path.is_file():
        return []
    found = []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            paragraphs = split_paragraphs(row.get("text") or "")
            if len(paragraphs) < 2:
                continue
            url = row.get("article_source_link") or ""
            host = urlsplit(url).hostname or ""
            outlet = host.removeprefix("www.").removeprefix("edition.").split(".")[0]
            found.append(
                SourceArticle(
                    (row.get("title") or "").strip(),
                    _date(row.get("publish_date") or ""),
                    outlet,
                    url,
                    tuple(paragraphs),
                )
            )
    return found


def _synthetic_sources(rng: random.Random, count: int = 2000) -> list[SourceArticle]:
    letters = "abcdefghijklmnoprstuvwyz"
    words = sorted({"".join(rng.choices(letters, k=rng.randint(3, 10))) for _ in range(8000)})
    weights = [1 / (rank + 1) for rank in range(len(words))]
    sources = []
    for i in range(count):
        paragraphs = []
        for _ in range(rng.randint(4, 9)):
            sentences = []
            for _ in range(SENTENCES_PER_PARAGRAPH):
                chosen = rng.choices(words, weights=weights, k=rng.randint(8, 25))
                sentences.append(" ".join(chosen).capitalize() + ".")
            paragraphs.append(" ".join(sentences))
        outlet = _SYNTHETIC_OUTLETS[i % len(_SYNTHETIC_OUTLETS)]
        title = " ".join(rng.choices(words, weights=weights, k=7)).capitalize()
        day = dt.date(2017, 1, 1) + dt.timedelta(days=rng.randrange(365))
        sources.append(
            SourceArticle(title, day, outlet, f"https://{outlet}.example/{i}", tuple(paragraphs))
        )
    return sources


class Corpus:
    """Generated articles, reproducible from the seed alone (given the same source file)."""

    def __init__(self, seed: int = 7, source: Path = SOURCE_CSV) -> None:
        self.seed = seed
        self.sources = load_sources(source)
        self.real = bool(self.sources)
        if not self.sources:
            self.sources = _synthetic_sources(random.Random(seed))
        # Words for the unique sentences: real words from the texts themselves.
        vocab: set[str] = set()
        for src in self.sources[:400]:
            vocab.update(w.lower() for w in _WORD.findall(" ".join(src.paragraphs)))
        self.vocabulary = sorted(vocab)

    @property
    def kind(self) -> str:
        return "real" if self.real else "synthetic"

    def article(self, index: int, target_chars: int | None = None) -> Article:
        """The article number `index` (any int), about `target_chars` long when given."""
        rng = random.Random(f"{self.seed}:{index}")
        src = self.sources[rng.randrange(len(self.sources))]
        paragraphs = list(src.paragraphs)
        # Variation: a paragraph borrowed from another article, somewhere after the lead.
        other = self.sources[rng.randrange(len(self.sources))]
        paragraphs.insert(rng.randint(1, len(paragraphs)), rng.choice(other.paragraphs[1:]))
        if target_chars is not None:
            while sum(len(p) + 2 for p in paragraphs) < target_chars:
                extra = self.sources[rng.randrange(len(self.sources))]
                paragraphs.extend(extra.paragraphs[1:])
            kept, size = [], 0
            for paragraph in paragraphs:
                if kept and size + len(paragraph) > target_chars:
                    break
                kept.append(paragraph)
                size += len(paragraph) + 2
            paragraphs = kept
        words = rng.sample(self.vocabulary, 4)
        unique = (
            f"Archive note {self.seed}x{index}: the {words[0]} and {words[1]} "
            f"of the {words[2]} {words[3]}."
        )
        paragraphs[-1] = f"{paragraphs[-1]} {unique}"
        base = src.date or dt.date(2017, 1, 15)
        day = None if rng.random() < 0.01 else base + dt.timedelta(days=rng.randint(-2000, 1500))
        title = src.title or _shorten(paragraphs[0])
        return Article(index, title, day, src.outlet, src.url, tuple(paragraphs))

    def articles(
        self, count: int, start: int = 0, target_chars: int | None = None
    ) -> Iterator[Article]:
        for index in range(start, start + count):
            yield self.article(index, target_chars)

    def long_article(
        self, index: int, *, words: int | None = None, chars: int | None = None
    ) -> Article:
        """One long article: at least `words` words or `chars` characters."""
        rng = random.Random(f"{self.seed}:long:{index}")
        paragraphs: list[str] = [f"Long report {self.seed}x{index}."]
        count = size = 0
        while (words is not None and count < words) or (chars is not None and size < chars):
            src = self.sources[rng.randrange(len(self.sources))]
            for paragraph in src.paragraphs:
                paragraphs.append(paragraph)
                count += len(paragraph.split())
                size += len(paragraph) + 2
        if chars is not None:  # trim to the length asked for, at a paragraph boundary
            while sum(len(p) + 2 for p in paragraphs) - 2 > chars and len(paragraphs) > 2:
                paragraphs.pop()
        return Article(
            index, f"Long report {index}", dt.date(2017, 2, 1), "bbc", "", tuple(paragraphs)
        )


def _shorten(text: str, limit: int = 100) -> str:
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit)] + "…"


# --- the two seed formats and the dataset ----------------------------------------------------


def dated_text(article: Article) -> bytes:
    """`date YYYY-MM-DD lead`, then the paragraphs separated by blank lines."""
    day = (article.date or dt.date(2017, 1, 1)).isoformat()
    lines = [f"date {day} {article.paragraphs[0]}"]
    lines.extend(article.paragraphs[1:])
    return ("\n\n".join(lines) + "\n").encode("utf-8")


def paragraph_list(article: Article, rng: random.Random | None = None) -> bytes:
    """A Python list literal of HTML paragraphs: the lead in bold, then <p> paragraphs (a few
    words in italics), then a copyright footer naming the outlet."""
    rng = rng or random.Random(article.index)
    items = [f"<b>{html.escape(article.paragraphs[0], quote=False)}</b>"]
    for paragraph in article.paragraphs[1:]:
        escaped = html.escape(paragraph, quote=False)
        words = escaped.split(" ")
        if len(words) > 6 and rng.random() < 0.3:
            at = rng.randrange(len(words) - 2)
            words[at] = f"<i>{words[at]}</i>"
        items.append(f"<p>{' '.join(words)}</p>")
    items.append(f"<p>© 2017 {article.outlet.upper() or 'NEWS'}. All rights reserved.</p>")
    return ("[" + ",\n ".join(repr(item) for item in items) + "]\n").encode("utf-8")


DATASET_COLUMNS = ("title", "date", "source", "url", "text")


def dataset_csv(articles: Sequence[Article]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(DATASET_COLUMNS)
    for a in articles:
        writer.writerow([a.title, a.date.isoformat() if a.date else "", a.outlet, a.url, a.text])
    return out.getvalue().encode("utf-8")


def write_files(
    corpus: Corpus, out: Path, count: int, target_chars: int | None = 4000
) -> list[Article]:
    """`count` articles in `out`, alternating the two seed formats (seeded), as .txt files."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    rng = random.Random(f"{corpus.seed}:formats")
    for article in corpus.articles(count, target_chars=target_chars):
        if rng.random() < 0.5:
            data, name = dated_text(article), f"{article.index:06d}-dated.txt"
        else:
            data, name = paragraph_list(article), f"{article.index:06d}-list.txt"
        (out / name).write_bytes(data)
        written.append(article)
    return written


# --- annotations -----------------------------------------------------------------------------

COLORS = ("yellow", "green", "blue", "pink", "purple", "orange", "red", "grey")
TAGS = tuple(
    f"Perf/{group}/{name}" for group in ("Actors", "Frames", "Tone") for name in "ABCDEFGH"
)


def highlight_ranges(text: str, count: int, rng: random.Random) -> list[tuple[int, int]]:
    """`count` [start, end) ranges spread over the text: mostly apart, some overlapping,
    snapped to word starts, 10 to 160 characters long."""
    ranges = []
    step = max(1, len(text) // max(count, 1))
    for k in range(count):
        start = min(len(text) - 2, k * step + rng.randrange(max(1, step // 2)))
        if rng.random() < 0.1 and ranges:  # an overlap with the previous one
            start = max(0, ranges[-1][0] + (ranges[-1][1] - ranges[-1][0]) // 2)
        while 0 < start < len(text) and not text[start - 1].isspace():
            start -= 1
        end = min(len(text), start + rng.randint(10, 160))
        while end > start + 1 and text[end - 1].isspace():
            end -= 1
        ranges.append((start, end))
    return ranges


def main() -> int:
    parser = argparse.ArgumentParser(description="Write a benchmark corpus.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    corpus = Corpus(args.seed)
    articles = write_files(corpus, args.out / "files", args.articles)
    (args.out / "dataset.csv").write_bytes(dataset_csv(articles))
    print(f"{len(articles)} {corpus.kind} articles in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
