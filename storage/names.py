"""Keys that make names unique regardless of case, spacing and tone-mark placement."""

from __future__ import annotations

import re
import unicodedata

from storage.text import normalize


def name_key(name: str) -> str:
    """Return the comparison key of an organisation name."""
    return normalize(name)


_MARKS = re.compile("[\u0300-\u036f]")
_D = str.maketrans({"đ": "d", "Đ": "d"})


def search_words(text: str | None) -> str:
    """Return text as the entry search indexes it: lower case, no accents, đ → d.

    Documents and queries both pass through here, so they agree; the full-text
    tokenizer splits on everything else. Far cheaper than `fold` (a migration runs it
    over every entry, the trigger on each new one).
    """
    if not text:
        return ""
    return _MARKS.sub("", unicodedata.normalize("NFD", text.lower().translate(_D)))
