"""What a messenger adapter raises when a message can't be delivered now or ever."""

from __future__ import annotations

from typing import Protocol

from bot.messages import Outbound


class RetryLater(Exception):
    """A temporary failure (flood limit, timeout, 5xx): try again after `delay` seconds.

    `everywhere`: the limit is the messenger's, not the chat's (Zalo's "Quota exceeded"),
    so every send on that messenger waits that long.
    """

    def __init__(self, delay: float, reason: str, *, everywhere: bool = False) -> None:
        super().__init__(reason)
        self.delay = delay
        self.reason = reason
        self.everywhere = everywhere


class Undeliverable(Exception):
    """A permanent failure; `unreachable` means the person blocked the bot or left."""

    def __init__(self, reason: str, *, unreachable: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.unreachable = unreachable


class ChatMoved(Exception):
    """The chat has a new id (a Telegram group upgraded to a supergroup): send there."""

    def __init__(self, chat_id: str) -> None:
        super().__init__(f"chat moved to {chat_id}")
        self.chat_id = chat_id
        self.reason = "chat moved"


class TokenRefused(Exception):
    """The messenger refused the bot's token (revoked, or replaced): nothing can be sent
    until an operator puts the new one in the configuration."""

    def __init__(self) -> None:
        super().__init__("token refused")
        self.reason = "token refused"


class Sender(Protocol):
    """Delivers one Outbound on one messenger and returns the id of the last message sent."""

    async def deliver(self, message: Outbound) -> str | None:
        """Send or edit; raise RetryLater, Undeliverable, ChatMoved or TokenRefused."""
        ...


def utf16_units(text: str) -> int:
    """Return a text's length as Telegram counts it: UTF-16 code units (an emoji is two)."""
    return len(text.encode("utf-16-le")) // 2


def _fitting(text: str, limit: int, utf16: bool) -> int:
    """Return how many characters of `text` fit in `limit` units."""
    if not utf16 or len(text) * 2 <= limit:
        return min(limit, len(text))
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


def split_text(text: str, limit: int, *, utf16: bool = False) -> list[str]:
    """Split a long text at blank lines, then lines, then spaces, never past `limit`.

    Entries in digests and lists are separated by blank lines, so an entry stays whole
    whenever it fits in one message. `utf16` counts as Telegram does (an emoji is two
    units), so an emoji-heavy text still fits.
    """
    size = utf16_units if utf16 else len
    if size(text) <= limit:
        return [text]
    chunks: list[str] = []
    rest = text
    while size(rest) > limit:
        end = max(1, _fitting(rest, limit, utf16))
        window = rest[:end]
        cut = -1
        for separator in ("\n\n", "\n", " "):
            cut = window.rfind(separator)
            if cut > end // 4:
                break
        if cut <= 0:
            cut = end
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest:
        chunks.append(rest)
    return chunks


def shorten(text: str, limit: int, *, utf16: bool = False) -> str:
    """Return `text` cut to `limit` (UTF-16 units if asked), ending with "…" when cut."""
    size = utf16_units if utf16 else len
    if size(text) <= limit:
        return text
    return text[: _fitting(text, limit - 1, utf16)].rstrip() + "…"
