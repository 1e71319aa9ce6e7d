"""The dispatcher: many chats at once, each in order, a failure stays in its chat, clean stop."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import SystemClock
from bot.delivery import TokenRefused, Undeliverable
from bot.domain import Channel
from bot.messages import Outbound
from bot.outbox import OutboxDispatcher
from storage import SqliteStore
from storage.errors import StorageUnavailable


class SlowSender:
    """Takes a while per message and records what was in flight."""

    def __init__(self, delay: float = 0.02, refuse: frozenset[str] = frozenset()) -> None:
        self.delay = delay
        self.refuse = refuse
        self.log: list[tuple[str, str]] = []
        self.in_flight: set[str] = set()
        self.peak = 0
        self.gate: asyncio.Event | None = None
        self.entered = asyncio.Event()

    async def deliver(self, message: Outbound) -> str | None:
        assert message.chat_id not in self.in_flight, "two sends at once in one chat"
        self.in_flight.add(message.chat_id)
        self.peak = max(self.peak, len(self.in_flight))
        self.entered.set()
        try:
            if self.gate is not None:
                await self.gate.wait()
            await asyncio.sleep(self.delay * random.random())
            if message.chat_id in self.refuse:
                raise Undeliverable("forbidden", unreachable=True)
            self.log.append((message.chat_id, message.text))
            return "1"
        finally:
            self.in_flight.discard(message.chat_id)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    db = SqliteStore(tmp_path / "o.sqlite3", synchronous="NORMAL")
    await db.open()
    yield db
    await db.close()


def messages(chats: int, each: int) -> list[Outbound]:
    return [
        Outbound(channel=Channel.TELEGRAM, chat_id=str(chat), text=str(n))
        for n in range(each)
        for chat in range(1, chats + 1)
    ]


async def delivered(store: SqliteStore, count: int) -> None:
    for _ in range(500):
        row = await store.db.fetchone(
            "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL OR failed_at IS NOT NULL"
        )
        if row is not None and row[0] >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("not delivered in time")


async def test_chats_are_served_at_once_each_in_its_own_order(store: SqliteStore) -> None:
    sender = SlowSender()
    dispatcher = OutboxDispatcher(store, SystemClock(), {Channel.TELEGRAM: sender}, concurrency=8)
    await store.send(messages(20, 5), datetime.now(UTC))
    dispatcher.start()
    try:
        await delivered(store, 100)
    finally:
        await dispatcher.stop()
    assert len(sender.log) == 100 and len(set(sender.log)) == 100
    for chat in range(1, 21):
        assert [t for c, t in sender.log if c == str(chat)] == ["0", "1", "2", "3", "4"]
    assert 1 < sender.peak <= 8


async def test_one_chat_refusing_does_not_stop_the_others(store: SqliteStore) -> None:
    sender = SlowSender(refuse=frozenset({"3"}))
    dispatcher = OutboxDispatcher(store, SystemClock(), {Channel.TELEGRAM: sender})
    await store.send(messages(6, 2), datetime.now(UTC))
    dispatcher.start()
    try:
        await delivered(store, 12)
    finally:
        await dispatcher.stop()
    assert sorted({c for c, _ in sender.log}) == ["1", "2", "4", "5", "6"]
    assert len(sender.log) == 10


async def test_stop_lets_the_message_in_flight_finish_and_be_marked(store: SqliteStore) -> None:
    sender = SlowSender(delay=0)
    sender.gate = asyncio.Event()
    dispatcher = OutboxDispatcher(store, SystemClock(), {Channel.TELEGRAM: sender})
    await store.send(messages(1, 2), datetime.now(UTC))
    dispatcher.start()
    await sender.entered.wait()
    stopping = asyncio.create_task(dispatcher.stop(grace=5))
    await asyncio.sleep(0.05)
    assert not stopping.done()  # waiting for the send, not cancelling it
    sender.gate.set()
    await stopping
    rows = await store.db.fetchall("SELECT sent_at FROM outbox ORDER BY id")
    # The first went out and is marked; the second waits for the next start.
    assert rows[0][0] is not None and rows[1][0] is None
    assert sender.log == [("1", "0")]


class BrokenSender:
    """Fails with an error no sender maps, then works."""

    def __init__(self, failures: int, error: Exception) -> None:
        self.failures = failures
        self.error = error
        self.calls = 0

    async def deliver(self, message: Outbound) -> str | None:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return "1"


async def test_an_unmapped_error_is_a_try_with_backoff_never_a_loop(store: SqliteStore) -> None:
    sender = BrokenSender(failures=1000, error=RuntimeError("something new"))
    dispatcher = OutboxDispatcher(store, SystemClock(), {Channel.TELEGRAM: sender})
    await store.send(messages(1, 1), datetime.now(UTC))
    dispatcher.start()
    try:
        await asyncio.sleep(2.0)
    finally:
        await dispatcher.stop()
    # Tried at 0, 0.5 and 1.5 s (the waits double): not thousands of times.
    assert 2 <= sender.calls <= 3
    row = await store.db.fetchone("SELECT attempts, error, not_before, sent_at FROM outbox")
    assert row is not None and row["attempts"] == sender.calls
    assert row["error"] == "unexpected RuntimeError" and row["sent_at"] is None


async def test_a_refused_token_stops_that_messenger_and_says_so_once(store: SqliteStore) -> None:
    sender = BrokenSender(failures=1000, error=TokenRefused())
    refused: list[Channel] = []
    dispatcher = OutboxDispatcher(
        store, SystemClock(), {Channel.TELEGRAM: sender}, on_refused=refused.append
    )
    await store.send(messages(3, 2), datetime.now(UTC))
    dispatcher.start()
    try:
        await asyncio.sleep(0.5)
    finally:
        await dispatcher.stop()
    assert refused == [Channel.TELEGRAM]
    assert sender.calls <= 3  # at most one try per chat in flight, then nothing
    rows = await store.db.fetchall("SELECT attempts, failed_at FROM outbox")
    # The messages are not to blame: untouched, they go out after a restart with a token.
    assert all(r["attempts"] == 0 and r["failed_at"] is None for r in rows)


class WrappedStore:
    """The store, with the methods a subclass defines answering differently."""

    def __init__(self, store: SqliteStore) -> None:
        self._store = store

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)


async def started(
    store: WrappedStore, queued: list[Outbound]
) -> tuple[SlowSender, OutboxDispatcher]:
    """Queue messages and start a dispatcher on a wrapped store, with an instant sender."""
    sender = SlowSender(delay=0)
    dispatcher = OutboxDispatcher(store, SystemClock(), {Channel.TELEGRAM: sender})  # type: ignore[arg-type]
    await store._store.send(queued, datetime.now(UTC))
    dispatcher.start()
    return sender, dispatcher


class RefusingStore(WrappedStore):
    """The store, but its "sent" mark is refused `times` times (a full disk)."""

    def __init__(self, store: SqliteStore, times: int) -> None:
        super().__init__(store)
        self.refusals = times

    async def outbox_sent(self, item_id: int, message_id: str | None, now: datetime) -> None:
        if self.refusals > 0:
            self.refusals -= 1
            raise StorageUnavailable("database or disk is full")
        await self._store.outbox_sent(item_id, message_id, now)


async def test_a_sent_mark_the_disk_refuses_is_kept_and_the_message_not_resent(
    store: SqliteStore,
) -> None:
    wrapped = RefusingStore(store, times=2)
    sender, dispatcher = await started(wrapped, messages(1, 2))
    try:
        await delivered(store, 2)
    finally:
        await dispatcher.stop()
    assert wrapped.refusals == 0
    assert sender.log == [("1", "0"), ("1", "1")]  # each once, in order


class LosingStore(WrappedStore):
    """The store, but after `keep` sends another process holds the chat (this process's
    database session ended, as in a failover)."""

    def __init__(self, store: SqliteStore, keep: int) -> None:
        super().__init__(store)
        self.keep = keep
        self.asked = 0

    async def claim_chat(self, channel: Channel, chat_id: str) -> bool:
        self.asked += 1
        return self.asked <= self.keep


async def test_a_chat_another_process_took_meanwhile_is_left_to_it(store: SqliteStore) -> None:
    losing = LosingStore(store, keep=3)
    sender, dispatcher = await started(losing, messages(1, 5))
    try:
        for _ in range(200):
            if losing.asked > 3:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.1)
    finally:
        await dispatcher.stop()
    # Asked once to take the chat, then before each send: two went out, then the chat was
    # another's, and the other three wait for it (none sent by both).
    assert sender.log == [("1", "0"), ("1", "1")]
    rows = await store.db.fetchall("SELECT sent_at FROM outbox ORDER BY id")
    assert [r[0] is not None for r in rows] == [True, True, False, False, False]
