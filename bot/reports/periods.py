"""Reporting periods in local days, turned into the UTC bounds storage compares with."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, tzinfo

from bot.fmt import local_date
from bot.parsing import Period
from bot.texts import Texts


def utc_bounds(period: Period, tz: tzinfo) -> tuple[datetime, datetime]:
    """Return [start, end) of a period's local days as aware datetimes."""
    start = datetime.combine(period.start, time(), tzinfo=tz)
    end = datetime.combine(period.end + timedelta(days=1), time(), tzinfo=tz)
    return start, end


def offset_minutes(tz: tzinfo, at: datetime) -> int:
    """Return the zone's offset from UTC at a moment, in minutes (Vietnam: +420)."""
    offset = at.astimezone(tz).utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def months_in(period: Period, today: date) -> list[tuple[int, int]]:
    """Return the (year, month) pairs a period covers, up to the month of `today`."""
    last = min(period.end, today)
    months: list[tuple[int, int]] = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def period_label(texts: Texts, period: Period) -> str:
    """Name a period as a report heading does: "năm 2026", "tháng 11/2026", dates."""
    kind, _, value = period.key.partition(":")
    dates = texts("report.period.range", start=local_date(period.start), end=local_date(period.end))
    if kind == "year":
        return texts("report.period.year", year=value)
    if kind in ("month", "last_month") or period.key.startswith("month:"):
        return texts("report.period.month", month=f"{period.start.month:02d}/{period.start.year}")
    if kind == "quarter":
        year, quarter = value.split("-")
        return texts("report.period.quarter", quarter=quarter, year=year)
    if kind in ("week", "last_week"):
        return texts("report.period.week", dates=dates)
    if kind == "ytd":
        return texts("report.period.ytd", dates=dates)
    if kind == "phase":
        return texts("report.period.phase", name=value, dates=dates)
    return dates


def months_label(texts: Texts, months: Sequence[tuple[int, int]]) -> str:
    """Name months compactly: "tháng 1–10/2026", "tháng 12/2025; tháng 1, 3/2026"."""
    by_year: dict[int, list[int]] = {}
    for year, month in sorted(months):
        by_year.setdefault(year, []).append(month)
    parts = []
    for year, numbers in by_year.items():
        runs: list[str] = []
        first = last = numbers[0]
        for number in [*numbers[1:], 0]:
            if number == last + 1:
                last = number
                continue
            runs.append(str(first) if first == last else f"{first}–{last}")
            first = last = number
        parts.append(texts("report.months", months=", ".join(runs), year=year))
    return "; ".join(parts)


def month_label(texts: Texts, month: tuple[int, int]) -> str:
    """Name one month: "tháng 11/2026"."""
    return texts("report.months", months=str(month[1]), year=month[0])


def duration(texts: Texts, seconds: float) -> str:
    """Show a wait as people say it: "25 phút", "3 giờ 10 phút", "2 ngày 4 giờ"."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return texts("dur.lt_minute")
    if minutes < 60:
        return texts("dur.minutes", m=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return texts("dur.hours_minutes" if minutes else "dur.hours", h=hours, m=minutes)
    days, hours = divmod(hours, 24)
    return texts("dur.days_hours" if hours else "dur.days", d=days, h=hours)
