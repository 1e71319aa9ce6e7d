"""Delivers queued messages: in order per chat, retried on temporary failures, never twice.

Every reply, alert and reminder is written to the outbox in the same transaction as the
change it reports; this module is the only place that talks to the messengers' send APIs.

Several chats are served at once (a broadcast to thousands of members runs near the
messenger's overall limit), but each chat by one worker at a time, oldest message first:
a chat's later message never overtakes an earlier one waiting for a retry. Before each
send the channel's `Pacer` is asked how long to wait (overall rate, one chat, one group),
so the flood limits are kept rather than discovered. People's conversations go before
broadcasts. A chat that fails (blocked, flood-limited) holds up only itself.

Whatever happens, nothing loops: every failure of a send, mapped or not, counts as an
attempt and waits longer before the next; a chat whose serving fails rests, growing
longer; a database that refuses writes (a full disk) is waited out with one log line, a
"sent" mark kept in hand meanwhile so the message does not go twice. A chat that moved (a
group upgraded to a supergroup) takes its queue along; a refused token stops that
messenger's sending and tells the runtime, which stops the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Collection, Mapping
from datetime import timedelta
from typing import Literal, TypeVar

from bot.clock import Clock
from bot.delivery import ChatMoved, RetryLater, Sender, TokenRefused, Undeliverable
from bot.domain import Channel
from bot.pacing import Pacer, Pacing
from bot.trouble import WriteTrouble
from storage.base import Store
from storage.errors import StorageUnavailable
from storage.models import OutboxItem

T = TypeVar("T")

#: Called when a message can never reach its chat; True if it took care of it (a lost
#: police group: unlinked, its alerts sent to people instead).
LostHandler = Callable[[OutboxItem, str], Awaitable[bool]]

log = logging.getLogger(__name__)

#: Give up on a message after this many temporary failures (about a day with backoff).
MAX_ATTEMPTS = 40
MAX_BACKOFF = 600.0
IDLE_WAIT = 5.0
#: A chat that must wait longer than this (a group at its limit) gives its worker back.
MAX_INLINE_WAIT = 1.5
#: A chat's due messages read at once by the worker serving it.
CHAT_BATCH = 20
#: How long a process keeps a group after serving it, when several share the database: a
#: chat's limits are counted by the process that holds it, and a group's window is a
#: minute. A private chat is kept as long as its burst takes to refill (a few seconds), so
#: the process answering a conversation usually delivers its replies itself.
LINGER = 60.0
#: Where several processes share the database: a process that queued messages wakes the
#: others' feeders (the chat may be held by one of them).
OUTBOX_TOPIC = "antt_outbox"

ChatKey = tuple[Channel, str]


class _Halted(Exception):
    """Asked to stop while waiting for the database to accept a write."""


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
        on_gave_up: LostHandler | None = None,
        on_refused: Callable[[Channel], None] | None = None,
        waiting: Collection[Channel] = (),
        shared: bool = False,
    ) -> None:
        self.store = store
        #: Other processes send from this database too (see OUTBOX_TOPIC).
        self.shared = shared
        self._telling: asyncio.Task[None] | None = None
        self.clock = clock
        self.senders = dict(senders)
        self.on_lost = on_lost
        #: Called when a message failed every try; True if it took care of it (an alert:
        #: sent to people instead).
        self.on_gave_up = on_gave_up
        self.on_refused = on_refused
        #: Configured messengers not connected yet: their messages wait untouched.
        self._waiting = set(waiting) - set(self.senders)
        #: Messengers that refused the token: nothing more is sent on them.
        self.refused: set[Channel] = set()
        self._trouble = WriteTrouble("Outbox", log, "messages wait in the outbox")
        #: Chats whose serving failed in a row, and how often.
        self._failures: dict[ChatKey, int] = {}
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
        #: Chats this process holds in the store (see `Store.claim_chat`), until this
        #: monotonic time unless served again.
        self._held: dict[ChatKey, float] = {}
        self.delivered = 0

    def kick(self) -> None:
        """Wake the feeder: something was queued (and the other processes' feeders)."""
        self._wake.set()
        if self.shared and (self._telling is None or self._telling.done()):
            self._telling = asyncio.get_running_loop().create_task(self._tell_others())

    async def _tell_others(self) -> None:
        try:
            await self.store.notify(OUTBOX_TOPIC)
        except Exception as exc:
            # Only a wake-up: their feeders look again within IDLE_WAIT anyway.
            log.debug("Could not wake the other processes' outboxes (%s)", type(exc).__name__)

    async def listen(self) -> None:
        """Be woken when another process queued messages (several processes only)."""
        if self.shared:
            await self.store.listen(OUTBOX_TOPIC, self._wake.set)

    def add_sender(self, channel: Channel, sender: Sender) -> None:
        """Start sending on a messenger that is connected now."""
        self.senders[channel] = sender
        self._waiting.discard(channel)
        self.kick()

    def _sendable(self) -> list[Channel] | None:
        """Return the messengers to serve, or None for all."""
        held = self._waiting | self.refused
        return [c for c in Channel if c not in held] if held else None

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
        held, self._held = list(self._held), {}
        for channel, chat_id in held:
            with contextlib.suppress(Exception):
                await self.store.release_chat(channel, chat_id)

    # --- feeding ----------------------------------------------------------------------------

    async def _feed(self) -> None:
        failures = 0
        while not self._stopping:
            self._wake.clear()
            try:
                fed = await self._feed_once()
                if not fed:
                    await self._sleep_until_due()
                failures = 0
            except Exception as exc:
                # The loop must outlive any failure (a database that can't be read); the
                # messages stay queued, and it waits longer each time rather than spin.
                failures += 1
                if failures == 1:
                    log.exception("Outbox pass failed (%s); retrying", type(exc).__name__)
                await self._pause(backoff(failures, 0.0))

    async def _feed_once(self) -> int:
        now = asyncio.get_running_loop().time()
        self._resting = {c: t for c, t in self._resting.items() if t > now}
        busy = len(self._claimed) + len(self._resting)
        chats = await self.store.outbox_due_chats(
            self.clock.now(), limit=2 * self.concurrency + busy, channels=self._sendable()
        )
        await self._let_go(now)
        fed = 0
        for chat in chats:
            if chat in self._claimed or chat in self._resting:
                continue
            # Asked each time, held or not (the store answers from memory for a chat it
            # holds): a database session that ended took this process's hold with it.
            if not await self.store.claim_chat(*chat):
                self._held.pop(chat, None)
                continue  # another process delivers to it now
            self._held[chat] = now + self._linger(chat)
            await self._slots.acquire()
            if self._stopping:
                self._slots.release()
                break
            self._claimed.add(chat)
            self._queue.put_nowait(chat)
            fed += 1
        return fed

    def _linger(self, chat: ChatKey) -> float:
        """Return how long to keep a chat after serving it (see LINGER)."""
        pacer = self.pacers.get(chat[0])
        if pacer is None or pacer.pacing.is_group(chat[1]):
            return LINGER
        pacing = pacer.pacing
        return min(LINGER, max(1.0, pacing.chat_burst / pacing.chat_per_second))

    async def _let_go(self, now: float) -> None:
        """Release the chats held longer than LINGER since they were last served."""
        for chat, until in list(self._held.items()):
            if until <= now and chat not in self._claimed:
                del self._held[chat]
                await self.store.release_chat(*chat)

    async def _slot(self, channel: Channel, pacer: Pacer, cost: int) -> float:
        """Book `cost` sends of the messenger's overall rate; return how long to wait.

        Where several processes send (PostgreSQL), the store books the slot for all of
        them; otherwise this process's pacer does.
        """
        shared = await self.store.pace(channel, cost / pacer.rate)
        if shared is not None:
            return shared
        return pacer.reserve(cost, asyncio.get_running_loop().time())

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
                self._failures.pop(chat, None)
            except _Halted:
                pass
            except Exception as exc:
                # Its messages stay queued; the chat rests, longer each time, so one that
                # keeps failing (a payload that no longer parses) can't spin a worker.
                failures = self._failures[chat] = self._failures.get(chat, 0) + 1
                rest = backoff(failures, 0.0)
                self._resting[chat] = asyncio.get_running_loop().time() + rest
                if failures == 1:
                    log.exception("Outbox worker failed on a chat (%s)", type(exc).__name__)
                else:
                    log.warning("Outbox: a chat failed again; it rests %.0f s", rest)
            finally:
                self._claimed.discard(chat)
                if chat in self._held:
                    self._held[chat] = asyncio.get_running_loop().time() + self._linger(chat)
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
            if channel in self.refused:
                # Refused while this chat waited in the queue (fed from a read made before).
                return sent
            items = await self.store.outbox_chat_pending(
                channel, chat_id, self.clock.now(), limit=CHAT_BATCH
            )
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
                    if not await self._pause(await self._slot(channel, pacer, cost)):
                        return sent
                    while pacer.held(loop.time()):
                        # The quota ran out while this one waited: book again, after it.
                        if not await self._pause(pacer.reserve(cost, loop.time())):
                            return sent
                if not await self.store.claim_chat(channel, chat_id):
                    # This process's database session ended while it served the chat (a
                    # failover) and another process took the chat: the rest is its to
                    # send, so each message goes once (the one in flight then may go twice).
                    self._held.pop(chat, None)
                    return sent
                if pacer is not None:
                    while (late := pacer.start_wait(cost, loop.time())) > 0:
                        if not await self._pause(late):
                            return sent
                    pacer.started(cost, loop.time())
                result = await self._deliver(item)
                if pacer is not None:
                    pacer.sent(chat_id, cost, loop.time())
                    if result == "sent":
                        pacer.delivered()
                if result == "retry":
                    # The chat's later messages stay behind the one that must wait.
                    return sent
                sent += result == "sent"
            if len(items) < CHAT_BATCH:
                # That was all of it: what was queued meanwhile, the feeder finds once this
                # chat is let go (it is woken then), so no read comes back empty for it.
                return sent
        return sent

    async def drain(self) -> int:
        """Deliver everything due now, chat after chat; return how many messages went out."""
        sent = 0
        while True:
            chats = await self.store.outbox_due_chats(
                self.clock.now(), limit=200, channels=self._sendable()
            )
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

    async def _write(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run a store write, waiting out a database that refuses writes (a full disk)."""
        while True:
            try:
                result = await work()
            except StorageUnavailable as exc:
                if not await self._pause(self._trouble.failed(exc)):
                    raise _Halted from None
                continue
            self._trouble.ok()
            return result

    async def _deliver(self, item: OutboxItem) -> Literal["sent", "retry", "dropped"]:
        sender = self.senders.get(item.channel)
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
            return await self._later(item, exc.delay, exc.reason)
        except ChatMoved as exc:
            return await self._moved(item, exc.chat_id)
        except TokenRefused:
            # Not the message's fault: it stays as it is, for the bot restarted with a token.
            if item.channel not in self.refused:
                self.refused.add(item.channel)
                if self.on_refused is not None:
                    self.on_refused(item.channel)
            return "retry"
        except Undeliverable as exc:
            await self._undeliverable(item, exc)
            return "dropped"
        except Exception as exc:
            # An error the sender does not know: an attempt like any other, never a loop.
            return await self._later(item, 0.0, f"unexpected {type(exc).__name__}")
        await self._mark_sent(item, message_id)
        self.delivered += 1
        return "sent"

    async def _later(
        self, item: OutboxItem, suggested: float, reason: str
    ) -> Literal["retry", "dropped"]:
        now = self.clock.now()
        if item.attempts + 1 >= MAX_ATTEMPTS:
            log.error("Giving up on outbox item %d after %d tries", item.id, item.attempts)
            gave_up = self.on_gave_up
            if gave_up is not None and await self._write(lambda: gave_up(item, reason)):
                self.kick()
                return "dropped"
            await self._write(lambda: self.store.outbox_failed(item.id, reason, now))
            return "dropped"
        delay = backoff(item.attempts, suggested)
        log.warning("Outbox item %d: %s; retrying in %.1f s", item.id, reason, delay)
        not_before = now + timedelta(seconds=delay)
        await self._write(lambda: self.store.outbox_retry(item.id, not_before, reason))
        return "retry"

    async def _moved(self, item: OutboxItem, chat_id: str) -> Literal["retry", "dropped"]:
        """Follow a chat to its new id (with its queue), after a short wait that grows."""
        if not chat_id or chat_id == item.chat_id or item.attempts + 1 >= MAX_ATTEMPTS:
            return await self._later(item, 0.0, "chat moved")
        now = self.clock.now()
        retry_at = now + timedelta(seconds=backoff(item.attempts, 0.0))
        chat = await self._write(
            lambda: self.store.move_chat(
                item.channel, item.chat_id, chat_id, now, retry_at=retry_at, item_id=item.id
            )
        )
        what = f"police chat of X{chat.commune_id}" if chat is not None else "a chat"
        log.warning("Outbox: %s got a new id (upgraded to a supergroup); its queue follows", what)
        self.kick()
        return "retry"

    async def _undeliverable(self, item: OutboxItem, exc: Undeliverable) -> None:
        log.warning("Outbox item %d undeliverable: %s", item.id, exc.reason)
        lost = self.on_lost
        if (
            exc.unreachable
            and lost is not None
            and await self._write(lambda: lost(item, exc.reason))
        ):
            self.kick()
            return
        now = self.clock.now()
        await self._write(lambda: self.store.outbox_failed(item.id, exc.reason, now))
        if exc.unreachable:
            await self._write(lambda: self.store.mark_unreachable(item.channel, item.chat_id, now))

    async def _mark_sent(self, item: OutboxItem, message_id: str | None) -> None:
        """Record a delivery; the mark is kept in hand while the database refuses it."""
        try:
            await self._write(lambda: self.store.outbox_sent(item.id, message_id, self.clock.now()))
        except _Halted:
            # One last try before giving up: a database back from a failover takes it now.
            with contextlib.suppress(StorageUnavailable):
                await self.store.outbox_sent(item.id, message_id, self.clock.now())
                return
            log.warning(
                "Outbox item %d was sent, but stopping came before its mark could be "
                "stored: it may go out once more after the restart",
                item.id,
            )
            raise
