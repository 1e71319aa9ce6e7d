"""Working hours: when a routine tip must be taken by ("8 working hours" as iHanoi counts).

A commune police office works Monday to Friday, 07:30–11:30 and 13:30–17:00 by default,
not on Vietnam's public holidays (Tết, Giỗ Tổ, 30/4, 1/5, 2/9, …, from the `holidays`
package, which follows the government's substituted days off) nor on the days off an
admin adds; a Saturday worked in exchange for a bridge day can be added as a working day.
Everything here is pure: moments in, moments out, UTC.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import holidays

from bot.config import WEEKDAYS, PoliceSettings

#: Ten years of days: a calendar with no working time at all ends the search there.
MAX_DAYS = 3660


@functools.cache
def public_holidays(year: int) -> frozenset[date]:
    """Return Vietnam's public holidays of a year (substituted days off included)."""
    return frozenset(holidays.country_holidays("VN", years=year).keys())


class WorkingHours:
    """The working calendar of commune police, in the deployment's time zone."""

    def __init__(self, settings: PoliceSettings, tz: tzinfo) -> None:
        self.tz = tz
        self.days = frozenset(WEEKDAYS.index(d) for d in settings.working_days)
        self.periods = settings.periods
        self.public = settings.public_holidays
        self.off = settings.off_dates
        self.worked = settings.worked_dates

    def is_working_day(self, day: date) -> bool:
        """Return whether police work on a local day."""
        if day in self.worked:
            return True
        if day in self.off or (self.public and day in public_holidays(day.year)):
            return False
        return day.weekday() in self.days

    def _spans(self, day: date) -> Iterator[tuple[datetime, datetime]]:
        """Yield a working day's periods as aware local moments."""
        for start, end in self.periods:
            begin = datetime.combine(day, start, tzinfo=self.tz)
            if end == time.max:
                finish = datetime.combine(day + timedelta(days=1), time(), tzinfo=self.tz)
            else:
                finish = datetime.combine(day, end, tzinfo=self.tz)
            yield begin, finish

    def add(self, start: datetime, hours: float) -> datetime:
        """Return the moment `hours` of working time after `start` (UTC)."""
        remaining = timedelta(hours=hours)
        local = start.astimezone(self.tz)
        day = local.date()
        for _ in range(MAX_DAYS):
            if self.is_working_day(day):
                for begin, finish in self._spans(day):
                    begin = max(begin, local)
                    if begin >= finish:
                        continue
                    if remaining <= finish - begin:
                        return (begin + remaining).astimezone(UTC)
                    remaining -= finish - begin
            day += timedelta(days=1)
        raise ValueError("the working calendar has no working time")

    def back(self, end: datetime, hours: float) -> datetime:
        """Return the moment `hours` of working time before `end` (UTC): `add`'s inverse."""
        remaining = timedelta(hours=hours)
        local = end.astimezone(self.tz)
        day = local.date()
        for _ in range(MAX_DAYS):
            if self.is_working_day(day):
                for begin, finish in reversed(list(self._spans(day))):
                    finish = min(finish, local)
                    if finish <= begin:
                        continue
                    if remaining <= finish - begin:
                        return (finish - remaining).astimezone(UTC)
                    remaining -= finish - begin
            day -= timedelta(days=1)
        raise ValueError("the working calendar has no working time")

    def describe(self) -> str:
        """Return the working hours as people read them: "07:30–11:30, 13:30–17:00"."""
        return ", ".join(
            f"{start:%H:%M}–{'24:00' if end == time.max else f'{end:%H:%M}'}"
            for start, end in self.periods
        )
