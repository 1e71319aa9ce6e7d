"""Normalising names and words for comparison: case, spacing and Vietnamese tone-mark
placement ("hoà" and "hòa" are one name). Shared by storage (unique name keys) and the
application (matching what people type)."""

from __future__ import annotations

import functools
import unicodedata

__all__ = ["normalize"]

# Decomposed (NFD) Vietnamese: base vowels take at most one shape modifier and one tone mark.
_VOWELS = frozenset("aeiouy")
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_MODIFIERS: dict[str, frozenset[str]] = {
    _BREVE: frozenset("a"),
    _CIRCUMFLEX: frozenset("aeo"),
    _HORN: frozenset("ou"),
}
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_CONSONANTS = frozenset("bcdfghklmnpqrstvxz\u0111")  # includes đ, which has no decomposition


def _letters(token: str) -> list[tuple[str, str, str]] | None:
    """Split an NFD token into (base, modifier, tone); None if it is not Vietnamese-shaped."""
    out: list[tuple[str, str, str]] = []
    for ch in token:
        if ch in _VOWELS or ch in _CONSONANTS:
            out.append((ch, "", ""))
            continue
        if not out:
            return None
        base, modifier, tone = out[-1]
        if ch in _TONES and base in _VOWELS and not tone:
            out[-1] = (base, modifier, ch)
        elif ch in _MODIFIERS and base in _MODIFIERS[ch] and not modifier:
            out[-1] = (base, ch, tone)
        else:
            return None
    return out


def _tone_index(letters: list[tuple[str, str, str]]) -> int | None:
    """Where the tone mark belongs in one syllable (traditional placement: hòa, thủy)."""
    bases = "".join(b for b, _, _ in letters)
    start = 0
    while start < len(bases) and bases[start] not in _VOWELS:
        start += 1
    # "qu" and "gi" (before another vowel) are initial consonants, not part of the vowel group.
    initial, following = bases[:start], bases[start + 1 : start + 2]
    if (initial, bases[start : start + 1]) == ("q", "u") or (
        (initial, bases[start : start + 1]) == ("g", "i") and following in _VOWELS
    ):
        start += 1
    end = start
    while end < len(bases) and bases[end] in _VOWELS:
        end += 1
    if end == start or end - start > 3 or any(b in _VOWELS for b in bases[end:]):
        return None
    shaped = [i for i in range(start, end) if letters[i][1]]
    if shaped:
        return shaped[-1]
    if end - start == 1:
        return start
    if end - start == 3:
        return start + 1
    return start + 1 if end < len(bases) else start


def _canonical_tone(token: str) -> str:
    """Put the single tone mark of a Vietnamese syllable on its canonical vowel."""
    letters = _letters(token)
    if letters is None:
        return token
    tones = [tone for _, _, tone in letters if tone]
    if len(tones) != 1:
        return token
    index = _tone_index(letters)
    if index is None:
        return token
    parts = []
    for i, (base, modifier, _) in enumerate(letters):
        parts.append(base + modifier + (tones[0] if i == index else ""))
    return "".join(parts)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


def _canonical_tones(s: str) -> str:
    """Apply the tone placement to every word of a lower-case string."""
    decomposed = unicodedata.normalize("NFD", s)
    out: list[str] = []
    word: list[str] = []
    for ch in decomposed:
        if _is_word_char(ch):
            word.append(ch)
            continue
        if word:
            out.append(_canonical_tone("".join(word)))
            word = []
        out.append(ch)
    if word:
        out.append(_canonical_tone("".join(word)))
    return unicodedata.normalize("NFC", "".join(out))


def _normalize_once(s: str) -> str:
    s = unicodedata.normalize("NFC", unicodedata.normalize("NFC", s).casefold())
    return _canonical_tones(" ".join(s.split()))


@functools.lru_cache(maxsize=2048)
def normalize(s: str) -> str:
    """NFC, casefold, collapse whitespace and unify Vietnamese tone-mark placement."""
    # A few exotic characters only settle after a second pass (casefold output that NFC
    # recomposes); looping to a fixed point keeps normalize idempotent.
    for _ in range(4):
        again = _normalize_once(s)
        if again == s:
            break
        s = again
    return s
