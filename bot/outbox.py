"""Delivers queued messages: in order per chat, retried on temporary failures, never twice.

Every reply, alert and reminder is written to the outbox in the same transaction as the
change it reports; this module is the only place that talks to the messengers' send APIs.

Several chats are served at once (a broadcast to thousands of members runs near the
messenger's overall limit), but each chat by one worker at a time, oldest message first:
a chat's later message never overtakes an earlier one waiting for a retry. Before each
send the channel's `Pacer` is asked how long to wait (overall rate, one chat, one group),
so the flood limits are kept rather than discovered. People's conversations go before
broadcasts. A chat that fails (blocked, flood-limited) holds up only itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Literal

from bot.clock import Clock
from bot.delivery import RetryLater, Sender, Undeliverable
from bot.domain import Channel
from bot.pacing import Pacer, Pacing
from storage.base import Store
from storage.models import OutboxItem

log = logging.getLogger(__name__)

#: Give up on a message after this many temporary failures (about a day with backoff).
MAX_ATTEMPTS = 40
MAX_BACKOFF = 600.0
IDLE_WAIT = 5.0
#: A chat that must wait longer than this (a group at its limit) gives its worker back.
MAX_INLINE_WAIT = 1.5

ChatKey = tuple[Channel, str]
#: Called when a message can never reach its chat; True if it took care of it (a lost
#: police group: unlinked, its alerts sent to people instead).
LostHandler = Callable[[OutboxItem, str], Awaitable[bool]]


def backoff(attempts: int, suggested: float) -> float:
    """Return how long to wait before the next try: the server's word, or doubling."""
    return min(MAX_BACKOFF, max(suggested, 2.0 ** min(attempts, 10) * 0.5))


class OutboxDispatcher:
    """A feeder that finds chats with due messages and workers that deliver them."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        senders: Mapping[Channel, Sender],
        *,
        pacing: Mapping[Channel, Pacing] | None = None,
        concurrency: int = 16,
        on_lost: LostHandler | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.senders = dict(senders)
        self.on_lost = on_lost
        self.pacers = {channel: Pacer(p) for channel, p in (pacing or {}).items()}
        self.concurrency = max(1, concurrency)
        self._wake = asyncio.Event()
        self._halt = asyncio.Event()
        self._stopping = False
        self._tasks: list[asyncio.Task[None]] = []
        self._queue: asyncio.Queue[ChatKey | None] = asyncio.Queue()
        self._slots = asyncio.Semaphore(self.concurrency)
        #: Chats queued or being served: a chat has one worker at most.
        self._claimed: set[ChatKey] = set()
        #: Chats resting after hitting a limit, until this monotonic time.
        self._resting: dict[ChatKey, float] = {}
        self.delivered = 0

    def kick(self) -> None:
        """Wake the feeder: something was queued."""
        self._wake.set()

    @property
    def busy(self) -> bool:
        """Return whether a chat is being served (or waits for a worker)."""
        return bool(self._claimed)

    def start(self) -> None:
        """Start the feeder and the workers as background tasks."""
        if self._tasks:
            return
        self._stopping = False
        self._halt.clear()
        self._tasks = [asyncio.create_task(self._feed(), name="outbox-feeder")]
        self._tasks += [
            asyncio.create_task(self._work(), name=f"outbox-worker-{n}")
            for n in range(self.concurrency)
        ]

    async def stop(self, grace: float = 10.0) -> None:
        """Stop after the messages in flight; the rest stays queued for the next start.

        Cancelling between a send and its "sent" mark would send that message again after
        the restart, so the workers are asked to stop first and cancelled only if they do
        not within `grace` seconds.
        """
        if not self._tasks:
            return
        self._stopping = True
        self._halt.set()
        self._wake.set()
        feeder, workers = self._tasks[0], self._tasks[1:]
        for _ in workers:
            self._queue.put_nowait(None)
        _, late = await asyncio.wait(workers, timeout=grace)
        for task in [feeder, *late]:
            task.cancel()
        for task in [feeder, *late]:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        self._queue = asyncio.Queue()
        self._slots = asyncio.Semaphore(self.concurrency)
        self._claimed.clear()

    # --- feeding ----------------------------------------------------------------------------

    async def _feed(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                fed = await self._feed_once()
            except Exception:
                # The loop must outlive any single failure; the messages stay queued.
                log.exception("Outbox pass failed")
                fed = 0
            if not fed:
                await self._sleep_until_due()

    async def _feed_once(self) -> int:
        now = asyncio.get_running_loop().time()
        self._resting = {c: t for c, t in self._resting.items() if t > now}
        busy = len(self._claimed) + len(self._resting)
        chats = await self.store.outbox_due_chats(
            self.clock.now(), limit=2 * self.concurrency + busy
        )
        fed = 0
        for chat in chats:
            if chat in self._claimed or chat in self._resting:
                continue
            await self._slots.acquire()
            if self._stopping:
                self._slots.release()
                break
            self._claimed.add(chat)
            self._queue.put_nowait(chat)
            fed += 1
        return fed

    async def _sleep_until_due(self) -> None:
        wait = IDLE_WAIT
        due = await self.store.outbox_next_due()
        if due is not None and due > self.clock.now():
            # A postponed message; one already due belongs to a chat being served, whose
            # worker wakes us when it is done.
            wait = min(wait, (due - self.clock.now()).total_seconds())
        if self._resting:
            now = asyncio.get_running_loop().time()
            wait = min(wait, min(self._resting.values()) - now)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=max(0.0, wait))

    # --- delivering -------------------------------------------------------------------------

    async def _work(self) -> None:
        while True:
            chat = await self._queue.get()
            if chat is None:
                return
            try:
                await self._serve(chat)
            except Exception:
                log.exception("Outbox worker failed on a chat; its messages stay queued")
            finally:
                self._claimed.discard(chat)
                self._slots.release()
                self._wake.set()
            if self._stopping:
                return

    async def _pause(self, seconds: float) -> bool:
        """Wait, unless asked to stop; return whether to go on."""
        if seconds > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._halt.wait(), timeout=seconds)
        return not self._stopping

    async def _serve(self, chat: ChatKey) -> int:
        """Deliver one chat's due messages in order; return how many went out."""
        channel, chat_id = chat
        pacer = self.pacers.get(channel)
        loop = asyncio.get_running_loop()
        sent = 0
        while not self._stopping:
            items = await self.store.outbox_chat_pending(channel, chat_id, self.clock.now())
            if not items:
                return sent
            for item in items:
                if self._stopping:
                    return sent
                cost = 1
                if pacer is not None:
                    cost = pacer.pacing.cost(item.message)
                    wait = pacer.chat_wait(chat_id, cost, loop.time())
                    if wait > MAX_INLINE_WAIT:
                        self._resting[chat] = loop.time() + wait
                        return sent
                    if not await self._pause(wait):
                        return sent
                    if not await self._pause(pacer.reserve(cost, loop.time())):
                        return sent
                    while pacer.held(loop.time()):
                        # The quota ran out while this one waited: book again, after it.
                        if not await self._pause(pacer.reserve(cost, loop.time())):
                            return sent
                result = await self._deliver(item)
                if pacer is not None:
                    pacer.sent(chat_id, cost, loop.time())
                    if result == "sent":
                        pacer.delivered()
                if result == "retry":
                    # The chat's later messages stay behind the one that must wait.
                    return sent
                sent += result == "sent"
        return sent

    async def drain(self) -> int:
        """Deliver everything due now, chat after chat; return how many messages went out."""
        sent = 0
        while True:
            chats = await self.store.outbox_due_chats(self.clock.now(), limit=200)
            progress = 0
            for chat in chats:
                if chat in self._claimed:
                    continue
                self._claimed.add(chat)
                try:
                    before = self.delivered
                    await self._serve(chat)
                    progress += self.delivered - before
                finally:
                    self._claimed.discard(chat)
            sent += progress
            if not chats or not progress:
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
            pacer = self.pacers.get(item.channel)
            if exc.everywhere and pacer is not None:
                # The messenger's own quota: every chat on it waits, not only this one.
                pacer.hold(asyncio.get_running_loop().time() + exc.delay)
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
            lost = self.on_lost
            if exc.unreachable and lost is not None and await lost(item, exc.reason):
                # A police group the bot may not post in: unlinked, its alerts sent on.
                self.kick()
                return "dropped"
            await self.store.outbox_failed(item.id, exc.reason, now)
            if exc.unreachable:
                await self.store.mark_unreachable(item.channel, item.chat_id, now)
            return "dropped"
        await self.store.outbox_sent(item.id, message_id, self.clock.now())
        self.delivered += 1
        return "sent"
