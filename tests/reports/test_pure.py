"""Pure parts of the police side: targets, periods, schedules, codes, which entries alert."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain import EntryKind
from bot.parsing import Period, parse_period
from bot.reports.chart import daily_buckets, monthly_buckets
from bot.reports.figures import Indicator
from bot.reports.periods import months_in, period_label, utc_bounds
from bot.reports.worker import slug
from bot.services.alerts import is_urgent
from bot.services.digests import parse_clock
from bot.services.police import normalize_code
from bot.texts import Texts
from storage.models import DayCount

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("done", "total", "target", "met"),
    [
        (8, 10, 0.8, True),
        (79, 100, 0.8, False),
        (7, 10, 0.7, True),
        (4, 5, 0.8, True),
        (2, 3, 2 / 3, True),
        (9, 10, 1.0, False),
        (10, 10, 1.0, True),
        (0, 0, 1.0, None),
    ],
)
def test_targets_are_met_in_whole_counts(
    done: int, total: int, target: float, met: bool | None
) -> None:
    assert Indicator("x", done, total, target).met is met


def test_a_year_is_its_local_days_in_utc() -> None:
    start, end = utc_bounds(Period(date(2026, 1, 1), date(2026, 12, 31), "year:2026"), TZ)
    assert start.astimezone(UTC) == datetime(2025, 12, 31, 17, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2026, 12, 31, 17, tzinfo=UTC)


def test_months_counted_stop_at_today() -> None:
    year = Period(date(2026, 1, 1), date(2026, 12, 31), "year:2026")
    assert len(months_in(year, date(2026, 11, 20))) == 11
    span = Period(date(2025, 12, 15), date(2026, 2, 3), "range")
    assert months_in(span, date(2026, 6, 1)) == [(2025, 12), (2026, 1), (2026, 2)]


def test_period_labels_read_naturally() -> None:
    texts = Texts("vi")
    today = date(2026, 11, 20)
    labels = {
        text: period_label(texts, p)
        for text in ("năm 2025", "tháng 10", "quý 3", "tuần này", "từ đầu năm")
        if isinstance(p := parse_period(text, today), Period)
    }
    assert labels == {
        "năm 2025": "năm 2025",
        "tháng 10": "tháng 10/2026",
        "quý 3": "quý 3/2026",
        "tuần này": "tuần 16/11/2026–22/11/2026",
        "từ đầu năm": "từ đầu năm (01/01/2026–20/11/2026)",
    }


def test_chart_buckets_include_empty_days_and_months() -> None:
    counts = [DayCount(day=date(2026, 11, 18), kind=EntryKind.TIP, count=3)]
    days = daily_buckets(counts, date(2026, 11, 14), date(2026, 11, 20))
    assert days[0].label == "14/11" and len(days) == 7
    assert days[4].counts == {EntryKind.TIP: 3}
    months = monthly_buckets(counts, date(2026, 1, 1), date(2026, 12, 31))
    assert len(months) == 12 and months[10].counts == {EntryKind.TIP: 3}


@pytest.mark.parametrize(
    ("typed", "clock"),
    [("7:30", "07:30"), ("07h30", "07:30"), ("7h", "07:00"), ("19.05", "19:05"), ("25:00", None)],
)
def test_typed_times(typed: str, clock: str | None) -> None:
    assert parse_clock(typed) == clock


def test_codes_are_read_loosely() -> None:
    assert normalize_code("tb-2026-12") == "TB-2026-000012"
    assert normalize_code(" VV-2026-000007 ") == "VV-2026-000007"
    assert normalize_code("TB2026") is None


def test_which_entries_alert() -> None:
    assert is_urgent(EntryKind.TIP, True, "drugs", None)
    assert not is_urgent(EntryKind.TIP, False, "drugs", None)
    assert is_urgent(EntryKind.INCIDENT, False, "fire", False)
    assert is_urgent(EntryKind.INCIDENT, False, "rescue", False)
    assert is_urgent(EntryKind.INCIDENT, False, "traffic", True)
    assert not is_urgent(EntryKind.INCIDENT, False, "theft", False)
    assert not is_urgent(EntryKind.DEED, True, "rescue", True)


def test_file_names_are_ascii() -> None:
    assert slug("Xã Hòa An") == "xa-hoa-an"
    assert slug("năm 2026") == "nam-2026"


def test_months_and_waits_read_naturally() -> None:
    from bot.reports.periods import duration, months_label

    texts = Texts("vi")
    assert months_label(texts, [(2026, m) for m in range(1, 11)]) == "tháng 1–10/2026"
    assert (
        months_label(texts, [(2025, 12), (2026, 1), (2026, 3)]) == "tháng 12/2025; tháng 1, 3/2026"
    )
    assert [duration(texts, s) for s in (20, 600, 3600, 3 * 3600 + 600, 86400, 90000 + 3600)] == [
        "dưới 1 phút",
        "10 phút",
        "1 giờ",
        "3 giờ 10 phút",
        "1 ngày",
        "1 ngày 2 giờ",
    ]


def test_the_month_under_way_is_never_judged() -> None:
    from bot.reports.figures import Months

    today = date(2026, 11, 20)
    year = Months.of(Period(date(2026, 1, 1), date(2026, 12, 31), "year:2026"), today)
    assert year.judged[0] == (2026, 1) and year.judged[-1] == (2026, 10)
    assert year.running == (2026, 11)
    week = Months.of(Period(date(2026, 10, 26), date(2026, 11, 1), "range"), today)
    assert (week.judged, week.running) == (((2026, 10),), (2026, 11))
    start, end = week.window(TZ, datetime(2026, 11, 20, 3, tzinfo=UTC)) or (None, None)
    assert start == datetime(2026, 10, 1, tzinfo=TZ) and end == datetime(
        2026, 11, 20, 3, tzinfo=UTC
    )
    past = Months.of(Period(date(2025, 1, 1), date(2025, 12, 31), "year:2025"), today)
    assert len(past.judged) == 12 and past.running is None
