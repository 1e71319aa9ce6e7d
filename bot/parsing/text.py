"""Text normalisation for matching and cleaning of free text typed by users."""

from __future__ import annotations

import functools
import re
import unicodedata

from bot.parsing.errors import ParseError

__all__ = ["clean_name", "clean_user_text", "fold", "normalize", "strip_controls"]

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

_ZERO_WIDTH = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
_EDGES = re.compile(rf"^[\s{_ZERO_WIDTH}]+|[\s{_ZERO_WIDTH}]+$")
_NEWLINES = re.compile("\r\n|[\r\u0085\u2028\u2029]")
_BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
# Line breaks of every kind; a vertical tab is how Word pastes a manual line break.
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_UNSAFE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)


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


def _fold_once(s: str, keep: str) -> str:
    decomposed = unicodedata.normalize("NFD", normalize(s))
    chars: list[str] = []
    for ch in decomposed:
        if unicodedata.category(ch).startswith("M"):
            continue
        if ch == "\u0111":
            chars.append("d")
        elif ch.isalnum() or ch in keep:
            chars.append(ch)
        else:
            chars.append(" ")
    return " ".join(unicodedata.normalize("NFC", "".join(chars)).split())


@functools.lru_cache(maxsize=2048)
def fold(s: str, *, keep: str = "/:-") -> str:
    """Normalize, drop diacritics (đ → d) and all symbols except letters, digits and `keep`."""
    s = _fold_once(s, keep)
    # Stripping marks can expose a character that casefolds or composes further; settle it.
    for _ in range(4):
        again = _fold_once(s, keep)
        if again == s:
            break
        s = again
    return s


def _keep_char(ch: str) -> bool:
    if ch in "\n\t":
        return True
    if ch in _BIDI:
        return False
    # Cc covers C0, DEL and C1; Cs are lone surrogates that cannot be stored as UTF-8.
    return unicodedata.category(ch) not in ("Cc", "Cs")


def strip_controls(s: str) -> str:
    """Return text as it may be stored: line breaks as newlines, no other control characters.

    Tabs and newlines stay (they mean something in a description); C0 and C1 controls,
    DEL, lone surrogates and bidi overrides go. Cheap when there is nothing to remove.
    """
    if _UNSAFE.search(s) is None and _BREAKS.search(s) is None:
        return s
    return _UNSAFE.sub("", _BREAKS.sub("\n", s))


def clean_name(s: str) -> str:
    """Return a name (a person's, a village's, a chat's) on one line, without control characters."""
    cleaned = strip_controls(s)
    if any(ch in cleaned for ch in _ZERO_WIDTH):
        cleaned = "".join(ch for ch in cleaned if ch not in _ZERO_WIDTH)
    return " ".join(cleaned.split())


def clean_user_text(s: str, max_len: int) -> str | ParseError:
    """Strip control and bidi characters and runs of blank lines; check length."""
    s = _NEWLINES.sub("\n", s)
    s = unicodedata.normalize("NFC", "".join(ch for ch in s if _keep_char(ch)))
    lines: list[str] = []
    blank_run = 0
    for line in s.split("\n"):
        if _EDGES.sub("", line):
            blank_run = 0
            lines.append(line.rstrip())
            continue
        blank_run += 1
        if blank_run <= 2:
            lines.append("")
    cleaned = _EDGES.sub("", "\n".join(lines))
    if not cleaned:
        return ParseError("empty")
    if len(cleaned) > max_len:
        return ParseError("too_long", detail=str(len(cleaned)))
    return cleaned
