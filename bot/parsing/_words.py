"""Shared lexing for the parsers: folded tokens and Vietnamese / English number words."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.parsing.text import fold

# Standalone digit words; "tư" (4) and "năm" (5) fold to "tu" and "nam".
_VI_DIGITS: dict[str, int] = {
    "khong": 0,
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
}
# Units after a tens word: "mốt" (1) folds like "một", "lăm"/"nhăm" mean 5 only there.
_VI_UNITS: dict[str, int] = {**_VI_DIGITS, "lam": 5, "nham": 5}
_VI_UNITS.pop("khong")
# Colloquial tens without "mươi" ("hai lăm" = 25) only with these unambiguous unit forms.
_VI_SHORT_UNITS: dict[str, int] = {"mot": 1, "tu": 4, "lam": 5, "nham": 5}
_VI_TENS = frozenset({"muoi", "chuc"})
_VI_ZERO_TENS = frozenset({"linh", "le"})

_EN_SMALL: dict[str, int] = {
    name: value
    for value, name in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_EN_TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}

NUMBER_WORDS = frozenset(
    {*_VI_UNITS, "khong", *_VI_TENS, *_VI_ZERO_TENS, "tram", *_EN_SMALL, *_EN_TENS, "hundred"}
)


def _vi_below_100(words: Sequence[str]) -> int | None:
    if not words:
        return None
    first = words[0]
    if first == "muoi":
        # "mười", optionally followed by a unit: "mười lăm" = 15.
        if len(words) == 1:
            return 10
        if len(words) == 2 and words[1] in _VI_UNITS:
            return 10 + _VI_UNITS[words[1]]
        return None
    if first not in _VI_DIGITS:
        return None
    digit = _VI_DIGITS[first]
    if len(words) == 1:
        return digit
    if digit < 2:
        return None
    if words[1] in _VI_TENS:
        if len(words) == 2:
            return digit * 10
        if len(words) == 3 and words[2] in _VI_UNITS:
            return digit * 10 + _VI_UNITS[words[2]]
        return None
    if len(words) == 2 and words[1] in _VI_SHORT_UNITS:
        return digit * 10 + _VI_SHORT_UNITS[words[1]]
    return None


def _vi_number(words: Sequence[str]) -> int | None:
    if len(words) >= 2 and words[1] == "tram" and words[0] in _VI_UNITS:
        hundreds = _VI_UNITS[words[0]] * 100
        rest = words[2:]
        if not rest:
            return hundreds
        if rest[0] in _VI_ZERO_TENS:
            if len(rest) == 2 and rest[1] in _VI_UNITS:
                return hundreds + _VI_UNITS[rest[1]]
            return None
        below = _vi_below_100(rest)
        return None if below is None or below < 10 else hundreds + below
    return _vi_below_100(words)


def _en_number(words: Sequence[str]) -> int | None:
    parts = [p for w in words for p in w.split("-") if p]
    if len(parts) == 1 and parts[0] in _EN_SMALL:
        return _EN_SMALL[parts[0]]
    if parts and parts[0] in _EN_TENS:
        if len(parts) == 1:
            return _EN_TENS[parts[0]]
        if len(parts) == 2 and parts[1] in _EN_SMALL and 0 < _EN_SMALL[parts[1]] < 10:
            return _EN_TENS[parts[0]] + _EN_SMALL[parts[1]]
    return None


def words_to_int(words: Sequence[str]) -> int | None:
    """Read folded number words ("hai mươi lăm", "twenty-five") as an integer."""
    if not words:
        return None
    value = _vi_number(words)
    return value if value is not None else _en_number(words)


def numberize(s: str, units: frozenset[str]) -> str:
    """Replace number words right before a unit token with digits ("tám giờ" → "8 gio")."""
    tokens = s.split(" ")
    out: list[str] = []
    for token in tokens:
        if token in units:
            # Longest run of number words ending just before the unit wins.
            for size in range(min(5, len(out)), 0, -1):
                tail = out[-size:]
                if not all(w in NUMBER_WORDS for w in tail):
                    continue
                value = words_to_int(tail)
                if value is not None:
                    del out[-size:]
                    out.append(str(value))
                    break
        out.append(token)
    return " ".join(out)


_AMPM = re.compile(r"(?<![^\W\d_])([ap])\.\s?m\b\.?")
_LONE_PUNCT = re.compile(r"(?<!\d)[.,:/'-]|[.,:/-](?!\d)")
_SPLIT = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")


def lex(text: str) -> str:
    """Fold for parsing: keep . , : / - ' only next to digits, split digits from letters."""
    s = fold(text, keep="/:-.,'")
    s = _AMPM.sub(r"\1m", s)
    # "'" marks minutes after a number ("5'"), other punctuation must sit between digits.
    s = _LONE_PUNCT.sub(" ", s)
    s = _SPLIT.sub(" ", s).replace("'", " '")
    return " ".join(s.split())
