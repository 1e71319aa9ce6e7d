"""Ids as the bot shows them in lists: a letter for the kind and a number (X3, T12, D2)."""

from __future__ import annotations

import re

#: X commune, T team, N person, H deadline, D phase of the emulation.
KINDS = "XTNHD"
REF = re.compile(rf"^([{KINDS}])(\d+)$", re.IGNORECASE)


def parse_ref(text: str, kind: str) -> int | None:
    """Return the id in `text` if it names a `kind` (X3 for "X") or is a bare number."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    match = REF.match(text)
    if match and match.group(1).upper() == kind:
        return int(match.group(2))
    return None
