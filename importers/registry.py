"""Finding importers (built-in and plug-in), choosing one for a file, and running it safely.

Plug-ins register under the entry-point group "gloss.importers", naming an `Importer` subclass
or instance. A broken plug-in is logged and skipped; one that fails while parsing becomes an
`ImportFailure` like any other, so callers only ever handle that one exception.
"""

from __future__ import annotations

import inspect
import logging
import math
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from importers.base import Importer
from importers.dataset import DatasetImporter
from importers.dated_text import DatedTextImporter
from importers.decoding import HEAD_BYTES, decode_text, read_source
from importers.draft import (
    ArticleDraft,
    Block,
    ImportFailure,
    NotThisFormat,
    UnknownFormat,
    web_url,
)
from importers.factiva_html import FactivaHtmlImporter
from importers.factiva_text import FactivaTextImporter
from importers.feed import FeedImporter
from importers.html_page import HtmlPageImporter
from importers.lexisnexis_txt import LexisNexisTxtImporter
from importers.markdown_text import MarkdownImporter
from importers.nexis_docx import NexisDocxImporter
from importers.nexis_html import NexisHtmlImporter
from importers.nexis_pdf import NexisPdfImporter
from importers.nexis_rtf import NexisRtfImporter
from importers.odt import OdtImporter
from importers.paragraph_list import ParagraphListImporter
from importers.pdf import PdfImporter
from importers.plain_text import PlainTextImporter
from importers.rtf import RtfImporter
from importers.word import WordImporter

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "gloss.importers"
# New built-in formats are added here; order breaks ties between equal scores.
BUILTIN_IMPORTERS: tuple[type[Importer], ...] = (
    DatedTextImporter,
    ParagraphListImporter,
    DatasetImporter,
    FeedImporter,
    FactivaHtmlImporter,
    FactivaTextImporter,
    LexisNexisTxtImporter,
    NexisHtmlImporter,
    MarkdownImporter,
    PlainTextImporter,
    HtmlPageImporter,
    NexisDocxImporter,
    WordImporter,
    NexisRtfImporter,
    RtfImporter,
    OdtImporter,
    NexisPdfImporter,
    PdfImporter,
)

_NAME_BONUS = 0.05  # a matching file name only tips the balance between sniffers
_MIN_SCORE = 0.2
_MAX_REASON_CHARS = 200


def available_importers() -> list[Importer]:
    """Built-ins first, then every plug-in that loads; plug-ins cannot shadow a taken name."""
    importers: list[Importer] = [cls() for cls in BUILTIN_IMPORTERS]
    try:
        entries = list(entry_points(group=ENTRY_POINT_GROUP))
    except Exception:  # broken package metadata somewhere must not stop the built-ins
        log.warning("cannot list importer plug-ins", exc_info=True)
        entries = []
    for entry in entries:
        plugin = _load_plugin(entry)
        if plugin is None:
            continue
        if any(existing.name == plugin.name for existing in importers):
            log.warning("importer plug-in %r skipped: name %r is taken", entry.name, plugin.name)
            continue
        importers.append(plugin)
    return importers


def importer_named(name: str, importers: Sequence[Importer] | None = None) -> Importer:
    candidates = available_importers() if importers is None else importers
    for importer in candidates:
        if importer.name == name:
            return importer
    known = ", ".join(importer.name for importer in candidates)
    raise ImportFailure(f"unknown format '{name}' (known: {known})")


def choose_importer(
    path: Path, head: bytes, importers: Sequence[Importer] | None = None
) -> Importer:
    """The importer most sure of the file's first bytes, a matching file name breaking ties."""
    ranked = ranked_importers(path, head, importers)
    if not ranked:
        raise UnknownFormat("unknown format: no importer recognises this file")
    return ranked[0]


def ranked_importers(
    path: Path, head: bytes, importers: Sequence[Importer] | None = None
) -> list[Importer]:
    """Every importer that claims the file, surest first (equal scores keep their order)."""
    candidates = available_importers() if importers is None else importers
    scored = [(_score(importer, head, path), importer) for importer in candidates]
    claimed = [(score, importer) for score, importer in scored if score > _MIN_SCORE]
    claimed.sort(key=lambda pair: -pair[0])  # sort is stable: ties keep the built-in order
    return [importer for _score_, importer in claimed]


def claims_name(path: Path, importers: Sequence[Importer] | None = None) -> bool:
    """Whether some importer's file patterns match this file's name."""
    candidates = available_importers() if importers is None else importers
    return any(_name_matches(importer, path) for importer in candidates)


def _name_matches(importer: Importer, path: Path) -> bool:
    return Importer.matches_name(importer, path)  # the patterns decide, overridden or not


def parse_file(
    path: Path,
    format: str | None = None,
    *,
    importers: Sequence[Importer] | None = None,
    options: Mapping[str, object] | None = None,
    on_draft: Callable[[int], None] | None = None,
) -> tuple[str, list[ArticleDraft]]:
    """(importer name, drafts) for the whole file, or ImportFailure: never a partial list.

    `format` forces an importer by name; `importers` lets a batch load the plug-ins once.
    `options` (such as a dataset's column map) go to importers whose `parse` takes `options`.
    `on_draft(count)` hears of each draft as the importer yields it (progress in a big file).
    """
    data = read_source(path)
    candidates = available_importers() if importers is None else importers
    if format:
        ranked = [importer_named(format, candidates)]
    else:
        ranked = ranked_importers(path, data[: _head_size(candidates)], candidates)
        if not ranked:
            try:  # an empty or binary file says so, rather than "unknown format"
                decode_text(data)
            except ImportFailure as exc:
                raise UnknownFormat(str(exc)) from None
            raise UnknownFormat("unknown format: no importer recognises this file")
    for number, importer in enumerate(ranked, 1):
        try:
            drafts = _parse_with(importer, data, path, options, on_draft)
            break
        except NotThisFormat as exc:
            if format:
                raise ImportFailure(str(exc)) from None
            if number == len(ranked):  # every claimant looked closer and declined
                raise UnknownFormat(str(exc)) from None
    _check_drafts(importer.name, drafts)
    for draft in drafts:
        if not draft.raw:
            draft.raw = data
        draft.url = web_url(draft.url)  # whatever the importer took it from
    return importer.name, drafts


def _parse_with(
    importer: Importer,
    data: bytes,
    path: Path,
    options: Mapping[str, object] | None,
    on_draft: Callable[[int], None] | None = None,
) -> list[ArticleDraft]:
    try:
        drafts = _parse(importer, data, path, options)
        if on_draft is None:
            return list(drafts)
        found: list[ArticleDraft] = []
        for draft in drafts:
            found.append(draft)
            on_draft(len(found))
        return found
    except ImportFailure:
        raise
    except Exception as exc:  # a bug in a (plug-in) importer must not reach the caller
        log.warning("importer %s failed on %s", importer.name, path, exc_info=True)
        reason = f"{type(exc).__name__}: {exc}"[:_MAX_REASON_CHARS]
        raise ImportFailure(f"importer {importer.name} failed: {reason}") from exc


def iter_source_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; folders walked in sorted order without hidden entries; missing paths
    are passed through so the caller can report them."""
    for path, _in_folder in walk_sources(paths):
        yield path


def walk_sources(
    paths: Iterable[Path], on_outside_link: Callable[[Path], None] | None = None
) -> Iterator[tuple[Path, bool]]:
    """Like iter_source_files, telling which files were found in a folder (not named).

    A symbolic link in a folder that leads out of it is not followed (importing a folder must
    not read files elsewhere): `on_outside_link(path)` hears of each. Folder links are never
    followed (os.walk's default).
    """
    for path in paths:
        if not path.is_dir():
            yield path, False
            continue
        yield from _walk_folder(path, os.path.realpath(path), on_outside_link)


def _walk_folder(
    folder: Path, root: str, on_outside_link: Callable[[Path], None] | None
) -> Iterator[tuple[Path, bool]]:
    """A folder's files by name, then its sub-folders by name (os.walk's order). Directory
    entries say file or link without a system call per file: a 10,000-file folder walked
    with a stat per file kept the parsing processes waiting ~0.1 s."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return  # unreadable: os.walk skipped it too
    folders = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry)
                continue
            if not entry.is_file():  # follows a link: to what it leads to
                continue
            linked = entry.is_symlink()
        except OSError:
            continue
        candidate = Path(entry.path)
        if linked and not _inside(os.path.realpath(candidate), root):
            if on_outside_link is not None:
                on_outside_link(candidate)
            continue
        yield candidate, True
    for entry in folders:
        yield from _walk_folder(Path(entry.path), root, on_outside_link)


OUTSIDE_LINK = "a link to a file outside the folder: not followed"


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def _parse(
    importer: Importer, data: bytes, path: Path, options: Mapping[str, object] | None
) -> Iterator[ArticleDraft]:
    parse: Callable[..., Iterator[ArticleDraft]] = importer.parse
    if options is not None and "options" in inspect.signature(parse).parameters:
        return parse(data, path, options=options)
    return parse(data, path)  # importers written before options existed


def _load_plugin(entry: EntryPoint) -> Importer | None:
    name = entry.name
    try:
        loaded = entry.load()
        if isinstance(loaded, type) and issubclass(loaded, Importer):
            loaded = loaded()
        if not isinstance(loaded, Importer):
            raise TypeError(f"{loaded!r} is not an Importer")
        if not isinstance(getattr(loaded, "name", None), str) or not loaded.name:
            raise TypeError("importer has no name")
    except Exception:  # a plug-in may fail in any way at import time; Gloss must still start
        log.warning("importer plug-in %r skipped: it failed to load", name, exc_info=True)
        return None
    return loaded


def _head_size(importers: Sequence[Importer]) -> int:
    return max((_head_bytes(importer) for importer in importers), default=HEAD_BYTES)


def _head_bytes(importer: Importer) -> int:
    size = getattr(importer, "head_bytes", HEAD_BYTES)
    return size if isinstance(size, int) and size > 0 else HEAD_BYTES


def _score(importer: Importer, head: bytes, path: Path) -> float:
    """Sniff confidence in [0, 1] plus the name bonus; a plug-in that fails here scores 0."""
    try:
        size = _head_bytes(importer)
        score = float(importer.sniff(head[:size] if len(head) > size else head, path))
        if not math.isfinite(score) or score <= 0:
            return 0.0
        named = _name_matches(importer, path)
    except Exception:
        log.warning("importer %s failed to sniff %s", importer.name, path, exc_info=True)
        return 0.0
    return min(score, 1.0) + (_NAME_BONUS if named else 0.0)


def _check_drafts(name: str, drafts: list[ArticleDraft]) -> None:
    if not drafts:
        raise ImportFailure(f"importer {name} found no articles in the file")
    for number, draft in enumerate(drafts, 1):
        if not isinstance(draft, ArticleDraft):
            raise ImportFailure(
                f"importer {name} returned {type(draft).__name__} (article {number})"
            )
        blocks = draft.blocks
        if not all(isinstance(block, Block) for block in blocks) or not any(
            block.text.strip() for block in blocks
        ):
            raise ImportFailure(f"importer {name} returned an article without text ({number})")
