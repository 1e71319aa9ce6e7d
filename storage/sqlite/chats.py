"""Police groups the bot can no longer write to: unlinked, with what was queued for them,
in one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime

from bot.messages import Outbound
from storage.clock import to_db
from storage.models import OutboxItem, PoliceChat
from storage.sqlite.audit import INSERT_AUDIT
from storage.sqlite.db import Database
from storage.sqlite.queue import SCRUBBED, _outbox_item, enqueue_sync
from storage.vocab import Channel

#: Given the police chat that was unlinked (None: the chat was none) and the messages that
#: were still queued for it, returns what to queue instead.
Reroute = Callable[[PoliceChat | None, list[OutboxItem]], list[Outbound]]

PENDING = "sent_at IS NULL AND failed_at IS NULL"


class ChatsMixin:
    """Giving up on a chat the bot may no longer write to."""

    db: Database

    async def chat_lost(
        self,
        channel: Channel,
        chat_id: str,
        reason: str,
        now: datetime,
        reroute: Reroute,
    ) -> PoliceChat | None:
        """Give up on a group the bot can no longer write to, in one transaction.

        If it was a police group it is unlinked (audited); every message still queued for it
        is marked failed with `reason`; `reroute(police chat or None, those messages)`
        returns what to queue instead (its alerts for the officers, the word to the admins).
        Returns the police chat that was unlinked, if any. An officer's own chat is never
        unlinked here: a person who blocked the bot is marked unreachable instead.
        """

        def work(conn: sqlite3.Connection) -> PoliceChat | None:
            row = conn.execute(
                "SELECT channel, chat_id, commune_id, title, person_id FROM police_chats "
                "WHERE channel = ? AND chat_id = ? AND person_id IS NULL",
                (channel.value, chat_id),
            ).fetchone()
            chat = PoliceChat(**dict(row)) if row is not None else None
            if chat is not None:
                conn.execute(
                    "DELETE FROM police_chats WHERE channel = ? AND chat_id = ?",
                    (channel.value, chat_id),
                )
                conn.execute(
                    INSERT_AUDIT,
                    (
                        to_db(now),
                        None,
                        "org",
                        f"commune:{chat.commune_id}",
                        f"police chat {chat_id} unlinked: {reason}",
                    ),
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
            enqueue_sync(conn, reroute(chat, [_outbox_item(r) for r in rows]), now)
            return chat

        return await self.db.run_write(work)
