"""Short numbers for open entries in a chat, and which entry a quoted message was about.

Where there are no buttons (Zalo), an officer answers an alert by typing «nhận 12»: each
open entry gets a small number in each chat it is shown in, the smallest free one. A number
is freed for reuse once its entry has been handled (or moved to another commune) for
`REUSE_AFTER`, so «xong 12» typed late about an old alert still reaches that old entry,
which then says it is done, rather than a new one that took its number.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from storage.clock import to_db
from storage.domain import Channel
from storage.models import Entry
from storage.sql.conn import Conn, Database
from storage.sql.entries import ENTRY_SELECT, entry_from_row

#: How long a closed entry keeps its number in a chat before another entry may take it.
REUSE_AFTER = timedelta(days=3)


def _assign(
    conn: Conn, channel: Channel, chat_id: str, codes: Sequence[str], now: datetime
) -> dict[str, int]:
    marks = ", ".join("?" for _ in codes)
    ids = {
        row["code"]: row["id"]
        for row in conn.execute(f"SELECT id, code FROM entries WHERE code IN ({marks})", codes)
    }
    chat = (channel.value, chat_id)
    numbers = {
        row["entry_id"]: row["number"]
        for row in conn.execute(
            "SELECT entry_id, number FROM chat_numbers WHERE channel = ? AND chat_id = ?", chat
        )
    }
    missing = [ids[c] for c in dict.fromkeys(codes) if c in ids and ids[c] not in numbers]
    if missing:
        linked = conn.execute(
            "SELECT commune_id FROM police_chats WHERE channel = ? AND chat_id = ?", chat
        ).fetchone()
        commune = linked["commune_id"] if linked is not None else None
        conn.execute(
            "DELETE FROM chat_numbers WHERE channel = ? AND chat_id = ? AND entry_id IN ("
            "SELECT id FROM entries WHERE updated_at < ? AND (status = 'handled' "
            "OR (CAST(? AS INTEGER) IS NOT NULL AND commune_id != ?)))",
            (*chat, to_db(now - REUSE_AFTER), commune, commune),
        )
        used = {
            row["number"]: row["entry_id"]
            for row in conn.execute(
                "SELECT number, entry_id FROM chat_numbers WHERE channel = ? AND chat_id = ?",
                chat,
            )
        }
        numbers = {entry_id: number for number, entry_id in used.items()}
        number = 0
        for entry_id in missing:
            number += 1
            while number in used:
                number += 1
            conn.execute(
                "INSERT INTO chat_numbers (channel, chat_id, number, entry_id, assigned_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (*chat, number, entry_id, to_db(now)),
            )
            used[number] = entry_id
            numbers[entry_id] = number
    return {code: numbers[ids[code]] for code in codes if code in ids and ids[code] in numbers}


class ChatNumbersMixin:
    """Short numbers of open entries per chat, and quoted messages."""

    db: Database

    async def chat_numbers(
        self, channel: Channel, chat_id: str, codes: Sequence[str], now: datetime
    ) -> dict[str, int]:
        """Return the short number of each entry (by code) in a chat, giving the smallest
        free one to an entry that has none yet; unknown codes are left out."""
        if not codes:
            return {}
        return await self.db.run_write(lambda conn: _assign(conn, channel, chat_id, codes, now))

    async def entry_by_number(self, channel: Channel, chat_id: str, number: int) -> Entry | None:
        """Return the entry that has this short number in a chat, if any."""
        row = await self.db.fetchone(
            ENTRY_SELECT + " JOIN chat_numbers n ON n.entry_id = e.id "
            "WHERE n.channel = ? AND n.chat_id = ? AND n.number = ?",
            (channel.value, chat_id, number),
        )
        return entry_from_row(row) if row else None

    async def sent_key(self, channel: Channel, chat_id: str, message_id: str) -> str | None:
        """Return the key of the message the bot sent into a chat under that id (a reply
        that quotes an alert names it), or None if unknown or unkeyed."""
        row = await self.db.fetchone(
            "SELECT dedupe_key FROM outbox WHERE channel = ? AND chat_id = ? AND message_id = ? "
            "ORDER BY id DESC LIMIT 1",
            (channel.value, chat_id, message_id),
        )
        return row["dedupe_key"] if row is not None else None
