"""Dates, times and durations typed the way people type them on a phone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.parsing._words import lex, numberize, words_to_int
from bot.parsing.errors import ParseError

__all__ = ["LOCAL_TZ", "When", "parse_date", "parse_minutes", "parse_when"]

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FUTURE_TOLERANCE = timedelta(minutes=10)
MAX_AGE_DAYS = 366
MAX_MINUTES = 1440


@dataclass(frozen=True)
class When:
    """A local moment; has_time is False when only a day or a part of the day was given."""

    at: datetime
    has_time: bool


# --- durations --------------------------------------------------------------------------------

_MINUTE_UNITS = ("phut", "ph", "p", "'", "minutes", "minute", "mins", "min", "m")
_HOUR_UNITS = ("tieng dong ho", "tieng", "gio", "h", "g", "hours", "hour", "hrs", "hr")
_DAY_UNITS = ("ngay", "days", "day")
_WEEK_UNITS = ("tuan", "weeks", "week")
_UNIT_WORDS = frozenset(
    w for group in (_MINUTE_UNITS, _HOUR_UNITS, _DAY_UNITS, _WEEK_UNITS) for w in group
)


def _alt(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_DURATION = re.compile(
    r"(?:(?P<n>\d{1,6}(?:[.,]\d{1,3})?|nua|half an|half a|half|an|a) )?"
    rf"(?P<u>{_alt(_MINUTE_UNITS + _HOUR_UNITS + _DAY_UNITS + _WEEK_UNITS)})"
    r"(?: (?P<ruoi>ruoi|and a half))?"
    rf"(?: (?P<n2>\d{{1,2}})(?: (?:{_alt(_MINUTE_UNITS)}))?)?"
)
_AMOUNTS = {"nua": 0.5, "half": 0.5, "half an": 0.5, "half a": 0.5, "an": 1.0, "a": 1.0}


@dataclass(frozen=True)
class _Span:
    minutes: float
    in_days: bool


def _duration(s: str) -> _Span | None:
    """Read "30 phút", "2 tiếng", "1 tiếng rưỡi", "1h30", "3 ngày" (already lexed)."""
    found = _DURATION.fullmatch(s)
    if found is None:
        return None
    unit, raw, half, extra = found["u"], found["n"], found["ruoi"], found["n2"]
    if raw is None and half is None:
        return None  # a unit alone ("giờ") is no amount
    amount = 1.0 if raw is None else _AMOUNTS.get(raw) or float(raw.replace(",", "."))
    if half is not None:
        amount += 0.5
    if unit in _MINUTE_UNITS:
        return None if half or extra else _Span(amount, in_days=False)
    if unit in _HOUR_UNITS:
        if extra is not None and (half is not None or int(extra) >= 60):
            return None
        return _Span(amount * 60 + int(extra or 0), in_days=False)
    if extra is not None:
        return None
    days = amount * 7 if unit in _WEEK_UNITS else amount
    return _Span(days * 1440, in_days=True)


# --- parse_minutes -----------------------------------------------------------------------------

_IMMEDIATELY = frozenset(
    {
        "ngay",
        "ngay lap tuc",
        "lap tuc",
        "ngay luon",
        "co mat ngay",
        "den ngay",
        "immediately",
        "at once",
        "right away",
    }
)
_MINUTE_FILLERS = frozenset(
    {"khoang", "tam", "chung", "gan", "sau", "mat", "het", "about", "around", "after", "approx"}
)
_NEGATIVE = re.compile(r"\s*[-−–]\s*\d")


def _amount_of_minutes(words: list[str]) -> float | None:
    s = " ".join(words)
    if re.fullmatch(r"\d{1,6}(?:[.,]\d{1,3})?", s):
        return float(s.replace(",", "."))
    span = _duration(s)
    if span is not None:
        return span.minutes
    value = words_to_int(words)
    return None if value is None else float(value)


def parse_minutes(text: str) -> int | ParseError:
    """Read a number of minutes: "5", "5p", "mười lăm phút", "nửa tiếng", "1 tiếng rưỡi"."""
    if _NEGATIVE.match(text):
        return ParseError("out_of_range")
    s = numberize(lex(text), _UNIT_WORDS)
    if s in _IMMEDIATELY:
        return 0
    words = s.split()
    minutes = _amount_of_minutes(words)
    if minutes is None:
        # "khoảng 5 phút", "5 phút sau": hedges and "after" around the amount carry no meaning,
        # but only strip them when needed ("sáu mươi" is sixty, not "after ten").
        while words and words[0] in _MINUTE_FILLERS:
            words.pop(0)
        while words and words[-1] in _MINUTE_FILLERS:
            words.pop()
        minutes = _amount_of_minutes(words)
    if minutes is None:
        return ParseError("unrecognized")
    rounded = int(minutes + 0.5)
    if not 0 <= rounded <= MAX_MINUTES:
        return ParseError("out_of_range")
    return rounded


# --- parse_date --------------------------------------------------------------------------------

_STRICT_DATE = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")


def parse_date(text: str) -> date | ParseError:
    """Read a strict dd/mm/yyyy date (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy)."""
    found = _STRICT_DATE.fullmatch(text.strip())
    if found is None:
        return ParseError("unrecognized")
    try:
        return date(int(found[4]), int(found[3]), int(found[1]))
    except ValueError:
        return ParseError("invalid_date")


# --- parse_when --------------------------------------------------------------------------------

_NOW = frozenset(
    {
        "bay gio",
        "ngay bay gio",
        "vua xong",
        "vua nay",
        "vua roi",
        "vua moi",
        "moi xong",
        "luc nay",
        "ngay luc nay",
        "hien tai",
        "dang dien ra",
        "dang xay ra",
        "vua xay ra",
        "moi xay ra",
        "vua moi xay ra",
        "moi day",
        "now",
        "just now",
        "right now",
    }
)
_AGO = re.compile(
    r"(?:(?:khoang|tam|chung|gan|about|around) )*(?:cach day )?(?P<d>.+?)(?: (?:ve )?truoc| ago)"
    r"|(?:(?:khoang|tam|chung|gan) )*cach day (?P<d2>.+)"
)

_B, _E = r"(?<!\S)", r"(?!\S)"
_DATE_NUM = re.compile(rf"{_B}(\d{{1,2}})([/.-])(\d{{1,2}})(?:\2(\d{{4}}|\d{{2}}))?{_E}")
_DATE_WORDS = re.compile(rf"{_B}(?:ngay )?(\d{{1,2}}) thang (\d{{1,2}})(?: nam (\d{{4}}))?{_E}")
_DAY_OF_MONTH = re.compile(rf"{_B}ngay (\d{{1,2}}){_E}")
_REL_DAYS: dict[str, tuple[int, str | None]] = {
    "ngay hom nay": (0, None),
    "ngay hom qua": (-1, None),
    "hom nay": (0, None),
    "hom qua": (-1, None),
    "hom kia": (-2, None),
    "today": (0, None),
    "yesterday": (-1, None),
    "tonight": (0, "toi"),
    "last night": (-1, "dem"),
    "this morning": (0, "sang"),
    "this afternoon": (0, "chieu"),
    "this evening": (0, "toi"),
}
_REL_DAY = re.compile(rf"{_B}({_alt(tuple(_REL_DAYS))}){_E}")
_WEEKDAYS: dict[str, int] = {
    "thu 2": 0,
    "thu hai": 0,
    "thu 3": 1,
    "thu ba": 1,
    "thu 4": 2,
    "thu tu": 2,
    "thu 5": 3,
    "thu nam": 3,
    "thu 6": 4,
    "thu sau": 4,
    "thu 7": 5,
    "thu bay": 5,
    "chu nhat": 6,
    "cn": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_WEEK_QUALIFIERS: dict[str, int] = {
    "tuan truoc": -1,
    "tuan roi": -1,
    "last week": -1,
    "tuan nay": 0,
    "this week": 0,
}
_WEEKDAY = re.compile(
    rf"{_B}(?:(last|this) )?({_alt(tuple(_WEEKDAYS))})(?: ({_alt(tuple(_WEEK_QUALIFIERS))}))?{_E}"
)
_T_AMPM = re.compile(rf"{_B}(\d{{1,2}})(?::(\d{{1,2}}))? ?(am|pm){_E}")
_T_COLON = re.compile(rf"{_B}(\d{{1,2}}):(\d{{1,2}})(?::\d{{1,2}})?{_E}")
_MIN = r"(?: (?:phut|ph|p|'))?"
_T_HOUR = re.compile(
    rf"{_B}(\d{{1,2}}) (?:h|g|gio)(?: (?:(\d{{1,2}}){_MIN}|(ruoi)|kem (\d{{1,2}}){_MIN}))?{_E}"
)
_T_AT = re.compile(rf"{_B}(?:vao luc|luc|at) (\d{{1,2}}){_E}")
_NAMED_TIMES: dict[str, tuple[int, str]] = {
    "noon": (12, "trua"),
    "giua trua": (12, "trua"),
    "chinh ngo": (12, "trua"),
    "midnight": (0, "dem"),
    "nua dem": (0, "dem"),
}
_NAMED_TIME = re.compile(rf"{_B}({_alt(tuple(_NAMED_TIMES))}){_E}")
_PERIODS: dict[str, str] = {
    "sang som": "sang",
    "chieu toi": "toi",
    "toi khuya": "khuya",
    "dem khuya": "khuya",
    "sang": "sang",
    "trua": "trua",
    "chieu": "chieu",
    "toi": "toi",
    "dem": "dem",
    "khuya": "khuya",
    "morning": "sang",
    "afternoon": "chieu",
    "evening": "toi",
    "night": "dem",
}
_PERIOD = re.compile(rf"{_B}({_alt(tuple(_PERIODS))}){_E}")
_DAY_SUFFIXES = {"nay": 0, "qua": -1, "kia": -2}
_DAY_SUFFIX = re.compile(rf"{_B}(nay|qua|kia){_E}")
# (start hour, default hour) of each part of the day.
_PERIOD_HOURS: dict[str, tuple[int, int]] = {
    "sang": (5, 8),
    "trua": (11, 12),
    "chieu": (13, 15),
    "toi": (18, 20),
    "dem": (21, 23),
    "khuya": (22, 23),
}
_NIGHT = frozenset({"dem", "khuya"})
# Typed hours up to this many are afternoon/evening hours: "2h chiều" = 14:00, "1h trưa" = 13:00.
_AFTERNOON_HOURS = {"chieu": 11, "toi": 11, "trua": 4}
_FILLERS = frozenset(
    {
        "luc",
        "vao",
        "vao luc",
        "khoang",
        "tam",
        "chung",
        "gan",
        "ngay",
        "hom",
        "buoi",
        "ban",
        "dung",
        "hoi",
        "xay ra",
        "at",
        "on",
        "in",
        "the",
        "of",
        "around",
        "about",
    }
)


class _Scan:
    """Takes recognised pieces out of the lexed text so that the leftover can be checked."""

    def __init__(self, s: str) -> None:
        self.s = s

    def take(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        found = list(pattern.finditer(self.s))
        for m in reversed(found):
            self.s = self.s[: m.start()] + " " * (m.end() - m.start()) + self.s[m.end() :]
        return found

    def leftover(self) -> list[str]:
        return self.s.split()


@dataclass
class _Parts:
    days: list[date | ParseError]
    times: list[tuple[int, int, str | None]]  # hour, minute, am/pm or implied part of day
    periods: list[str]


def _date_from(day: int, month: int, year: int | None, today: date) -> date | ParseError:
    """A typed day and month; without a year, the latest such date not after today."""
    if year is not None:
        try:
            return date(year + 2000 if year < 100 else year, month, day)
        except ValueError:
            return ParseError("invalid_date")
    upcoming: date | None = None
    for candidate_year in (today.year, today.year - 1):
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
        upcoming = upcoming or candidate
    return upcoming if upcoming is not None else ParseError("invalid_date")


def _day_of_month(day: int, today: date) -> date | ParseError:
    previous = today.replace(day=1) - timedelta(days=1)
    for year, month in ((today.year, today.month), (previous.year, previous.month)):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return ParseError("invalid_date")


def _weekday(qualifier: str | None, name: str, week: str | None, today: date) -> date:
    index = _WEEKDAYS[name]
    shift = _WEEK_QUALIFIERS[week] if week else (-1 if qualifier == "last" else None)
    if shift is None and qualifier != "this":
        return today - timedelta(days=(today.weekday() - index) % 7)
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(days=7 * (shift or 0) + index)


def _pieces(s: str, today: date) -> _Parts | None:
    """Split the lexed text into days, times and parts of day; None if anything is left."""
    scan = _Scan(s)
    parts = _Parts([], [], [])
    for m in scan.take(_DATE_NUM):
        if m[2] == "." and m[4] is None:
            return None  # "8.30" is as likely a time as a date: refuse to guess
        year = int(m[4]) if m[4] else None
        parts.days.append(_date_from(int(m[1]), int(m[3]), year, today))
    for m in scan.take(_DATE_WORDS):
        parts.days.append(_date_from(int(m[1]), int(m[2]), int(m[3]) if m[3] else None, today))
    for m in scan.take(_REL_DAY):
        offset, period = _REL_DAYS[m[1]]
        parts.days.append(today + timedelta(days=offset))
        if period:
            parts.periods.append(period)
    for m in scan.take(_WEEKDAY):
        parts.days.append(_weekday(m[1], m[2], m[3], today))
    for m in scan.take(_T_AMPM):
        parts.times.append((int(m[1]), int(m[2] or 0), m[3]))
    for m in scan.take(_T_COLON):
        parts.times.append((int(m[1]), int(m[2]), None))
    for m in scan.take(_T_HOUR):
        hour, minute = int(m[1]), int(m[2] or 0)
        if m[3]:
            minute = 30
        elif m[4]:
            # "9 giờ kém 15" is a quarter to nine; "0 giờ kém 5" or "kém 75" stay invalid
            # (minute 60 is refused later as invalid_time).
            before = int(m[4])
            hour, minute = (hour - 1, 60 - before) if hour > 0 and 0 < before < 60 else (hour, 60)
        parts.times.append((hour, minute, None))
    for m in scan.take(_DAY_OF_MONTH):
        parts.days.append(_day_of_month(int(m[1]), today))
    for m in scan.take(_T_AT):
        parts.times.append((int(m[1]), 0, None))
    for m in scan.take(_NAMED_TIME):
        hour, period = _NAMED_TIMES[m[1]]
        parts.times.append((hour, 0, period))
    for m in scan.take(_PERIOD):
        parts.periods.append(_PERIODS[m[1]])
    for m in scan.take(_DAY_SUFFIX):
        parts.days.append(today + timedelta(days=_DAY_SUFFIXES[m[1]]))
    if any(word not in _FILLERS for word in scan.leftover()):
        return None
    return parts


def _clock(hour: int, minute: int, marker: str | None) -> tuple[int, int, bool] | ParseError:
    """24-hour clock time from a typed hour and its am/pm or part of day; True = after midnight."""
    if hour > 23 or minute > 59:
        return ParseError("invalid_time")
    if marker in ("am", "pm"):
        if hour > 12:
            return ParseError("invalid_time")
        if marker == "pm" and hour < 12:
            hour += 12
        elif marker == "am" and hour == 12:
            hour = 0
        return hour, minute, False
    afternoon = _AFTERNOON_HOURS.get(marker or "")
    if afternoon is not None and 1 <= hour <= afternoon:
        hour += 12
    elif marker in _NIGHT:
        if 6 <= hour <= 11:
            hour += 12
        elif hour == 12:
            hour = 0
        # Small hours belong to the night that began the evening before ("2h đêm qua").
        return hour, minute, hour < 6
    return hour, minute, False


def _check(at: datetime, now: datetime) -> datetime | ParseError:
    if at > now + FUTURE_TOLERANCE:
        return ParseError("future")
    if (now.date() - at.date()).days > MAX_AGE_DAYS:
        return ParseError("too_old")
    return at


def _ago(s: str, now: datetime) -> When | ParseError | None:
    found = _AGO.fullmatch(s)
    if found is None:
        return None
    span = _duration(found["d"] or found["d2"])
    if span is None:
        return None
    if span.minutes > (MAX_AGE_DAYS + 1) * 1440:
        return ParseError("too_old")
    if span.in_days:
        day = now.date() - timedelta(days=int(span.minutes // 1440))
        at = datetime.combine(day, time(0, 0), tzinfo=LOCAL_TZ)
    else:
        at = now - timedelta(minutes=round(span.minutes))
    checked = _check(at, now)
    return checked if isinstance(checked, ParseError) else When(checked, not span.in_days)


def _combine(parts: _Parts, now: datetime) -> When | ParseError:
    today = now.date()
    for day_or_error in parts.days:
        if isinstance(day_or_error, ParseError):
            return day_or_error
    days = {d for d in parts.days if isinstance(d, date)}
    periods = set(parts.periods)
    if len(days) > 1 or len(periods) > 1 or len(parts.times) > 1:
        return ParseError("unrecognized")
    day = next(iter(days), None)
    period = next(iter(periods), None)
    if parts.times:
        hour, minute, marker = parts.times[0]
        clock = _clock(hour, minute, marker or period)
        if not isinstance(clock, ParseError) and marker in ("am", "pm") and period in _NIGHT:
            # "last night at 2am": small hours after the night began.
            clock = (clock[0], clock[1], clock[0] < 6)
        if isinstance(clock, ParseError):
            return clock
        hour, minute, after_midnight = clock
        base = today if day is None else day + timedelta(days=int(after_midnight))
        at = datetime.combine(base, time(hour, minute), tzinfo=LOCAL_TZ)
        checked = _check(at, now)
        return checked if isinstance(checked, ParseError) else When(checked, has_time=True)
    if period is not None:
        start, default = _PERIOD_HOURS[period]
        base = today if day is None else day
        at = datetime.combine(base, time(default, 0), tzinfo=LOCAL_TZ)
        # "chiều nay" typed at 13:30: the afternoon has begun, so it means "earlier today".
        if at > now + FUTURE_TOLERANCE and base == today and now.hour >= start:
            at = now
        checked = _check(at, now)
        return checked if isinstance(checked, ParseError) else When(checked, has_time=False)
    if day is not None:
        at = datetime.combine(day, time(0, 0), tzinfo=LOCAL_TZ)
        checked = _check(at, now)
        return checked if isinstance(checked, ParseError) else When(checked, has_time=False)
    return ParseError("unrecognized")


def parse_when(text: str, now: datetime) -> When | ParseError:
    """Read when something happened ("hôm qua 20h", "2 tiếng trước") relative to aware `now`."""
    if now.tzinfo is None:
        raise ValueError("parse_when needs an aware datetime")
    local_now = now.astimezone(LOCAL_TZ).replace(second=0, microsecond=0)
    s = lex(text)
    if not s:
        return ParseError("unrecognized")
    if s in _NOW:
        return When(local_now, has_time=True)
    s = numberize(s, _UNIT_WORDS)
    try:
        ago = _ago(s, local_now)
        if ago is not None:
            return ago
        parts = _pieces(s, local_now.date())
        if parts is None:
            return ParseError("unrecognized")
        return _combine(parts, local_now)
    except OverflowError:
        # Only reachable with a `now` near year 1 or 9999.
        return ParseError("unrecognized")
