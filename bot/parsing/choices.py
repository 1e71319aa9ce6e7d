"""Matching typed answers against button choices, and the navigation words."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.parsing._words import words_to_int
from bot.parsing.text import fold, normalize

__all__ = [
    "ChoiceMatch",
    "is_back",
    "is_cancel",
    "is_done",
    "is_skip",
    "is_yes",
    "match_choice",
]

_NUMBER = re.compile(r"(?:(?:so|muc|chon|lua chon|number|option|no) ?)?(\d{1,6})")
_NUMBER_WORD_PREFIX = re.compile(r"(?:so|muc|chon|lua chon|number|option) ")
_MIN_PREFIX = 2
_MIN_CONTAINED = 3


@dataclass(frozen=True)
class ChoiceMatch:
    """The chosen option id, or None with the candidates when the text fits several."""

    id: str | None
    ambiguous: tuple[str, ...] = ()


def _decide(ids: Sequence[str]) -> ChoiceMatch | None:
    unique = tuple(dict.fromkeys(ids))
    if not unique:
        return None
    if len(unique) == 1:
        return ChoiceMatch(unique[0])
    return ChoiceMatch(None, unique)


def _by_number(typed: str, options: Sequence[tuple[str, str]]) -> ChoiceMatch | None:
    """A 1-based position typed as digits or number words; None if the text is no number."""
    digits = _NUMBER.fullmatch(typed)
    if digits is not None:
        index = int(digits.group(1))
        return ChoiceMatch(options[index - 1][0] if 1 <= index <= len(options) else None)
    words = _NUMBER_WORD_PREFIX.sub("", typed, count=1)
    index_or_none = words_to_int(words.split())
    # Number words that fall outside the list may still be a label ("Năm 2025"): go on.
    if index_or_none is not None and 1 <= index_or_none <= len(options):
        return ChoiceMatch(options[index_or_none - 1][0])
    return None


def match_choice(
    text: str,
    options: Sequence[tuple[str, str]],
    aliases: Mapping[str, Sequence[str]] | None = None,
) -> ChoiceMatch:
    """Find which of the (id, label) options a typed answer means."""
    typed = fold(text)
    if not typed:
        return ChoiceMatch(None)
    exact = normalize(text)
    folded = [(oid, fold(label)) for oid, label in options]
    ids = {oid for oid, _ in options}
    if (found := _decide([oid for oid, label in options if normalize(label) == exact])) or (
        found := _decide([oid for oid, label in folded if label == typed])
    ):
        return found
    if aliases and (
        found := _decide(
            [
                oid
                for oid, words in aliases.items()
                if oid in ids
                for word in words
                if fold(word) == typed
            ]
        )
    ):
        return found
    if found := _by_number(typed, options):
        return found
    if len(typed) >= _MIN_PREFIX and (
        found := _decide([oid for oid, label in folded if label.startswith(typed)])
    ):
        return found
    if len(typed) >= _MIN_CONTAINED and (
        found := _decide([oid for oid, label in folded if f" {typed} " in f" {label} "])
    ):
        return found
    return ChoiceMatch(None)


def _words(text: str) -> str:
    """Folded text without a leading command slash or trailing polite particle."""
    stripped = text.strip()
    if stripped.startswith("/"):
        # A bot command, possibly addressed as /huy@SomeBot in group chats.
        stripped = stripped[1:].split("@", 1)[0]
    typed = fold(stripped)
    for particle in (" a", " nhe", " nha", " please"):
        if typed.endswith(particle) and len(typed) > len(particle):
            typed = typed.removesuffix(particle)
    return typed


_YES = frozenset(
    {
        "co",
        "u",
        "uh",
        "uhm",
        "um",
        "ok",
        "oke",
        "okay",
        "okie",
        "yes",
        "y",
        "yeah",
        "dung",
        "dung roi",
        "vang",
        "roi",
        "co roi",
        "da",
        "da co",
        "da vang",
        "vang co",
        "chuan",
        "phai",
        "true",
    }
)
_NO = frozenset(
    {
        "khong",
        "khong co",
        "khong phai",
        "ko",
        "k",
        "kh",
        "hong",
        "hok",
        "hem",
        "no",
        "n",
        "nope",
        "chua",
        "chua co",
        "sai",
        "false",
    }
)
_BACK = frozenset({"0", "quay lai", "lai", "back", "tro lai", "tro ve", "quay ve", "go back"})
_CANCEL = frozenset({"huy", "huy bo", "cancel", "thoi", "stop", "dung lai", "abort"})
_SKIP = frozenset({"bo qua", "skip", "khong co", "-", "pass", "none"})
_DONE = frozenset({"xong", "done", "het", "ok xong", "xong roi", "het roi", "finish", "finished"})


def is_yes(text: str) -> bool | None:
    """True for yes-words (có, ừ, ok…), False for no-words (không, ko…), else None."""
    typed = _words(text)
    if typed in _YES:
        return True
    if typed in _NO:
        return False
    return None


def is_back(text: str) -> bool:
    """Whether the text asks to go back one question."""
    return _words(text) in _BACK


def is_cancel(text: str) -> bool:
    """Whether the text asks to cancel the whole conversation."""
    return _words(text) in _CANCEL


def is_skip(text: str) -> bool:
    """Whether the text asks to skip an optional question."""
    return _words(text) in _SKIP


def is_done(text: str) -> bool:
    """Whether the text says the user has finished (e.g. sending photos)."""
    return _words(text) in _DONE
