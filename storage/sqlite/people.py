"""People, their messenger identities and invite codes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Sequence
from datetime import datetime

import aiosqlite

from bot.domain import Channel, Role
from bot.messages import Outbound
from storage.clock import from_db, opt_from_db, to_db
from storage.errors import InviteRefused, NotFound
from storage.models import Identity, Invite, Person, PersonListing
from storage.sqlite.db import Database, fetchall, fetchone
from storage.sqlite.queue import enqueue, mark_inbox_done

PERSON_COLUMNS = (
    "p.id, p.name, p.role, p.team_id, p.commune_id, p.language, p.created_at, p.removed_at"
)


def _person(row: sqlite3.Row) -> Person:
    return Person(
        id=row["id"],
        name=row["name"],
        role=Role(row["role"]),
        team_id=row["team_id"],
        commune_id=row["commune_id"],
        language=row["language"],
        created_at=from_db(row["created_at"]),
        removed_at=opt_from_db(row["removed_at"]),
    )


#: For the other mixins that read persons.
person_from_row = _person


def _invite(row: sqlite3.Row) -> Invite:
    return Invite(
        code=row["code"],
        role=Role(row["role"]),
        commune_id=row["commune_id"],
        team_id=row["team_id"],
        created_by=row["created_by"],
        created_at=from_db(row["created_at"]),
        expires_at=from_db(row["expires_at"]),
        max_uses=row["max_uses"],
        uses=row["uses"],
        revoked_at=opt_from_db(row["revoked_at"]),
    )


class PeopleMixin:
    """Reads and writes of people, identities and invites."""

    db: Database

    async def person_by_identity(self, channel: Channel, external_id: str) -> Person | None:
        """Return the person behind a messenger account, removed or not."""
        row = await self.db.fetchone(
            f"SELECT {PERSON_COLUMNS} FROM identities i JOIN persons p ON p.id = i.person_id "
            "WHERE i.channel = ? AND i.external_id = ?",
            (channel.value, external_id),
        )
        return _person(row) if row else None

    async def get_person(self, person_id: int) -> Person:
        """Return a person by id."""
        row = await self.db.fetchone(
            f"SELECT {PERSON_COLUMNS} FROM persons p WHERE p.id = ?", (person_id,)
        )
        if row is None:
            raise NotFound(f"person {person_id}")
        return _person(row)

    async def identities(self, person_id: int) -> list[Identity]:
        """Return the messenger accounts of a person."""
        rows = await self.db.fetchall(
            "SELECT channel, external_id, person_id, chat_id, unreachable_at FROM identities "
            "WHERE person_id = ?",
            (person_id,),
        )
        return [
            Identity(
                channel=Channel(r["channel"]),
                external_id=r["external_id"],
                person_id=r["person_id"],
                chat_id=r["chat_id"],
                unreachable_at=opt_from_db(r["unreachable_at"]),
            )
            for r in rows
        ]

    async def ensure_admin(
        self,
        channel: Channel,
        external_id: str,
        chat_id: str,
        name: str,
        language: str,
        now: datetime,
    ) -> Person:
        """Register a configured admin on first contact, or restore their admin role."""
        async with self.db.write() as conn:
            row = await fetchone(
                conn,
                "SELECT person_id FROM identities WHERE channel = ? AND external_id = ?",
                (channel.value, external_id),
            )
            if row is None:
                cursor = await conn.execute(
                    "INSERT INTO persons (name, role, language, created_at) "
                    "VALUES (?, 'admin', ?, ?)",
                    (name, language, to_db(now)),
                )
                person_id = int(cursor.lastrowid or 0)
                await conn.execute(
                    "INSERT INTO identities (channel, external_id, person_id, chat_id) "
                    "VALUES (?, ?, ?, ?)",
                    (channel.value, external_id, person_id, chat_id),
                )
            else:
                person_id = int(row[0])
                await conn.execute(
                    "UPDATE persons SET role = 'admin', removed_at = NULL WHERE id = ?",
                    (person_id,),
                )
        return await self.get_person(person_id)

    async def create_invite(self, invite: Invite) -> Invite:
        """Store a new invite code."""
        async with self.db.write() as conn:
            await conn.execute(
                "INSERT INTO invites (code, role, commune_id, team_id, created_by, created_at, "
                "expires_at, max_uses) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    invite.code,
                    invite.role.value,
                    invite.commune_id,
                    invite.team_id,
                    invite.created_by,
                    to_db(invite.created_at),
                    to_db(invite.expires_at),
                    invite.max_uses,
                ),
            )
        return invite

    async def get_invite(self, code: str) -> Invite | None:
        """Return an invite by code."""
        row = await self.db.fetchone("SELECT * FROM invites WHERE code = ?", (code,))
        return _invite(row) if row else None

    async def list_invites(self, now: datetime) -> list[Invite]:
        """Return the invites still usable now, newest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM invites WHERE revoked_at IS NULL AND expires_at > ? "
            "AND uses < max_uses ORDER BY created_at DESC",
            (to_db(now),),
        )
        return [_invite(r) for r in rows]

    async def revoke_invite(self, code: str, now: datetime) -> bool:
        """Revoke an invite; return whether one was revoked."""
        async with self.db.write() as conn:
            cursor = await conn.execute(
                "UPDATE invites SET revoked_at = ? WHERE code = ? AND revoked_at IS NULL",
                (to_db(now), code),
            )
            return cursor.rowcount > 0

    async def redeem_invite(
        self,
        code: str,
        *,
        channel: Channel,
        external_id: str,
        chat_id: str,
        name: str,
        language: str,
        now: datetime,
        inbox_key: str | None,
        render: Callable[[Person], Sequence[Outbound]],
        officer_channels: Collection[Channel] = (),
    ) -> Person:
        """Use an invite: register the account (or move it) and queue the welcome, atomically.

        On `officer_channels` (messengers without group chats) a police officer's own chat
        becomes a police chat of their commune; any other role loses such chats.
        Raises InviteRefused with reason not_found, revoked, expired or used_up.
        """
        async with self.db.write() as conn:
            row = await fetchone(conn, "SELECT * FROM invites WHERE code = ?", (code,))
            if row is None:
                raise InviteRefused("not_found")
            invite = _invite(row)
            if invite.revoked_at is not None:
                raise InviteRefused("revoked")
            if invite.expires_at <= now:
                raise InviteRefused("expired")
            if invite.uses >= invite.max_uses:
                raise InviteRefused("used_up")
            person_id = await _upsert_person(
                conn, invite, channel, external_id, chat_id, name, language, now
            )
            await conn.execute("UPDATE invites SET uses = uses + 1 WHERE code = ?", (code,))
            await sync_officer_chats(conn, person_id, officer_channels, now)
            person = _person(
                await _must(
                    conn, f"SELECT {PERSON_COLUMNS} FROM persons p WHERE p.id = ?", (person_id,)
                )
            )
            await enqueue(conn, render(person), now)
            if inbox_key:
                await mark_inbox_done(conn, inbox_key, now)
        return person

    async def list_people(
        self, *, commune_id: int | None = None, team_id: int | None = None
    ) -> list[PersonListing]:
        """Return active people with their team, village and commune names."""
        clauses = ["p.removed_at IS NULL"]
        params: list[object] = []
        if commune_id is not None:
            clauses.append("(p.commune_id = ? OR v.commune_id = ?)")
            params += [commune_id, commune_id]
        if team_id is not None:
            clauses.append("p.team_id = ?")
            params.append(team_id)
        rows = await self.db.fetchall(
            f"SELECT {PERSON_COLUMNS}, t.name AS team_name, v.name AS village_name, "
            "COALESCE(c.name, c2.name, '') AS commune_name, "
            "(SELECT group_concat(channel) FROM identities i WHERE i.person_id = p.id) AS chans "
            "FROM persons p LEFT JOIN teams t ON t.id = p.team_id "
            "LEFT JOIN villages v ON v.id = t.village_id "
            "LEFT JOIN communes c ON c.id = v.commune_id "
            "LEFT JOIN communes c2 ON c2.id = p.commune_id "
            f"WHERE {' AND '.join(clauses)} ORDER BY commune_name, village_name, p.role, p.name",
            params,
        )
        return [
            PersonListing(
                person=_person(r),
                team_name=r["team_name"] or "",
                village_name=r["village_name"] or "",
                commune_name=r["commune_name"] or "",
                channels=(r["chans"] or "").split(",") if r["chans"] else [],
            )
            for r in rows
        ]

    async def remove_person(self, person_id: int, now: datetime) -> Person:
        """Take a person out: they keep their history but lose access at once."""
        async with self.db.write() as conn:
            cursor = await conn.execute(
                "UPDATE persons SET removed_at = ? WHERE id = ? AND removed_at IS NULL",
                (to_db(now), person_id),
            )
            if cursor.rowcount == 0:
                raise NotFound(f"person {person_id}")
            # A removed person's half-filled form must not be submitted later.
            await conn.execute("DELETE FROM drafts WHERE person_id = ?", (person_id,))
            # Nor may their own police chats keep receiving alerts.
            await conn.execute("DELETE FROM police_chats WHERE person_id = ?", (person_id,))
        return await self.get_person(person_id)

    async def set_language(self, person_id: int, language: str) -> None:
        """Set the language a person reads the bot in."""
        async with self.db.write() as conn:
            await conn.execute(
                "UPDATE persons SET language = ? WHERE id = ?", (language, person_id)
            )


async def _must(conn: aiosqlite.Connection, sql: str, params: Sequence[object]) -> sqlite3.Row:
    row = await fetchone(conn, sql, params)
    if row is None:
        raise NotFound(sql)
    return row


async def _upsert_person(
    conn: aiosqlite.Connection,
    invite: Invite,
    channel: Channel,
    external_id: str,
    chat_id: str,
    name: str,
    language: str,
    now: datetime,
) -> int:
    existing = await fetchone(
        conn,
        "SELECT person_id FROM identities WHERE channel = ? AND external_id = ?",
        (channel.value, external_id),
    )
    if existing is not None:
        person_id = int(existing[0])
        # Re-joining with a new code moves the person (e.g. a member made leader).
        await conn.execute(
            "UPDATE persons SET role = ?, team_id = ?, commune_id = ?, removed_at = NULL "
            "WHERE id = ?",
            (invite.role.value, invite.team_id, invite.commune_id, person_id),
        )
        await conn.execute(
            "UPDATE identities SET chat_id = ?, unreachable_at = NULL "
            "WHERE channel = ? AND external_id = ?",
            (chat_id, channel.value, external_id),
        )
        return person_id
    cursor = await conn.execute(
        "INSERT INTO persons (name, role, team_id, commune_id, language, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (name, invite.role.value, invite.team_id, invite.commune_id, language, to_db(now)),
    )
    person_id = int(cursor.lastrowid or 0)
    await conn.execute(
        "INSERT INTO identities (channel, external_id, person_id, chat_id) VALUES (?, ?, ?, ?)",
        (channel.value, external_id, person_id, chat_id),
    )
    return person_id


async def sync_officer_chats(
    conn: aiosqlite.Connection, person_id: int, channels: Collection[Channel], now: datetime
) -> None:
    """Make a person's private chats on `channels` police chats of their commune, or none.

    Called whenever a person's role, commune or accounts change, inside that transaction, so
    an officer moved or removed stops getting alerts at the same instant.
    """
    await conn.execute("DELETE FROM police_chats WHERE person_id = ?", (person_id,))
    person = await fetchone(
        conn,
        "SELECT name, role, commune_id, removed_at FROM persons WHERE id = ?",
        (person_id,),
    )
    if (
        person is None
        or person["removed_at"] is not None
        or person["role"] != "police"
        or person["commune_id"] is None
        or not channels
    ):
        return
    wanted = [c.value for c in channels]
    rows = await fetchall(
        conn,
        f"SELECT channel, chat_id FROM identities WHERE person_id = ? "
        f"AND channel IN ({', '.join('?' for _ in wanted)})",
        (person_id, *wanted),
    )
    for row in rows:
        await conn.execute(
            "INSERT INTO police_chats (channel, chat_id, commune_id, title, linked_by, "
            "linked_at, person_id) VALUES (?, ?, ?, ?, NULL, ?, ?) "
            "ON CONFLICT (channel, chat_id) DO UPDATE SET commune_id = excluded.commune_id, "
            "title = excluded.title, linked_at = excluded.linked_at, "
            "person_id = excluded.person_id",
            (
                row["channel"],
                row["chat_id"],
                person["commune_id"],
                person["name"],
                to_db(now),
                person_id,
            ),
        )
