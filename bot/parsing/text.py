"""Text normalisation for matching and cleaning of free text typed by users."""

from __future__ import annotations

import functools
import re
import unicodedata

from bot.parsing.errors import ParseError
from storage.text import normalize

__all__ = ["clean_name", "clean_user_text", "fold", "normalize", "strip_controls"]

_ZERO_WIDTH = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
# Searched on every update (a display name): one C-level scan, not a loop in Python.
_ZERO_WIDTH_RE = re.compile(f"[{_ZERO_WIDTH}]")
_EDGES = re.compile(rf"^[\s{_ZERO_WIDTH}]+|[\s{_ZERO_WIDTH}]+$")
_NEWLINES = re.compile("\r\n|[\r\u0085\u2028\u2029]")
_BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
# Line breaks of every kind; a vertical tab is how Word pastes a manual line break.
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_UNSAFE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)


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
    if _ZERO_WIDTH_RE.search(cleaned) is not None:
        cleaned = _ZERO_WIDTH_RE.sub("", cleaned)
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
