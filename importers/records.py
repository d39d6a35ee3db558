"""The records of a dataset file: CSV/TSV, a JSON array (or an object holding one), JSON Lines.

Each record keeps its own raw text, so an article can always show the row it came from. A
malformed JSON line fails the whole file: half a dataset imported is worse than none, since
nobody notices the missing half. Gzip is unpacked here too, with a cap against zip bombs.
"""

from __future__ import annotations

import csv
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from importers.decoding import size_label
from importers.draft import ImportFailure

GZIP_MAGIC = b"\x1f\x8b"
MAX_DECOMPRESSED_BYTES = 500_000_000  # "500 MB"
_CHUNK = 1 << 20
_DELIMITERS = ",;\t|"
_SNIFF_SAMPLE = 65536
# Where a JSON document keeps its list of articles, by preference.
_LIST_KEYS = ("articles", "items", "data", "results", "entries", "posts", "documents", "records")
_MAX_REASON = 120


@dataclass
class Record:
    origin: str  # "row 12", "item 3", "line 7": for messages
    values: dict[str, object]
    raw: bytes
    warnings: list[str] = field(default_factory=list)


@dataclass
class Table:
    columns: list[str]
    records: list[Record]


def is_gzip(data: bytes) -> bool:
    return data.startswith(GZIP_MAGIC)


def gunzip(data: bytes, limit: int | None = None) -> bytes:
    """All members of a gzip file, refused past `limit` bytes unpacked."""
    limit = MAX_DECOMPRESSED_BYTES if limit is None else limit
    out = bytearray()
    rest = data
    try:
        while rest:
            unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
            pending = rest
            while pending and not unpacker.eof:
                out += unpacker.decompress(pending, _CHUNK)
                pending = unpacker.unconsumed_tail
                if len(out) > limit:
                    raise ImportFailure(
                        f"unpacked data is larger than the {size_label(limit)} limit"
                    )
            if not unpacker.eof:
                raise ImportFailure("truncated gzip data")
            rest = unpacker.unused_data.lstrip(b"\x00")  # some tools pad members with zeros
    except zlib.error as exc:
        raise ImportFailure(f"corrupt gzip data ({exc})") from None
    return bytes(out)


def gunzip_head(head: bytes, size: int = 4096) -> bytes:
    """The first unpacked bytes of a gzip file's first bytes, for sniffing; b"" if unreadable."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, size)
    except zlib.error:
        return b""


def read_table(text: str, path: Path) -> Table:
    """The file's records: JSON when it starts like JSON, else a delimited table."""
    start = text.lstrip()[:1]
    if start == "[" or (start == "{" and not _is_json_lines(text, path)):
        return _json_table(text)
    if start == "{":
        return _json_lines_table(text)
    return _csv_table(text, path)


def _is_json_lines(text: str, path: Path) -> bool:
    """Several lines, the first a whole object (a pretty-printed document's first is "{")."""
    lines = text.strip().split("\n", 1)
    if len(lines) < 2 or not lines[1].strip():
        return False  # one line: a document, which may hold an article list
    if path.name.lower().endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
        return True
    try:
        return isinstance(json.loads(lines[0]), dict)
    except (ValueError, RecursionError):
        return False


def _json_table(text: str) -> Table:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailure(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except (ValueError, RecursionError) as exc:  # huge numbers, absurd nesting
        raise ImportFailure(f"invalid JSON: {_short(str(exc) or type(exc).__name__)}") from None
    items = _article_list(document)
    records = [_object_record(item, f"item {n}") for n, item in enumerate(items, 1)]
    return Table(_columns(records), records)


def _article_list(document: object) -> list[object]:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in _LIST_KEYS:
            value = document.get(key)
            if isinstance(value, list):
                return value
        lists = [v for v in document.values() if isinstance(v, list) and v]
        if len(lists) == 1 and all(isinstance(item, dict) for item in lists[0]):
            return lists[0]
        return [document]  # one article as one object
    raise ImportFailure(f"expected JSON objects, found {_json_type(document)}")


def _json_lines_table(text: str) -> Table:
    records: list[Record] = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportFailure(f"line {number}: invalid JSON ({exc.msg})") from None
        except (ValueError, RecursionError) as exc:
            raise ImportFailure(f"line {number}: invalid JSON ({_short(str(exc))})") from None
        records.append(_object_record(item, f"line {number}", line))
    return Table(_columns(records), records)


def _object_record(item: object, origin: str, raw: str | None = None) -> Record:
    if not isinstance(item, dict):
        raise ImportFailure(f"{origin} is {_json_type(item)}, not an object")
    if raw is None:
        raw = json.dumps(item, ensure_ascii=False, indent=2)
    return Record(origin, {str(key): value for key, value in item.items()}, raw.encode("utf-8"))


def _columns(records: list[Record]) -> list[str]:
    seen: dict[str, None] = {}
    for record in records:
        for key in record.values:
            seen.setdefault(key, None)
    return list(seen)


def _csv_table(text: str, path: Path) -> Table:
    """Rows by the header; each record's raw is the header line(s) plus its own line(s)."""
    lines = text.split("\n")  # decode_text left only LF line ends, so csv line_num matches
    # A field may be as long as the file; the limit is process-wide, so only ever raise it.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    delimiter = _delimiter(text, tab_default=".tsv" in [s.lower() for s in path.suffixes])
    # The lines, not a StringIO: that would hold a copy of the text at 4 bytes a character.
    reader = csv.reader((line + "\n" for line in lines), delimiter=delimiter)
    rows = _rows(reader)
    header_row = next(rows, None)
    if header_row is None:
        raise ImportFailure("no header row")
    header, _start, header_end = header_row
    columns = _unique([name.strip() for name in header])
    head_raw = "\n".join(lines[:header_end])
    records: list[Record] = []
    for number, (row, start, end) in enumerate(rows, 1):
        origin = f"row {number}"
        record = Record(
            origin,
            dict(zip(columns, row, strict=False)),
            (head_raw + "\n" + "\n".join(lines[start:end])).encode("utf-8"),
        )
        if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns) :]):
            record.warnings.append(
                f"{origin}: {len(row)} fields but {len(columns)} columns; extra fields ignored"
            )
        records.append(record)
    return Table(columns, records)


def _rows(reader: Iterator[list[str]]) -> Iterator[tuple[list[str], int, int]]:
    """(row, first line index, end line index) for each non-blank row."""
    start = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = getattr(reader, "line_num", 0)
            raise ImportFailure(f"line {line}: unreadable CSV ({exc})") from None
        end = getattr(reader, "line_num", start + 1)
        if any(cell.strip() for cell in row):
            yield row, start, end
        start = end


def _delimiter(text: str, *, tab_default: bool) -> str:
    """The delimiter the header line uses most; csv.Sniffer when that is unclear."""
    header = text.split("\n", 1)[0]
    counts = {d: _count_outside_quotes(header, d) for d in _DELIMITERS}
    best = max(counts.values())
    if best and list(counts.values()).count(best) == 1:
        return max(counts, key=lambda d: counts[d])
    try:
        return csv.Sniffer().sniff(text[:_SNIFF_SAMPLE], delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return "\t" if tab_default else ","


def _count_outside_quotes(line: str, delimiter: str) -> int:
    return sum(part.count(delimiter) for part in line.split('"')[::2])


def _unique(names: list[str]) -> list[str]:
    """Header names with repeats numbered, so no column hides another."""
    seen: dict[str, int] = {}
    result: list[str] = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return names.get(type(value), "a number")


def _short(reason: str) -> str:
    reason = " ".join(reason.split())  # one line, for the report
    return reason if len(reason) <= _MAX_REASON else reason[: _MAX_REASON - 1] + "…"
