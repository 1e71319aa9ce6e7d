"""normalize, fold and clean_user_text."""

from __future__ import annotations

import pytest

from bot.parsing import ParseError, clean_user_text, fold, normalize


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("hủy", "huỷ"),
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("Ma tuý", "ma túy"),
        ("HOÀ BÌNH", "hòa bình"),
        ("khoẻ", "khỏe"),
        ("  Thôn   3 ", "thôn 3"),
        ("Thu\u1ef7 l\u1ee3i", "thủy lợi"),
        # Decomposed input (some keyboards) equals the composed form.
        ("ho\u0300a", "hòa"),
        ("xo\u00e1y", "xoáy"),
    ],
)
def test_normalize_unifies(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("quý", "quý"),
        ("giường", "giường"),
        ("gì", "gì"),
        ("người", "người"),
        ("khuỷu", "khuỷu"),
        ("khuyến", "khuyến"),
        ("hoàng", "hoàng"),
        ("huỳnh", "huỳnh"),
        ("café", "café"),
        ("ñu", "ñu"),
    ],
)
def test_normalize_keeps_well_placed_and_foreign_words(word: str, expected: str) -> None:
    assert normalize(word) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("⚠️ Vụ việc", "vu viec"),
        ("Ma túy", "ma tuy"),
        ("Đối tượng khả nghi", "doi tuong kha nghi"),
        ("Trộm cắp, tội phạm", "trom cap toi pham"),
        ("Cư trú (tạm trú, tạm vắng)", "cu tru tam tru tam vang"),
        ("✅ Có", "co"),
        ("⬅️ Quay lại", "quay lai"),
        ("Xã/Phường", "xa/phuong"),
        ("20/11 14:30", "20/11 14:30"),
        ("Ngô-Quyền!!!", "ngo-quyen"),
        ("HUỶ", "huy"),
        ("", ""),
        ("🙂🙂", ""),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_keeps_other_scripts() -> None:
    assert fold("Привет 世界") == "привет 世界"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  hello  ", "hello"),
        ("a\x00b\x07c", "abc"),
        ("a\u202eb\u2066c\u2069", "abc"),
        ("\u200b\ufeffxin chào\u200b", "xin chào"),
        ("one\n\n\n\n\ntwo", "one\n\n\ntwo"),
        ("one\n \n\t\n  \n\ntwo", "one\n\n\ntwo"),
        ("one\r\ntwo\rthree", "one\ntwo\nthree"),
        ("tab\tkept", "tab\tkept"),
        ("👨\u200d👩\u200d👧 gia đình", "👨\u200d👩\u200d👧 gia đình"),
        ("\x85c1 control", "c1 control"),
        ("Tiếng Việt và English 中文", "Tiếng Việt và English 中文"),
    ],
)
def test_clean_user_text(raw: str, expected: str) -> None:
    assert clean_user_text(raw, 100) == expected


@pytest.mark.parametrize("raw", ["", "   ", "\n\n\t", "\u200b\u200b", "\x00\x01", "\u202e"])
def test_clean_user_text_empty(raw: str) -> None:
    assert clean_user_text(raw, 100) == ParseError("empty")


def test_clean_user_text_too_long() -> None:
    assert clean_user_text("x" * 11, 10) == ParseError("too_long", detail="11")
    assert clean_user_text("  " + "x" * 10 + "  ", 10) == "x" * 10
