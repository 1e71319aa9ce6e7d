"""The catalogues: same keys and placeholders in both languages, real Vietnamese."""

from __future__ import annotations

import string

from bot.texts import CATALOGUES, Texts, language_for


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    vi, en = CATALOGUES["vi"], CATALOGUES["en"]
    assert set(vi) == set(en)
    for key in vi:
        assert placeholders(vi[key]) == placeholders(en[key]), key


def test_vietnamese_is_written_with_diacritics() -> None:
    texts = Texts("vi")
    assert texts("tip.cat.drugs") == "Ma túy"
    assert "Xin chào" in texts("join.how")


def test_language_codes_map_to_catalogues() -> None:
    assert language_for("en-GB") == "en"
    assert language_for("vi") == "vi"
    assert language_for("fr") == "vi"
    assert language_for(None) == "vi"
