"""Turning a saved web page's bytes into text: BOM, then the page's own declaration, then a guess.

Browsers read pages in that order, so we do too. A guess is never silent: the caller gets the
encoding it settled on, to show as a warning, because a wrong guess garbles every accented
letter. Detection alone is poor on short Western text (it often says windows-1250 for French),
so among the equally likely candidates the legacy encoding of the page's `lang` wins.
"""

from __future__ import annotations

import codecs
import re

from importers.decoding import strip_controls
from importers.draft import ImportFailure

DECLARATION_BYTES = 2048  # where browsers look for <meta charset> before parsing
_DECLARED = re.compile(
    rb"<meta[^>]*?charset\s*=\s*[\"']?\s*(?P<meta>[\w.:-]+)"
    rb"|<\?xml[^>]*?encoding\s*=\s*[\"'](?P<xml>[\w.:-]+)",
    re.IGNORECASE,
)
_LANG = re.compile(rb"<html[^>]*?\blang\s*=\s*[\"']?(?P<lang>[A-Za-z]{2,3})", re.IGNORECASE)
# Labels that browsers read as another encoding (the WHATWG Encoding Standard).
_BROWSER_ALIASES = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "utf-16": "utf-8",  # a page that could read its own <meta> is not UTF-16
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
}
# The legacy encoding most pages in a language used, to break ties between detector guesses.
# The legacy encodings pages in a language used, the usual one first: the page's `lang` narrows
# the detector's choice, and the usual one wins a tie.
_BY_LANGUAGE = (
    ({"cs", "sk", "pl", "hu", "sl", "hr", "ro", "bs", "sq"}, ("cp1250", "iso8859_2")),
    ({"ru", "uk", "bg", "be", "sr", "mk"}, ("cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp866")),
    ({"el"}, ("cp1253", "iso8859_7")),
    ({"tr", "az"}, ("cp1254", "iso8859_9")),
    ({"he", "yi"}, ("cp1255", "iso8859_8")),
    ({"ar", "fa", "ur"}, ("cp1256", "iso8859_6")),
    ({"lt", "lv", "et"}, ("cp1257", "iso8859_13", "iso8859_4")),
    ({"vi"}, ("cp1258",)),
    ({"th"}, ("cp874",)),
    ({"ja"}, ("cp932", "euc_jp", "iso2022_jp")),
    ({"zh"}, ("gb18030", "big5")),
    ({"ko"}, ("cp949",)),
)
# The legacy encodings browsers support (WHATWG Encoding Standard), as Python names them:
# a page in anything else could not have been read by its own readers either.
_WEB_ENCODINGS = (
    *(f"cp125{n}" for n in range(9)),
    *(f"iso8859_{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
    *("cp866", "cp874", "koi8_r", "koi8_u", "mac_roman", "mac_cyrillic"),
    *("gb18030", "big5", "euc_jp", "iso2022_jp", "shift_jis", "cp932", "euc_kr", "cp949"),
)
_LABELS = {
    "cp932": "Shift_JIS",
    "euc_jp": "EUC-JP",
    "iso2022_jp": "ISO-2022-JP",
    "cp949": "EUC-KR",
    "gb18030": "GB18030",
    "big5": "Big5",
    "koi8-r": "KOI8-R",
    "koi8-u": "KOI8-U",
    "mac-roman": "Macintosh",
    "mac-cyrillic": "x-mac-cyrillic",
    "cp866": "IBM866",
}
_MARKUP = re.compile(rb"<[A-Za-z!/?]")
_TIE = 0.02  # detector "chaos" scores this close count as equally likely
_C0 = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_MAX_CONTROL_SHARE = 0.01


def decode_page(data: bytes) -> tuple[str, str | None]:
    """(text, the encoding's name when it had to be guessed, else None)."""
    if data.startswith(codecs.BOM_UTF8):
        return _clean(_strict(data[len(codecs.BOM_UTF8) :], "utf-8")), None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _clean(_strict(data, "utf-16")), None
    c0 = len(data) - len(data.translate(None, delete=_C0))
    if b"\x00" in data or c0 > max(2, len(data) * _MAX_CONTROL_SHARE):
        raise ImportFailure("binary file, not text")
    declared = declared_encoding(data[:DECLARATION_BYTES])
    for encoding in (declared, "utf-8"):
        if encoding:
            try:
                return _clean(data.decode(encoding)), None
            except UnicodeDecodeError:
                pass  # a wrong declaration: browsers would show mojibake, we guess instead
    guessed = _guess(data)
    return _clean(data.decode(guessed, errors="replace")), _label(guessed)


def declared_encoding(head: bytes) -> str | None:
    """The codec named by <meta charset>, http-equiv or an XML declaration, as browsers read it."""
    match = _DECLARED.search(head)
    if not match:
        return None
    label = (match["meta"] or match["xml"]).decode("ascii", "ignore")
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _BROWSER_ALIASES.get(name, name)


def _guess(data: bytes) -> str:
    from charset_normalizer import from_bytes  # ~30 ms of imports, only for undeclared pages

    if not _MARKUP.search(data):
        # Not a page at all: guessing would turn any bytes into confident nonsense.
        raise ImportFailure("cannot decode text (not UTF-8)")
    usual = _language_encodings(data)
    matches = list(from_bytes(data, cp_isolation=list(usual))) if usual else []
    if not matches:
        usual = ("cp1252",)
        matches = list(from_bytes(data, cp_isolation=list(_WEB_ENCODINGS)))
    if not matches:
        raise ImportFailure("cannot decode text (unknown encoding)")
    best = matches[0]
    # Encodings that read the bytes identically are reported as one match, with the others
    # in `could_be_from_charset`.
    likely = {
        codecs.lookup(name).name
        for match in matches
        if match.chaos <= best.chaos + _TIE
        for name in (match.encoding, *match.could_be_from_charset)
    }
    if usual[0] in likely or _same_text(data, usual[0], best.encoding):
        return usual[0]
    return codecs.lookup(best.encoding).name


def _same_text(data: bytes, one: str, other: str) -> bool:
    """Whether two codecs read these bytes alike (then the usual one's name is the honest one)."""
    try:
        return data.decode(one) == data.decode(other)
    except UnicodeDecodeError:
        return False


def _language_encodings(data: bytes) -> tuple[str, ...]:
    match = _LANG.search(data[: DECLARATION_BYTES * 4])
    language = match["lang"].decode("ascii").lower() if match else ""
    return next((codecs for langs, codecs in _BY_LANGUAGE if language in langs), ())


def _label(codec: str) -> str:
    """A codec's name as people know it: cp1252 is windows-1252, iso8859-2 is ISO-8859-2."""
    if re.fullmatch(r"cp12\d\d|cp874", codec):
        return "windows-" + codec[2:]
    if codec.startswith("iso8859"):
        return codec.upper().replace("ISO8859", "ISO-8859")
    return _LABELS.get(codec, codec)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportFailure(f"cannot decode text (broken {encoding.upper()})") from None


def _clean(text: str) -> str:
    text = strip_controls(text)
    if not text.strip():
        raise ImportFailure("file has no text")
    return text
