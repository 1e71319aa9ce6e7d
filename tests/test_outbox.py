"""The dispatcher: many chats at once, each in order, a failure stays in its chat, clean stop."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import SystemClock
from bot.delivery import Undeliverable
from bot.domain import Channel
from bot.messages import Outbound
from bot.outbox import OutboxDispatcher
from storage import SqliteStore


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
