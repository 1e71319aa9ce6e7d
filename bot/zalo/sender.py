"""Delivers Outbounds through the Zalo Bot API, mapping its errors to retry or give up."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Container, Sequence

from bot.delivery import RetryLater, TokenRefused, Undeliverable, split_text
from bot.messages import Outbound
from bot.texts import Texts
from bot.zalo.client import (
    TEXT_LIMIT,
    ZaloBadRequest,
    ZaloClient,
    ZaloError,
    ZaloForbidden,
    ZaloNetworkError,
    ZaloRetryAfter,
    ZaloUnauthorized,
)
from bot.zalo.render import Link, render

log = logging.getLogger(__name__)

NETWORK_RETRY = 2.0
#: "Quota exceeded" with no hint how long: wait this long, doubling while it lasts.
QUOTA_FIRST = 1.0
QUOTA_MAX = 60.0

#: Returns the short numbers of entries (by code) in a chat (bot/services/quick.py).
Numbers = Callable[[str, Sequence[str]], Awaitable[dict[str, int]]]


def zalo_calls(message: Outbound) -> int:
    """Return how many Zalo API calls delivering a message takes (for the pacing)."""
    chunks = len(split_text(message.text, TEXT_LIMIT)) if message.text else 0
    # Choices, navigation and hints add lines, rarely a whole message: count one more.
    extra = 1 if (message.choices or message.nav) and chunks else 0
    return max(1, len(message.photos) + len(message.attachments) + chunks + extra)


class ZaloSender:
    """Sends Outbounds as plain Zalo messages (see bot/zalo/render.py)."""

    def __init__(
        self,
        client: ZaloClient,
        texts_for: Callable[[str], Awaitable[Texts]],
        *,
        link: Link | None = None,
        numbers: Numbers | None = None,
        groups: Container[str] = frozenset(),
    ) -> None:
        self.client = client
        # The words around choices ("Trả lời 1 hoặc 2", "gõ «xong»") in the language of the
        # person whose chat it is: their choice, else the deployment's default.
        self.texts_for = texts_for
        #: Signs a kept file's address for Zalo to fetch (photos, voice notes).
        self.link = link
        self.numbers = numbers
        #: Chat ids known to be groups (voice notes are for private chats only).
        self.groups = groups
        self._quota_strikes = 0
        self._quota_until = 0.0

    async def deliver(self, message: Outbound) -> str | None:
        """Send one Outbound; map Zalo's errors as bot/tg/sender.py maps Telegram's."""
        if message.edit_message_id is not None:
            if not (message.nav or message.choices):
                # Zalo cannot edit; an edit without actions only echoes what was answered.
                log.debug("Skipping an edit on Zalo")
                return None
            # An edit that keeps actions is news: say it again, since the old one can't change.
            message = message.model_copy(update={"edit_message_id": None})
        chat_id = message.chat_id
        try:
            numbers = {}
            if self.numbers is not None and message.act_on:
                numbers = await self.numbers(chat_id, message.act_on)
            texts = await self.texts_for(chat_id)
            drawn = render(
                message,
                texts,
                numbers=numbers,
                link=self.link or (lambda ref: None),
                group=chat_id in self.groups,
            )
            last: str | None = None
            refused = 0
            for url in drawn.photos:
                try:
                    last = await self.client.send_photo(chat_id, url) or last
                except ZaloBadRequest:
                    # Zalo could not fetch it (or took it for no picture): say so in words.
                    refused += 1
            for url in drawn.voices:
                try:
                    last = await self.client.send_voice(chat_id, url) or last
                except ZaloBadRequest:
                    refused += 1
            chunks = list(drawn.texts)
            if refused:
                chunks.append(texts("zalo.media_refused", count=refused))
            for chunk in chunks:
                last = await self.client.send_message(chat_id, chunk) or last
        except ZaloRetryAfter as exc:
            raise RetryLater(self._quota_wait(exc), "quota exceeded", everywhere=True) from None
        except ZaloNetworkError as exc:
            raise RetryLater(NETWORK_RETRY, f"network: {exc.error_code}") from None
        except ZaloUnauthorized:
            # Revoked or replaced: the outbox stops the bot with one line (messages stay).
            raise TokenRefused from None
        except ZaloForbidden:
            raise Undeliverable("forbidden", unreachable=True) from None
        except ZaloError as exc:
            unreachable = "not found" in exc.description.lower()
            raise Undeliverable(f"zalo {exc.error_code}", unreachable=unreachable) from None
        except ValueError as exc:
            # The client refused the message itself (empty chat id, text too long).
            raise Undeliverable(f"invalid message: {exc}") from None
        self._quota_strikes = 0
        return last

    def _quota_wait(self, exc: ZaloRetryAfter) -> float:
        """Return how long every Zalo send waits after "Quota exceeded": Zalo's word if it
        gave one, else 1 s, 2 s, 4 s … up to a minute while the refusals go on.

        Sends already under way when the first refusal came are refused too: they wait out
        the same pause rather than lengthen it.
        """
        now = time.monotonic()
        if now < self._quota_until:
            return self._quota_until - now
        self._quota_strikes += 1
        doubled: float = QUOTA_FIRST * 2.0 ** (self._quota_strikes - 1)
        wait = float(exc.retry_after) if exc.hinted else min(QUOTA_MAX, doubled)
        self._quota_until = now + wait
        return wait
