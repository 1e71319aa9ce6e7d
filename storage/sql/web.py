"""The web workspace: one-time sign-in links, browser sessions, the inbox and the map."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from storage.clock import from_db, opt_from_db, to_db
from storage.domain import Channel, EntryKind, EntryStatus
from storage.messages import Outbound
from storage.models import (
    AuditEvent,
    InboxPage,
    InboxQuery,
    InboxRow,
    MapLayer,
    WebPurge,
    WebSession,
    WebToken,
)
from storage.sql.audit import audit_sync
from storage.sql.conn import Conn, Database, Dialect, Row
from storage.sql.police import OPEN_FILTER
from storage.sql.queue import enqueue_sync, inbox_done_sync

OPEN_KINDS = frozenset({EntryKind.TIP, EntryKind.INCIDENT})
OPEN_STATUSES = frozenset({EntryStatus.NEW, EntryStatus.TAKEN, EntryStatus.FORWARDED})
#: A page counts matches up to this many, then says "more than".
COUNT_CAP = 10_000
#: A word search reads at most this many of the newest matches from the index.
SEARCH_WINDOW = 1_000

INBOX_SELECT = """
SELECT e.id, e.code, e.kind, e.category, e.status, e.urgent, e.injuries, e.confidential,
       e.created_at, e.commune_id, c.name AS commune_name, COALESCE(v.name, '') AS village_name,
       substr(e.description, 1, 160) AS description,
       (SELECT count(*) FROM media m WHERE m.entry_id = e.id) AS photo_count
FROM entries e
JOIN communes c ON c.id = e.commune_id
LEFT JOIN villages v ON v.id = e.village_id
"""


def _session(row: Row) -> WebSession:
    return WebSession(
        id_hash=row["id_hash"],
        person_id=row["person_id"],
        csrf=row["csrf"],
        via=row["via"],
        user_agent=row["user_agent"],
        created_at=from_db(row["created_at"]),
        last_seen_at=from_db(row["last_seen_at"]),
        expires_at=from_db(row["expires_at"]),
        ended_at=opt_from_db(row["ended_at"]),
    )


def commune_token(commune_id: int) -> str:
    """Return the token an entry's search document carries for its commune (migration 6)."""
    return f"xa{commune_id}x"


def _match(dialect: Dialect, words: Sequence[str], commune_ids: Sequence[int] | None) -> str:
    """Return the full-text query of an inbox search in the backend's syntax ("" for none)."""
    return dialect.search_query(words, [commune_token(c) for c in commune_ids or ()])


def inbox_where(query: InboxQuery, dialect: Dialect) -> tuple[str, list[Any]]:
    """Return the WHERE clause (and parameters) of an inbox query, without the page bound."""
    clauses: list[str] = []
    params: list[Any] = []
    if query.commune_ids is not None:
        marks = ", ".join("?" * len(query.commune_ids)) or "NULL"
        clauses.append(f"e.commune_id IN ({marks})")
        params += query.commune_ids
    if query.team_id is not None:
        clauses.append("e.team_id = ?")
        params.append(query.team_id)
    if set(query.kinds) == OPEN_KINDS and set(query.statuses) == OPEN_STATUSES:
        # The default inbox: written as the partial index has it, so SQLite uses that index.
        clauses.append(OPEN_FILTER)
    else:
        if query.kinds:
            clauses.append(f"e.kind IN ({', '.join('?' * len(query.kinds))})")
            params += [k.value for k in query.kinds]
        if query.statuses:
            clauses.append(f"e.status IN ({', '.join('?' * len(query.statuses))})")
            params += [s.value for s in query.statuses]
    if query.village_id is not None:
        clauses.append("e.village_id = ?")
        params.append(query.village_id)
    if query.start is not None:
        clauses.append("e.created_at >= ?")
        params.append(to_db(query.start))
    if query.end is not None:
        clauses.append("e.created_at < ?")
        params.append(to_db(query.end))
    if query.urgent:
        clauses.append("e.urgent = 1")
    if query.code is not None:
        clauses.append("e.code = ?")
        params.append(query.code)
    match = _match(dialect, query.words, query.commune_ids)
    if match:
        clauses.append("e.id IN (SELECT rowid FROM entries_search WHERE entries_search MATCH ?)")
        params.append(match)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


class WebMixin:
    """Sign-in links and sessions of the web workspace, and its listing queries."""

    db: Database

    # --- sign-in links ---

    async def create_web_token(
        self,
        token_hash: str,
        token: WebToken,
        *,
        outbox: Sequence[Outbound],
        inbox_key: str | None,
    ) -> None:
        """Store a sign-in link (its hash) and queue the reply that carries it, atomically."""

        def work(conn: Conn) -> None:
            conn.execute(
                "INSERT INTO web_tokens (token_hash, person_id, channel, chat_id, created_at, "
                "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    token_hash,
                    token.person_id,
                    token.channel.value,
                    token.chat_id,
                    to_db(token.created_at),
                    to_db(token.expires_at),
                ),
            )
            enqueue_sync(conn, outbox, token.created_at)
            inbox_done_sync(conn, inbox_key, token.created_at)

        await self.db.run_write(work)

    async def web_token(self, token_hash: str) -> WebToken | None:
        """Return a sign-in link by the hash of its secret, used or not."""
        row = await self.db.fetchone("SELECT * FROM web_tokens WHERE token_hash = ?", (token_hash,))
        if row is None:
            return None
        return WebToken(
            person_id=row["person_id"],
            channel=Channel(row["channel"]),
            chat_id=row["chat_id"],
            created_at=from_db(row["created_at"]),
            expires_at=from_db(row["expires_at"]),
            used_at=opt_from_db(row["used_at"]),
        )

    async def redeem_web_token(
        self, token_hash: str, session: WebSession, *, outbox: Sequence[Outbound]
    ) -> bool:
        """Use a sign-in link once: open the session and queue the chat notice, atomically.

        Returns False, writing nothing, when the link is unknown, used or expired.
        """
        now = session.created_at

        def work(conn: Conn) -> bool:
            cursor = conn.execute(
                "UPDATE web_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL "
                "AND expires_at > ? AND person_id = ?",
                (to_db(now), token_hash, to_db(now), session.person_id),
            )
            if cursor.rowcount != 1:
                return False
            _insert_session(conn, session)
            conn.execute(
                "INSERT INTO audit (at, actor_id, action, subject, detail) "
                "VALUES (?, ?, 'web', 'session', 'sign-in by link')",
                (to_db(now), session.person_id),
            )
            enqueue_sync(conn, outbox, now)
            return True

        return await self.db.run_write(work)

    # --- sessions ---

    async def open_web_session(self, session: WebSession) -> None:
        """Open a session (Mini App sign-in, checked by the caller)."""

        def work(conn: Conn) -> None:
            _insert_session(conn, session)
            conn.execute(
                "INSERT INTO audit (at, actor_id, action, subject, detail) "
                "VALUES (?, ?, 'web', 'session', 'sign-in by mini app')",
                (to_db(session.created_at), session.person_id),
            )

        await self.db.run_write(work)

    async def web_session(self, id_hash: str) -> WebSession | None:
        """Return a session by the hash of its cookie, ended or not."""
        row = await self.db.fetchone("SELECT * FROM web_sessions WHERE id_hash = ?", (id_hash,))
        return _session(row) if row else None

    async def touch_web_session(self, id_hash: str, now: datetime) -> None:
        """Record that a session was used now (its idle timeout starts again)."""
        async with self.db.write() as conn:
            await conn.execute(
                "UPDATE web_sessions SET last_seen_at = ? WHERE id_hash = ? AND ended_at IS NULL",
                (to_db(now), id_hash),
            )

    async def end_web_sessions(
        self,
        person_id: int,
        now: datetime,
        *,
        id_hash: str | None = None,
        render: Callable[[int], Sequence[Outbound]] | None = None,
        inbox_key: str | None = None,
    ) -> int:
        """End one session (`id_hash`) or all of a person's; queue what `render` returns for
        the number ended; return that number."""

        def work(conn: Conn) -> int:
            sql = "UPDATE web_sessions SET ended_at = ? WHERE person_id = ? AND ended_at IS NULL"
            params: list[Any] = [to_db(now), person_id]
            if id_hash is not None:
                sql += " AND id_hash = ?"
                params.append(id_hash)
            ended = conn.execute(sql, params).rowcount
            if id_hash is None:
                # Links not yet opened stop working too: "sign me out everywhere".
                conn.execute(
                    "UPDATE web_tokens SET used_at = ? WHERE person_id = ? AND used_at IS NULL",
                    (to_db(now), person_id),
                )
            if render is not None:
                enqueue_sync(conn, render(int(ended)), now)
            inbox_done_sync(conn, inbox_key, now)
            return int(ended)

        return await self.db.run_write(work)

    async def purge_web_logins(self, now: datetime, idle_before: datetime) -> WebPurge:
        """Delete sign-in links expired by `now` and sessions ended, expired or idle since
        before `idle_before`, with an audit line saying how many (the sign-ins' own audit
        lines stay).

        A dead link or session only says who signed in from which browser, which the audit
        log already keeps; nothing else refers to these rows.
        """

        def work(conn: Conn) -> WebPurge:
            links = conn.execute(
                "DELETE FROM web_tokens WHERE expires_at <= ?", (to_db(now),)
            ).rowcount
            sessions = conn.execute(
                "DELETE FROM web_sessions WHERE ended_at IS NOT NULL OR expires_at <= ? "
                "OR last_seen_at < ?",
                (to_db(now), to_db(idle_before)),
            ).rowcount
            if links or sessions:
                audit_sync(
                    conn,
                    [
                        AuditEvent(
                            at=now,
                            actor_id=None,
                            action="purge",
                            subject="web",
                            detail=f"links={links} sessions={sessions}",
                        )
                    ],
                )
            return WebPurge(links=links, sessions=sessions)

        return await self.db.run_write(work)

    # --- listings ---

    async def inbox_entries(self, query: InboxQuery) -> InboxPage:
        """Return a page of entries, newest first, with how many match (up to COUNT_CAP).

        A word search starts from the index: the newest SEARCH_WINDOW matching entries
        (in filing order, the index's own), then the other filters. So a common word in a
        province of a million entries costs a bounded read, not a million.
        """
        where, params = inbox_where(query.model_copy(update={"words": []}), self.db.dialect)
        match = _match(self.db.dialect, query.words, query.commune_ids)

        def work(conn: Conn) -> InboxPage:
            clauses, values = where, list(params)
            order = "e.created_at DESC, e.id DESC"
            window_full = False
            if match:
                sql = "SELECT rowid FROM entries_search WHERE entries_search MATCH ?"
                args: list[Any] = [match]
                if query.before is not None:
                    sql += " AND rowid < ?"
                    args.append(query.before[1])
                sql += " ORDER BY rowid DESC LIMIT ?"
                found = [r[0] for r in conn.execute(sql, [*args, SEARCH_WINDOW])]
                clauses = (clauses + " AND " if clauses else " WHERE ") + (
                    "e.id IN (SELECT value FROM json_each(?))"
                )
                values.append(json.dumps(found))
                order = "e.id DESC"
                window_full = len(found) >= SEARCH_WINDOW
            total = conn.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM entries e{clauses} LIMIT ?) AS capped",
                [*values, COUNT_CAP + 1],
            ).fetchone()[0]
            capped = window_full or total > COUNT_CAP
            page_where, page_values = clauses, list(values)
            if query.before is not None and not match:
                moment, entry_id = query.before
                # The first term bounds the index range; the second breaks ties by id.
                bound = "e.created_at <= ? AND (e.created_at < ? OR e.id < ?)"
                page_where = (page_where + " AND " if page_where else " WHERE ") + bound
                page_values += [to_db(moment), to_db(moment), entry_id]
            rows = conn.execute(
                INBOX_SELECT + page_where + f" ORDER BY {order} LIMIT ?",
                [*page_values, query.limit + 1],
            ).fetchall()
            listed = [_inbox_row(r) for r in rows[: query.limit]]
            more = len(rows) > query.limit and listed
            return InboxPage(
                rows=listed,
                total=min(int(total), COUNT_CAP),
                capped=bool(capped),
                next_before=(listed[-1].created_at, listed[-1].id) if more else None,
            )

        return await self.db.run_read(work)

    async def team_deed_months(
        self, team_id: int, start: datetime, end: datetime, offset_minutes: int
    ) -> set[str]:
        """Return the local months ("YYYY-MM") in which a team logged a good deed."""
        rows = await self.db.fetchall(
            "SELECT DISTINCT strftime('%Y-%m', created_at, ?) FROM entries "
            "WHERE team_id = ? AND kind = 'deed' AND created_at >= ? AND created_at < ?",
            (f"{offset_minutes:+d} minutes", team_id, to_db(start), to_db(end)),
        )
        return {str(r[0]) for r in rows}

    async def map_points(
        self,
        commune_ids: Sequence[int],
        start: datetime,
        end: datetime,
        kinds: Sequence[EntryKind] = (),
        limit: int = 50_000,
    ) -> MapLayer:
        """Return a period's located entries, newest first (at most `limit`), for the map.

        The points come JSON-encoded by SQLite itself, [lat, lon, kind, code, status] each
        (kind as its index in EntryKind): a busy commune's year is tens of thousands of
        points, and making a Python object of each cost more than the query.
        """
        query = InboxQuery(commune_ids=list(commune_ids), kinds=list(kinds), start=start, end=end)
        where, params = inbox_where(query, self.db.dialect)
        where += " AND e.lat IS NOT NULL AND e.lon IS NOT NULL"
        kind = " ".join(f"WHEN '{k.value}' THEN {n}" for n, k in enumerate(EntryKind))

        def work(conn: Conn) -> MapLayer:
            encoded, shown = conn.execute(
                f"SELECT json_group_array(json_array(lat, lon, CASE kind {kind} END, code, "
                "status)), count(*) FROM (SELECT round(e.lat, 5) AS lat, round(e.lon, 5) AS lon, "
                f"e.kind, e.code, e.status FROM entries e{where} "
                "ORDER BY e.created_at DESC LIMIT ?) AS points",
                [*params, limit],
            ).fetchone()
            total = shown
            if shown >= limit:
                total = conn.execute(f"SELECT count(*) FROM entries e{where}", params).fetchone()[0]
            villages: list[tuple[int, float, float]] = []
            if len(commune_ids) == 1:
                villages = [
                    (int(r[0]), float(r[1]), float(r[2]))
                    for r in conn.execute(
                        "SELECT e.village_id, avg(e.lat), avg(e.lon) FROM entries e"
                        f"{where} AND e.village_id IS NOT NULL GROUP BY e.village_id",
                        params,
                    )
                ]
            return MapLayer(
                points_json=encoded or "[]", shown=int(shown), total=int(total), villages=villages
            )

        return await self.db.run_read(work)


def _insert_session(conn: Conn, session: WebSession) -> None:
    conn.execute(
        "INSERT INTO web_sessions (id_hash, person_id, csrf, via, user_agent, created_at, "
        "last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            session.id_hash,
            session.person_id,
            session.csrf,
            session.via,
            session.user_agent[:200],
            to_db(session.created_at),
            to_db(session.last_seen_at),
            to_db(session.expires_at),
        ),
    )


def _inbox_row(row: Row) -> InboxRow:
    return InboxRow(
        id=row["id"],
        code=row["code"],
        kind=EntryKind(row["kind"]),
        category=row["category"],
        status=EntryStatus(row["status"]),
        urgent=bool(row["urgent"]),
        injuries=None if row["injuries"] is None else bool(row["injuries"]),
        confidential=bool(row["confidential"]),
        created_at=from_db(row["created_at"]),
        commune_id=row["commune_id"],
        commune_name=row["commune_name"],
        village_name=row["village_name"],
        description=row["description"],
        photo_count=row["photo_count"],
    )
