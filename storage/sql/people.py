"""People, their messenger identities and invite codes."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import datetime

from storage.clock import from_db, opt_from_db, to_db
from storage.domain import Channel, Role
from storage.errors import InviteRefused, NotFound
from storage.messages import Outbound
from storage.models import (
    AuditEvent,
    DraftState,
    Identity,
    Invite,
    JoinRequest,
    Person,
    PersonListing,
    Redeemed,
)
from storage.sql.audit import audit_async
from storage.sql.conn import AsyncConn, Database, Row, fetchall, fetchone
from storage.sql.entries import INSERT_DRAFT, draft_values
from storage.sql.queue import enqueue, mark_inbox_done

PERSON_COLUMNS = (
    "p.id, p.name, p.role, p.team_id, p.commune_id, p.language, p.created_at, p.removed_at, "
    "p.profile_name, p.name_asked_at, p.name_confirmed_at"
)


def _person(row: Row) -> Person:
    return Person(
        id=row["id"],
        name=row["name"],
        role=Role(row["role"]),
        team_id=row["team_id"],
        commune_id=row["commune_id"],
        language=row["language"],
        created_at=from_db(row["created_at"]),
        removed_at=opt_from_db(row["removed_at"]),
        profile_name=row["profile_name"] or "",
        name_asked_at=opt_from_db(row["name_asked_at"]),
        name_confirmed_at=opt_from_db(row["name_confirmed_at"]),
    )


#: For the other mixins that read persons.
person_from_row = _person


def invite_from_row(row: Row) -> Invite:
    """Build an Invite from a row of the invites table."""
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
        approval=row["approval"],
    )


_invite = invite_from_row

#: A join request with what its invite grants and who decided it.
JOIN_SELECT = """
SELECT r.*, i.role, i.commune_id, i.team_id, i.approval, i.created_by,
       COALESCE(c.name, '') AS commune_name, COALESCE(d.name, '') AS decided_by_name
FROM join_requests r JOIN invites i ON i.code = r.invite_code
LEFT JOIN communes c ON c.id = i.commune_id
LEFT JOIN persons d ON d.id = r.decided_by
"""


def join_request_from_row(row: Row) -> JoinRequest:
    """Build a JoinRequest from a row of JOIN_SELECT."""
    return JoinRequest(
        id=row["id"],
        invite_code=row["invite_code"],
        role=Role(row["role"]),
        commune_id=row["commune_id"],
        commune_name=row["commune_name"],
        team_id=row["team_id"],
        approval=row["approval"],
        created_by=row["created_by"],
        channel=Channel(row["channel"]),
        external_id=row["external_id"],
        chat_id=row["chat_id"],
        name=row["name"],
        username=row["username"],
        language=row["language"],
        person_id=row["person_id"],
        requested_at=from_db(row["requested_at"]),
        decided_at=opt_from_db(row["decided_at"]),
        decided_by=row["decided_by"],
        decided_by_name=row["decided_by_name"],
        decision=row["decision"],
    )


async def file_join_request(
    conn: AsyncConn,
    invite: Invite,
    channel: Channel,
    external_id: str,
    chat_id: str,
    name: str,
    username: str,
    language: str,
    now: datetime,
) -> JoinRequest:
    """File a request to join by an invite that needs approval; InviteRefused("pending") if
    this account already waits for one."""
    waiting = await fetchone(
        conn,
        "SELECT 1 FROM join_requests WHERE channel = ? AND external_id = ? AND decided_at IS NULL",
        (channel.value, external_id),
    )
    if waiting is not None:
        raise InviteRefused("pending")
    known = await fetchone(
        conn,
        "SELECT person_id FROM identities WHERE channel = ? AND external_id = ?",
        (channel.value, external_id),
    )
    cursor = await conn.execute(
        "INSERT INTO join_requests (invite_code, channel, external_id, chat_id, name, "
        "username, language, person_id, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            invite.code,
            channel.value,
            external_id,
            chat_id,
            name,
            username,
            language,
            known["person_id"] if known else None,
            to_db(now),
        ),
    )
    row = await fetchone(conn, JOIN_SELECT + " WHERE r.id = ?", (cursor.lastrowid,))
    assert row is not None
    return join_request_from_row(row)


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
                    "INSERT INTO persons (name, profile_name, role, language, created_at) "
                    "VALUES (?, ?, 'admin', ?, ?)",
                    (name, name, language, to_db(now)),
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
                "expires_at, max_uses, approval) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    invite.code,
                    invite.role.value,
                    invite.commune_id,
                    invite.team_id,
                    invite.created_by,
                    to_db(invite.created_at),
                    to_db(invite.expires_at),
                    invite.max_uses,
                    invite.approval,
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
        render: Callable[[Redeemed], Sequence[Outbound]],
        officer_channels: Collection[Channel] = (),
        username: str = "",
        name_draft: DraftState | None = None,
    ) -> Redeemed:
        """Use an invite: register the account (or move it), or file a request, atomically.

        An invite that needs approval registers nobody: it files a join request (and the
        use counts, so a forwarded single-use link is spent). Otherwise the account joins;
        on `officer_channels` (messengers without group chats) a police officer's own chat
        becomes a police chat of their commune, and any other role loses such chats; and
        someone never asked for their full name gets `name_draft` as their conversation.
        Raises InviteRefused with reason not_found, revoked, expired, used_up or pending
        (this account already waits for approval; nothing is used up).
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
            if invite.approval != "none":
                request = await file_join_request(
                    conn, invite, channel, external_id, chat_id, name, username, language, now
                )
                person = None
                asked = False
            else:
                request = None
                person_id = await upsert_person(
                    conn, invite, channel, external_id, chat_id, name, language, now
                )
                await sync_officer_chats(conn, person_id, officer_channels, now)
                asked = await open_name_question(conn, person_id, name_draft, now)
                person = await person_in(conn, person_id)
            await conn.execute("UPDATE invites SET uses = uses + 1 WHERE code = ?", (code,))
            used = invite.model_copy(update={"uses": invite.uses + 1})
            # Who used which code stays on the record (a forwarded link is traced here).
            account = f"{channel.value}:{external_id}"
            await audit_async(
                conn,
                now,
                person.id if person else None,
                "org",
                f"invite:{code}",
                f"join N{person.id} {account} as {invite.role.value}"
                if person
                else f"request Y{request.id if request else 0} {account} as {invite.role.value}",
            )
            await enqueue(
                conn,
                render(Redeemed(invite=used, person=person, request=request, asked_name=asked)),
                now,
            )
            if inbox_key:
                await mark_inbox_done(conn, inbox_key, now)
        return Redeemed(invite=used, person=person, request=request, asked_name=asked)

    async def ask_name(
        self,
        person_id: int,
        state: DraftState,
        *,
        now: datetime,
        inbox_key: str | None,
        render: Callable[[bool], Sequence[Outbound]],
    ) -> bool:
        """Open the full-name question once (never asked, nothing else open), with replies.

        `render(asked)` gives the replies either way; returns whether it was opened.
        """
        async with self.db.write() as conn:
            asked = await open_name_question(conn, person_id, state, now)
            await enqueue(conn, render(asked), now)
            if inbox_key:
                await mark_inbox_done(conn, inbox_key, now)
        return asked

    async def set_person_name(
        self,
        person_id: int,
        name: str,
        *,
        now: datetime,
        inbox_key: str | None,
        outbox: Sequence[Outbound],
        audit: Sequence[AuditEvent] = (),
        draft_id: int | None = None,
    ) -> Person:
        """Record a person's full name (theirs or an admin's correction), atomically with
        the replies, the audit and the end of the conversation that asked for it."""
        async with self.db.write() as conn:
            cursor = await conn.execute(
                "UPDATE persons SET name = ?, name_confirmed_at = ?, "
                "name_asked_at = COALESCE(name_asked_at, ?) WHERE id = ?",
                (name, to_db(now), to_db(now), person_id),
            )
            if cursor.rowcount == 0:
                raise NotFound(f"person {person_id}")
            # An officer's own chat is titled with their name in /tochuc's police chats.
            await conn.execute(
                "UPDATE police_chats SET title = ? WHERE person_id = ?", (name, person_id)
            )
            if draft_id is not None:
                await conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
            for event in audit:
                await audit_async(
                    conn, event.at, event.actor_id, event.action, event.subject, event.detail
                )
            await enqueue(conn, outbox, now)
            if inbox_key:
                await mark_inbox_done(conn, inbox_key, now)
            return await person_in(conn, person_id)

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


async def person_in(conn: AsyncConn, person_id: int) -> Person:
    """Return a person as the caller's transaction sees them."""
    row = await fetchone(
        conn, f"SELECT {PERSON_COLUMNS} FROM persons p WHERE p.id = ?", (person_id,)
    )
    if row is None:
        raise NotFound(f"person {person_id}")
    return _person(row)


async def open_name_question(
    conn: AsyncConn, person_id: int, state: DraftState | None, now: datetime
) -> bool:
    """Make the full-name question the person's conversation, if never asked and none is open.

    Returns whether it was opened; asked once, it is never opened again this way.
    """
    if state is None:
        return False
    row = await fetchone(
        conn,
        "SELECT name_asked_at, EXISTS (SELECT 1 FROM drafts d WHERE d.person_id = p.id) AS busy "
        "FROM persons p WHERE p.id = ?",
        (person_id,),
    )
    if row is None or row["name_asked_at"] is not None or row["busy"]:
        return False
    await conn.execute(INSERT_DRAFT, draft_values(person_id, state, now))
    await conn.execute("UPDATE persons SET name_asked_at = ? WHERE id = ?", (to_db(now), person_id))
    return True


async def upsert_person(
    conn: AsyncConn,
    invite: Invite,
    channel: Channel,
    external_id: str,
    chat_id: str,
    name: str,
    language: str,
    now: datetime,
) -> int:
    """Register an account with an invite's role and place, or move the person behind it."""
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
        "INSERT INTO persons (name, profile_name, role, team_id, commune_id, language, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (name, name, invite.role.value, invite.team_id, invite.commune_id, language, to_db(now)),
    )
    person_id = int(cursor.lastrowid or 0)
    await conn.execute(
        "INSERT INTO identities (channel, external_id, person_id, chat_id) VALUES (?, ?, ?, ?)",
        (channel.value, external_id, person_id, chat_id),
    )
    return person_id


async def sync_officer_chats(
    conn: AsyncConn, person_id: int, channels: Collection[Channel], now: datetime
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
