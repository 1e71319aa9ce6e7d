"""The audit log and the retention purge."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Literal

from storage.clock import from_db, to_db
from storage.models import AuditEvent, AuditLine, Purge
from storage.sql.conn import AsyncConn, Conn, Database

INSERT_AUDIT = "INSERT INTO audit (at, actor_id, action, subject, detail) VALUES (?, ?, ?, ?, ?)"


def audit_sync(conn: Conn, events: Sequence[AuditEvent]) -> None:
    """Record audit events inside the caller's transaction (writer's thread)."""
    conn.executemany(
        INSERT_AUDIT,
        [(to_db(e.at), e.actor_id, e.action, e.subject, e.detail) for e in events],
    )


async def audit_async(
    conn: AsyncConn,
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
        clauses: list[str] = ["TRUE"]
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
        """Delete what identifies people in entries filed, and records made, before `cutoff`.

        The entries themselves stay (they are the movement's figures); photos, the names
        of residents who gave tips, and every other copy of such a name go: messages still
        stored in the outbox (a review summary, a «Nguồn tin» sent to an officer),
        unfinished forms, raw updates that were never handled. Kept files are listed for
        deletion only once no remaining entry refers to them (one photo sent twice is one
        file). The purge is recorded in the audit log in the same transaction.
        """

        def work(conn: Conn) -> Purge:
            before = to_db(cutoff)
            old = "SELECT id FROM entries WHERE created_at < ?"
            owned = (
                f"entry_id IN ({old}) OR followup_id IN (SELECT id FROM followups "
                f"WHERE entry_id IN ({old}))"
            )
            candidates = {
                str(r[0])
                for r in conn.execute(
                    f"SELECT local_path FROM media WHERE local_path IS NOT NULL AND ({owned})",
                    (before, before),
                )
            }
            # Telegram's photos are its file ids; the web workspace may hold a copy of one.
            telegram = {
                str(r[0])
                for r in conn.execute(
                    f"SELECT ref FROM media WHERE local_path IS NULL AND channel = 'telegram' "
                    f"AND ({owned})",
                    (before, before),
                )
            }
            media = conn.execute(f"DELETE FROM media WHERE {owned}", (before, before)).rowcount
            sources = conn.execute(
                f"DELETE FROM tip_sources WHERE entry_id IN ({old})", (before,)
            ).rowcount
            messages = conn.execute("DELETE FROM outbox WHERE created_at < ?", (before,)).rowcount
            drafts = conn.execute("DELETE FROM drafts WHERE updated_at < ?", (before,)).rowcount
            updates = conn.execute("DELETE FROM inbox WHERE received_at < ?", (before,)).rowcount
            files = sorted(candidates - _in_use(conn, "local_path", candidates))
            refs = sorted(telegram - _in_use(conn, "ref", telegram))
            if media or sources or messages or drafts or updates:
                audit_sync(
                    conn,
                    [
                        AuditEvent(
                            at=now,
                            actor_id=None,
                            action="purge",
                            subject=f"before:{before}",
                            detail=f"media={media} sources={sources} messages={messages} "
                            f"drafts={drafts} updates={updates}",
                        )
                    ],
                )
            return Purge(
                media=media,
                sources=sources,
                messages=messages,
                drafts=drafts,
                updates=updates,
                files=files,
                refs=refs,
            )

        return await self.db.run_write(work)

    async def media_in_use(self, paths: Collection[str]) -> set[str]:
        """Return which of these kept files (relative paths) an entry still refers to."""
        return await self.db.run_read(lambda conn: _in_use(conn, "local_path", paths))

    async def forget_deleted(self) -> None:
        """Make what was deleted unrecoverable from the database's files (after a purge)."""
        await self.db.checkpoint()


def _in_use(conn: Conn, column: Literal["local_path", "ref"], values: Collection[str]) -> set[str]:
    """Return which of these media paths or refs a remaining media row still has."""
    found: set[str] = set()
    ordered = list(values)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        found.update(
            str(r[0])
            for r in conn.execute(
                f"SELECT DISTINCT {column} FROM media WHERE {column} IN ({marks})", chunk
            )
        )
    return found
