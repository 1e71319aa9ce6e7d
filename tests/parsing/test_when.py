"""parse_when, parse_date and parse_minutes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.parsing import LOCAL_TZ, ParseError, When, parse_date, parse_minutes, parse_when

# Monday 23 November 2026, 15:00 in Hà Nội.
NOW = datetime(2026, 11, 23, 15, 0, 42, tzinfo=LOCAL_TZ)


def at(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL_TZ)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # now
        ("bây giờ", at(11, 23, 15)),
        ("bay gio", at(11, 23, 15)),
        ("vừa xong", at(11, 23, 15)),
        ("vừa nãy", at(11, 23, 15)),
        ("now", at(11, 23, 15)),
        ("ngay bây giờ", at(11, 23, 15)),
        # bare times
        ("14h30", at(11, 23, 14, 30)),
        ("14h", at(11, 23, 14)),
        ("14g30", at(11, 23, 14, 30)),
        ("14:30", at(11, 23, 14, 30)),
        ("14 giờ 30", at(11, 23, 14, 30)),
        ("14 gio 30 phut", at(11, 23, 14, 30)),
        ("14h30p", at(11, 23, 14, 30)),
        ("lúc 14h30.", at(11, 23, 14, 30)),
        ("15h05", at(11, 23, 15, 5)),
        ("15h10", at(11, 23, 15, 10)),
        ("2h chiều", at(11, 23, 14)),
        ("2 giờ chiều", at(11, 23, 14)),
        ("hai giờ chiều", at(11, 23, 14)),
        ("8h sáng", at(11, 23, 8)),
        ("tám giờ sáng", at(11, 23, 8)),
        ("1h trưa", at(11, 23, 13)),
        ("12h trưa", at(11, 23, 12)),
        ("8 giờ rưỡi", at(11, 23, 8, 30)),
        ("9 giờ kém 15", at(11, 23, 8, 45)),
        ("tầm 8h", at(11, 23, 8)),
        ("khoảng 10h sáng nay", at(11, 23, 10)),
        ("2pm", at(11, 23, 14)),
        ("2:15 p.m.", at(11, 23, 14, 15)),
        ("12am", at(11, 23, 0)),
        ("2h đêm", at(11, 23, 2)),
        ("trưa", at(11, 23, 12)),
        ("noon", at(11, 23, 12)),
        # days
        ("hôm nay 9h", at(11, 23, 9)),
        ("hom nay 9h", at(11, 23, 9)),
        ("sáng nay", at(11, 23, 8)),
        ("trưa nay", at(11, 23, 12)),
        ("trưa qua", at(11, 22, 12)),
        ("chiều nay", at(11, 23, 15)),
        ("tối qua", at(11, 22, 20)),
        ("đêm qua", at(11, 22, 23)),
        ("đêm hôm qua", at(11, 22, 23)),
        ("tối qua 8h", at(11, 22, 20)),
        ("8 giờ tối qua", at(11, 22, 20)),
        ("9h đêm qua", at(11, 22, 21)),
        ("2h đêm qua", at(11, 23, 2)),
        ("12h đêm qua", at(11, 23, 0)),
        ("nửa đêm qua", at(11, 23, 0)),
        ("hôm qua 20h", at(11, 22, 20)),
        ("hom qua 20h", at(11, 22, 20)),
        ("hôm qua lúc 20:15", at(11, 22, 20, 15)),
        ("20h15 hôm qua", at(11, 22, 20, 15)),
        ("tầm 8h tối hôm qua", at(11, 22, 20)),
        ("hôm kia 7h", at(11, 21, 7)),
        ("yesterday 20:00", at(11, 22, 20)),
        ("yesterday at 8pm", at(11, 22, 20)),
        ("today 14:30", at(11, 23, 14, 30)),
        ("last night", at(11, 22, 23)),
        ("last night at 11pm", at(11, 22, 23)),
        ("last night at 2am", at(11, 23, 2)),
        ("đêm qua lúc 1h", at(11, 23, 1)),
        ("yesterday evening", at(11, 22, 20)),
        ("vừa xảy ra", at(11, 23, 15)),
        ("19h30' hôm qua", at(11, 22, 19, 30)),
        ("this morning", at(11, 23, 8)),
        ("hôm qua", at(11, 22)),
        ("hôm nay", at(11, 23)),
        # dates
        ("20/11 8:00", at(11, 20, 8)),
        ("8:00 20/11", at(11, 20, 8)),
        ("20/11 lúc 8h", at(11, 20, 8)),
        ("20/11 8h tối", at(11, 20, 20)),
        ("20/11/2026", at(11, 20)),
        ("20-11-2026 8h30", at(11, 20, 8, 30)),
        ("20.11.2026", at(11, 20)),
        ("20/11/26", at(11, 20)),
        ("ngày 20/11", at(11, 20)),
        ("ngay 20/11", at(11, 20)),
        ("ngày 20 tháng 11", at(11, 20)),
        ("ngày 20 tháng 11 năm 2026 lúc 9h", at(11, 20, 9)),
        ("ngày 20", at(11, 20)),
        ("ngày 31", at(10, 31)),
        ("1/12", at(12, 1, year=2025)),
        ("25/12 21h", at(12, 25, 21, year=2025)),
        ("23/11 14:50", at(11, 23, 14, 50)),
        # weekdays (23/11/2026 is a Monday)
        ("chủ nhật", at(11, 22)),
        ("thứ 7 9h sáng", at(11, 21, 9)),
        ("thứ hai", at(11, 23)),
        ("thứ 2 tuần trước", at(11, 16)),
        ("tối thứ 6", at(11, 20, 20)),
        # relative
        ("30 phút trước", at(11, 23, 14, 30)),
        ("30p trước", at(11, 23, 14, 30)),
        ("2 tiếng trước", at(11, 23, 13)),
        ("2 giờ trước", at(11, 23, 13)),
        ("hai tiếng trước", at(11, 23, 13)),
        ("nửa tiếng trước", at(11, 23, 14, 30)),
        ("1 tiếng rưỡi trước", at(11, 23, 13, 30)),
        ("cách đây 2 tiếng", at(11, 23, 13)),
        ("khoảng 10 phút trước", at(11, 23, 14, 50)),
        ("2 hours ago", at(11, 23, 13)),
        ("an hour ago", at(11, 23, 14)),
        ("3 ngày trước", at(11, 20)),
        ("1 tuần trước", at(11, 16)),
    ],
)
def test_parse_when(text: str, expected: datetime) -> None:
    result = parse_when(text, NOW)
    assert isinstance(result, When), result
    assert result.at == expected
    assert result.at.tzinfo is LOCAL_TZ


@pytest.mark.parametrize(
    ("text", "has_time"),
    [
        ("14h", True),
        ("bây giờ", True),
        ("30 phút trước", True),
        ("20/11", False),
        ("hôm qua", False),
        ("tối qua", False),
        ("3 ngày trước", False),
        ("hôm qua 8h", True),
    ],
)
def test_has_time(text: str, has_time: bool) -> None:
    result = parse_when(text, NOW)
    assert isinstance(result, When)
    assert result.has_time is has_time


def test_now_in_utc_is_converted() -> None:
    result = parse_when("14h", datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
    assert isinstance(result, When)
    assert result.at == at(11, 23, 14)


def test_naive_now_is_a_bug() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_when("14h", datetime(2026, 11, 23, 15, 0))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("16h", "future"),
        ("15h11", "future"),
        ("8 giờ tối", "future"),
        ("9h đêm", "future"),
        ("tối nay", "future"),
        ("1/12/2026", "future"),
        ("24/11/2026", "future"),
        ("2h đêm nay", "future"),
        ("thứ 3 tuần này", "future"),
        ("31/02", "invalid_date"),
        ("29/02/2025", "invalid_date"),
        ("32/1", "invalid_date"),
        ("1/13", "invalid_date"),
        ("0/5", "invalid_date"),
        ("ngày 31 tháng 2", "invalid_date"),
        ("25h", "invalid_time"),
        ("14h75", "invalid_time"),
        ("14:60", "invalid_time"),
        ("hôm qua 24h", "invalid_time"),
        ("13pm", "invalid_time"),
        ("20/11/2024", "too_old"),
        ("21/11/2025", "too_old"),
        ("400 ngày trước", "too_old"),
        ("2 năm trước", "unrecognized"),
        ("", "unrecognized"),
        ("🙂", "unrecognized"),
        ("abc", "unrecognized"),
        ("hôm qua hôm kia", "unrecognized"),
        ("14h 15h", "unrecognized"),
        ("8.30", "unrecognized"),
        ("tôi thấy lúc 8h", "unrecognized"),
        ("giờ", "unrecognized"),
    ],
)
def test_parse_when_errors(text: str, key: str) -> None:
    assert parse_when(text, NOW) == ParseError(key)


def test_leap_day_without_year_uses_last_leap_year() -> None:
    now = datetime(2029, 1, 10, 9, 0, tzinfo=LOCAL_TZ)
    result = parse_when("29/02", now)
    assert isinstance(result, When)
    assert result.at == datetime(2028, 2, 29, tzinfo=LOCAL_TZ)


def test_year_boundary() -> None:
    now = datetime(2027, 1, 1, 0, 5, tzinfo=LOCAL_TZ)
    result = parse_when("31/12 23h", now)
    assert isinstance(result, When)
    assert result.at == datetime(2026, 12, 31, 23, 0, tzinfo=LOCAL_TZ)
    result = parse_when("tối qua", now)
    assert isinstance(result, When)
    assert result.at == datetime(2026, 12, 31, 20, 0, tzinfo=LOCAL_TZ)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20/11/2026", date(2026, 11, 20)),
        ("1/2/2026", date(2026, 2, 1)),
        ("01-02-2026", date(2026, 2, 1)),
        ("01.02.2026", date(2026, 2, 1)),
        (" 29/02/2028 ", date(2028, 2, 29)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("31/02/2026", "invalid_date"),
        ("29/02/2025", "invalid_date"),
        ("1/13/2026", "invalid_date"),
        ("00/01/2026", "invalid_date"),
        ("20/11", "unrecognized"),
        ("20/11/26", "unrecognized"),
        ("20/11-2026", "unrecognized"),
        ("2026-11-20", "unrecognized"),
        ("hôm nay", "unrecognized"),
        ("", "unrecognized"),
    ],
)
def test_parse_date_errors(text: str, key: str) -> None:
    assert parse_date(text) == ParseError(key)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("5", 5),
        (" 5 ", 5),
        ("5 phút", 5),
        ("5p", 5),
        ("5'", 5),
        ("5 ph", 5),
        ("5 mins", 5),
        ("0", 0),
        ("năm phút", 5),
        ("mười lăm phút", 15),
        ("mười lăm", 15),
        ("hai mươi", 20),
        ("hai mươi lăm phút", 25),
        ("hai lăm phút", 25),
        ("ba mươi phút", 30),
        ("ba mốt phút", 31),
        ("bốn mươi tư phút", 44),
        ("sáu mươi", 60),
        ("sáu phút", 6),
        ("sau 5 phút", 5),
        ("khoảng 10 phút", 10),
        ("10 phút sau", 10),
        ("nửa tiếng", 30),
        ("nua tieng", 30),
        ("1 tiếng", 60),
        ("1 giờ", 60),
        ("1h", 60),
        ("một tiếng", 60),
        ("1 tiếng rưỡi", 90),
        ("tiếng rưỡi", 90),
        ("1h30", 90),
        ("1h30p", 90),
        ("1 tiếng 15 phút", 75),
        ("1,5 tiếng", 90),
        ("2.5h", 150),
        ("ngay", 0),
        ("ngay lập tức", 0),
        ("ngay lap tuc", 0),
        ("half an hour", 30),
        ("twenty minutes", 20),
        ("24 tiếng", 1440),
        ("1440", 1440),
    ],
)
def test_parse_minutes(text: str, minutes: int) -> None:
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("-5", "out_of_range"),
        ("- 5 phút", "out_of_range"),
        ("1441", "out_of_range"),
        ("25 tiếng", "out_of_range"),
        ("3 ngày", "out_of_range"),
        ("", "unrecognized"),
        ("abc", "unrecognized"),
        ("phút", "unrecognized"),
        ("🙂", "unrecognized"),
        ("5 phút rưỡi", "unrecognized"),
    ],
)
def test_parse_minutes_errors(text: str, key: str) -> None:
    assert parse_minutes(text) == ParseError(key)
