"""Join requests: people who opened a police or admin invite, waiting for a decision."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import datetime

from storage.clock import to_db
from storage.domain import Channel
from storage.messages import Outbound
from storage.models import AuditEvent, DraftState, JoinDecision, JoinRequest, Withdrawn
from storage.sql.audit import audit_async
from storage.sql.conn import AsyncConn, Database, fetchone
from storage.sql.people import (
    JOIN_SELECT,
    invite_from_row,
    join_request_from_row,
    open_name_question,
    person_in,
    sync_officer_chats,
    upsert_person,
)
from storage.sql.queue import enqueue, mark_inbox_done


class JoinMixin:
    """Reading and deciding join requests; revoking the invites they came by."""

    db: Database

    async def join_request(self, request_id: int) -> JoinRequest | None:
        """Return a join request by id, decided or not."""
        row = await self.db.fetchone(JOIN_SELECT + " WHERE r.id = ?", (request_id,))
        return join_request_from_row(row) if row else None

    async def pending_join(self, channel: Channel, external_id: str) -> JoinRequest | None:
        """Return the request this account waits on, if any."""
        row = await self.db.fetchone(
            JOIN_SELECT + " WHERE r.channel = ? AND r.external_id = ? AND r.decided_at IS NULL",
            (channel.value, external_id),
        )
        return join_request_from_row(row) if row else None

    async def open_join_requests(self, commune_id: int | None = None) -> list[JoinRequest]:
        """Return the requests still waiting (of one commune's invites, or all), oldest first."""
        where = "r.decided_at IS NULL" + (" AND i.commune_id = ?" if commune_id else "")
        rows = await self.db.fetchall(
            JOIN_SELECT + f" WHERE {where} ORDER BY r.id",
            (commune_id,) if commune_id else (),
        )
        return [join_request_from_row(r) for r in rows]

    async def decide_join(
        self,
        request_id: int,
        *,
        approve: bool,
        by: int,
        now: datetime,
        inbox_key: str | None,
        render: Callable[[JoinDecision], Sequence[Outbound]],
        audit: Sequence[AuditEvent] = (),
        officer_channels: Collection[Channel] = (),
        name_draft: DraftState | None = None,
    ) -> JoinDecision | None:
        """Approve or refuse a waiting request, once: the first decision wins.

        Approving registers the account with the invite's role and place (as joining does
        without approval) in the same transaction as the decision, its audit and `render`'s
        messages. Returns None, writing nothing but the update's receipt, when the request
        was already decided (two approvers at once) or does not exist.
        """
        async with self.db.write() as conn:
            cursor = await conn.execute(
                "UPDATE join_requests SET decided_at = ?, decided_by = ?, decision = ? "
                "WHERE id = ? AND decided_at IS NULL",
                (to_db(now), by, "approved" if approve else "refused", request_id),
            )
            if cursor.rowcount == 0:
                if inbox_key:
                    await mark_inbox_done(conn, inbox_key, now)
                return None
            row = await fetchone(conn, JOIN_SELECT + " WHERE r.id = ?", (request_id,))
            assert row is not None
            request = join_request_from_row(row)
            person = None
            asked = False
            if approve:
                invite_row = await fetchone(
                    conn, "SELECT * FROM invites WHERE code = ?", (request.invite_code,)
                )
                assert invite_row is not None
                person_id = await upsert_person(
                    conn,
                    invite_from_row(invite_row),
                    request.channel,
                    request.external_id,
                    request.chat_id,
                    request.name,
                    request.language,
                    now,
                )
                await conn.execute(
                    "UPDATE join_requests SET person_id = ? WHERE id = ?", (person_id, request_id)
                )
                await sync_officer_chats(conn, person_id, officer_channels, now)
                asked = await open_name_question(conn, person_id, name_draft, now)
                person = await person_in(conn, person_id)
                request = request.model_copy(update={"person_id": person_id})
            decision = JoinDecision(request=request, person=person, asked_name=asked)
            await _close(conn, audit, render(decision), now, inbox_key)
        return decision

    async def withdraw_invite(
        self,
        code: str,
        *,
        by: int | None,
        now: datetime,
        render: Callable[[Withdrawn], Sequence[Outbound]],
        audit: Callable[[Withdrawn], Sequence[AuditEvent]],
        inbox_key: str | None = None,
    ) -> Withdrawn | None:
        """Revoke an invite and cancel the requests still waiting on it, in one transaction.

        The cancelled requests are decided ("cancelled", `by` the revoker), so an approval
        pressed later finds them decided; `render`'s messages (telling those who waited)
        and `audit`'s events are written with them. Returns None, writing nothing, when no
        invite by that code is still unrevoked.
        """
        async with self.db.write() as conn:
            cursor = await conn.execute(
                "UPDATE invites SET revoked_at = ? WHERE code = ? AND revoked_at IS NULL",
                (to_db(now), code),
            )
            if cursor.rowcount == 0:
                return None
            invite_row = await fetchone(conn, "SELECT * FROM invites WHERE code = ?", (code,))
            assert invite_row is not None
            waiting = await (
                await conn.execute(
                    "SELECT id FROM join_requests WHERE invite_code = ? AND decided_at IS NULL",
                    (code,),
                )
            ).fetchall()
            ids = [int(r[0]) for r in waiting]
            cancelled = []
            for request_id in ids:
                await conn.execute(
                    "UPDATE join_requests SET decided_at = ?, decided_by = ?, "
                    "decision = 'cancelled' WHERE id = ?",
                    (to_db(now), by, request_id),
                )
                row = await fetchone(conn, JOIN_SELECT + " WHERE r.id = ?", (request_id,))
                assert row is not None
                cancelled.append(join_request_from_row(row))
            withdrawn = Withdrawn(invite=invite_from_row(invite_row), cancelled=cancelled)
            await _close(conn, audit(withdrawn), render(withdrawn), now, inbox_key)
        return withdrawn


async def _close(
    conn: AsyncConn,
    audit: Sequence[AuditEvent],
    messages: Sequence[Outbound],
    now: datetime,
    inbox_key: str | None,
) -> None:
    """Finish a decision's transaction: its audit, its messages, the update's receipt."""
    for event in audit:
        await audit_async(conn, event.at, event.actor_id, event.action, event.subject, event.detail)
    await enqueue(conn, messages, now)
    if inbox_key:
        await mark_inbox_done(conn, inbox_key, now)
