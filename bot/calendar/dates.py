"""Date arithmetic of reminders: local days and hours turned into UTC moments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo


def moment(day: date, at: time, tz: tzinfo) -> datetime:
    """Return the UTC moment of a local day and time of day."""
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def day_start(day: date, tz: tzinfo) -> datetime:
    """Return the UTC moment a local day begins."""
    return moment(day, time(0, 0), tz)


def local_day(when: datetime, tz: tzinfo) -> date:
    """Return the local date of a moment."""
    return when.astimezone(tz).date()


def reminder_moments(
    due: date, offsets: Sequence[int], at: time, tz: tzinfo
) -> list[tuple[int, datetime]]:
    """Return (days before, UTC moment) of each reminder of a date, earliest first."""
    return sorted(
        ((days, moment(due - timedelta(days=days), at, tz)) for days in set(offsets)),
        key=lambda pair: pair[1],
    )


def month_start(day: date) -> date:
    """Return the first day of a date's month."""
    return day.replace(day=1)


def next_month(day: date) -> date:
    """Return the first day of the month after a date's month."""
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def month_ranges(first: date, last: date, tz: tzinfo) -> list[tuple[str, datetime, datetime]]:
    """Return each month touching first..last as (YYYY-MM, start, end) in UTC, clipped."""
    ranges: list[tuple[str, datetime, datetime]] = []
    cursor = month_start(first)
    while cursor <= last:
        following = next_month(cursor)
        lo = max(cursor, first)
        hi = min(following, last + timedelta(days=1))
        ranges.append((f"{cursor:%Y-%m}", day_start(lo, tz), day_start(hi, tz)))
        cursor = following
    return ranges


def months_by_year(keys: Sequence[str]) -> list[tuple[int, list[int]]]:
    """Group YYYY-MM keys into (year, [months]) in order, for "tháng 1, 2, 5/2026"."""
    grouped: dict[int, list[int]] = {}
    for key in sorted(keys):
        year, month = key.split("-")
        grouped.setdefault(int(year), []).append(int(month))
    return list(grouped.items())
