"""Importing annotations made elsewhere: W3C Web Annotation JSON-LD and Hypothesis exports.

These are annotations, not articles: each attaches to the library article whose URL matches its
target (normalised: scheme and host case, `www.`, fragment, trailing slash, utm_ tracking), or
whose `urn:gloss:article:` names it, placed by its TextQuoteSelector with the re-anchoring
engine (quote_placing; the position only breaks ties; one placed on slightly different text is
fuzzy, for review). The ones that cannot be placed are listed with the reason, never
turned into articles. Importing the same file twice adds nothing the second time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.anchoring import FUZZY
from models.annotating import NewAnnotation, create_annotations
from models.coders import normalize_coder
from models.errors import LibraryError
from models.quote_placing import QuotePlacer
from models.schema import Annotation, Article, database
from models.tags import normalize_tag_path
from models.urls import canonical_url

W3C, HYPOTHESIS = "w3c", "hypothesis"
# Bigger annotation files are refused: the JSON is parsed whole.
MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Incoming:
    """One annotation as a file gives it, before it is placed."""

    where: str  # "item 3", for messages
    source: str
    exact: str
    prefix: str
    suffix: str
    start: int | None
    note: str
    tags: tuple[str, ...]
    coder: str | None = None  # the creator, when the file names one Gloss can hold


@dataclass
class AnnotationImportReport:
    path: Path
    kind: str
    placed: list[tuple[int, int]] = field(default_factory=list)  # (article id, annotation id)
    already: int = 0  # the same highlight was in the library
    unplaced: list[str] = field(default_factory=list)  # "item 3: reason"

    def summary(self) -> str:
        text = f"{self.path}: {len(self.placed)} annotation(s) placed"
        if self.already:
            text += f", {self.already} already in the library"
        if self.unplaced:
            text += f", {len(self.unplaced)} not placed"
        return text + f" ({self.kind})"


def sniff(path: Path) -> str | None:
    """W3C or Hypothesis when the file's start says so; None for anything else."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if not text.startswith(("{", "[")):
        return None
    if "anno.jsonld" in text or '"AnnotationCollection"' in text:
        return W3C
    if '"annotations"' in text and ('"export_date"' in text or '"export_userid"' in text):
        return HYPOTHESIS
    if '"rows"' in text and '"uri"' in text:  # the Hypothesis search API's answer
        return HYPOTHESIS
    return None


def import_web_annotations(path: Path, kind: str | None = None) -> AnnotationImportReport:
    """Place every annotation of a W3C or Hypothesis file on its article; one transaction."""
    kind = kind or sniff(path)
    if kind not in (W3C, HYPOTHESIS):
        raise LibraryError(f"{path}: not a W3C Web Annotation or Hypothesis export")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise LibraryError(f"{path}: larger than {MAX_BYTES // 2**20} MB; refused")
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        raise LibraryError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LibraryError(f"{path}: broken JSON ({exc})") from exc
    report = AnnotationImportReport(path, "W3C Web Annotation" if kind == W3C else "Hypothesis")
    reader = _w3c_items if kind == W3C else _hypothesis_items
    items = list(reader(data, report.unplaced))
    _place_all(items, report)
    return report


def _place_all(items: list[Incoming], report: AnnotationImportReport) -> None:
    by_url: dict[str, int] = {}
    by_hash: dict[str, int] = {}
    for article_id, url, content_hash in database.execute_sql(
        "SELECT id, url, content_hash FROM article ORDER BY id DESC"
    ):
        if canonical_url(url):
            by_url[canonical_url(url)] = article_id  # the oldest article wins
        by_hash[content_hash] = article_id
    placers: dict[int, QuotePlacer] = {}
    new: list[NewAnnotation] = []
    seen: set[tuple[int, int, int, str | None]] = set()
    for item in items:
        article_id = by_url.get(canonical_url(item.source))
        if article_id is None and item.source.startswith("urn:gloss:article:"):
            article_id = by_hash.get(item.source.removeprefix("urn:gloss:article:"))
        if article_id is None:
            report.unplaced.append(f"{item.where}: no article in the library has {item.source!r}")
            continue
        if not item.exact:
            report.unplaced.append(
                f"{item.where}: no TextQuoteSelector (a page note, or a mark on an image area)"
            )
            continue
        if article_id not in placers:
            placers[article_id] = QuotePlacer(Article.get_by_id(article_id).text)
        placed = placers[article_id].place(item.exact, item.prefix, item.suffix, item.start)
        if placed is None or placed.start is None or placed.end is None:
            report.unplaced.append(
                f"{item.where}: the quote “{item.exact[:60]}” is not in article {article_id}"
                " (or its context is not)"
            )
            continue
        key = (article_id, placed.start, placed.end, item.coder)
        exists = Annotation.select().where(
            (Annotation.article == article_id)
            & (Annotation.start == placed.start)
            & (Annotation.end == placed.end)
        )
        if item.coder is not None:
            exists = exists.where(Annotation.coder == item.coder)
        if key in seen or exists.exists():
            report.already += 1
            continue
        seen.add(key)
        original = item.exact if placed.anchor == FUZZY else None
        new.append(
            NewAnnotation(
                article_id,
                placed.start,
                placed.end,
                item.note,
                "yellow",
                item.tags,
                item.coder,
                anchor=placed.anchor,
                original_quote=original,
            )
        )
    if new:
        records = create_annotations(new)
        report.placed.extend((r.article_id, r.id) for r in records)


def _tags(values: list[str], where: str, problems: list[str]) -> tuple[str, ...]:
    tags = []
    for value in values:
        try:
            tags.append(normalize_tag_path(value))
        except ValueError as exc:
            problems.append(f"{where}: tag skipped ({exc})")
    return tuple(dict.fromkeys(tags))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _selectors(target: Any) -> tuple[str, list[dict[str, Any]]]:
    if isinstance(target, str):
        return target, []
    if not isinstance(target, dict):
        return "", []
    source = target.get("source") or target.get("id") or ""
    return str(source), [s for s in _as_list(target.get("selector")) if isinstance(s, dict)]


def _coder(value: Any) -> str | None:
    """A coder name from a W3C `creator` (an IRI, or a Person with a name or nickname) or a
    Hypothesis `user` (`acct:NAME@host`); None when there is none Gloss can hold."""
    value = _as_list(value)[0] if _as_list(value) else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("nickname") or value.get("id")
    if not isinstance(value, str):
        return None
    if value.startswith("acct:"):
        value = value.removeprefix("acct:").split("@")[0]
    try:
        return normalize_coder(value)
    except ValueError:
        return None


def _incoming(
    where: str,
    source: str,
    selectors: list[dict[str, Any]],
    note: str,
    tags: tuple[str, ...],
    coder: str | None = None,
) -> Incoming:
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), {})
    position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), {})
    start = position.get("start")
    return Incoming(
        where,
        source,
        str(quote.get("exact") or ""),
        str(quote.get("prefix") or ""),
        str(quote.get("suffix") or ""),
        start if isinstance(start, int) else None,
        note,
        tags,
        coder,
    )


def _w3c_items(data: Any, problems: list[str]) -> Iterator[Incoming]:
    if isinstance(data, dict) and data.get("type") == "Annotation":
        annotations = [data]
    elif isinstance(data, dict):
        first = data.get("first")
        annotations = _as_list(data.get("items") or (first or {}).get("items"))
    else:
        annotations = _as_list(data)
    for number, annotation in enumerate(annotations, 1):
        if not isinstance(annotation, dict):
            continue
        where = f"item {number}"
        notes, tag_values = [], []
        for body in _as_list(annotation.get("body")):
            value = body if isinstance(body, str) else (body or {}).get("value")
            if not isinstance(value, str):
                problems.append(f"{where}: a body that is not text skipped (Gloss notes are text)")
                continue
            if isinstance(body, dict) and body.get("purpose") == "tagging":
                tag_values.append(value)
            else:
                notes.append(value)
        tags = _tags(tag_values, where, problems)
        targets = _as_list(annotation.get("target"))
        if len(targets) > 1:  # Gloss annotations mark one place
            problems.append(f"{where}: {len(targets)} targets; only the first imported")
        for target in targets[:1]:
            source, selectors = _selectors(target)
            coder = _coder(annotation.get("creator"))
            yield _incoming(where, source, selectors, "\n\n".join(notes), tags, coder)


def _hypothesis_items(data: Any, problems: list[str]) -> Iterator[Incoming]:
    rows = _as_list(data.get("annotations") or data.get("rows")) if isinstance(data, dict) else []
    for number, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            continue
        where = f"annotation {row.get('id') or number}"
        document = row.get("document")
        titles = _as_list(document.get("title")) if isinstance(document, dict) else []
        if titles and isinstance(titles[0], str) and titles[0].strip():
            where += f" (“{' '.join(titles[0].split())[:60]}”)"  # a list in the API, a string too
        if row.get("references"):
            problems.append(f"{where}: a reply, not imported")
            continue
        tags = _tags([t for t in _as_list(row.get("tags")) if isinstance(t, str)], where, problems)
        targets = _as_list(row.get("target")) or [{"source": row.get("uri", "")}]
        source, selectors = _selectors(targets[0])
        info = row.get("user_info")
        display = info.get("display_name") if isinstance(info, dict) else None
        coder = _coder(display) or _coder(row.get("user"))
        uri = source or str(row.get("uri", ""))
        yield _incoming(where, uri, selectors, str(row.get("text") or ""), tags, coder)
