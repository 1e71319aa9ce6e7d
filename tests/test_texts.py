"""The catalogues: same keys and placeholders in both languages, real Vietnamese."""

from __future__ import annotations

import string

from bot.texts import CATALOGUES, Texts


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


def test_a_language_nobody_chose_reads_vietnamese() -> None:
    # "" is a person who chose nothing: services resolve it to the deployment's default
    # (Env.texts); a catalogue asked for it directly falls back to Vietnamese, never English.
    assert Texts("").language == "vi"
    assert Texts("fr").language == "vi"
    assert Texts("en").language == "en"


def test_typed_twins_of_navigation_are_words_of_the_same_language() -> None:
    for language in CATALOGUES:
        texts = Texts(language)
        for which in ("done", "skip", "back", "cancel"):
            assert texts(f"nav.typed.{which}"), (language, which)
    assert Texts("en")("nav.typed.skip") == "skip" and Texts("vi")("nav.typed.skip") == "bỏ qua"
