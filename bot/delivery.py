"""What a messenger adapter raises when a message can't be delivered now or ever."""

from __future__ import annotations

from collections.abc import Sequence
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


class Sender(Protocol):
    """Delivers one Outbound on one messenger and returns the id of the last message sent."""

    async def deliver(self, message: Outbound) -> str | None:
        """Send or edit; raise RetryLater or Undeliverable on failure."""
        ...


def split_text(text: str, limit: int) -> list[str]:
    """Split a long text at blank lines, then lines, then spaces, never past `limit`.

    Entries in digests and lists are separated by blank lines, so an entry stays whole
    whenever it fits in one message.
    """
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = -1
        for separator in ("\n\n", "\n", " "):
            cut = window.rfind(separator)
            if cut > limit // 4:
                break
        if cut <= 0:
            cut = limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest:
        chunks.append(rest)
    return chunks


def part_keys(messages: Sequence[Outbound], key: str) -> list[str]:
    """Key each message of a send made of several parts: "key", "key#2", "key#3" per chat.

    The outbox queues a (key, chat) pair once; a digest of three parts to one chat needs
    three keys, the same ones every time it is rebuilt, so none is taken for a duplicate.
    """
    seen: dict[tuple[str, str], int] = {}
    keys = []
    for message in messages:
        chat = (message.channel.value, message.chat_id)
        seen[chat] = seen.get(chat, 0) + 1
        keys.append(key if seen[chat] == 1 else f"{key}#{seen[chat]}")
    return keys
