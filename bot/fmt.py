"""How dates, times and numbers are shown: dd/mm/yyyy, 24-hour clock, local time."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from babel.numbers import format_decimal, format_percent


def local_datetime(moment: datetime, tz: tzinfo) -> str:
    """Show an aware datetime in local time: 20/11/2026 14:30."""
    return moment.astimezone(tz).strftime("%d/%m/%Y %H:%M")


def local_date(day: date | datetime, tz: tzinfo | None = None) -> str:
    """Show a date (or the local date of a datetime): 20/11/2026."""
    if isinstance(day, datetime):
        day = day.astimezone(tz).date() if tz else day.date()
    return day.strftime("%d/%m/%Y")


def number(value: float, language: str) -> str:
    """Show a number with the language's separators (vi: 1.234,5)."""
    return format_decimal(value, locale="vi_VN" if language == "vi" else "en_GB")


def percent(value: float, language: str) -> str:
    """Show a ratio as a percentage (0.8 → 80%)."""
    return format_percent(value, format="#,##0.#%", locale="vi_VN" if language == "vi" else "en_GB")
