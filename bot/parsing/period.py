"""Reporting periods typed by admins: "tháng 3", "quý 1/2026", "tuần trước", date ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.parsing._words import lex
from bot.parsing.errors import ParseError

__all__ = ["Period", "parse_period", "previous_period"]


@dataclass(frozen=True)
class Period:
    """An inclusive range of days.

    `key` names it for the label catalogue: "week", "last_week", "month", "last_month",
    "month:YYYY-MM", "quarter:YYYY-Q", "ytd", "year:YYYY" or "range" (label from the dates).
    Calendar periods keep their natural bounds (this month ends on its last day, not today).
    """

    start: date
    end: date
    key: str


def _month(year: int, month: int) -> tuple[date, date]:
    start = date(year, month, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return start, following - timedelta(days=1)


def _quarter(year: int, quarter: int) -> tuple[date, date]:
    start, _ = _month(year, 3 * quarter - 2)
    _, end = _month(year, 3 * quarter)
    return start, end


def _month_period(year: int, month: int) -> Period:
    start, end = _month(year, month)
    return Period(start, end, f"month:{year:04d}-{month:02d}")


def _quarter_period(year: int, quarter: int) -> Period:
    start, end = _quarter(year, quarter)
    return Period(start, end, f"quarter:{year:04d}-{quarter}")


def _year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), f"year:{year:04d}")


def _this_week(today: date) -> tuple[date, date]:
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


_PHRASES: dict[str, str] = {
    **dict.fromkeys(("tuan nay", "tuan", "trong tuan", "this week", "week"), "week"),
    **dict.fromkeys(
        ("tuan truoc", "tuan roi", "tuan vua qua", "last week", "previous week"), "last_week"
    ),
    **dict.fromkeys(("thang nay", "thang", "trong thang", "this month", "month"), "month"),
    **dict.fromkeys(
        ("thang truoc", "thang roi", "thang vua qua", "last month", "previous month"),
        "last_month",
    ),
    **dict.fromkeys(("quy nay", "quy", "this quarter", "quarter"), "this_quarter"),
    **dict.fromkeys(("quy truoc", "quy roi", "last quarter", "previous quarter"), "last_quarter"),
    **dict.fromkeys(
        (
            "tu dau nam",
            "dau nam den nay",
            "tu dau nam den nay",
            "tu dau nam toi nay",
            "ytd",
            "year to date",
        ),
        "ytd",
    ),
    **dict.fromkeys(("nam nay", "nam", "trong nam", "this year", "year"), "this_year"),
    **dict.fromkeys(
        ("nam ngoai", "nam truoc", "nam roi", "last year", "previous year"), "last_year"
    ),
}

_EN_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_NAMES: dict[str, int] = {
    **{name: i + 1 for i, name in enumerate(_EN_MONTHS)},
    **{name[:3]: i + 1 for i, name in enumerate(_EN_MONTHS)},
}
_YEAR_TAIL = r"(?:(?: nam| of)? (\d{4})|[/.-](\d{4}))?"
_MONTH = re.compile(rf"(?:thang|t|month) (\d{{1,2}}|{'|'.join(_MONTH_NAMES)}){_YEAR_TAIL}")
_MONTH_NAME = re.compile(rf"({'|'.join(_MONTH_NAMES)}){_YEAR_TAIL}")
_MONTH_NUM = re.compile(r"(\d{1,2})[/.-](\d{4})")
_QUARTERS = {"1": 1, "2": 2, "3": 3, "4": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}
_QUARTERS |= {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4}
_QUARTER = re.compile(rf"(?:quy|q|quarter) ({'|'.join(_QUARTERS)}){_YEAR_TAIL}")
_YEAR = re.compile(r"(?:nam |year )?(\d{4})")
_DATE = re.compile(r"(?<!\S)(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}))?(?!\S)")
_RANGE_FILLERS = frozenset(
    {"tu", "den", "toi", "-", "from", "to", "until", "till", "through", "ngay", "and"}
)
_OPEN_ENDED = frozenset({"tu", "from", "since"})


def _latest(made: Period, today: date, undated: bool, earlier: Period) -> Period:
    """Without a typed year, the latest occurrence that has begun (December → last year)."""
    return earlier if undated and made.start > today else made


def _named(key: str, today: date) -> Period:
    if key == "week":
        return Period(*_this_week(today), "week")
    if key == "last_week":
        start, end = _this_week(today - timedelta(days=7))
        return Period(start, end, "last_week")
    if key == "month":
        return Period(*_month(today.year, today.month), "month")
    if key == "last_month":
        previous = today.replace(day=1) - timedelta(days=1)
        return Period(*_month(previous.year, previous.month), "last_month")
    if key in ("this_quarter", "last_quarter"):
        year, quarter = today.year, (today.month - 1) // 3 + 1
        if key == "last_quarter":
            year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
        return _quarter_period(year, quarter)
    if key == "ytd":
        return Period(date(today.year, 1, 1), today, "ytd")
    return _year_period(today.year - (key == "last_year"))


def _typed_year(*groups: str | None) -> int | None:
    return next((int(g) for g in groups if g), None)


def _range(s: str, today: date) -> Period | ParseError | None:
    # "01/01/2026-31/03/2026": split the two dates joined by a dash.
    s = re.sub(r"(\d{4})-(?=\d)", r"\1 - ", s)
    found = list(_DATE.finditer(s))
    if not found or len(found) > 2:
        return None
    leftover = _DATE.sub(" ", s).split()
    if any(word not in _RANGE_FILLERS for word in leftover):
        return None
    days: list[date] = []
    for m in found:
        if m[2] == "." and m[4] is None:
            return None
        try:
            days.append(date(int(m[4]) if m[4] else today.year, int(m[3]), int(m[1])))
        except ValueError:
            return ParseError("invalid_date")
    if len(days) == 1:
        # "từ 01/03/2026" runs to today; a lone date is that single day.
        days.append(today if leftover and leftover[0] in _OPEN_ENDED else days[0])
    start, end = days
    if start > today:
        return ParseError("future")
    if end < start:
        return ParseError("end_before_start")
    return Period(start, end, "range")


def _parse(s: str, today: date) -> Period | ParseError:
    if s in _PHRASES:
        return _named(_PHRASES[s], today)
    if found := _MONTH.fullmatch(s) or _MONTH_NAME.fullmatch(s):
        raw = found[1]
        month = _MONTH_NAMES[raw] if raw in _MONTH_NAMES else int(raw)
        year = _typed_year(found[2], found[3])
        if not 1 <= month <= 12:
            return ParseError("invalid_date")
        made = _month_period(year or today.year, month)
        return _latest(made, today, year is None, _month_period(today.year - 1, month))
    if found := _MONTH_NUM.fullmatch(s):
        month = int(found[1])
        if not 1 <= month <= 12:
            return ParseError("invalid_date")
        return _month_period(int(found[2]), month)
    if found := _QUARTER.fullmatch(s):
        quarter = _QUARTERS[found[1]]
        year = _typed_year(found[2], found[3])
        made = _quarter_period(year or today.year, quarter)
        return _latest(made, today, year is None, _quarter_period(today.year - 1, quarter))
    if found := _YEAR.fullmatch(s):
        return _year_period(int(found[1]))
    ranged = _range(s, today)
    return ParseError("unrecognized") if ranged is None else ranged


def parse_period(text: str, today: date) -> Period | ParseError:
    """Read a reporting period ("tháng 3", "quý 1/2026", "01/01/2026-31/03/2026")."""
    try:
        period = _parse(lex(text), today)
    except ValueError:
        # Year 0 or 10000: only reachable with absurd input or a `today` at the calendar's edge.
        return ParseError("invalid_date")
    if isinstance(period, Period) and period.start > today:
        return ParseError("future")
    return period


def previous_period(p: Period) -> Period:
    """The period of the same kind just before `p` (previous month, year, quarter, week…)."""
    kind, _, _ = p.key.partition(":")
    if kind in ("month", "last_month"):
        previous = p.start - timedelta(days=1)
        made = _month_period(previous.year, previous.month)
        return Period(made.start, made.end, "last_month" if p.key == "month" else made.key)
    if kind == "quarter":
        quarter = (p.start.month - 1) // 3 + 1
        if quarter == 1:
            return _quarter_period(p.start.year - 1, 4)
        return _quarter_period(p.start.year, quarter - 1)
    if kind == "year":
        return _year_period(p.start.year - 1)
    if kind == "ytd":
        # Year to date compares with the same stretch of last year, not the days just before.
        day = 28 if (p.end.month, p.end.day) == (2, 29) else p.end.day
        end = date(p.end.year - 1, p.end.month, day)
        return Period(date(p.start.year - 1, 1, 1), end, "range")
    length = (p.end - p.start).days + 1
    key = "last_week" if p.key == "week" else "range"
    return Period(p.start - timedelta(days=length), p.start - timedelta(days=1), key)
