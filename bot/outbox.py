"""Delivers queued messages: in order per chat, retried on temporary failures, never twice.

Every reply, alert and reminder is written to the outbox in the same transaction as the
change it reports; this loop is the only place that talks to the messengers' send APIs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Literal

from bot.clock import Clock
from bot.delivery import RetryLater, Sender, Undeliverable
from bot.domain import Channel
from storage.base import Store
from storage.models import OutboxItem

log = logging.getLogger(__name__)

#: Give up on a message after this many temporary failures (about a day with backoff).
MAX_ATTEMPTS = 40
MAX_BACKOFF = 600.0
IDLE_WAIT = 5.0


def backoff(attempts: int, suggested: float) -> float:
    """Return how long to wait before the next try: the server's word, or doubling."""
    return min(MAX_BACKOFF, max(suggested, 2.0 ** min(attempts, 10) * 0.5))


class OutboxDispatcher:
    """One loop that drains the outbox through each channel's Sender."""

    def __init__(self, store: Store, clock: Clock, senders: Mapping[Channel, Sender]) -> None:
        self.store = store
        self.clock = clock
        self.senders = dict(senders)
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self.delivered = 0

    def kick(self) -> None:
        """Wake the loop: something was queued."""
        self._wake.set()

    def start(self) -> None:
        """Start the loop as a background task."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="outbox-dispatcher")

    async def stop(self, grace: float = 10.0) -> None:
        """Stop after the message in flight; the rest stays queued for the next start.

        Cancelling between a send and its "sent" mark would send that message again
        after the restart, so the loop is asked to stop first and cancelled only if it
        does not within `grace` seconds.
        """
        if self._task is None:
            return
        self._stopping = True
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), timeout=grace)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None
        self._stopping = False

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                await self.drain()
            except Exception:
                # The loop must outlive any single failure; the message stays queued.
                log.exception("Outbox pass failed")
            await self._sleep_until_due()

    async def _sleep_until_due(self) -> None:
        wait = IDLE_WAIT
        due = await self.store.outbox_next_due()
        if due is not None:
            wait = max(0.0, min(wait, (due - self.clock.now()).total_seconds()))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=wait)

    async def drain(self) -> int:
        """Deliver everything due now; return how many messages went out."""
        sent = 0
        while True:
            items = await self.store.outbox_pending(self.clock.now())
            if not items:
                return sent
            held: set[tuple[Channel, str]] = set()
            progress = False
            for item in items:
                if self._stopping:
                    return sent
                chat = (item.channel, item.chat_id)
                if chat in held:
                    continue
                result = await self._deliver(item)
                if result == "retry":
                    # Keep the chat's later messages behind the one that must wait.
                    held.add(chat)
                else:
                    sent += result == "sent"
                    progress = True
            if not progress:
                return sent

    async def _deliver(self, item: OutboxItem) -> Literal["sent", "retry", "dropped"]:
        sender = self.senders.get(item.channel)
        now = self.clock.now()
        try:
            if sender is None:
                # The messenger is not configured in this run (a token missing after an
                # edit): keep its messages for a while rather than drop an alert at once.
                raise RetryLater(MAX_BACKOFF, f"no sender for {item.channel}")
            message_id = await sender.deliver(item.message)
        except RetryLater as exc:
            if item.attempts + 1 >= MAX_ATTEMPTS:
                log.error("Giving up on outbox item %d after %d tries", item.id, item.attempts)
                await self.store.outbox_failed(item.id, exc.reason, now)
                return "dropped"
            delay = backoff(item.attempts, exc.delay)
            log.warning("Outbox item %d: %s; retrying in %.1f s", item.id, exc.reason, delay)
            await self.store.outbox_retry(item.id, now + timedelta(seconds=delay), exc.reason)
            return "retry"
        except Undeliverable as exc:
            log.warning("Outbox item %d undeliverable: %s", item.id, exc.reason)
            await self.store.outbox_failed(item.id, exc.reason, now)
            if exc.unreachable:
                await self.store.mark_unreachable(item.channel, item.chat_id, now)
            return "dropped"
        await self.store.outbox_sent(item.id, message_id, self.clock.now())
        self.delivered += 1
        return "sent"
