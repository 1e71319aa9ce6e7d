"""Chats that change under the bot: a police group it was removed from, a group upgraded
to a supergroup (a new chat id). Each change is one transaction with what it implies for
the messages still queued for that chat."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from storage.clock import to_db
from storage.domain import Channel
from storage.messages import Outbound
from storage.models import OutboxItem, PoliceChat
from storage.sql.conn import Conn, Database
from storage.sql.queue import PENDING, SCRUBBED, enqueue_sync, outbox_item

Reroute = Callable[[PoliceChat | None, list[OutboxItem]], list[Outbound]]

_CHAT = "SELECT channel, chat_id, commune_id, title, person_id FROM police_chats "


def _police_chat(conn: Conn, channel: Channel, chat_id: str) -> PoliceChat | None:
    row = conn.execute(
        _CHAT + "WHERE channel = ? AND chat_id = ?", (channel.value, chat_id)
    ).fetchone()
    return PoliceChat(**dict(row)) if row else None


class ChatsMixin:
    """Unlinking a lost police chat and moving a chat to its new id."""

    db: Database

    async def unlinked_police_chat(self, channel: Channel, chat_id: str) -> PoliceChat | None:
        """Return the police chat a group used to be, if the bot was removed from it."""
        row = await self.db.fetchone(
            "SELECT channel, chat_id, commune_id, title FROM unlinked_police_chats "
            "WHERE channel = ? AND chat_id = ?",
            (channel.value, chat_id),
        )
        return PoliceChat(**dict(row)) if row else None

    async def lost_police_chats(self, commune_id: int) -> list[PoliceChat]:
        """Return the police groups of a commune the bot was removed from (not relinked)."""
        rows = await self.db.fetchall(
            "SELECT channel, chat_id, commune_id, title FROM unlinked_police_chats "
            "WHERE commune_id = ? ORDER BY unlinked_at",
            (commune_id,),
        )
        return [PoliceChat(**dict(r)) for r in rows]

    async def chat_lost(
        self,
        channel: Channel,
        chat_id: str,
        reason: str,
        now: datetime,
        reroute: Reroute,
    ) -> PoliceChat | None:
        """Give up on a chat the bot can no longer write to, in one transaction.

        If it was a police chat it is unlinked (and remembered as such); every message still
        queued for it is marked failed with `reason`; `reroute(police chat or None, those
        messages)` returns what to queue instead (the alerts for someone else, the notice to
        the admins). Returns the police chat that was unlinked, if any.
        """

        def work(conn: Conn) -> PoliceChat | None:
            chat = _police_chat(conn, channel, chat_id)
            if chat is not None:
                conn.execute(
                    "DELETE FROM police_chats WHERE channel = ? AND chat_id = ?",
                    (channel.value, chat_id),
                )
                conn.execute(
                    "INSERT INTO unlinked_police_chats (channel, chat_id, commune_id, title, "
                    "unlinked_at, reason) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel, "
                    "chat_id) DO UPDATE SET commune_id = excluded.commune_id, title = "
                    "excluded.title, unlinked_at = excluded.unlinked_at, reason = excluded.reason",
                    (channel.value, chat_id, chat.commune_id, chat.title, to_db(now), reason),
                )
            rows = conn.execute(
                f"SELECT * FROM outbox WHERE channel = ? AND chat_id = ? AND {PENDING} ORDER BY id",
                (channel.value, chat_id),
            ).fetchall()
            conn.execute(
                f"UPDATE outbox SET failed_at = ?, error = ?, attempts = attempts + 1, "
                f"payload = {SCRUBBED} WHERE channel = ? AND chat_id = ? AND {PENDING}",
                (to_db(now), reason, channel.value, chat_id),
            )
            enqueue_sync(conn, reroute(chat, [outbox_item(r) for r in rows]), now)
            return chat

        return await self.db.run_write(work)

    async def outbox_give_up(
        self, item_id: int, reason: str, now: datetime, instead: Sequence[Outbound]
    ) -> None:
        """Give up on one message and queue what goes instead, in one transaction."""

        def work(conn: Conn) -> None:
            conn.execute(
                "UPDATE outbox SET failed_at = ?, error = ?, attempts = attempts + 1, "
                f"payload = {SCRUBBED} WHERE id = ?",
                (to_db(now), reason, item_id),
            )
            enqueue_sync(conn, instead, now)

        await self.db.run_write(work)

    async def move_chat(
        self,
        channel: Channel,
        old: str,
        new: str,
        now: datetime,
        *,
        retry_at: datetime | None = None,
        item_id: int | None = None,
    ) -> PoliceChat | None:
        """Move a chat to its new id in one transaction: its police-chat link, and the
        messages still queued for it, due at `retry_at` (at once if None). `item_id`, the
        message that found out, counts an attempt. Returns the police chat as it is now
        linked, if the chat was one."""

        def work(conn: Conn) -> PoliceChat | None:
            chat = _police_chat(conn, channel, old)
            if chat is not None:
                if _police_chat(conn, channel, new) is None:
                    conn.execute(
                        "UPDATE police_chats SET chat_id = ? WHERE channel = ? AND chat_id = ?",
                        (new, channel.value, old),
                    )
                else:
                    # Someone linked the new supergroup already: that link stands.
                    conn.execute(
                        "DELETE FROM police_chats WHERE channel = ? AND chat_id = ?",
                        (channel.value, old),
                    )
            conn.execute(
                "UPDATE unlinked_police_chats SET chat_id = ? WHERE channel = ? AND chat_id = ? "
                "AND NOT EXISTS (SELECT 1 FROM unlinked_police_chats u WHERE u.channel = ? "
                "AND u.chat_id = ?)",
                (new, channel.value, old, channel.value, new),
            )
            if item_id is not None:
                conn.execute("UPDATE outbox SET attempts = attempts + 1 WHERE id = ?", (item_id,))
            # A message already queued for the new id under the same key stays the one.
            conn.execute(
                f"UPDATE outbox SET chat_id = ?, not_before = ? "
                f"WHERE channel = ? AND chat_id = ? AND {PENDING} AND (dedupe_key IS NULL "
                "OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = outbox.dedupe_key "
                "AND o.channel = outbox.channel AND o.chat_id = ?))",
                (new, to_db(retry_at) if retry_at else None, channel.value, old, new),
            )
            conn.execute(
                f"UPDATE outbox SET failed_at = ?, error = 'chat moved: a duplicate', "
                f"payload = {SCRUBBED} WHERE channel = ? AND chat_id = ? AND {PENDING}",
                (to_db(now), channel.value, old),
            )
            return _police_chat(conn, channel, new)

        return await self.db.run_write(work)
