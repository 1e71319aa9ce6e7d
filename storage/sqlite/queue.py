"""Inbox (durable intake) and outbox (durable delivery)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from bot.delivery import part_keys
from bot.domain import Channel
from bot.messages import Outbound
from storage.clock import from_db, opt_from_db, to_db
from storage.models import InboxItem, OutboxItem
from storage.sqlite.db import Database


async def enqueue(
    conn: aiosqlite.Connection,
    messages: Sequence[Outbound],
    now: datetime,
    *,
    dedupe_key: str | None = None,
    not_before: datetime | None = None,
) -> int:
    """Queue messages inside the caller's transaction; return how many were new.

    With a dedupe key, a (key, chat) pair is queued at most once, ever: that is what
    makes a restarted scheduler or a redelivered update harmless. A call that queues
    several messages to one chat under one key (a digest split in parts) keys the later
    ones "key#2", "key#3"… so none is taken for a duplicate of the first. Without a
    call-level key, a message's own `key` is used.
    """
    added = 0
    keys = part_keys(messages, dedupe_key) if dedupe_key is not None else [m.key for m in messages]
    for message, key in zip(messages, keys, strict=True):
        cursor = await conn.execute(
            "INSERT INTO outbox (channel, chat_id, payload, dedupe_key, created_at, not_before) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (
                message.channel.value,
                message.chat_id,
                message.model_dump_json(exclude_defaults=True),
                key,
                to_db(now),
                to_db(not_before) if not_before else None,
            ),
        )
        added += cursor.rowcount
    return added


async def mark_inbox_done(conn: aiosqlite.Connection, key: str, now: datetime) -> None:
    """Record an update as handled, inside the caller's transaction.

    The payload is dropped: raw updates can hold a confidential source's name.
    """
    await conn.execute(
        "INSERT INTO inbox (key, channel, payload, received_at, done_at) "
        "VALUES (?, '', NULL, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET done_at = excluded.done_at, payload = NULL",
        (key, to_db(now), to_db(now)),
    )


def _outbox_item(row: sqlite3.Row) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        channel=Channel(row["channel"]),
        chat_id=row["chat_id"],
        message=Outbound.model_validate_json(row["payload"]),
        dedupe_key=row["dedupe_key"],
        created_at=from_db(row["created_at"]),
        not_before=opt_from_db(row["not_before"]),
        attempts=row["attempts"],
    )


class QueueMixin:
    """Inbox and outbox operations."""

    db: Database

    async def inbox_add(
        self, items: Sequence[tuple[str, Channel, str]], now: datetime
    ) -> list[str]:
        """Store raw updates before they are acknowledged; return the keys that were new."""
        fresh: list[str] = []
        async with self.db.write() as conn:
            for key, channel, payload in items:
                cursor = await conn.execute(
                    "INSERT INTO inbox (key, channel, payload, received_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (key) DO NOTHING",
                    (key, channel.value, payload, to_db(now)),
                )
                if cursor.rowcount:
                    fresh.append(key)
        return fresh

    async def inbox_pending(self, channel: Channel, limit: int = 100) -> list[InboxItem]:
        """Return stored updates not yet handled, oldest first."""
        rows = await self.db.fetchall(
            "SELECT key, channel, payload, received_at FROM inbox "
            "WHERE done_at IS NULL AND channel = ? ORDER BY received_at, rowid LIMIT ?",
            (channel.value, limit),
        )
        return [
            InboxItem(
                key=r["key"],
                channel=Channel(r["channel"]),
                payload=r["payload"] or "",
                received_at=from_db(r["received_at"]),
            )
            for r in rows
        ]

    async def inbox_is_done(self, key: str) -> bool:
        """Return whether an update was already handled."""
        row = await self.db.fetchone("SELECT done_at FROM inbox WHERE key = ?", (key,))
        return bool(row and row["done_at"])

    async def inbox_done(self, key: str, now: datetime) -> None:
        """Mark an update handled when no service did so in its own transaction."""
        async with self.db.write() as conn:
            await mark_inbox_done(conn, key, now)

    async def send(
        self,
        messages: Sequence[Outbound],
        now: datetime,
        *,
        inbox_key: str | None = None,
        dedupe_key: str | None = None,
        not_before: datetime | None = None,
    ) -> int:
        """Queue messages (and close an update) in one transaction; return how many were new."""
        async with self.db.write() as conn:
            added = await enqueue(conn, messages, now, dedupe_key=dedupe_key, not_before=not_before)
            if inbox_key:
                await mark_inbox_done(conn, inbox_key, now)
        return added

    async def outbox_pending(self, now: datetime, limit: int = 200) -> list[OutboxItem]:
        """Return messages due for delivery, in the order they were queued."""
        # A chat's message never overtakes an earlier one that is waiting for a retry.
        rows = await self.db.fetchall(
            "SELECT * FROM outbox o WHERE sent_at IS NULL AND failed_at IS NULL "
            "AND (not_before IS NULL OR not_before <= ?1) AND NOT EXISTS ("
            "SELECT 1 FROM outbox w WHERE w.channel = o.channel AND w.chat_id = o.chat_id "
            "AND w.id < o.id AND w.sent_at IS NULL AND w.failed_at IS NULL "
            "AND w.not_before > ?1) ORDER BY id LIMIT ?2",
            (to_db(now), limit),
        )
        return [_outbox_item(r) for r in rows]

    async def outbox_next_due(self) -> datetime | None:
        """Return when the earliest postponed message becomes due."""
        row = await self.db.fetchone(
            "SELECT min(not_before) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL"
        )
        return opt_from_db(row[0]) if row else None

    async def outbox_sent(self, item_id: int, message_id: str | None, now: datetime) -> None:
        """Record a delivered message."""
        async with self.db.write() as conn:
            await conn.execute(
                "UPDATE outbox SET sent_at = ?, message_id = ?, attempts = attempts + 1 "
                "WHERE id = ?",
                (to_db(now), message_id, item_id),
            )

    async def outbox_retry(self, item_id: int, not_before: datetime, error: str) -> None:
        """Postpone a message after a temporary failure."""
        async with self.db.write() as conn:
            await conn.execute(
                "UPDATE outbox SET not_before = ?, error = ?, attempts = attempts + 1 WHERE id = ?",
                (to_db(not_before), error, item_id),
            )

    async def outbox_failed(self, item_id: int, error: str, now: datetime) -> None:
        """Give up on a message that can never be delivered."""
        async with self.db.write() as conn:
            await conn.execute(
                "UPDATE outbox SET failed_at = ?, error = ?, attempts = attempts + 1 WHERE id = ?",
                (to_db(now), error, item_id),
            )

    async def mark_unreachable(self, channel: Channel, chat_id: str, now: datetime) -> None:
        """Flag accounts whose chat refuses messages (the person blocked the bot)."""
        async with self.db.write() as conn:
            await conn.execute(
                "UPDATE identities SET unreachable_at = ? WHERE channel = ? AND chat_id = ? "
                "AND unreachable_at IS NULL",
                (to_db(now), channel.value, chat_id),
            )
