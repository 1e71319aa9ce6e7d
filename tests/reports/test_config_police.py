"""The [targets], [digests] and [reports] tables: wrong values stop start-up clearly."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, parse_settings


def test_defaults_are_the_plans_targets() -> None:
    settings = parse_settings({})
    assert settings.targets.tips_through_force == 0.8
    assert settings.targets.teams_monthly_deed == 1.0
    assert (settings.digests.daily, settings.digests.weekly_day) == ("07:00", "mon")


def test_a_province_sets_its_own_targets() -> None:
    settings = parse_settings(
        {"targets": {"tips_through_force": 0.9}, "digests": {"daily": "6:05"}}
    )
    assert settings.targets.tips_through_force == 0.9
    assert settings.digests.daily == "06:05"


@pytest.mark.parametrize(
    ("table", "values", "key"),
    [
        ("targets", {"tips_through_force": 80}, "targets.tips_through_force"),
        ("digests", {"daily": "25:00"}, "digests.daily"),
        ("digests", {"weekly_day": "monday"}, "digests.weekly_day"),
        ("reports", {"keep": 3}, "reports.keep"),
    ],
)
def test_bad_values_name_the_key(table: str, values: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        parse_settings({table: values})
