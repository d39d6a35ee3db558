"""Codebook files: CSV (`tag,description,color`) and REFI-QDA `.qdc`, out and in.

Codebooks travel between coders and between QDA programs (MAXQDA, NVivo, ATLAS.ti, QualCoder
read REFI-QDA). Importing creates or updates tags, never deletes one, and runs in one
transaction whose snapshot undoes it. A bad row is refused with a line naming it; the rest of
the file still counts. Guids are not stored: each is a uuid5 of the tag's path, so exporting
the same codebook twice gives the same file.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from models.codebook import codebook
from models.colors import NAMED_COLORS, normalize_color
from models.errors import LibraryError, saving
from models.schema import Tag, database
from models.tag_snapshots import Snapshot, capture
from models.tags import SEPARATOR, normalize_tag_path
from models.text import without_nul

if TYPE_CHECKING:  # lxml loads with the first REFI-QDA codebook, not with the window
    from lxml import etree

CSV_HEADER = ["tag", "description", "color"]
QDC_NAMESPACE = "urn:QDA-XML:codebook:1.0"
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://gloss.invalid/codebook")
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Entry:
    """One tag as a file describes it; None leaves that field as it is in the library."""

    path: str
    description: str | None
    color: str | None
    where: str  # "line 4", for messages


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "line 4: …" for each refused row
    snapshot: Snapshot = field(default_factory=Snapshot.empty)  # restore it to undo

    def summary(self) -> str:
        parts = [f"{len(self.created)} new", f"{len(self.updated)} updated"]
        if self.unchanged:
            parts.append(f"{len(self.unchanged)} unchanged")
        if self.problems:
            parts.append(f"{len(self.problems)} refused")
        return "Codebook imported: " + ", ".join(parts) + "."


def tag_guid(path: str) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, path))


def nearest_color(hex_value: str) -> str:
    """Gloss has eight highlight colours; another program's colour maps to the closest."""
    value = hex_value.strip().lstrip("#")
    if len(value) != 6 or any(c not in "0123456789abcdefABCDEF" for c in value):
        raise ValueError(f"'{hex_value}' is not a colour (#RRGGBB or one of the names)")
    rgb = [int(value[i : i + 2], 16) for i in (0, 2, 4)]

    def distance(name: str) -> int:
        other = NAMED_COLORS[name]
        return sum((a - int(other[1 + 2 * i : 3 + 2 * i], 16)) ** 2 for i, a in enumerate(rgb))

    return min(NAMED_COLORS, key=distance)


def parse_color(text: str) -> str:
    """A colour name ('Gray' too) or #RRGGBB; raises ValueError with a plain message."""
    return nearest_color(text) if text.strip().startswith("#") else normalize_color(text)


# --- CSV ------------------------------------------------------------------------------------
def _neutralize(value: str) -> str:
    """Inert in a spreadsheet; `_revive` undoes it, so every value round-trips."""
    return "'" + value if value.lstrip("'").startswith(_FORMULA_STARTS) else value


def _revive(value: str) -> str:
    return (
        value[1:]
        if value.startswith("'") and value.lstrip("'").startswith(_FORMULA_STARTS)
        else value
    )


def export_codebook_csv(out: TextIO | Path) -> int:
    """Write every tag (path order) as tag,description,color; returns the row count."""
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as handle:
            return export_codebook_csv(handle)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    nodes = [n for n in codebook() if n.id is not None]
    for node in nodes:
        writer.writerow([_neutralize(v) for v in (node.path, node.description, node.color)])
    return len(nodes)


def import_codebook_csv(path: Path) -> ImportReport:
    """Create or update tags from a CSV whose header is exactly tag,description,color.

    An empty description or colour cell leaves the tag's own as it is.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LibraryError(f"{path}: cannot read the codebook ({exc})") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        names = [cell.strip().lower() for cell in header or []]
        if "number of highlights" in names and {"tag", "name", "path"} & set(names):
            return apply_entries(*_taguette_entries(names, reader))
        if header is None or names != CSV_HEADER:
            raise LibraryError(
                f"{path}: not a codebook CSV; its first line must be exactly {','.join(CSV_HEADER)}"
            )
        entries, problems = [], []
        line = reader.line_num + 1
        for row in reader:
            where, line = f"line {line}", reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != 3:
                problems.append(
                    f"{where}: expected 3 cells (tag, description, color), found {len(row)}"
                )
                continue
            tag, description, color = (_revive(cell) for cell in row)
            entries.append(Entry(tag, description or None, color.strip() or None, where))
    except csv.Error as exc:
        raise LibraryError(f"{path}: not a readable CSV (line {reader.line_num}: {exc})") from exc
    return apply_entries(entries, problems)


def _taguette_entries(
    header: list[str], reader: Iterator[list[str]]
) -> tuple[list[Entry], list[str]]:
    """Taguette's codebook export (tag, description, number of highlights; name/path and
    parent columns too): its dotted levels ('a.b') become Gloss's ('a/b'); counts are not
    codebook data."""
    column = next(header.index(name) for name in ("tag", "name", "path") if name in header)
    optional = {
        name: header.index(name) for name in ("description", "parent", "color") if name in header
    }
    entries, problems = [], []
    for line, row in enumerate(reader, 2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: row[i].strip() if i < len(row) else "" for name, i in optional.items()}
        path = (row[column].strip() if column < len(row) else "").replace(".", SEPARATOR)
        if cells.get("parent"):
            path = cells["parent"].replace(".", SEPARATOR) + SEPARATOR + path
        if not path.strip(SEPARATOR + " "):
            problems.append(f"line {line}: no tag name")
            continue
        description = _revive(cells.get("description", ""))
        entries.append(Entry(path, description or None, cells.get("color") or None, f"line {line}"))
    return entries, problems


# --- REFI-QDA -------------------------------------------------------------------------------
def export_codebook_qdc(out: Path | BinaryIO) -> int:
    """Write a REFI-QDA codebook: nesting is hierarchy, groups without a row are not codable."""
    from lxml import etree

    if not Tag.select().exists():
        raise LibraryError(
            "the codebook is empty: a REFI-QDA codebook needs at least one code (CSV can be empty)"
        )
    q = f"{{{QDC_NAMESPACE}}}"
    root = etree.Element(f"{q}CodeBook", nsmap={None: QDC_NAMESPACE}, origin="Gloss")
    count = add_codes(etree.SubElement(root, f"{q}Codes"), QDC_NAMESPACE)
    data = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    if isinstance(out, Path):
        out.write_bytes(data)
    else:
        out.write(data)
    return count


def add_codes(codes: etree._Element, namespace: str) -> int:
    """Add the codebook as nested Code elements (the same in a .qdc and a project's CodeBook):
    nesting is hierarchy, groups without a tag of their own are not codable."""
    from lxml import etree

    q = f"{{{namespace}}}"
    parents: dict[str | None, etree._Element] = {None: codes}
    nodes = codebook()
    for node in nodes:
        parent = parents[node.parent_path.lower() if node.parent_path else None]
        element = etree.SubElement(
            parent,
            f"{q}Code",
            guid=tag_guid(node.path),
            name=node.name,
            isCodable="true" if node.id is not None else "false",
        )
        if node.id is not None and node.color in NAMED_COLORS:
            element.set("color", NAMED_COLORS[node.color].upper())
        if node.description:
            etree.SubElement(element, f"{q}Description").text = node.description
        parents[node.key] = element
    return len(nodes)


def import_codebook_qdc(path: Path) -> ImportReport:
    """Create or update tags from a REFI-QDA codebook; nested codes become tag paths.

    Parsed without a DTD, entity expansion or network access; a file declaring a DOCTYPE is
    refused outright (codebooks have none, and entity tricks live there).
    """
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        tree = etree.parse(str(path), parser)
    except OSError as exc:
        raise LibraryError(f"{path}: cannot read the codebook ({exc})") from exc
    except etree.XMLSyntaxError as exc:
        raise LibraryError(f"{path}: not a REFI-QDA codebook (broken XML: {exc})") from exc
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise LibraryError(f"{path}: refused, the file declares a DOCTYPE (codebooks have none)")
    root = tree.getroot()
    if etree.QName(root).localname != "CodeBook":
        raise LibraryError(f"{path}: not a REFI-QDA codebook (no CodeBook element)")
    entries: list[Entry] = []
    problems: list[str] = []
    dotted = (root.get("origin") or "").startswith("Taguette")
    for codes in children(root, "Codes"):
        read_codes(codes, None, entries, problems, {}, dotted=dotted)
    for sets in children(root, "Sets"):
        found = children(sets, "Set")
        if found:
            names = ", ".join(f"“{s.get('name') or '?'}”" for s in found)
            problems.append(f"{len(found)} set(s) not imported (Gloss has no code sets): {names}")
    return apply_entries(entries, problems)


def children(element: etree._Element, name: str) -> list[etree._Element]:
    """Children by local name: some programs write the codebook without its namespace."""
    from lxml import etree

    return [
        child
        for child in element
        if isinstance(child.tag, str) and etree.QName(child).localname == name
    ]


def read_codes(
    parent: etree._Element,
    prefix: str | None,
    entries: list[Entry],
    problems: list[str],
    guids: dict[str, str] | None = None,
    *,
    dotted: bool = False,
) -> None:
    """Entries for the Code elements under `parent`, nesting as paths; `guids` (when given)
    learns each code's guid → path, for a project's CodeRefs, and keeps a code written twice
    (QualCoder repeats sub-codes beside their parent) from becoming two tags. `dotted`: the
    writer nests with dots in flat names (Taguette's 'a.b'), which become levels."""
    for code in children(parent, "Code"):
        where = f"line {code.sourceline}"
        name = (code.get("name") or "").strip()
        if not name:
            problems.append(f"{where}: a Code without a name (and its subcodes) was skipped")
            continue
        guid = code.get("guid")
        if guids is not None and guid and guid in guids:
            problems.append(f"{where}: “{name}” appears twice (same guid); the first kept")
            continue
        if SEPARATOR in name:
            problems.append(f"{where}: “{name}” holds '/', which nests tags; imported with '-'")
            name = name.replace(SEPARATOR, "-")
        if dotted:
            name = SEPARATOR.join(part.strip() for part in name.split(".") if part.strip())
        path = f"{prefix}{SEPARATOR}{name}" if prefix else name
        if guids is not None and guid:
            guids[str(guid)] = path
        descriptions = children(code, "Description")
        description = (descriptions[0].text or "").strip() if descriptions else ""
        subcodes = children(code, "Code")
        implied = code.get("isCodable") == "false" and subcodes and not description
        if not implied:  # a bare, uncodable group is implied by its subcodes, as in Gloss
            entries.append(Entry(path, description or None, code.get("color"), where))
        read_codes(code, path, entries, problems, guids, dotted=dotted)


# --- applying -------------------------------------------------------------------------------
@saving()
def apply_entries(entries: list[Entry], problems: list[str]) -> ImportReport:
    """Validate every entry, then create or update tags in one transaction."""
    report = ImportReport(problems=list(problems))
    valid: dict[str, tuple[str, str | None, str | None]] = {}
    seen: dict[str, str] = {}
    for entry in entries:
        try:
            path = normalize_tag_path(entry.path)
            color = parse_color(entry.color) if entry.color else None
        except ValueError as exc:
            report.problems.append(f"{entry.where}: {exc}")
            continue
        if path.lower() in seen:
            report.problems.append(f"{entry.where}: “{path}” again (first at {seen[path.lower()]})")
            continue
        seen[path.lower()] = entry.where
        description = None if entry.description is None else without_nul(entry.description)
        valid[path.lower()] = (path, description, color)
    with database.atomic():
        existing = {row.path.lower(): row for row in Tag.select()}
        touched = [existing[key].id for key in valid if key in existing]
        before = capture(touched)
        created: list[int] = []
        for key, (path, description, color) in valid.items():
            row = existing.get(key)
            if row is None:
                new = Tag.create(path=path, color=color or "grey", description=description or "")
                created.append(int(new.id))
                report.created.append(path)
                continue
            changes = {}
            if description is not None and description != row.description:
                changes["description"] = description
            if color is not None and color != row.color:
                changes["color"] = color
            if changes:
                Tag.update(**changes).where(Tag.id == row.id).execute()
                report.updated.append(row.path)
            else:
                report.unchanged.append(row.path)
        report.snapshot = before.widened(created)
    report.problems.sort(key=_line_number)
    return report


def _line_number(problem: str) -> int:
    """Problems are listed in file order, whichever check found them."""
    head = problem.split(":", 1)[0]
    return int(head[5:]) if head.startswith("line ") and head[5:].isdigit() else 0
