"""The result type shared by every parser: a short machine key, never a sentence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ParseError:
    """Why some input was refused; the bot renders ``err.<key>`` from its text catalogue."""

    key: str
    detail: str = ""
