"""The audit log and the retention purge."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from storage.clock import from_db, to_db
from storage.models import AuditEvent, AuditLine, Purge
from storage.sqlite.db import Database

INSERT_AUDIT = "INSERT INTO audit (at, actor_id, action, subject, detail) VALUES (?, ?, ?, ?, ?)"


def audit_sync(conn: sqlite3.Connection, events: Sequence[AuditEvent]) -> None:
    """Record audit events inside the caller's transaction (writer's thread)."""
    conn.executemany(
        INSERT_AUDIT,
        [(to_db(e.at), e.actor_id, e.action, e.subject, e.detail) for e in events],
    )


async def audit_async(
    conn: aiosqlite.Connection,
    at: datetime,
    actor_id: int | None,
    action: str,
    subject: str,
    detail: str = "",
) -> None:
    """Record one audit event inside the caller's aiosqlite transaction."""
    await conn.execute(INSERT_AUDIT, (to_db(at), actor_id, action, subject, detail))


class AuditMixin:
    """Writing and reading the audit log; purging old sensitive data."""

    db: Database

    async def audit(self, events: Sequence[AuditEvent]) -> None:
        """Append events to the audit log."""
        if events:
            await self.db.run_write(lambda conn: audit_sync(conn, events))

    async def audit_log(
        self,
        *,
        since: datetime | None = None,
        actor_id: int | None = None,
        action: str | None = None,
        limit: int = 500,
    ) -> list[AuditLine]:
        """Return audit events, newest first, optionally filtered."""
        clauses: list[str] = ["1"]
        params: list[object] = []
        if since is not None:
            clauses.append("a.at >= ?")
            params.append(to_db(since))
        if actor_id is not None:
            clauses.append("a.actor_id = ?")
            params.append(actor_id)
        if action is not None:
            clauses.append("a.action = ?")
            params.append(action)
        rows = await self.db.fetchall(
            "SELECT a.*, COALESCE(p.name, '') AS actor_name FROM audit a "
            f"LEFT JOIN persons p ON p.id = a.actor_id WHERE {' AND '.join(clauses)} "
            "ORDER BY a.at DESC, a.id DESC LIMIT ?",
            [*params, limit],
        )
        return [
            AuditLine(
                id=r["id"],
                event=AuditEvent(
                    at=from_db(r["at"]),
                    actor_id=r["actor_id"],
                    action=r["action"],
                    subject=r["subject"],
                    detail=r["detail"],
                ),
                actor_name=r["actor_name"],
            )
            for r in rows
        ]

    async def purge_before(self, cutoff: datetime, now: datetime) -> Purge:
        """Delete media and confidential sources of entries filed before `cutoff`.

        The entries themselves stay (they are the movement's figures); what identifies
        people — photos and the names of residents who gave tips — goes. The purge is
        recorded in the audit log in the same transaction.
        """

        def work(conn: sqlite3.Connection) -> Purge:
            old = "SELECT id FROM entries WHERE created_at < ?"
            files = [
                str(r[0])
                for r in conn.execute(
                    "SELECT local_path FROM media WHERE local_path IS NOT NULL AND ("
                    f"entry_id IN ({old}) OR followup_id IN (SELECT id FROM followups "
                    f"WHERE entry_id IN ({old})))",
                    (to_db(cutoff), to_db(cutoff)),
                )
            ]
            media = conn.execute(
                f"DELETE FROM media WHERE entry_id IN ({old}) OR followup_id IN "
                f"(SELECT id FROM followups WHERE entry_id IN ({old}))",
                (to_db(cutoff), to_db(cutoff)),
            ).rowcount
            sources = conn.execute(
                f"DELETE FROM tip_sources WHERE entry_id IN ({old})", (to_db(cutoff),)
            ).rowcount
            if media or sources:
                audit_sync(
                    conn,
                    [
                        AuditEvent(
                            at=now,
                            actor_id=None,
                            action="purge",
                            subject=f"before:{to_db(cutoff)}",
                            detail=f"media={media} sources={sources}",
                        )
                    ],
                )
            return Purge(media=media, sources=sources, files=files)

        return await self.db.run_write(work)
