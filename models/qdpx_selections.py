"""A REFI-QDA PlainTextSelection's positions, read the way its writer counted them.

The standard says characters; writers differ. NVivo and MAXQDA count a CRLF line break as two
characters, ATLAS.ti and QualCoder as one (QualCoder's importer makes the same distinction), and
.NET or Qt writers may count UTF-16 units, so an emoji is two. The selection's `name` often holds
its text (QualCoder writes the whole quote, NVivo its start): the reading whose text agrees with
it wins; without one, the writer's habit decides.
"""

from __future__ import annotations

from bisect import bisect_left

# Writers whose positions count CRLF as one character (QualCoder's refi.py reads ATLAS.ti so).
_CRLF_AS_ONE = ("atlas", "qualcoder")


class PositionReader:
    """Maps a writer's (start, end) to code points of one source text."""

    def __init__(self, text: str, origin: str = "") -> None:
        self.text = text
        crlf_as_one = any(name in origin.lower() for name in _CRLF_AS_ONE)
        astral = any(ord(ch) > 0xFFFF for ch in text)
        readings = (
            [(crlf_as_one, False), (not crlf_as_one, False)] if "\r\n" in text else [(False, False)]
        )
        if astral:
            readings += [(crlf, True) for crlf, _utf16 in readings]
        self.readings = readings
        self._tables: dict[tuple[bool, bool], list[int]] = {}

    def span(self, start: int, end: int, name: str = "") -> tuple[int, int] | None:
        """[start, end) in code points of the text, None when it falls outside; the first
        reading whose text the name agrees with, else the writer's usual one."""
        if not 0 <= start < end:
            return None
        wanted = " ".join(name.split())
        first: tuple[int, int] | None = None
        for reading in self.readings:
            if reading == (False, False):
                if end > len(self.text):
                    continue
                found = start, end
            else:
                if reading not in self._tables:
                    self._tables[reading] = _units(self.text, *reading)
                units = self._tables[reading]
                if end > units[-1]:
                    continue
                found = bisect_left(units, start), bisect_left(units, end)
            if first is None:
                first = found
            quote = " ".join(self.text[found[0] : found[1]].split())
            if wanted and quote.startswith(wanted):  # some writers cut the name short
                return found
        return first


def _units(text: str, crlf_as_one: bool, utf16: bool) -> list[int]:
    """units[i]: the writer's offset of code point i (and units[len] the total)."""
    units = [0] * (len(text) + 1)
    offset = 0
    for index, ch in enumerate(text):
        units[index] = offset
        if crlf_as_one and ch == "\r" and text.startswith("\n", index + 1):
            continue  # the CR takes no room: the LF after it is the line break
        offset += 2 if utf16 and ord(ch) > 0xFFFF else 1
    units[len(text)] = offset
    return units
