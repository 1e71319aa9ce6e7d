"""Short typed answers to an alert where there are no buttons: «nhận 12», «xong 12».

The verb (take or done), then the entry: its short number in the chat ("12", "#12",
"số 12") or its code ("TB-2026-12"); after «xong …» the rest is the officer's note, as
after `/daxuly CODE`. Without an entry («xong» alone) the answer needs a quoted alert.
Accents and case don't matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.parsing.text import fold

__all__ = ["QuickAnswer", "parse_quick"]

QuickVerb = Literal["take", "done"]

#: Folded words that mean each verb, longest first.
VERBS: tuple[tuple[tuple[str, ...], QuickVerb], ...] = (
    (("da", "xu", "ly", "xong"), "done"),
    (("da", "xu", "ly"), "done"),
    (("xu", "ly", "xong"), "done"),
    (("tiep", "nhan"), "take"),
    (("nhan",), "take"),
    (("tiepnhan",), "take"),
    (("xong",), "done"),
    (("daxuly",), "done"),
    (("take",), "take"),
    (("done",), "done"),
    (("handled",), "done"),
)
_NUMBER = re.compile(r"^#?(\d{1,4})$")
_CODE = re.compile(r"^(TB|VV|VT)-\d{4}-\d{1,6}$", re.IGNORECASE)
#: Longer than this, a text is a report or a note, never a short answer.
MAX_LENGTH = 600


@dataclass(frozen=True)
class QuickAnswer:
    """A parsed short answer: what to do, to which entry (if named), and a note."""

    verb: QuickVerb
    number: int | None = None
    code: str | None = None
    note: str = ""

    @property
    def names_entry(self) -> bool:
        """Return whether the answer says which entry (else a quoted alert must)."""
        return self.number is not None or self.code is not None


def parse_quick(text: str) -> QuickAnswer | None:
    """Return the short answer a text is, or None if it is something else."""
    if not text or len(text) > MAX_LENGTH:
        return None
    words = text.split()
    folded = [fold(w) for w in words]
    verb: QuickVerb | None = None
    size = 0
    for verb_words, meaning in VERBS:
        if tuple(folded[: len(verb_words)]) == verb_words:
            verb, size = meaning, len(verb_words)
            break
    if verb is None:
        return None
    rest, rest_folded = words[size:], folded[size:]
    if rest_folded[:1] in (["so"], ["#"]) and len(rest) > 1:
        rest, rest_folded = rest[1:], rest_folded[1:]
    if not rest:
        return QuickAnswer(verb)
    head = rest[0].rstrip(".,;:!")
    number = _NUMBER.match(head)
    code = head.upper() if _CODE.match(head) else None
    if number is None and code is None:
        # "nhận hai bao ma túy" is something else: the word alone only answers a quote.
        return None
    note = " ".join(rest[1:]).strip()
    if note and verb == "take":
        return None
    return QuickAnswer(verb, int(number.group(1)) if number else None, code, note)
