"""Working hours: the clock a routine tip's "8 working hours" runs on."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.calendar.workhours import WorkingHours
from bot.config import ConfigError, PoliceSettings, parse_settings

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VN)


def hours(**settings: object) -> WorkingHours:
    return WorkingHours(PoliceSettings.model_validate(settings), VN)


def test_the_default_day_is_the_office_day_with_its_lunch_break() -> None:
    clock = hours()
    # Thursday 19/11 09:00 + 8 h: 2.5 h to 11:30, 3.5 h to 17:00, 2 h on Friday → 09:30.
    assert clock.add(at(19, 9), 8) == at(20, 9, 30)
    # Filed at lunch, the clock starts at 13:30.
    assert clock.add(at(19, 12), 1) == at(19, 14, 30)
    # Friday 16:00 + 8 h: 1 h on Friday, the weekend off, 7 h on Monday → 16:30.
    assert clock.add(at(20, 16), 8) == at(23, 16, 30)
    assert clock.describe() == "07:30–11:30, 13:30–17:00"


def test_public_holidays_are_days_off_and_admins_add_their_own() -> None:
    clock = hours()
    # Tuesday 24/11/2026, Vietnam Cultural Day, is skipped.
    assert not clock.is_working_day(at(24, 9).date())
    assert clock.add(at(23, 16), 2) == at(25, 8, 30)
    # Tết 2027: Friday 05/02 to Wednesday 10/02 off.
    assert clock.add(datetime(2027, 2, 3, 16, tzinfo=VN), 2) == datetime(
        2027, 2, 11, 8, 30, tzinfo=VN
    )
    assert hours(public_holidays=False).is_working_day(at(24, 9).date())
    custom = hours(days_off=["23/11/2026"], extra_working_days=["21/11/2026"])
    assert custom.is_working_day(at(21, 9).date()) and not custom.is_working_day(at(23, 9).date())


def test_back_is_the_inverse_of_add() -> None:
    clock = hours(working_hours=["08:00-12:00", "13:00-17:00"], working_days=["mon", "sat"])
    for start in (at(23, 9, 15), at(23, 12, 30), at(21, 16, 59)):
        end = clock.add(start, 5.5)
        assert clock.add(clock.back(end, 5.5), 5.5) == end


def test_working_hours_are_checked_at_start_up() -> None:
    for bad in (["11:30-07:30"], ["07:30-12:00", "11:00-17:00"], ["7h30-11h30"]):
        with pytest.raises(ConfigError, match=r"police\.working_hours"):
            parse_settings({"police": {"working_hours": bad}})
    with pytest.raises(ConfigError, match=r"police\.days_off"):
        parse_settings({"police": {"days_off": ["2026-11-24"]}})
    settings = parse_settings({"police": {"working_hours": ["13:30-17:00", "7:30-11:30"]}})
    assert settings.police.working_hours == ["07:30-11:30", "13:30-17:00"]
