"""match_choice, is_yes and the navigation words."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.parsing import ChoiceMatch, is_back, is_cancel, is_done, is_skip, is_yes, match_choice

CATEGORIES = [
    ("drugs", "Ma túy"),
    ("theft", "Trộm cắp, tội phạm"),
    ("gambling", "Cờ bạc, mại dâm"),
    ("suspect", "Đối tượng khả nghi"),
    ("weapons", "Vũ khí, vật liệu nổ"),
    ("fraud", "Lừa đảo qua mạng"),
    ("border", "Xuất nhập cảnh trái phép, biên giới"),
    ("residence", "Cư trú (tạm trú, tạm vắng)"),
    ("business", "Cơ sở kinh doanh có điều kiện"),
    ("other", "Khác"),
]
YES_NO_BACK = [("y", "✅ Có"), ("n", "❌ Không"), ("back", "⬅️ Quay lại")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2", "theft"),
        ("2.", "theft"),
        (" 2 ", "theft"),
        ("#2", "theft"),
        ("số 2", "theft"),
        ("so 2", "theft"),
        ("02", "theft"),
        ("10", "other"),
        ("hai", "theft"),
        ("số hai", "theft"),
        ("một", "drugs"),
        ("mười", "other"),
        ("three", "gambling"),
        ("ten", "other"),
        ("Ma túy", "drugs"),
        ("ma tuy", "drugs"),
        ("MA TUÝ", "drugs"),
        ("Trộm cắp, tội phạm", "theft"),
        ("trom cap toi pham", "theft"),
        ("khac", "other"),
        ("Khác.", "other"),
        ("lua dao", "fraud"),
        ("tr", "theft"),
        ("vu khi", "weapons"),
        ("bien gioi", "border"),
        ("tam tru", "residence"),
        ("kinh doanh", "business"),
        ("khả nghi", "suspect"),
    ],
)
def test_match_category(text: str, expected: str) -> None:
    assert match_choice(text, CATEGORIES) == ChoiceMatch(expected)


@pytest.mark.parametrize("text", ["0", "11", "99", "số 12", "#0", "", "   ", "🙂", "xyz", "a"])
def test_no_match(text: str) -> None:
    assert match_choice(text, CATEGORIES) == ChoiceMatch(None)


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("co", ("gambling", "business")),
        ("cơ", ("gambling", "business")),
        ("tam", ("residence",)),
    ],
)
def test_ambiguous_or_unique_by_words(text: str, candidates: tuple[str, ...]) -> None:
    match = match_choice(text, CATEGORIES)
    if len(candidates) == 1:
        assert match == ChoiceMatch(candidates[0])
    else:
        assert match.id is None
        assert match.ambiguous == candidates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("✅ Có", "y"),
        ("Có", "y"),
        ("co", "y"),
        ("không", "n"),
        ("khong", "n"),
        ("❌ Không", "n"),
        ("quay lại", "back"),
        ("Quay lai", "back"),
        ("3", "back"),
    ],
)
def test_match_with_emoji_labels(text: str, expected: str) -> None:
    assert match_choice(text, YES_NO_BACK).id == expected


def test_exact_label_beats_number() -> None:
    options = [("5", "5 phút"), ("1", "1"), ("15", "15 phút")]
    assert match_choice("1", options).id == "1"


def test_aliases() -> None:
    aliases = {"drugs": ["heroin", "Thuốc lắc"], "nope": ["ma"]}
    assert match_choice("heroin", CATEGORIES, aliases).id == "drugs"
    assert match_choice("thuoc lac", CATEGORIES, aliases).id == "drugs"
    # Aliases of ids that are not among the options are ignored.
    assert match_choice("ma", CATEGORIES, aliases).id == "drugs"


def test_number_word_out_of_range_falls_back_to_labels() -> None:
    options = [("this", "Năm nay"), ("last", "Năm ngoái")]
    assert match_choice("nam", options).ambiguous == ("this", "last")
    assert match_choice("nam ngoai", options).id == "last"


def test_same_folded_label_is_ambiguous() -> None:
    options = [("a", "Hòa"), ("b", "Hoa")]
    assert match_choice("Hòa", options).id == "a"
    assert match_choice("hoa", options).id == "b"
    assert match_choice("hoà", options).id == "a"


@pytest.mark.parametrize(
    "text", ["có", "co", "Có ạ", "ừ", "u", "ok", "OK", "yes", "y", "đúng", "vâng", "rồi", "✅ Có"]
)
def test_yes(text: str) -> None:
    assert is_yes(text) is True


@pytest.mark.parametrize("text", ["không", "khong", "ko", "k", "no", "n", "chưa", "❌ Không"])
def test_no(text: str) -> None:
    assert is_yes(text) is False


@pytest.mark.parametrize("text", ["", "có lẽ", "maybe", "2", "🙂"])
def test_yes_unknown(text: str) -> None:
    assert is_yes(text) is None


@pytest.mark.parametrize(
    ("func", "yes", "no"),
    [
        (is_back, ["0", "quay lại", "quay lai", "lại", "back", "trở lại", "⬅️ Quay lại"], ["1"]),
        (
            is_cancel,
            ["hủy", "huỷ", "huy", "HỦY", "cancel", "thôi", "/huy", "/cancel", "/huy@AnttBot"],
            ["huy hiệu", "0"],
        ),
        (is_skip, ["bỏ qua", "bo qua", "skip", "không có", "-", "Bỏ qua ⏭"], ["bỏ", "khong"]),
        (is_done, ["xong", "done", "hết", "het", "ok xong", "✅ Xong"], ["ok", "chưa xong"]),
    ],
)
def test_navigation_words(func: Callable[[str], bool], yes: list[str], no: list[str]) -> None:
    for text in yes:
        assert func(text) is True, text
    for text in [*no, "", "🙂", "ma túy"]:
        assert func(text) is False, text
