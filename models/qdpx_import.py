"""Importing a REFI-QDA project (`.qdpx`): texts as articles, codes as tags, codings as
annotations, notes; whatever Gloss cannot hold is reported by name, never dropped silently.

Texts are stored as paragraphs (blank lines apart) and deduplicated like any import; each
selection is re-placed in the stored text by its quote and context with the re-anchoring engine
(quote_placing), so writers that count positions differently or add a BOM still land right.
A Gloss project reads back to the same texts, annotations, tags and notes.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from importers.columns import ATTRIBUTE_NAME
from importers.draft import ArticleDraft, Block
from models.anchoring import CONTEXT_CHARS, FUZZY
from models.annotating import NewAnnotation, create_annotations
from models.codebook_io import Entry, apply_entries, children, read_codes
from models.coders import normalize_coder
from models.errors import LibraryError
from models.qdpx_selections import PositionReader
from models.quote_placing import QuotePlacer
from models.schema import Annotation
from models.storing import store_drafts

if TYPE_CHECKING:
    from lxml import etree

MAX_ENTRY_BYTES = 512 * 1024 * 1024  # one file inside the zip, unpacked
_BLANK_LINES = re.compile(r"\r?\n[ \t\r]*\n")
_NOT_IN_NAME = re.compile(r"[^\w.\-]+")
_NOT_HELD = ("PDFSource", "PictureSource", "AudioSource", "VideoSource")
_VARIABLES = {"outlet": "source", "author": "author", "date": "date", "url": "url"}


@dataclass
class ProjectReport:
    path: Path
    articles: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    tags_created: list[str] = field(default_factory=list)
    annotations: int = 0
    already: int = 0
    coders: list[str] = field(default_factory=list)
    not_held: list[str] = field(default_factory=list)  # what Gloss cannot hold, by name
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.path}: {len(self.articles)} article(s) imported, {len(self.duplicates)} "
            f"already in the library, {len(self.tags_created)} new tag(s), {self.annotations} "
            f"annotation(s)" + (f", {self.already} already there" if self.already else "")
        )


def is_qdpx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "project.qde" in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def import_qdpx(path: Path) -> ProjectReport:
    from lxml import etree

    report = ProjectReport(path)
    try:
        with zipfile.ZipFile(path) as archive:
            root = _parse(archive, "project.qde", path)
            _read_project(archive, root, report)
    except (OSError, zipfile.BadZipFile) as exc:
        raise LibraryError(f"{path}: not a readable REFI-QDA project ({exc})") from exc
    except etree.XMLSyntaxError as exc:
        raise LibraryError(f"{path}: not a REFI-QDA project (broken XML: {exc})") from exc
    return report


def _read_bytes(archive: zipfile.ZipFile, name: str, path: Path) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_ENTRY_BYTES:
        raise LibraryError(f"{path}: {name} unpacks to more than {MAX_ENTRY_BYTES >> 20} MB")
    return archive.read(info)


def _parse(archive: zipfile.ZipFile, name: str, path: Path) -> etree._Element:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(_read_bytes(archive, name, path), parser)
    if root.getroottree().docinfo.doctype:
        raise LibraryError(f"{path}: refused, the project declares a DOCTYPE (projects have none)")
    if etree.QName(root).localname != "Project":
        raise LibraryError(f"{path}: not a REFI-QDA project (no Project element)")
    return root


def _one(element: etree._Element, name: str) -> etree._Element | None:
    found = children(element, name)
    return found[0] if found else None


def _read_project(archive: zipfile.ZipFile, root: etree._Element, report: ProjectReport) -> None:
    users = _users(root, report)
    entries: list[Entry] = []
    guids: dict[str, str] = {}
    codebook = _one(root, "CodeBook")
    codes = _one(codebook, "Codes") if codebook is not None else None
    if codes is not None:
        taguette = (root.get("origin") or "").startswith("Taguette")
        read_codes(codes, None, entries, report.problems, guids, dotted=taguette)
    tags = apply_entries(entries, [])
    report.tags_created = tags.created
    report.problems.extend(tags.problems)
    for name in ("Sets", "Links", "Graphs"):
        element = _one(root, name)
        if element is not None and len(element):
            report.not_held.append(f"{len(element)} {name.lower()} (Gloss has none)")
    notes = _notes(root)
    declared = _one(root, "Variables")
    variables = {
        v.get("guid"): (v.get("name") or "").strip()
        for v in (children(declared, "Variable") if declared is not None else [])
    }
    by_case = _case_values(_one(root, "Cases"), variables)
    _unattached_notes(root, notes, report)
    sources = _one(root, "Sources")
    for kind in _NOT_HELD:
        found = children(sources, kind) if sources is not None else []
        if found:
            names = ", ".join(s.get("name") or "?" for s in found[:5])
            report.not_held.append(f"{len(found)} {kind} (not text; Gloss reads text): {names}")
    context = _Context(guids, notes, users, root.get("origin") or "")
    for source in children(sources, "TextSource") if sources is not None else []:
        values = {**by_case.get(source.get("guid"), {}), **_values(source, variables)}
        _read_source(archive, source, context, values, report)


def _values(element: etree._Element, variables: dict[str | None, str]) -> dict[str, str]:
    """An element's variable values as text, by the declared variable name."""
    found: dict[str, str] = {}
    for value in children(element, "VariableValue"):
        ref = _one(value, "VariableRef")
        name = variables.get(ref.get("targetGUID") if ref is not None else None, "")
        text = next(
            (c.text for c in value if isinstance(c.tag, str) and c.text and c is not ref), ""
        )
        if name and text.strip():
            found[name] = text.strip()
    return found


def _case_values(
    cases: etree._Element | None, variables: dict[str | None, str]
) -> dict[str | None, dict[str, str]]:
    """Each source's values from the cases naming it (NVivo and MAXQDA keep document
    variables there)."""
    found: dict[str | None, dict[str, str]] = {}
    for case in children(cases, "Case") if cases is not None else []:
        values = _values(case, variables)
        for ref in children(case, "SourceRef"):
            found.setdefault(ref.get("targetGUID"), {}).update(values)
    return found


def _attribute_name(declared: str) -> str | None:
    """A variable's name as an article variable name (spaces and the like as '_'); None when
    nothing usable is left. ' (variable)' is what Gloss's export adds to a name it shares."""
    name = _NOT_IN_NAME.sub("_", declared.removesuffix(" (variable)")).strip("_")
    return name if ATTRIBUTE_NAME.fullmatch(name) else None


@dataclass(frozen=True)
class _Context:
    """What the selections of every source look up: codes, notes and coders by guid."""

    codes: dict[str, str]
    notes: dict[str, etree._Element]
    users: dict[str, str]  # lower-case guid: coder name
    origin: str  # the writing program, whose habits PositionReader knows

    def note(self, guid: str | None) -> str:
        note = self.notes.get(guid or "")
        if note is None:
            return ""
        content = _one(note, "PlainTextContent")
        text = (content.text or "") if content is not None else ""
        return text.strip() or (note.get("name") or "")

    def coder(self, element: etree._Element) -> str | None:
        """The coder who made `element` (its creatingUser), None when it names none."""
        return self.users.get((element.get("creatingUser") or "").lower())


def _users(root: etree._Element, report: ProjectReport) -> dict[str, str]:
    """Each User's guid (lower case: writers differ) to a coder name Gloss can hold."""
    users: dict[str, str] = {}
    element = _one(root, "Users")
    for user in children(element, "User") if element is not None else []:
        try:
            users[(user.get("guid") or "").lower()] = normalize_coder(user.get("name") or "")
        except ValueError as exc:
            report.problems.append(f"user {user.get('guid')!r}: {exc}; its work gets no coder")
    return users


def _notes(root: etree._Element) -> dict[str, etree._Element]:
    notes_element = _one(root, "Notes")
    found = children(notes_element, "Note") if notes_element is not None else []
    return {note.get("guid") or "": note for note in found}


def _unattached_notes(
    root: etree._Element, notes: dict[str, etree._Element], report: ProjectReport
) -> None:
    """Notes no text or selection points at (journals, project memos): named, not dropped."""
    from lxml import etree

    referenced = {
        (ref.get("targetGUID") or "")
        for ref in root.iter()
        if isinstance(ref.tag, str) and etree.QName(ref).localname == "NoteRef"
    }
    loose = [n.get("name") or guid[:8] for guid, n in notes.items() if guid not in referenced]
    if loose:
        report.not_held.append(
            f"{len(loose)} note(s) on no passage (journals, memos): {', '.join(loose[:5])}"
        )


def _passages(
    source: etree._Element, context: _Context, report: ProjectReport
) -> list[tuple[etree._Element, etree._Element | None]]:
    """The source's selections, then the passages its notes mark (QualCoder writes a note on a
    passage as a source NoteRef to a Note holding the PlainTextSelection), each with its Note."""
    found: list[tuple[etree._Element, etree._Element | None]] = [
        (selection, None) for selection in children(source, "PlainTextSelection")
    ]
    for ref in children(source, "NoteRef"):
        note = context.notes.get(ref.get("targetGUID") or "")
        marked = children(note, "PlainTextSelection") if note is not None else []
        found.extend((selection, note) for selection in marked)
        if note is not None and not marked:
            report.not_held.append(
                f"a note on the whole text “{source.get('name')}” (Gloss notes mark passages;"
                " a Gloss project's are highlights no longer placed in the text)"
            )
    return found


def _source_text(
    archive: zipfile.ZipFile, source: etree._Element, report: ProjectReport
) -> str | None:
    content = _one(source, "PlainTextContent")
    if content is not None:
        return content.text or ""
    location = source.get("plainTextPath") or ""
    name = _member(archive, location)
    if name is None:
        where = "is missing from the project" if location else "is not given"
        report.problems.append(f"text “{source.get('name')}”: its file {location!r} {where}")
        return None
    data = _read_bytes(archive, name, report.path)
    return data.decode("utf-8-sig", "replace")


def _member(archive: zipfile.ZipFile, location: str) -> str | None:
    """The zip member a plainTextPath names. Writers differ: `internal://x.txt` per the
    standard, a bare `x.txt`, a `Sources/` folder with a capital S."""
    if not location or "://" in location.removeprefix("internal://"):
        return None
    wanted = location.removeprefix("internal://").lstrip("/").lower()
    members = {n.lower(): n for n in archive.namelist()}
    for candidate in (f"sources/{wanted}", wanted):
        if candidate in members:
            return members[candidate]
    return None


def _read_source(
    archive: zipfile.ZipFile,
    source: etree._Element,
    context: _Context,
    values: dict[str, str],
    report: ProjectReport,
) -> None:
    original = _source_text(archive, source, report)
    if original is None:
        return
    blocks = [
        Block("paragraph", part.strip()) for part in _BLANK_LINES.split(original) if part.strip()
    ]
    if not blocks:
        report.problems.append(f"text “{source.get('name')}” is empty; skipped")
        return
    fields = {_VARIABLES[n.lower()]: v for n, v in values.items() if n.lower() in _VARIABLES}
    attributes: dict[str, str] = {}
    for declared, text in values.items():
        name = None if declared.lower() in _VARIABLES else _attribute_name(declared)
        if name:
            attributes[name] = text
    draft = ArticleDraft(
        blocks,
        title=source.get("name") or "",
        source=fields.get("source", ""),
        author=fields.get("author", ""),
        date=_date(fields.get("date", "")),
        url=fields.get("url", ""),
        raw=original.encode("utf-8"),
        attributes=attributes,
    )
    [stored] = store_drafts([draft], "qdpx", report.path)
    (report.duplicates if stored.duplicate else report.articles).append(stored.article_id)
    _read_selections(source, original, stored.article_id, context, report)


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _read_selections(
    source: etree._Element,
    original: str,
    article_id: int,
    context: _Context,
    report: ProjectReport,
) -> None:
    from models.articles import article_text

    placer = QuotePlacer(article_text(article_id))
    positions = PositionReader(original, context.origin)
    new: list[NewAnnotation] = []
    for selection, note_element in _passages(source, context, report):
        name = selection.get("name") or ""
        where = f"selection “{name[:40]}” in “{source.get('name')}”"
        try:
            start = int(selection.get("startPosition") or "")
            end = int(selection.get("endPosition") or "")
        except ValueError:
            report.problems.append(f"{where}: no positions; skipped")
            continue
        found = positions.span(start, end, name)
        quote = original[found[0] : found[1]] if found else ""
        placed = found and placer.place(
            quote,
            original[max(0, found[0] - CONTEXT_CHARS) : found[0]],
            original[found[1] : found[1] + CONTEXT_CHARS],
            found[0],
        )
        if placed is None or placed.start is None or placed.end is None:
            report.problems.append(
                f"{where}: positions {start}-{end} fall outside the text, or its context does not"
                " match"
            )
            continue
        note_parts = [
            d.text.strip() for d in children(selection, "Description") if d.text and d.text.strip()
        ]
        note_parts += [context.note(n.get("targetGUID")) for n in children(selection, "NoteRef")]
        if note_element is not None:
            note_parts.append(context.note(note_element.get("guid")))
        note = "\n\n".join(p for p in note_parts if p)
        owner = context.coder(selection) or (
            context.coder(note_element) if note_element is not None else None
        )
        for coder, tags in _codings(selection, owner, context, where, report).items():
            if _exists(article_id, (placed.start, placed.end), coder):
                report.already += 1
                continue
            new.append(
                NewAnnotation(
                    article_id,
                    placed.start,
                    placed.end,
                    note,
                    "yellow",
                    tags,
                    coder,
                    anchor=placed.anchor,
                    original_quote=quote if placed.anchor == FUZZY else None,
                )
            )
            note = ""  # one note per selection, on its first coder's annotation
            if coder is not None and coder not in report.coders:
                report.coders.append(coder)
    if new:
        report.annotations += len(create_annotations(new))


def _codings(
    selection: etree._Element,
    owner: str | None,
    context: _Context,
    where: str,
    report: ProjectReport,
) -> dict[str | None, tuple[str, ...]]:
    """Tags by coder: a Coding's creatingUser, else the selection's `owner` (NVivo lets two
    coders code one selection; in Gloss each coder's work is an annotation of its own)."""
    by_coder: dict[str | None, list[str]] = {}
    for coding in children(selection, "Coding"):
        ref = _one(coding, "CodeRef")
        path = context.codes.get(ref.get("targetGUID") or "") if ref is not None else None
        if path is None:
            report.problems.append(f"{where}: a coding names an unknown code; skipped")
            continue
        by_coder.setdefault(context.coder(coding) or owner, []).append(path)
    if not by_coder:
        by_coder[owner] = []
    return {coder: tuple(dict.fromkeys(tags)) for coder, tags in by_coder.items()}


def _exists(article_id: int, span: tuple[int, int], coder: str | None) -> bool:
    query = Annotation.select().where(
        (Annotation.article == article_id)
        & (Annotation.start == span[0])
        & (Annotation.end == span[1])
    )
    if coder is not None:
        query = query.where(Annotation.coder == coder)
    return bool(query.exists())
