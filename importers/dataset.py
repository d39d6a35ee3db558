"""Datasets of articles, one per row or object: CSV, TSV, JSON, JSON Lines, also gzip-packed.

Columns are found by name (see `columns`), or named by the user with `--map FIELD=COLUMN`,
which reaches `parse` as `options={"map": ColumnMap}`. A row without text is skipped with a
warning; everything else about a bad file fails it whole. Notes about skipped rows ride on the
file's first article, since warnings travel with drafts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from importers import memory, records
from importers.base import Importer
from importers.body_text import fallback_title, looks_like_html, text_blocks
from importers.columns import ATTRIBUTE_PREFIX, KNOWN_NAMES, ColumnMap, listing, normalise
from importers.dates import DateError, guess_day_first, parse_date
from importers.decoding import decode_text, sniff_text
from importers.draft import ArticleDraft, Block, ImportFailure, collapse_whitespace, web_url
from importers.records import Record, gunzip, gunzip_head, is_gzip, read_table

_EXTENSIONS = ("csv", "tsv", "json", "jsonl", "ndjson")
_HOST_PREFIX = re.compile(r"^(?:www\d*|m|mobile|amp|edition)\.")
_NAME_KEYS = ("name", "title", "text", "value")  # {"source": {"name": "BBC"}} and the like
_MAX_HEADER_CELL = 64
_MAX_HEADER_LINE = 4_000
# Measured (importers/memory.py): copies of the text, a byte of it, narrow or wide; a row.
_MEMORY_PER_BYTE = (6.0, 15.0)
_MEMORY_PER_ROW = 1_200
_MAX_SKIP_NOTES = 50  # past this, one line counts the rest rather than flooding the report


class DatasetImporter(Importer):
    name: ClassVar[str] = "dataset"
    description: ClassVar[str] = "Table of articles, one per row: CSV, TSV, JSON, JSON Lines, .gz"
    patterns: ClassVar[tuple[str, ...]] = tuple(
        f"*.{ext}{gz}" for gz in ("", ".gz") for ext in _EXTENSIONS
    )

    def sniff(self, head: bytes, path: Path) -> float:
        named = self.matches_name(path)
        if is_gzip(head):
            head = gunzip_head(head)
            if not head:
                return 0.3 if named else 0.0
        text = sniff_text(head).lstrip()
        if not text or "\x00" in text:
            return 0.0
        if re.match(r"\[\s*\{", text) or re.match(r'\{\s*"', text):
            return 0.9
        first_line = text.split("\n", 1)[0]
        if len(first_line) > _MAX_HEADER_LINE:
            return 0.5 if named else 0.0  # a paragraph, not a header: don't split it into cells
        cells = _header_cells(first_line)
        if len(cells) >= 2 and all(len(c) <= _MAX_HEADER_CELL for c in cells):
            if sum(normalise(cell) in KNOWN_NAMES for cell in cells) >= 2:
                return 0.9
        return 0.5 if named else 0.0

    def parse(
        self, data: bytes, path: Path, options: Mapping[str, object] | None = None
    ) -> Iterator[ArticleDraft]:
        columns = ColumnMap.from_options(options)
        unpacked = gunzip(data, _max_unpacked(len(data))) if is_gzip(data) else data
        text = decode_text(unpacked)
        memory.require(len(data), _memory_needed(len(unpacked), text))
        table = read_table(text, path)
        fields = columns.resolve(table.columns)
        if "text" not in fields:
            raise ImportFailure(
                f"no text column (columns: {listing(table.columns)}); use --map text=COLUMN"
            )
        dates = [r.values.get(fields["date"]) for r in table.records] if "date" in fields else []
        day_first = guess_day_first(dates)
        drafts: list[ArticleDraft] = []
        skipped: list[str] = []
        for record in table.records:
            draft = _draft(record, fields, day_first)
            if draft is None:
                skipped.append(f"{record.origin}: no text, skipped")
            else:
                drafts.append(draft)
        if not drafts:
            raise ImportFailure(f"no row has text in column '{fields['text']}'")
        if len(skipped) > _MAX_SKIP_NOTES:
            more = len(skipped) - _MAX_SKIP_NOTES + 1
            skipped[_MAX_SKIP_NOTES - 1 :] = [f"{more:,} more rows without text, skipped"]
        drafts[0].warnings[:0] = skipped
        yield from drafts


def _draft(record: Record, fields: dict[str, str], day_first: bool | None) -> ArticleDraft | None:
    def value(field: str) -> str:
        return as_text(record.values.get(fields[field])) if field in fields else ""

    def body_of(field: str) -> list[Block]:
        cell = record.values.get(fields[field]) if field in fields else None
        if isinstance(cell, list) and all(isinstance(item, str) for item in cell):
            return text_blocks("\n\n".join(cell))  # a list of paragraphs
        return text_blocks(as_text(cell))

    body = body_of("text")
    if not body:
        return None
    lead = [Block("lead", b.text, b.marks) for b in body_of("lead")]
    if lead and lead[-1].text == body[0].text:
        lead.pop()  # some datasets repeat the standfirst as the text's first paragraph
    blocks = lead + body
    warnings = list(record.warnings)
    date = None
    if "date" in fields:
        try:
            date = parse_date(record.values.get(fields["date"]), day_first=day_first)
        except DateError as exc:
            warnings.append(f"{record.origin}: {exc}; no date set")
    title = value("title")
    if looks_like_html(title):
        title = next((block.text for block in text_blocks(title)), "")
    url = web_url(value("url"))
    source = collapse_whitespace(value("source"))
    if source.lower().startswith(("http://", "https://")):
        source = domain_of(source)  # a "source" column of links names the outlet by its site
    return ArticleDraft(
        blocks=blocks,
        title=collapse_whitespace(title) or fallback_title(blocks),
        source=source or domain_of(url),
        author=collapse_whitespace(value("author")),
        date=date,
        url=url,
        raw=record.raw,
        origin=record.origin,
        warnings=warnings,
        attributes=_attributes(record, fields),
    )


def _attributes(record: Record, fields: dict[str, str]) -> dict[str, str]:
    """The row's non-empty cells of the columns mapped to variables, by variable name."""
    found = {}
    for field, column in fields.items():
        if field.startswith(ATTRIBUTE_PREFIX):
            cell = as_text(record.values.get(column)).strip()
            if cell:
                found[field.removeprefix(ATTRIBUTE_PREFIX)] = cell
    return found


def as_text(value: object) -> str:
    """A cell as text: lists joined ("A, B"), named objects by their name, null as empty."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return ", ".join(filter(None, (as_text(item) for item in value)))
    if isinstance(value, dict):
        for key in _NAME_KEYS:
            if key in value:
                return as_text(value[key])
        return ""
    return str(value)


def _memory_needed(size: int, text: str) -> int:
    """Measured (importers/memory.py): copies of the text, a byte of it, narrow or wide; and a
    row's record, draft and article. A JSON object per row holds a "{"; a line of CSV or JSON
    Lines a newline."""
    json = text.lstrip()[:1] in ("[", "{")
    rows = text.count("{") if json else text.count("\n") + 1
    return memory.text_cost(size, text, _MEMORY_PER_BYTE) + _MEMORY_PER_ROW * rows


def _max_unpacked(size: int) -> int:
    """A gzip file unpacks no further than its text could be imported in bounded memory."""
    return min(records.MAX_DECOMPRESSED_BYTES, memory.budget(size) // int(_MEMORY_PER_BYTE[0]))


def domain_of(url: str) -> str:
    """The outlet a link points at, as its host without "www." (or "m.", "amp.")."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return _HOST_PREFIX.sub("", host.rstrip("."))


def _header_cells(line: str) -> list[str]:
    counts = {d: line.count(d) for d in ",;\t|"}
    delimiter = max(counts, key=lambda d: counts[d])
    if not counts[delimiter]:
        return [line.strip()]
    return [cell.strip().strip('"').strip() for cell in line.split(delimiter)]
