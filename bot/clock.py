"""The time source: real in production, moved by hand in tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Tells the current time as an aware UTC datetime."""

    def now(self) -> datetime:
        """Return the current time."""
        ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        """Return the current UTC time."""
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        """Return the set time."""
        return self._now

    def set(self, moment: datetime) -> None:
        """Jump to a moment."""
        self._now = moment.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        """Move forward."""
        self._now += delta
