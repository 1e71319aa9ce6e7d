"""Keys that make names unique regardless of case, spacing and tone-mark placement."""

from __future__ import annotations

from bot.parsing.text import fold, normalize


def name_key(name: str) -> str:
    """Return the comparison key of an organisation name."""
    return normalize(name)


def search_words(text: str | None) -> str:
    """Return text as the entry search indexes it: folded (no accents, đ → d), lower case."""
    return fold(text or "", keep="")
