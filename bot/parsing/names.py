"""People's names as typed: a full name (họ và tên), and lists of names ("Lan, Hùng và bà Mai")."""

from __future__ import annotations

import re
import unicodedata

from bot.parsing.errors import ParseError
from bot.parsing.text import clean_user_text

__all__ = ["MAX_NAME", "clean_profile_name", "parse_full_name", "split_names"]

#: Longest full name accepted. Vietnamese names run 2–5 words; ethnic-minority names and
#: ranks ("Đại úy") can be longer, but never a sentence.
MAX_NAME = 60
MAX_WORDS = 7
#: Apostrophes and hyphens occur in minority names (H'Hen Niê, Y-Moan); dots in initials.
_JOINERS = frozenset("'’-.")
_LIST_SEPARATORS = re.compile(r"\s*(?:[,;+&\n]|\bvà\b|\band\b|\bcùng\b|\bvới\b)\s*", re.IGNORECASE)


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch)[0] in ("L", "M")


def _title(word: str) -> str:
    """Capitalise a word: "nguyễn" → "Nguyễn", "NGUYỄN" → "Nguyễn"."""
    return word[:1].upper() + word[1:].lower()


def parse_full_name(text: str) -> str | ParseError:
    """Check and tidy a typed full name: letters, spaces, ' - . only; 1–7 words, ≤ 60 chars.

    No digits, symbols or links: a name lands in reports, spreadsheets and the commendation
    list, and what is not a name (a phone number, a formula, a sentence of news typed at
    the wrong moment) is refused with a reason.
    """
    cleaned = clean_user_text(text, 4 * MAX_NAME)
    if isinstance(cleaned, ParseError):
        return cleaned if cleaned.key == "empty" else ParseError("name_long")
    words = cleaned.split()
    name = " ".join(words)
    if any(not (_is_letter(ch) or ch in _JOINERS or ch == " ") for ch in name):
        return ParseError("name_chars")
    if sum(_is_letter(ch) for ch in name) < 2 or not _is_letter(name[0]):
        return ParseError("name_chars")
    if len(words) > MAX_WORDS or len(name) > MAX_NAME:
        return ParseError("name_long")
    if name == name.lower() or name == name.upper():
        # Typed without thinking of capitals (or with caps lock): names are capitalised.
        return " ".join(_title(w) for w in words)
    return name


def clean_profile_name(text: str) -> str | None:
    """Return a messenger display name made into an acceptable name ("Lan 🌸" → "Lan").

    None when nothing name-like is left (digits only, emoji only): then no default is offered.
    """
    kept = "".join(ch if _is_letter(ch) or ch in _JOINERS else " " for ch in text)
    words = [w.strip("".join(_JOINERS)) for w in kept.split()]
    parsed = parse_full_name(" ".join(w for w in words if w)[:MAX_NAME])
    return None if isinstance(parsed, ParseError) else parsed


def split_names(text: str, max_len: int = 80) -> list[str]:
    """Split a typed list of people ("Lan, Hùng và bà Mai") into cleaned names, in order."""
    cleaned = clean_user_text(text, 20 * max_len)
    if isinstance(cleaned, ParseError):
        return []
    names = []
    for piece in _LIST_SEPARATORS.split(cleaned):
        name = " ".join(piece.split()).strip(" .")
        if name and name not in names:
            names.append(name[:max_len])
    return names
