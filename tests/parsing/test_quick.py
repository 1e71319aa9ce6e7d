"""Short answers to an alert, typed where there are no buttons: «nhận 12», «xong 12 …»."""

from __future__ import annotations

import pytest

from bot.parsing.quick import QuickAnswer, parse_quick


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("nhận 12", QuickAnswer("take", 12)),
        ("Nhan 12", QuickAnswer("take", 12)),
        ("tiếp nhận số 3", QuickAnswer("take", 3)),
        ("NHẬN #7", QuickAnswer("take", 7)),
        ("xong 12", QuickAnswer("done", 12)),
        ("xong 1.", QuickAnswer("done", 1)),
        ("đã xử lý 4 hòa giải xong", QuickAnswer("done", 4, note="hòa giải xong")),
        ("xong 12 nb: chưa báo gia đình", QuickAnswer("done", 12, note="nb: chưa báo gia đình")),
        ("nhận tb-2026-12", QuickAnswer("take", code="TB-2026-12")),
        ("xong", QuickAnswer("done")),
        ("nhận", QuickAnswer("take")),
    ],
)
def test_short_answers_are_understood(typed: str, expected: QuickAnswer) -> None:
    assert parse_quick(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "nhận hai bao ma túy ở bãi sông",  # a report that starts with the word
        "nhận 12 hôm qua",  # taking has no note: this is something else
        "12",
        "xong rồi",
        "",
        "nhận " + "1" * 5,
        "xong 1 " + "x" * 700,
    ],
)
def test_anything_else_is_not_a_short_answer(typed: str) -> None:
    assert parse_quick(typed) is None


def test_only_a_number_or_code_names_the_entry() -> None:
    assert QuickAnswer("done", 3).names_entry and QuickAnswer("take", code="TB-2026-1").names_entry
    assert not QuickAnswer("done").names_entry
