"""Publication dates as datasets and feeds write them, read with the standard library only.

Accepted: ISO order (`2017-02-07`, `2017/2/7`, `2017-02-07T10:00:00Z`), day-first with dots
(`07.02.2017`), numeric day/month with slashes or dashes when the order is clear, month names
in the languages of `date_names` (`7 February 2017`, `February 7, 2017`, `7. Februar 2017`,
`7 de febrero de 2017`, `January 11, 2010 Monday`, RFC 822 `Tue, 07 Feb 2017 10:00:00 +0000`),
Chinese, Japanese and Korean `2017年2月7日`, compact `20170207` and Unix time in seconds or
milliseconds. A time after the date is allowed and
ignored: the date is kept as the publisher wrote it, never shifted to another time zone.
Anything else raises `DateError` rather than being guessed at.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from importers.date_names import is_weekday, month_number

_MONTH = r"(?P<month>[^\W\d_]{3,12})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|\.)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:[^\W\d_][\w-]{1,15}\.?,?\s+)?"  # any word: "Tue,", "Montag,", "lundi"
# After the year: a weekday as LexisNexis prints it ("January 11, 2010 Monday"), checked
# against the known names, and the Russian "г." (year).
_AFTER_YEAR = r"(?:\s*г\.)?(?:,?\s+(?!at\s)(?P<weekday>[^\W\d_][\w-]{1,15}))?"
# What may follow a date: a time, a zone, a zone name in brackets.
_TIME = (
    r"(?:(?:[T\s,]+|\s+at\s+)\d{1,2}(?::\d{2}){1,2}(?:[.,]\d+)?\s*(?:[ap]\.?m\.?)?"
    r"\s*(?:Z|UTC|GMT|[A-Z]{2,5}|[+-]\d{2}(?::?\d{2})?)?(?:\s*\([^)]{1,40}\))?)?"
)
# Chinese, Japanese and Korean: 2018年5月28日, 2018년 5월 28일, with an optional weekday.
_CJK_WEEKDAY = (
    r"(?:\s*(?:星期|周|週)[一二三四五六日天]|\s*[(（][一二三四五六日天月火水木金土][)）]"
    r"|\s*[월화수목금토일]요일)?"
)
_PATTERNS = {
    "iso": re.compile(rf"{_YEAR}([-/.])(?P<month>\d{{1,2}})\2(?P<day>\d{{1,2}}){_TIME}", re.I),
    "dots": re.compile(rf"(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.{_YEAR}{_TIME}", re.I),
    "numeric": re.compile(rf"(?P<a>\d{{1,2}})([/-])(?P<b>\d{{1,2}})\2{_YEAR}{_TIME}", re.I),
    "day-month": re.compile(
        rf"{_WEEKDAY}{_DAY}(?:\s+de)?[\s-]+{_MONTH}(?:\s+de)?[\s,-]+{_YEAR}{_AFTER_YEAR}{_TIME}",
        re.I,
    ),
    "month-day": re.compile(rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}{_AFTER_YEAR}{_TIME}", re.I),
    "cjk": re.compile(
        rf"{_YEAR}\s*[年년]\s*(?P<month>\d{{1,2}})\s*[月월]\s*(?P<day>\d{{1,2}})\s*[日일]?"
        rf"{_CJK_WEEKDAY}{_TIME}",
        re.I,
    ),
}
_COMPACT = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})")
_EPOCH = re.compile(r"\d{9,14}(?:\.\d+)?")
_EPOCH_RANGE = (dt.datetime(1971, 1, 1, tzinfo=dt.UTC), dt.datetime(2100, 1, 1, tzinfo=dt.UTC))
_MS_THRESHOLD = 1e11  # larger Unix times are milliseconds (1e11 s is the year 5138)
_MAX_SHOWN = 40


class DateError(ValueError):
    """A value that is not a date this module can read without guessing; says why."""


def parse_date(value: object, *, day_first: bool | None = None) -> dt.date | None:
    """The date in `value`; None when it is empty. `day_first` settles `03/04/2017`."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = f"{value:.3f}"  # never "1.48e+12"
    text = str(value).strip()
    if not text:
        return None
    if _EPOCH.fullmatch(text) and not _COMPACT.fullmatch(text):
        return _from_epoch(float(text), text)
    for kind, pattern in _PATTERNS.items():
        match = pattern.fullmatch(text)
        if match:
            return _from_match(kind, match, text, day_first)
    match = _COMPACT.fullmatch(text)
    if match:
        return _make(int(match["year"]), int(match["month"]), int(match["day"]), text)
    raise DateError(f"unreadable date '{_shown(text)}'")


def guess_day_first(values: Iterable[object]) -> bool | None:
    """Whether a column's `a/b/yyyy` dates are day-first, judged on all of them together.

    One `13/2/2017` makes the column day-first and one `2/13/2017` month-first; with neither
    (or both) nothing is assumed and ambiguous values stay errors.
    """
    day_first = month_first = False
    for value in values:
        match = _PATTERNS["numeric"].fullmatch(str(value).strip()) if value else None
        if match:
            a, b = int(match["a"]), int(match["b"])
            day_first |= a > 12 >= b
            month_first |= b > 12 >= a
    if day_first == month_first:
        return None
    return day_first


def _from_match(kind: str, match: re.Match[str], text: str, day_first: bool | None) -> dt.date:
    year = int(match["year"])
    if kind == "numeric":
        a, b = int(match["a"]), int(match["b"])
        if a > 12 or (day_first and b <= 12):
            day, month = a, b
        elif b > 12 or day_first is False:
            day, month = b, a
        elif a == b:
            day = month = a
        else:
            raise DateError(f"ambiguous date '{_shown(text)}' (day/month or month/day?)")
        return _make(year, month, day, text)
    if kind in ("day-month", "month-day"):
        named = month_number(match["month"])
        weekday = match["weekday"]
        if named is None or (weekday and not is_weekday(weekday)):
            raise DateError(f"unreadable date '{_shown(text)}'")
        return _make(year, named, int(match["day"]), text)
    return _make(year, int(match["month"]), int(match["day"]), text)


def _make(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError(f"no such date '{_shown(text)}'") from None


def _from_epoch(number: float, text: str) -> dt.date:
    seconds = number / 1000 if number >= _MS_THRESHOLD else number
    try:
        moment = dt.datetime.fromtimestamp(seconds, dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise DateError(f"unreadable date '{_shown(text)}'") from None
    if not _EPOCH_RANGE[0] <= moment < _EPOCH_RANGE[1]:
        raise DateError(f"unreadable date '{_shown(text)}' (not a plausible Unix time)")
    return moment.date()


def _shown(text: str) -> str:
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"
