from __future__ import annotations

import datetime as dt

import pytest

from importers.dates import DateError, guess_day_first, parse_date

FEB_7 = dt.date(2017, 2, 7)


@pytest.mark.parametrize(
    "value",
    [
        "2017/2/7",
        "2017-02-07",
        "2017.02.07",
        "2017-02-07T10:00:00Z",
        "2017-02-07T10:00:00.123+01:00",
        "2017-02-07 10:00",
        "  2017/2/7 7:11",  # as in the real dataset: padded, with a time
        "7 February 2017",
        "07 Feb 2017",
        "7th February 2017",
        "7-Feb-2017",
        "February 7, 2017",
        "Feb. 7, 2017",
        "february 7th 2017",
        "Tuesday, 7 February 2017",
        "Tue, 07 Feb 2017 10:00:00 +0000",
        "Tue, 07 Feb 2017 10:00:00 GMT",
        "February 7, 2017 at 10:00 am",
        "07.02.2017",
        "7.2.2017",
        "20170207",
        "1486461600",  # Unix seconds
        "1486461600000",  # Unix milliseconds
        1486461600,
        1486461600000,
        1486461600.5,
    ],
)
def test_every_spelling_gives_the_date(value: object) -> None:
    assert parse_date(value) == FEB_7


@pytest.mark.parametrize(
    ("value", "day_first", "expected"),
    [
        ("13/2/2017", None, dt.date(2017, 2, 13)),  # 13 can only be a day
        ("2/13/2017", None, dt.date(2017, 2, 13)),
        ("13-02-2017", None, dt.date(2017, 2, 13)),
        ("03/04/2017", True, dt.date(2017, 4, 3)),
        ("03/04/2017", False, dt.date(2017, 3, 4)),
        ("4/4/2017", None, dt.date(2017, 4, 4)),  # equal day and month need no order
    ],
)
def test_slashed_dates_with_a_clear_order(
    value: str, day_first: bool | None, expected: dt.date
) -> None:
    assert parse_date(value, day_first=day_first) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("03/04/2017", "ambiguous date '03/04/2017'"),
        ("yesterday", "unreadable date 'yesterday'"),
        ("2017-02-30", "no such date '2017-02-30'"),
        ("31.02.2017", "no such date"),
        ("Febtember 7, 2017", "unreadable date"),
        ("2017-02", "unreadable date"),
        ("07/02/17", "unreadable date"),  # two-digit years are not guessed at
        ("99999999999999", "not a plausible Unix time"),
        ("2017-02-07 and some words", "unreadable date"),
        ("x" * 100, "unreadable date 'xxxxx"),
    ],
)
def test_unreadable_dates_say_why(value: str, reason: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(value)
    assert reason in str(caught.value)
    assert len(str(caught.value)) < 100


@pytest.mark.parametrize("value", [None, "", "   ", False])
def test_no_date_is_none(value: object) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["03/04/2017", "13/04/2017"], True),
        (["03/04/2017", "04/13/2017"], False),
        (["03/04/2017", "05/06/2017"], None),
        (["13/04/2017", "04/13/2017"], None),  # contradicting: assume nothing
        (["2017-02-07", None, "", 5], None),
    ],
)
def test_day_first_is_judged_on_the_whole_column(
    values: list[object], expected: bool | None
) -> None:
    assert guess_day_first(values) is expected


NOV_13 = dt.date(2017, 11, 13)


@pytest.mark.parametrize(
    "value",
    [
        "13 November 2017",  # Factiva, English and German interfaces
        "13. November 2017",  # German
        "13. Nov. 2017",
        "Montag, 13. November 2017",
        "13 novembre 2017",  # French, Italian
        "lundi 13 novembre 2017",
        "13 de noviembre de 2017",  # Spanish
        "13 de novembro de 2017",  # Portuguese
        "13 november 2017",  # Dutch, Swedish
        "13 ноября 2017",  # Russian, genitive
        "13 ноября 2017 г.",
        "2017年11月13日",  # Chinese and Japanese
        "2017 年 11 月 13 日",
        "2017年11月13日 星期一",
        "2017年11月13日(月)",
        "2017년 11월 13일",  # Korean
        "2017년 11월 13일 월요일",
        "November 13, 2017 Monday",  # LexisNexis
        "November 13, 2017 Monday 6:05 PM GMT",
        "13 November 2017 Monday",
        "Nov 13, 2017",
        "13-Nov-2017",
    ],
)
def test_dates_in_an_interface_language(value: str) -> None:
    assert parse_date(value) == NOV_13


def test_first_of_the_month_in_french() -> None:
    assert parse_date("1er janvier 2010") == dt.date(2010, 1, 1)


@pytest.mark.parametrize(
    "value",
    ["13 Brumaire 2017", "November 13, 2017 Banana", "2017年13月1日", "13 de 2017"],
)
def test_unknown_names_are_not_guessed(value: str) -> None:
    with pytest.raises(DateError):
        parse_date(value)


def test_no_month_name_means_two_months() -> None:
    from importers.date_names import _MONTHS

    seen: dict[str, int] = {}
    for number, names in enumerate(_MONTHS, 1):
        for name in names:
            assert seen.setdefault(name, number) == number, name
