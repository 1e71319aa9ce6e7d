"""Delivers Outbounds through the Zalo Bot API, mapping its errors to retry or give up."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.delivery import RetryLater, TokenRefused, Undeliverable
from bot.messages import Outbound
from bot.texts import Texts
from bot.zalo.client import (
    ZaloClient,
    ZaloError,
    ZaloForbidden,
    ZaloNetworkError,
    ZaloRetryAfter,
    ZaloUnauthorized,
)
from bot.zalo.render import render

log = logging.getLogger(__name__)

NETWORK_RETRY = 2.0


class ZaloSender:
    """Sends Outbounds as plain Zalo messages (see bot/zalo/render.py)."""

    def __init__(self, client: ZaloClient, texts_for: Callable[[str], Awaitable[Texts]]) -> None:
        self.client = client
        # The words around choices ("Trả lời 1 hoặc 2", "gõ «xong»") in the language of the
        # person whose chat it is: their choice, else the deployment's default.
        self.texts_for = texts_for

    async def deliver(self, message: Outbound) -> str | None:
        """Send one Outbound; map Zalo's errors as bot/tg/sender.py maps Telegram's."""
        if message.edit_message_id is not None:
            if not (message.nav or message.choices):
                # Zalo cannot edit; an edit without actions only echoes what was answered.
                log.debug("Skipping an edit on Zalo")
                return None
            # An edit that keeps actions is news (an alert now taken by someone): say it
            # again as a new message, since the old one can't change.
            message = message.model_copy(update={"edit_message_id": None})
        drawn = render(message, await self.texts_for(message.chat_id))
        try:
            last: str | None = None
            for url in drawn.photos:
                last = await self.client.send_photo(message.chat_id, url) or last
            for chunk in drawn.texts:
                last = await self.client.send_message(message.chat_id, chunk) or last
            return last
        except ZaloRetryAfter as exc:
            raise RetryLater(exc.retry_after, "flood limit") from None
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
