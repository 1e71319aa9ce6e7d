"""Reminder dates: local days and hours, months clipped to a period, month lists."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.calendar.dates import month_ranges, months_by_year, reminder_moments
from bot.calendar.rules import check_deadline, check_phase, overlaps
from bot.domain import Audience
from bot.flows.calendar import read_date
from bot.parsing import ParseError
from bot.services.reminders import month_list
from bot.texts import Texts
from storage.models import NewDeadline, NewPhase

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_reminders_fall_at_the_local_hour_the_given_days_before() -> None:
    moments = reminder_moments(date(2026, 11, 15), [1, 14, 7, 3], time(8), VN)
    assert [(d, m.isoformat()) for d, m in moments] == [
        (14, "2026-11-01T01:00:00+00:00"),
        (7, "2026-11-08T01:00:00+00:00"),
        (3, "2026-11-12T01:00:00+00:00"),
        (1, "2026-11-14T01:00:00+00:00"),
    ]
    early = reminder_moments(date(2027, 1, 1), [1], time(6), VN)
    assert early == [(1, datetime(2026, 12, 30, 23, tzinfo=UTC))]


def test_months_are_local_and_clipped_to_the_period() -> None:
    ranges = month_ranges(date(2025, 12, 15), date(2026, 2, 10), VN)
    assert [key for key, _, _ in ranges] == ["2025-12", "2026-01", "2026-02"]
    first, _, last = ranges
    assert first[1] == datetime(2025, 12, 14, 17, tzinfo=UTC)
    assert last[2] == datetime(2026, 2, 10, 17, tzinfo=UTC)
    assert months_by_year(["2026-01", "2025-11", "2025-12"]) == [(2025, [11, 12]), (2026, [1])]
    assert month_list(Texts("vi"), ["2025-11", "2025-12", "2026-01"]) == (
        "tháng 11, 12/2025; tháng 1/2026"
    )


def test_typed_dates() -> None:
    today = date(2026, 3, 1)
    assert read_date("15/11/2026", today) == date(2026, 11, 15)
    assert read_date("15/11", today) == date(2026, 11, 15)
    assert read_date("31/02/2026", today) == ParseError("invalid_date")
    assert read_date("30/2", today) == ParseError("invalid_date")
    assert isinstance(read_date("thứ hai", today), ParseError)


def test_rules_name_every_problem() -> None:
    today = date(2026, 3, 1)
    bad = NewPhase(name=" ", start=date(2026, 5, 1), end=date(2026, 4, 1), report=date(2026, 2, 1))
    assert [p.key for p in check_phase(bad, today)] == [
        "cal.err.name_empty",
        "cal.err.end_before_start",
        "cal.err.report_before_start",
        "cal.err.past",
    ]
    late = NewDeadline(name="x" * 121, due=date(2026, 2, 28), audience=frozenset())
    assert [p.key for p in check_deadline(late, today)] == [
        "cal.err.name_long",
        "cal.err.past",
        "cal.err.audience_empty",
    ]
    ok = NewDeadline(name="Hôm nay", due=today, audience=frozenset({Audience.ADMINS}))
    assert check_deadline(ok, today) == []


def test_overlap_depends_on_place() -> None:
    def p(start: int, end: int, commune: int | None) -> NewPhase:
        return NewPhase(
            name="x",
            start=date(2026, start, 1),
            end=date(2026, end, 1),
            report=date(2026, end, 1),
            commune_id=commune,
        )

    assert overlaps(p(1, 6, None), p(6, 9, 3))
    assert not overlaps(p(1, 6, 2), p(3, 9, 3))
    assert overlaps(p(1, 6, 2), p(3, 9, 2))
    assert not overlaps(p(1, 5, None), p(6, 9, None))
