"""[calendar] in the config: defaults, switching the annual deadlines off, bad values."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.config import ConfigError, parse_settings


def test_defaults_remind_14_7_3_1_days_before_at_eight() -> None:
    calendar = parse_settings({}).calendar
    assert calendar.offsets == [14, 7, 3, 1] and calendar.at == time(8, 0)
    assert calendar.grace_hours == 24 and calendar.nudge_day == 25
    assert [(a.key, a.on(2027)) for a in calendar.annual] == [
        ("report", date(2027, 11, 15)),
        ("festival", date(2027, 8, 19)),
    ]


def test_annual_deadlines_can_be_switched_off_or_changed() -> None:
    assert parse_settings({"calendar": {"annual": []}}).calendar.annual == []
    custom = parse_settings(
        {
            "calendar": {
                "annual": [
                    {"key": "plan", "name": "Kế hoạch năm", "date": "17/12", "audience": ["admins"]}
                ]
            }
        }
    ).calendar.annual
    assert custom[0].on(2026) == date(2026, 12, 17)


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ({"time": "8h"}, "calendar.time: expected a local time of day as HH:MM"),
        ({"offsets": [14, -1]}, "calendar.offsets: expected whole numbers of days"),
        ({"nudge_day": 31}, "calendar.nudge_day"),
        (
            {"annual": [{"key": "x", "name": "X", "date": "29/02", "audience": ["leaders"]}]},
            "a day and month that every year has",
        ),
        (
            {"annual": [{"key": "x", "name": "X", "date": "01/03", "audience": ["everyone"]}]},
            "calendar.annual.0.audience.0",
        ),
    ],
)
def test_bad_values_say_what_is_expected(table: dict[str, object], words: str) -> None:
    with pytest.raises(ConfigError, match=words.replace(".", r"\.")):
        parse_settings({"calendar": table})
