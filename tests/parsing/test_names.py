"""Full names and lists of names as people type them."""

from __future__ import annotations

import pytest

from bot.parsing import ParseError
from bot.parsing.names import clean_profile_name, parse_full_name, split_names


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("nguyễn thị lan", "Nguyễn Thị Lan"),
        ("  NGUYỄN   VĂN AN ", "Nguyễn Văn An"),
        ("Đại úy Minh", "Đại úy Minh"),
        ("H'Hen Niê", "H'Hen Niê"),
        ("Giàng A Páo", "Giàng A Páo"),
        ("Lò Thị\x0b Kín", "Lò Thị Kín"),  # control characters (Word's line break) go
    ],
)
def test_full_names_are_tidied(typed: str, name: str) -> None:
    assert parse_full_name(typed) == name


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("0912345678", "name_chars"),
        ('=HYPERLINK("http://evil")', "name_chars"),
        ("https://t.me/x", "name_chars"),
        ("A", "name_chars"),
        ("Có người lạ lảng vảng ở đầu thôn Nà Cáp", "name_long"),
        ("   ", "empty"),
    ],
)
def test_what_is_no_name_is_refused(typed: str, key: str) -> None:
    result = parse_full_name(typed)
    assert isinstance(result, ParseError) and result.key == key


def test_profile_names_lose_what_is_no_name() -> None:
    assert clean_profile_name("Lan 🌸") == "Lan"
    assert clean_profile_name("Tuấn 1990") == "Tuấn"
    assert clean_profile_name("🌸🌸") is None


def test_lists_of_names_split_at_commas_and_và() -> None:
    assert split_names("Lan, Hùng và bà Mai; ông Tư + Dũng") == [
        "Lan",
        "Hùng",
        "bà Mai",
        "ông Tư",
        "Dũng",
    ]
