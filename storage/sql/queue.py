"""Inbox (durable intake) and outbox (durable delivery)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from storage.clock import from_db, opt_from_db, to_db
from storage.domain import Channel
from storage.messages import Outbound, part_keys
from storage.models import AuditEvent, InboxItem, OutboxItem, ScheduledSend
from storage.sql.audit import audit_sync
from storage.sql.conn import AsyncConn, Conn, Database, Row

ENQUEUE = (
    "INSERT INTO outbox (channel, chat_id, payload, dedupe_key, created_at, not_before, bulk) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
)
#: The outbox rows still to deliver.
PENDING = "sent_at IS NULL AND failed_at IS NULL"
#: What a delivered (or abandoned) message's payload becomes: it is never read again.
SCRUBBED = "''"
# The payload is dropped once handled: raw updates can hold a confidential source's name.
INBOX_DONE = (
    "INSERT INTO inbox (key, channel, payload, received_at, done_at) VALUES (?, '', NULL, ?, ?) "
    "ON CONFLICT (key) DO UPDATE SET done_at = excluded.done_at, payload = NULL"
)


def _outbox_rows(
    messages: Sequence[Outbound],
    now: datetime,
    dedupe_key: str | None,
    not_before: datetime | None,
    bulk: bool = False,
) -> list[tuple[object, ...]]:
    # Several messages to one chat under one key (a digest in parts) are keyed "key#2",
    # "key#3"… so none is taken for a duplicate of the first; without a call-level key a
    # message's own `key` is used.
    keys = part_keys(messages, dedupe_key) if dedupe_key is not None else [m.key for m in messages]
    return [
        (
            m.channel.value,
            m.chat_id,
            m.model_dump_json(exclude_defaults=True),
            key,
            to_db(now),
            to_db(not_before) if not_before else None,
            int(bulk),
        )
        for m, key in zip(messages, keys, strict=True)
    ]


def enqueue_sync(
    conn: Conn,
    messages: Sequence[Outbound],
    now: datetime,
    *,
    dedupe_key: str | None = None,
    not_before: datetime | None = None,
) -> int:
    """Queue messages inside the caller's transaction (in the writer's thread)."""
    if not messages:
        return 0
    cursor = conn.executemany(ENQUEUE, _outbox_rows(messages, now, dedupe_key, not_before))
    return max(int(cursor.rowcount), 0)


def inbox_done_sync(conn: Conn, key: str | None, now: datetime) -> None:
    """Record an update as handled inside the caller's transaction (writer's thread)."""
    if key:
        conn.execute(INBOX_DONE, (key, to_db(now), to_db(now)))


async def enqueue(
    conn: AsyncConn,
    messages: Sequence[Outbound],
    now: datetime,
    *,
    dedupe_key: str | None = None,
    not_before: datetime | None = None,
    bulk: bool = False,
) -> int:
    """Queue messages inside the caller's transaction; return how many were new.

    With a dedupe key, a (key, chat) pair is queued at most once, ever: that is what
    makes a restarted scheduler or a redelivered update harmless. A call that queues
    several messages to one chat under one key (a digest split in parts) keys the later
    ones "key#2", "key#3"… so none is taken for a duplicate of the first. Without a
    call-level key, a message's own `key` is used.
    """
    if not messages:
        return 0
    rows = _outbox_rows(messages, now, dedupe_key, not_before, bulk)
    cursor = await conn.executemany(ENQUEUE, rows)
    return max(int(cursor.rowcount), 0)


async def enqueue_keyed(
    conn: AsyncConn, sends: Sequence[ScheduledSend], now: datetime, *, bulk: bool
) -> int:
    """Queue many messages, each under its own ledger key, in one statement; return new ones.

    A (key, chat) already queued is left alone, so a broadcast re-run after a crash or a
    restart adds only what is missing.
    """
    cursor = await conn.executemany(
        "INSERT INTO outbox (channel, chat_id, payload, dedupe_key, created_at, bulk) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [
            (
                send.message.channel.value,
                send.message.chat_id,
                send.message.model_dump_json(exclude_defaults=True),
                send.key,
                to_db(now),
                int(bulk),
            )
            for send in sends
        ],
    )
    return max(0, int(cursor.rowcount))


async def mark_inbox_done(conn: AsyncConn, key: str, now: datetime) -> None:
    """Record an update as handled, inside the caller's transaction."""
    await conn.execute(INBOX_DONE, (key, to_db(now), to_db(now)))


def outbox_item(row: Row) -> OutboxItem:
    """Return an outbox row as a record."""
    message = Outbound.model_validate_json(row["payload"])
    if message.chat_id != row["chat_id"]:
        # The row's chat is the truth: a chat that moved (a group upgraded to a
        # supergroup) moves its queued rows, not every payload.
        message = message.model_copy(update={"chat_id": row["chat_id"]})
    return OutboxItem(
        id=row["id"],
        channel=Channel(row["channel"]),
        chat_id=row["chat_id"],
        message=message,
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

        def add(conn: Conn) -> list[str]:
            fresh = []
            for key, channel, payload in items:
                cursor = conn.execute(
                    "INSERT INTO inbox (key, channel, payload, received_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (key) DO NOTHING",
                    (key, channel.value, payload, to_db(now)),
                )
                if cursor.rowcount:
                    fresh.append(key)
            return fresh

        return await self.db.run_write(add)

    async def inbox_pending(self, channel: Channel, limit: int = 100) -> list[InboxItem]:
        """Return stored updates not yet handled, oldest first."""
        rows = await self.db.fetchall(
            "SELECT key, channel, payload, received_at, attempts FROM inbox "
            "WHERE done_at IS NULL AND set_aside_at IS NULL AND channel = ? "
            "ORDER BY received_at, rowid LIMIT ?",
            (channel.value, limit),
        )
        return [
            InboxItem(
                key=r["key"],
                channel=Channel(r["channel"]),
                payload=r["payload"] or "",
                received_at=from_db(r["received_at"]),
                attempts=r["attempts"],
            )
            for r in rows
        ]

    async def inbox_attempt(self, key: str) -> int:
        """Count one more try at handling a stored update; return the tries so far.

        Counted before the try, so a try that kills the process counts too. Not fsynced:
        only a power cut loses it, and then the try is simply made once more.
        """

        def count(conn: Conn) -> int:
            row = conn.execute(
                "UPDATE inbox SET attempts = attempts + 1 WHERE key = ? RETURNING attempts",
                (key,),
            ).fetchone()
            return int(row[0]) if row else 0

        return await self.db.run_write(count, durable=False)

    async def inbox_set_aside(self, key: str, now: datetime) -> None:
        """Stop trying an update that keeps failing; it stays stored (until the purge)."""
        await self.db.run_write(
            lambda conn: conn.execute(
                "UPDATE inbox SET set_aside_at = ? WHERE key = ? AND done_at IS NULL",
                (to_db(now), key),
            )
        )

    async def prune_outbox(self, before: datetime, keep_prefixes: Sequence[str] = ()) -> int:
        """Delete delivered and abandoned messages queued before `before`; return how many.

        Rows keyed with one of `keep_prefixes` stay (blank): an alert is found by its key
        and edited when its entry changes, however late. The purge removes them with the
        entry's other personal data.
        """
        clauses = ["created_at < ?", "(sent_at IS NOT NULL OR failed_at IS NOT NULL)"]
        params: list[object] = [to_db(before)]
        for prefix in keep_prefixes:
            clauses.append("coalesce(substr(dedupe_key, 1, ?) != ?, TRUE)")
            params += [len(prefix), prefix]
        sql = f"DELETE FROM outbox WHERE {' AND '.join(clauses)}"
        return await self.db.run_write(lambda conn: conn.execute(sql, params).rowcount)

    async def inbox_is_done(self, key: str) -> bool:
        """Return whether an update was already handled."""
        row = await self.db.fetchone("SELECT done_at FROM inbox WHERE key = ?", (key,))
        return bool(row and row["done_at"])

    async def inbox_done(self, key: str, now: datetime) -> None:
        """Mark an update handled when no service did so in its own transaction."""
        await self.db.run_write(lambda conn: inbox_done_sync(conn, key, now))

    async def send(
        self,
        messages: Sequence[Outbound],
        now: datetime,
        *,
        inbox_key: str | None = None,
        dedupe_key: str | None = None,
        not_before: datetime | None = None,
        audit: Sequence[AuditEvent] = (),
    ) -> int:
        """Queue messages (and close an update, and log `audit`) in one transaction.

        Returns how many messages were new (a dedupe key already used queues nothing).
        """

        def work(conn: Conn) -> int:
            added = enqueue_sync(conn, messages, now, dedupe_key=dedupe_key, not_before=not_before)
            inbox_done_sync(conn, inbox_key, now)
            audit_sync(conn, audit)
            return added

        return await self.db.run_write(work)

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
        return [outbox_item(r) for r in rows]

    async def outbox_due_chats(
        self, now: datetime, limit: int = 64, channels: Collection[Channel] | None = None
    ) -> list[tuple[Channel, str]]:
        """Return chats with a message due now: conversations first, then by age.

        A chat is due when its oldest undelivered message is: a later one never overtakes
        an earlier one waiting for a retry. `channels` limits it to those messengers (the
        ones that can send now).
        """
        only = ""
        params: list[object] = [to_db(now)]
        if channels is not None:
            if not channels:
                return []
            only = f"AND channel IN ({','.join('?' * len(channels))}) "
            params[:0] = [c.value for c in channels]
        rows = await self.db.fetchall(
            "SELECT o.channel, o.chat_id FROM (SELECT min(id) AS first, min(bulk) AS bulk "
            f"FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL {only}"
            "GROUP BY channel, chat_id) h JOIN outbox o ON o.id = h.first "
            "WHERE o.not_before IS NULL OR o.not_before <= ? ORDER BY h.bulk, h.first LIMIT ?",
            [*params, limit],
        )
        return [(Channel(r["channel"]), r["chat_id"]) for r in rows]

    async def outbox_chat_pending(
        self, channel: Channel, chat_id: str, now: datetime, limit: int = 20
    ) -> list[OutboxItem]:
        """Return one chat's messages due now, oldest first, up to the first postponed one."""
        rows = await self.db.fetchall(
            "SELECT * FROM outbox WHERE channel = ? AND chat_id = ? AND sent_at IS NULL "
            "AND failed_at IS NULL ORDER BY id LIMIT ?",
            (channel.value, chat_id, limit),
        )
        due: list[OutboxItem] = []
        for row in rows:
            if row["not_before"] is not None and row["not_before"] > to_db(now):
                break
            due.append(outbox_item(row))
        return due

    async def outbox_next_due(self) -> datetime | None:
        """Return when the earliest postponed message becomes due."""
        row = await self.db.fetchone(
            "SELECT min(not_before) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL"
        )
        return opt_from_db(row[0]) if row else None

    async def outbox_sent(self, item_id: int, message_id: str | None, now: datetime) -> None:
        """Record a delivered message and blank its text (it may name a tip's source).

        The messenger holds the message now; we keep where it went and its id (an alert is
        edited through it), not what it said. Lost in a power cut, the mark and the blanking
        go together: the message, still whole, goes once more.
        """
        await self.db.run_write(
            lambda conn: conn.execute(
                "UPDATE outbox SET sent_at = ?, message_id = ?, attempts = attempts + 1, "
                f"payload = {SCRUBBED} WHERE id = ?",
                (to_db(now), message_id, item_id),
            ),
            durable=False,
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
                "UPDATE outbox SET failed_at = ?, error = ?, attempts = attempts + 1, "
                f"payload = {SCRUBBED} WHERE id = ?",
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
