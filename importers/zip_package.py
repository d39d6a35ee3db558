"""ZIP-based documents (Word .docx, OpenDocument .odt): told apart by their member names, and
opened only after the sizes their directory declares are checked, so a zip bomb is refused
before anything is unpacked.

Python's zipfile never returns more than a member's declared size (and fails its CRC check when
the data says otherwise), so checking the declared sizes bounds what reading can allocate.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from importers import memory
from importers.draft import ImportFailure

ZIP_MAGIC = b"PK\x03\x04"
# Unpacked, a document's parts may be this large in all: XML packs ~10:1, and the parsed tree
# takes several times its text again, so this keeps a 50 MB file's import to a few GB at worst.
MAX_UNPACKED_BYTES = 250_000_000
MAX_MEMBERS = 20_000
_LOCAL_HEADER = re.compile(re.escape(ZIP_MAGIC), re.DOTALL)
_NAME_START = 30  # a local file header's fixed part; the name follows
_ODF_MIMETYPE = re.compile(rb"mimetypeapplication/vnd\.oasis\.opendocument\.([a-z-]+)")
_MARKUP = (".xml", ".rels")
# What zipfile raises for damaged or unsupported archives (an unknown version, bad data).
_BROKEN = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    EOFError,
    ValueError,
    OSError,
    zlib.error,
)
_CHUNK = 1 << 20
_MEMORY_PER_OTHER_BYTE = 3  # a picture's bytes, read whole and copied once by the readers


def is_zip(head: bytes) -> bool:
    return head.startswith(ZIP_MAGIC)


def member_names_in(head: bytes) -> list[str]:
    """The names of the members whose local headers lie in the first bytes of a ZIP file.

    Word and LibreOffice write small XML parts first, so the head shows what the package is
    (`word/...` for Word, `content.xml` for OpenDocument) before the big parts begin.
    """
    names: list[str] = []
    if not is_zip(head):
        return names
    for match in _LOCAL_HEADER.finditer(head):
        start = match.start() + _NAME_START
        if start > len(head):
            break
        length = int.from_bytes(head[start - 4 : start - 2], "little")
        raw = head[start : start + length]
        if 0 < length <= 512 and len(raw) == length:
            try:
                names.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                continue  # the signature's bytes inside compressed data, not a header
    return names


def odf_kind(head: bytes) -> str:
    """ "text" for an OpenDocument text file, "spreadsheet" and so on; "" when not ODF.

    The standard puts an uncompressed `mimetype` member first, so its value is in the head.
    """
    match = _ODF_MIMETYPE.search(head[: _NAME_START + 200])
    return match[1].decode("ascii") if match and is_zip(head) else ""


def open_package(data: bytes, kind: str) -> zipfile.ZipFile:
    """The ZIP archive, refused when unreadable or when its parts would unpack too large."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except NotImplementedError as exc:  # a ZIP feature Python lacks, e.g. "zip file version 6.4"
        raise ImportFailure(f"not a readable {kind} file (unsupported ZIP: {exc})") from None
    except _BROKEN as exc:
        raise ImportFailure(f"not a readable {kind} file (broken ZIP: {exc})") from None
    if len(members) > MAX_MEMBERS:
        raise ImportFailure(f"refused: the {kind} file holds {len(members):,} parts")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFailure(
            f"refused: the {kind} file would unpack to {unpacked:,} bytes "
            f"(more than {MAX_UNPACKED_BYTES:,})"
        )
    return archive


def read_member(archive: zipfile.ZipFile, name: str, kind: str) -> bytes:
    """One member's bytes (its size was checked by open_package)."""
    try:
        return archive.read(name)
    except KeyError:
        raise ImportFailure(f"not a {kind} file (it has no {name})") from None
    except _BROKEN as exc:
        raise ImportFailure(f"broken {kind} file: {exc}") from None
    except RuntimeError as exc:  # an encrypted member
        raise ImportFailure(f"cannot read the {kind} file: {exc}") from None


def require_bounded_markup(
    size: int, archive: zipfile.ZipFile, per_byte: int, per_tag: int
) -> None:
    """Refuse the package (ImportFailure) when parsing its XML parts would not fit the memory
    bound of a file of `size` bytes: `per_byte` a byte of their unpacked text and `per_tag` a
    tag, as measured for the reader. The tags are counted by streaming the parts through
    zlib, no further than the bound allows, so a zip bomb is refused before it is parsed.
    Other parts (pictures) are read whole too: python-docx held a 240 MB one twice."""
    parts = [member for member in archive.infolist() if member.filename.endswith(_MARKUP)]
    markup = sum(member.file_size for member in parts)
    others = sum(member.file_size for member in archive.infolist()) - markup
    fixed = per_byte * markup + _MEMORY_PER_OTHER_BYTE * others

    def count(limit: int) -> int:
        tags = 0
        for member in parts:
            with archive.open(member) as stream:
                while tags <= limit and (chunk := stream.read(_CHUNK)):
                    tags += chunk.count(b"<")
        return tags

    try:
        memory.require_pieces(size, fixed, per_tag, count, "XML tags")
    except _BROKEN as exc:
        raise ImportFailure(f"broken ZIP package: {exc}") from None
    except RuntimeError as exc:  # an encrypted member
        raise ImportFailure(f"cannot read the ZIP package: {exc}") from None
