"""parse_period and previous_period."""

from __future__ import annotations

from datetime import date

import pytest

from bot.parsing import ParseError, Period, parse_period, previous_period

# Monday 23 November 2026.
TODAY = date(2026, 11, 23)


def d(day: int, month: int, year: int = 2026) -> date:
    return date(year, month, day)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tuần này", Period(d(23, 11), d(29, 11), "week")),
        ("tuan nay", Period(d(23, 11), d(29, 11), "week")),
        ("this week", Period(d(23, 11), d(29, 11), "week")),
        ("tuần trước", Period(d(16, 11), d(22, 11), "last_week")),
        ("last week", Period(d(16, 11), d(22, 11), "last_week")),
        ("tháng này", Period(d(1, 11), d(30, 11), "month")),
        ("this month", Period(d(1, 11), d(30, 11), "month")),
        ("tháng trước", Period(d(1, 10), d(31, 10), "last_month")),
        ("last month", Period(d(1, 10), d(31, 10), "last_month")),
        ("tháng 3", Period(d(1, 3), d(31, 3), "month:2026-03")),
        ("Tháng 2", Period(d(1, 2), d(28, 2), "month:2026-02")),
        ("thang 3/2026", Period(d(1, 3), d(31, 3), "month:2026-03")),
        ("tháng 3 năm 2025", Period(d(1, 3, 2025), d(31, 3, 2025), "month:2025-03")),
        ("3/2026", Period(d(1, 3), d(31, 3), "month:2026-03")),
        ("03/2026", Period(d(1, 3), d(31, 3), "month:2026-03")),
        ("03-2026", Period(d(1, 3), d(31, 3), "month:2026-03")),
        ("t3/2026", Period(d(1, 3), d(31, 3), "month:2026-03")),
        ("02/2024", Period(d(1, 2, 2024), d(29, 2, 2024), "month:2024-02")),
        ("march 2026", Period(d(1, 3), d(31, 3), "month:2026-03")),
        # A month not yet begun this year means last year's.
        ("tháng 12", Period(d(1, 12, 2025), d(31, 12, 2025), "month:2025-12")),
        ("quý 1", Period(d(1, 1), d(31, 3), "quarter:2026-1")),
        ("quý 1/2026", Period(d(1, 1), d(31, 3), "quarter:2026-1")),
        ("q1 2026", Period(d(1, 1), d(31, 3), "quarter:2026-1")),
        ("Q2/2025", Period(d(1, 4, 2025), d(30, 6, 2025), "quarter:2025-2")),
        ("quý IV", Period(d(1, 10), d(31, 12), "quarter:2026-4")),
        ("quý này", Period(d(1, 10), d(31, 12), "quarter:2026-4")),
        ("quý trước", Period(d(1, 7), d(30, 9), "quarter:2026-3")),
        ("từ đầu năm", Period(d(1, 1), TODAY, "ytd")),
        ("tu dau nam", Period(d(1, 1), TODAY, "ytd")),
        ("ytd", Period(d(1, 1), TODAY, "ytd")),
        ("năm nay", Period(d(1, 1), d(31, 12), "year:2026")),
        ("this year", Period(d(1, 1), d(31, 12), "year:2026")),
        ("year", Period(d(1, 1), d(31, 12), "year:2026")),
        ("năm 2025", Period(d(1, 1, 2025), d(31, 12, 2025), "year:2025")),
        ("2025", Period(d(1, 1, 2025), d(31, 12, 2025), "year:2025")),
        ("năm ngoái", Period(d(1, 1, 2025), d(31, 12, 2025), "year:2025")),
        ("last year", Period(d(1, 1, 2025), d(31, 12, 2025), "year:2025")),
        ("01/01/2026-31/03/2026", Period(d(1, 1), d(31, 3), "range")),
        ("1/1/2026 - 31/3/2026", Period(d(1, 1), d(31, 3), "range")),
        ("từ 01/01/2026 đến 31/03/2026", Period(d(1, 1), d(31, 3), "range")),
        ("tu 1.1.2026 den 31.3.2026", Period(d(1, 1), d(31, 3), "range")),
        ("01-01-2026 - 31-03-2026", Period(d(1, 1), d(31, 3), "range")),
        ("01/01/2026 – 31/03/2026", Period(d(1, 1), d(31, 3), "range")),
        ("from 1/1/2026 to 31/3/2026", Period(d(1, 1), d(31, 3), "range")),
        ("01/11/2026-31/12/2026", Period(d(1, 11), d(31, 12), "range")),
        ("20/11/2026", Period(d(20, 11), d(20, 11), "range")),
        ("từ 01/10/2026", Period(d(1, 10), TODAY, "range")),
    ],
)
def test_parse_period(text: str, expected: Period) -> None:
    assert parse_period(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("năm 2027", "future"),
        ("2030", "future"),
        ("tháng 12/2026", "future"),
        ("quý 1/2027", "future"),
        ("01/12/2026-31/12/2026", "future"),
        ("31/03/2026 - 01/01/2026", "end_before_start"),
        ("31/02/2026-01/03/2026", "invalid_date"),
        ("01/01/2026-30/02/2026", "invalid_date"),
        ("tháng 13", "invalid_date"),
        ("13/2026", "invalid_date"),
        ("tháng 0", "invalid_date"),
        ("", "unrecognized"),
        ("abc", "unrecognized"),
        ("🙂", "unrecognized"),
        ("3", "unrecognized"),
        ("quý 5", "unrecognized"),
        ("01/01/2026 02/02/2026 03/03/2026", "unrecognized"),
    ],
)
def test_parse_period_errors(text: str, key: str) -> None:
    assert parse_period(text, TODAY) == ParseError(key)


def test_quarter_without_year_rolls_back() -> None:
    assert parse_period("quý 2", date(2026, 2, 10)) == Period(
        d(1, 4, 2025), d(30, 6, 2025), "quarter:2025-2"
    )


def test_week_starts_monday_on_sunday() -> None:
    sunday = date(2026, 11, 29)
    assert parse_period("tuần này", sunday) == Period(d(23, 11), d(29, 11), "week")


def test_last_month_in_january() -> None:
    assert parse_period("tháng trước", date(2027, 1, 5)) == Period(
        d(1, 12), d(31, 12), "last_month"
    )


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (Period(d(1, 11), d(30, 11), "month"), Period(d(1, 10), d(31, 10), "last_month")),
        (
            Period(d(1, 10), d(31, 10), "last_month"),
            Period(d(1, 9), d(30, 9), "month:2026-09"),
        ),
        (
            Period(d(1, 3), d(31, 3), "month:2026-03"),
            Period(d(1, 2), d(28, 2), "month:2026-02"),
        ),
        (
            Period(d(1, 1), d(31, 1), "month:2026-01"),
            Period(d(1, 12, 2025), d(31, 12, 2025), "month:2025-12"),
        ),
        (
            Period(d(1, 1), d(31, 3), "quarter:2026-1"),
            Period(d(1, 10, 2025), d(31, 12, 2025), "quarter:2025-4"),
        ),
        (
            Period(d(1, 7), d(30, 9), "quarter:2026-3"),
            Period(d(1, 4), d(30, 6), "quarter:2026-2"),
        ),
        (
            Period(d(1, 1), d(31, 12), "year:2026"),
            Period(d(1, 1, 2025), d(31, 12, 2025), "year:2025"),
        ),
        (Period(d(23, 11), d(29, 11), "week"), Period(d(16, 11), d(22, 11), "last_week")),
        (Period(d(16, 11), d(22, 11), "last_week"), Period(d(9, 11), d(15, 11), "range")),
        (Period(d(1, 1), d(31, 3), "range"), Period(d(3, 10, 2025), d(31, 12, 2025), "range")),
        (Period(d(5, 3), d(5, 3), "range"), Period(d(4, 3), d(4, 3), "range")),
        (Period(d(1, 1), TODAY, "ytd"), Period(d(1, 1, 2025), d(23, 11, 2025), "range")),
        (
            Period(d(1, 1, 2028), d(29, 2, 2028), "ytd"),
            Period(d(1, 1, 2027), d(28, 2, 2027), "range"),
        ),
    ],
)
def test_previous_period(period: Period, expected: Period) -> None:
    assert previous_period(period) == expected
