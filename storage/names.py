"""Keys that make names unique regardless of case, spacing and tone-mark placement."""

from __future__ import annotations

from bot.parsing.text import normalize


def name_key(name: str) -> str:
    """Return the comparison key of an organisation name."""
    return normalize(name)
