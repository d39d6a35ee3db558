"""Word, OpenDocument, RTF and PDF files that cost far more memory than their bytes: a ZIP
whose XML unpacks to millions of tiny paragraphs, an RTF of millions of tiny paragraphs or
groups, a PDF whose compressed page holds millions of text objects, and one whose thousands of
pages share a page of hundreds of lines. Built by hand (a few lines of each format) so that a
test of S bytes takes seconds to write."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    b'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    b'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="'
    b'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b'<Default Extension="png" ContentType="image/png"/></Types>'
)
_RELATIONSHIPS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    b'.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlforma'
    b'ts.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    b"</Relationships>"
)
_PICTURE_RELATIONSHIP = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    b'.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlfor'
    b'mats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>'
    b"</Relationships>"
)
_PICTURE = (b"", b"\0", b"")
_DOCUMENT = (
    b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats'
    b'.org/wordprocessingml/2006/main"><w:body>',
    b"<w:p><w:r><w:t>a</w:t></w:r></w:p>",
    b"</w:body></w:document>",
)
_ODT_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:'
    b'tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
    b'manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry '
    b'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)
_ODT_CONTENT = (
    b'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:'
    b'names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:'
    b'xmlns:text:1.0" office:version="1.2"><office:body><office:text>',
    b"<text:p>a</text:p>",
    b"</office:text></office:body></office:document-content>",
)
# Unpacked, tiny paragraphs pack ~300:1; ten times the file's size is already a bomb, and
# below zip_package's 250 MB limit on the declared sizes even at 48 MB.
_UNPACKED_PER_BYTE, _MOST_UNPACKED = 10, 200_000_000


def _write_member(archive: zipfile.ZipFile, name: str, parts: tuple[bytes, ...], size: int) -> None:
    head, piece, tail = parts
    with archive.open(name, "w", force_zip64=True) as member:
        member.write(head)
        block = piece * 1_000
        for _ in range(size // len(block)):
            member.write(block)
        member.write(tail)


def _unpacked(size: int) -> int:
    return min(_UNPACKED_PER_BYTE * size, _MOST_UNPACKED)


def word_paragraphs(size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELATIONSHIPS)
        _write_member(archive, "word/document.xml", _DOCUMENT, _unpacked(size))
    return out.getvalue()


def word_picture(size: int) -> bytes:
    """A short Word document with a 200 MB picture of zeros (in a file of ~200 KB)."""
    del size
    out = io.BytesIO()
    head, _piece, tail = _DOCUMENT
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELATIONSHIPS)
        archive.writestr("word/document.xml", head + b"<w:p><w:r><w:t>Hi</w:t></w:r></w:p>" + tail)
        archive.writestr("word/_rels/document.xml.rels", _PICTURE_RELATIONSHIP)
        _write_member(archive, "word/media/image1.png", _PICTURE, _MOST_UNPACKED)
    return out.getvalue()


def odt_paragraphs(size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", _ODT_MANIFEST)
        _write_member(archive, "content.xml", _ODT_CONTENT, _unpacked(size))
    return out.getvalue()


def rtf_of(piece: bytes) -> Callable[[int], bytes]:
    def make(size: int) -> bytes:
        head = b"{\\rtf1\\ansi "
        return head + piece * ((size - len(head)) // len(piece)) + b"}"

    return make


def _text_at(line: int) -> bytes:
    return b"BT /F1 1 Tf 1 0 0 1 10 %d Tm (a) Tj ET\n" % (10 + 3 * line)


def pdf(content: bytes, pages: int, *, compress: bool = False) -> bytes:
    """`pages` pages that all show one content stream (a font, a page of 612 × 792 points)."""
    stream = zlib.compress(content, 9) if compress else content
    filters = b"/Filter /FlateDecode " if compress else b""
    kids = b" ".join(b"%d 0 R" % (5 + page) for page in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(stream), filters, stream),
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
    objects += [page + b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"] * pages
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    return bytes(out + b"startxref\n%d\n%%%%EOF\n" % table)


def pdf_text_objects(size: int) -> bytes:
    """One page of a quarter as many compressed text objects as the file's bytes."""
    return pdf(_text_at(0) * min(size // 4, 4_000_000), 1, compress=True)


def pdf_shared_pages(size: int) -> bytes:
    """~size / 170 pages showing one page of 250 one-letter paragraphs."""
    return pdf(b"".join(_text_at(line) for line in range(250)), max(1, size // 170))


HOSTILE_DOCUMENTS: dict[str, Callable[[int], bytes]] = {
    "paragraphs.docx": word_paragraphs,
    "picture.docx": word_picture,
    "paragraphs.odt": odt_paragraphs,
    "paragraphs.rtf": rtf_of(b"\\par a"),
    "groups.rtf": rtf_of(b"{a}"),
    "objects.pdf": pdf_text_objects,
}
# Refused only after reading as many pages as the bound allows: a minute at any size.
SLOW_HOSTILE_DOCUMENTS = {"pages.pdf": pdf_shared_pages}
