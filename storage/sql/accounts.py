"""One person, several messenger accounts: link codes and officers' own police chats."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import datetime

from storage.clock import from_db, to_db
from storage.domain import Channel
from storage.errors import LinkRefused
from storage.messages import Outbound
from storage.models import Identity, Person
from storage.sql.conn import Database, fetchall, fetchone
from storage.sql.people import PERSON_COLUMNS, person_from_row, sync_officer_chats
from storage.sql.queue import enqueue, mark_inbox_done


class AccountsMixin:
    """Link codes and the accounts they attach."""

    db: Database

    async def create_link_code(
        self,
        code: str,
        *,
        person_id: int,
        channel: Channel,
        expires_at: datetime,
        now: datetime,
        outbox: Sequence[Outbound],
        inbox_key: str | None,
    ) -> None:
        """Store a person's new link code (their unused older ones stop working) and its reply."""
        async with self.db.write() as conn:
            await conn.execute(
                "DELETE FROM link_codes WHERE person_id = ? AND used_at IS NULL", (person_id,)
            )
            await conn.execute(
                "INSERT INTO link_codes (code, person_id, channel, created_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (code, person_id, channel.value, to_db(now), to_db(expires_at)),
            )
            await enqueue(conn, outbox, now)
            if inbox_key:
                await mark_inbox_done(conn, inbox_key, now)

    async def link_account(
        self,
        code: str,
        *,
        channel: Channel,
        external_id: str,
        chat_id: str,
        now: datetime,
        officer_channels: Collection[Channel],
        inbox_key: str | None,
        render: Callable[[Person, Sequence[Identity]], Sequence[Outbound]],
    ) -> Person:
        """Attach a messenger account to the person who asked for `code`, atomically.

        `render` gets the person and the accounts they had before, to welcome the new one
        and warn the others. Raises LinkRefused with reason not_found, expired, used,
        same_channel (the code must be typed on another messenger), already (this account
        is that person's) or taken (it belongs to another active person).
        """
        async with self.db.write() as conn:
            link = await fetchone(conn, "SELECT * FROM link_codes WHERE code = ?", (code,))
            if link is None:
                raise LinkRefused("not_found")
            target = await fetchone(
                conn,
                f"SELECT {PERSON_COLUMNS} FROM persons p WHERE p.id = ?",
                (link["person_id"],),
            )
            if target is None or target["removed_at"] is not None:
                raise LinkRefused("not_found")
            existing = await fetchone(
                conn,
                "SELECT i.person_id, p.removed_at FROM identities i "
                "JOIN persons p ON p.id = i.person_id WHERE i.channel = ? AND i.external_id = ?",
                (channel.value, external_id),
            )
            if existing is not None and existing["person_id"] == target["id"]:
                raise LinkRefused("already")
            if link["used_at"] is not None:
                raise LinkRefused("used")
            if from_db(link["expires_at"]) <= now:
                raise LinkRefused("expired")
            if link["channel"] == channel.value:
                raise LinkRefused("same_channel")
            if existing is not None and existing["removed_at"] is None:
                raise LinkRefused("taken")
            before = [
                Identity(
                    channel=Channel(r["channel"]),
                    external_id=r["external_id"],
                    person_id=r["person_id"],
                    chat_id=r["chat_id"],
                )
                for r in await fetchall(
                    conn,
                    "SELECT channel, external_id, person_id, chat_id FROM identities "
                    "WHERE person_id = ? AND unreachable_at IS NULL",
                    (target["id"],),
                )
            ]
            if existing is None:
                await conn.execute(
                    "INSERT INTO identities (channel, external_id, person_id, chat_id) "
                    "VALUES (?, ?, ?, ?)",
                    (channel.value, external_id, target["id"], chat_id),
                )
            else:
                # The account belonged to someone an admin removed: it moves, history stays.
                await conn.execute(
                    "UPDATE identities SET person_id = ?, chat_id = ?, unreachable_at = NULL "
                    "WHERE channel = ? AND external_id = ?",
                    (target["id"], chat_id, channel.value, external_id),
                )
            await conn.execute(
                "UPDATE link_codes SET used_at = ? WHERE code = ?", (to_db(now), code)
            )
            await sync_officer_chats(conn, target["id"], officer_channels, now)
            person = person_from_row(target)
            await enqueue(conn, render(person, before), now)
            if inbox_key:
                await mark_inbox_done(conn, inbox_key, now)
        return person
