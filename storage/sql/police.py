"""Police work on entries: status changes with their history, alert lookups, digest data."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from storage.clock import from_db, opt_from_db, to_db
from storage.domain import Channel, EntryKind, EntryStatus, TipSource
from storage.errors import NotFound
from storage.messages import Outbound
from storage.models import (
    DayCount,
    DigestItem,
    DigestSchedule,
    Entry,
    EntryEvent,
    RoutineMode,
    SentRef,
    SourceView,
    StatusChange,
    Team,
    TeamActivity,
    UntakenEntry,
    Village,
)
from storage.sql.audit import audit_async
from storage.sql.conn import Database, Row, fetchone
from storage.sql.entries import DOERS_SQL, ENTRY_SELECT, entry_from_row
from storage.sql.queue import enqueue, mark_inbox_done

EVENT_SELECT = """
SELECT ev.*, p.name AS person_name, c.name AS to_commune_name
FROM entry_events ev
LEFT JOIN persons p ON p.id = ev.person_id
LEFT JOIN communes c ON c.id = ev.to_commune_id
"""

# Written out as the partial index entries_untaken has it, so SQLite can use that index.
UNTAKEN_FILTER = "e.status IN ('new', 'forwarded') AND e.kind IN ('tip', 'incident')"

# Written out as the partial index entries_open has it, so SQLite can use that index.
OPEN_FILTER = "e.kind IN ('tip', 'incident') AND e.status IN ('new', 'taken', 'forwarded')"

DIGEST_SELECT = f"""
SELECT e.id, e.code, e.kind, e.category, e.urgent, e.injuries, e.status, e.created_at,
       e.description, {DOERS_SQL} AS doers, COALESCE(v.name, '') AS village_name
FROM entries e LEFT JOIN villages v ON v.id = e.village_id
"""


def _event(row: Row) -> EntryEvent:
    return EntryEvent(
        id=row["id"],
        entry_id=row["entry_id"],
        action=row["action"],
        status=EntryStatus(row["status"]),
        person_id=row["person_id"],
        person_name=row["person_name"] or "",
        from_commune_id=row["from_commune_id"],
        to_commune_id=row["to_commune_id"],
        to_commune_name=row["to_commune_name"] or "",
        note=row["note"],
        note_shared=bool(row["note_shared"]),
        created_at=from_db(row["created_at"]),
    )


def _digest_item(row: Row) -> DigestItem:
    return DigestItem(
        id=row["id"],
        code=row["code"],
        kind=EntryKind(row["kind"]),
        category=row["category"],
        village_name=row["village_name"],
        urgent=bool(row["urgent"]),
        injuries=None if row["injuries"] is None else bool(row["injuries"]),
        status=EntryStatus(row["status"]),
        created_at=from_db(row["created_at"]),
        description=row["description"],
        doers=row["doers"],
    )


def key_range(prefix: str) -> tuple[str, str]:
    """Return bounds that select every key starting with `prefix` through an index."""
    # ':' is followed by ';' in ASCII: [prefix, prefix-with-last-char+1) is the prefix range.
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


class PoliceMixin:
    """Status history, alert lookups, digest schedules and digest queries."""

    db: Database

    async def get_entry_by_id(self, entry_id: int) -> Entry | None:
        """Return an entry by its id."""
        row = await self.db.fetchone(ENTRY_SELECT + " WHERE e.id = ?", (entry_id,))
        return entry_from_row(row) if row else None

    async def get_village(self, village_id: int) -> Village:
        """Return a village by id."""
        row = await self.db.fetchone(
            "SELECT id, commune_id, name, kind FROM villages WHERE id = ?", (village_id,)
        )
        if row is None:
            raise NotFound(f"village {village_id}")
        return Village(
            id=row["id"], commune_id=row["commune_id"], name=row["name"], kind=row["kind"]
        )

    async def change_entry_status(
        self,
        change: StatusChange,
        *,
        inbox_key: str | None,
        render: Callable[[Entry, EntryEvent], Sequence[Outbound]],
    ) -> tuple[Entry, EntryEvent] | None:
        """Apply a status change if the entry is still as expected; queue what `render` returns.

        Returns None, writing nothing, when the entry has moved on (another officer was
        quicker, or it was forwarded elsewhere): the caller explains and closes the update.
        """
        now = change.created_at
        async with self.db.write() as conn:
            statuses = sorted(s.value for s in change.expect_status)
            marks = ", ".join("?" * len(statuses))
            cursor = await conn.execute(
                f"UPDATE entries SET status = ?, commune_id = ?, updated_at = ? "
                f"WHERE id = ? AND commune_id = ? AND status IN ({marks})",
                (
                    change.status.value,
                    change.commune_id,
                    to_db(now),
                    change.entry_id,
                    change.expect_commune_id,
                    *statuses,
                ),
            )
            if cursor.rowcount == 0:
                return None
            moved = change.commune_id != change.expect_commune_id
            cursor = await conn.execute(
                "INSERT INTO entry_events (entry_id, action, status, person_id, from_commune_id, "
                "to_commune_id, note, note_shared, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    change.entry_id,
                    change.action,
                    change.status.value,
                    change.person_id,
                    change.expect_commune_id if moved else None,
                    change.commune_id if moved else None,
                    change.note,
                    int(change.note_shared),
                    to_db(now),
                ),
            )
            event_row = await fetchone(
                conn, EVENT_SELECT + " WHERE ev.id = ?", (int(cursor.lastrowid or 0),)
            )
            entry_row = await fetchone(conn, ENTRY_SELECT + " WHERE e.id = ?", (change.entry_id,))
            assert event_row is not None and entry_row is not None
            entry, event = entry_from_row(entry_row), _event(event_row)
            where = f" X{change.expect_commune_id}→X{change.commune_id}" if moved else ""
            await audit_async(
                conn,
                now,
                change.person_id,
                "status",
                f"entry:{entry.code}",
                f"{change.action} → {change.status.value}{where}",
            )
            await enqueue(conn, render(entry, event), now)
            if inbox_key:
                await mark_inbox_done(conn, inbox_key, now)
        return entry, event

    async def log_source_view(
        self,
        entry_id: int,
        person_id: int,
        *,
        outbox: Sequence[Outbound],
        inbox_key: str | None,
        now: datetime,
    ) -> None:
        """Record who was sent a tip's confidential source, with the message that sends it."""
        async with self.db.write() as conn:
            row = await fetchone(conn, "SELECT status, code FROM entries WHERE id = ?", (entry_id,))
            if row is None:
                raise NotFound(f"entry {entry_id}")
            await audit_async(
                conn, now, person_id, "view", f"entry:{row['code']}", "confidential source"
            )
            await conn.execute(
                "INSERT INTO entry_events (entry_id, action, status, person_id, created_at) "
                "VALUES (?, 'source', ?, ?, ?)",
                (entry_id, row["status"], person_id, to_db(now)),
            )
            await enqueue(conn, outbox, now)
            if inbox_key:
                await mark_inbox_done(conn, inbox_key, now)

    async def source_views(self, start: datetime, end: datetime) -> list[SourceView]:
        """Return every confidential source sent to an officer in [start, end), oldest first."""
        rows = await self.db.fetchall(
            "SELECT ev.created_at, e.code, ev.person_id, COALESCE(p.name, '') AS person_name, "
            "c.name AS commune_name FROM entry_events ev JOIN entries e ON e.id = ev.entry_id "
            "JOIN communes c ON c.id = e.commune_id LEFT JOIN persons p ON p.id = ev.person_id "
            "WHERE ev.action = 'source' AND ev.created_at >= ? AND ev.created_at < ? "
            "ORDER BY ev.created_at, ev.id",
            (to_db(start), to_db(end)),
        )
        return [
            SourceView(
                at=from_db(r["created_at"]),
                code=r["code"],
                person_id=r["person_id"],
                person_name=r["person_name"],
                commune_name=r["commune_name"],
            )
            for r in rows
        ]

    async def entry_events(self, entry_id: int) -> list[EntryEvent]:
        """Return an entry's history, oldest first."""
        rows = await self.db.fetchall(
            EVENT_SELECT + " WHERE ev.entry_id = ? ORDER BY ev.id", (entry_id,)
        )
        return [_event(r) for r in rows]

    async def sent_with_key_prefix(self, prefix: str) -> list[SentRef]:
        """Return delivered messages whose key starts with `prefix` (an entry's alerts)."""
        low, high = key_range(prefix)
        rows = await self.db.fetchall(
            "SELECT channel, chat_id, message_id, dedupe_key FROM outbox "
            "WHERE dedupe_key >= ? AND dedupe_key < ? AND sent_at IS NOT NULL "
            "AND message_id IS NOT NULL ORDER BY id",
            (low, high),
        )
        return [
            SentRef(
                channel=Channel(r["channel"]),
                chat_id=r["chat_id"],
                message_id=r["message_id"],
                key=r["dedupe_key"],
            )
            for r in rows
        ]

    # --- what nobody has taken yet, and how routine entries travel (issue 10 §4) ---

    async def untaken_entries(self, since: datetime) -> list[UntakenEntry]:
        """Return tips and incidents nobody took whose commune was told at `since` or later.

        A forwarded entry counts from its last forward (the commune holding it now was told
        then), a new one from its filing.
        """
        rows = await self.db.fetchall(
            "SELECT e.id, e.code, e.kind, e.commune_id, e.category, e.urgent, e.injuries, "
            "e.source, e.created_at AS started_at, 0 AS round FROM entries e "
            f"WHERE {UNTAKEN_FILTER} AND e.status = 'new' AND e.created_at >= ? "
            "UNION ALL "
            "SELECT e.id, e.code, e.kind, e.commune_id, e.category, e.urgent, e.injuries, "
            "e.source, max(ev.created_at) AS started_at, count(*) AS round FROM entries e "
            "JOIN entry_events ev ON ev.entry_id = e.id AND ev.action = 'forward' "
            f"WHERE {UNTAKEN_FILTER} AND e.status = 'forwarded' AND e.created_at >= ? "
            "GROUP BY e.id HAVING max(ev.created_at) >= ? "
            "ORDER BY started_at",
            # A forward restarts the clock but an entry forwarded after 40 days is rare:
            # looking back from `since` a year bounds the scan of forwarded entries.
            (to_db(since), to_db(since - timedelta(days=366)), to_db(since)),
        )
        return [
            UntakenEntry(
                id=r["id"],
                code=r["code"],
                kind=EntryKind(r["kind"]),
                commune_id=r["commune_id"],
                category=r["category"],
                urgent=bool(r["urgent"]),
                injuries=None if r["injuries"] is None else bool(r["injuries"]),
                direct=r["source"] == TipSource.DIRECT.value,
                started_at=from_db(r["started_at"]),
                round=r["round"],
            )
            for r in rows
        ]

    async def routine_modes(self) -> dict[int, RoutineMode]:
        """Return the communes whose police chose how routine entries reach them."""
        rows = await self.db.fetchall("SELECT commune_id, routine FROM police_settings")
        return {r["commune_id"]: r["routine"] for r in rows}

    async def set_routine_mode(
        self, commune_id: int, mode: RoutineMode, by: int, now: datetime
    ) -> None:
        """Store how a commune's routine entries reach its police, and audit who chose it."""
        async with self.db.write() as conn:
            await conn.execute(
                "INSERT INTO police_settings (commune_id, routine, updated_by, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (commune_id) DO UPDATE SET "
                "routine = excluded.routine, updated_by = excluded.updated_by, "
                "updated_at = excluded.updated_at",
                (commune_id, mode, by, to_db(now)),
            )
            await audit_async(conn, now, by, "org", f"routine:X{commune_id}", mode)

    # --- digest schedules ---

    async def digest_schedules(self) -> list[DigestSchedule]:
        """Return the schedules admins set (communes without one use the defaults)."""
        rows = await self.db.fetchall(
            "SELECT commune_id, daily, weekly_day, weekly FROM digest_schedules ORDER BY commune_id"
        )
        return [DigestSchedule(**dict(r)) for r in rows]

    async def set_digest_schedule(
        self, schedule: DigestSchedule, by: int | None, now: datetime
    ) -> None:
        """Store a commune's digest schedule."""
        async with self.db.write() as conn:
            await conn.execute(
                "INSERT INTO digest_schedules (commune_id, daily, weekly_day, weekly, "
                "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (commune_id) "
                "DO UPDATE SET daily = excluded.daily, weekly_day = excluded.weekly_day, "
                "weekly = excluded.weekly, updated_by = excluded.updated_by, "
                "updated_at = excluded.updated_at",
                (
                    schedule.commune_id,
                    schedule.daily,
                    schedule.weekly_day,
                    schedule.weekly,
                    by,
                    to_db(now),
                ),
            )
            if by is not None:
                detail = f"daily {schedule.daily or 'off'}, weekly {schedule.weekly or 'off'}"
                await audit_async(conn, now, by, "org", f"digests:X{schedule.commune_id}", detail)

    # --- digest data ---

    async def new_entries(
        self, commune_id: int, start: datetime, end: datetime, limit: int = 500
    ) -> list[DigestItem]:
        """Return a commune's entries filed in [start, end), oldest first."""
        rows = await self.db.fetchall(
            DIGEST_SELECT + " WHERE e.commune_id = ? AND e.created_at >= ? AND e.created_at < ? "
            "ORDER BY e.created_at, e.id LIMIT ?",
            (commune_id, to_db(start), to_db(end), limit),
        )
        return [_digest_item(r) for r in rows]

    async def open_entries(
        self, commune_id: int, before: datetime, limit: int = 50
    ) -> tuple[list[DigestItem], int]:
        """Return tips and incidents filed before `before` and not handled, and their count."""
        where = f" WHERE e.commune_id = ? AND e.created_at < ? AND {OPEN_FILTER}"
        rows = await self.db.fetchall(
            DIGEST_SELECT + where + " ORDER BY e.created_at, e.id LIMIT ?",
            (commune_id, to_db(before), limit),
        )
        total = await self.db.fetchone(
            "SELECT count(*) FROM entries e" + where, (commune_id, to_db(before))
        )
        return [_digest_item(r) for r in rows], int(total[0]) if total else 0

    async def team_activity(self, commune_id: int, deeds_since: datetime) -> list[TeamActivity]:
        """Return each team of a commune with its last entry and its good deeds since a time."""
        rows = await self.db.fetchall(
            "SELECT t.id, t.village_id, t.name, v.name AS village_name, c.id AS commune_id, "
            "c.name AS commune_name, "
            "(SELECT max(e.created_at) FROM entries e WHERE e.team_id = t.id) AS last_at, "
            "(SELECT count(*) FROM entries e WHERE e.team_id = t.id AND e.kind = 'deed' "
            " AND e.created_at >= ?) AS deeds "
            "FROM teams t JOIN villages v ON v.id = t.village_id "
            "JOIN communes c ON c.id = v.commune_id WHERE c.id = ? ORDER BY v.name_key",
            (to_db(deeds_since), commune_id),
        )
        return [
            TeamActivity(
                team=Team(
                    id=r["id"],
                    village_id=r["village_id"],
                    name=r["name"],
                    village_name=r["village_name"],
                    commune_id=r["commune_id"],
                    commune_name=r["commune_name"],
                ),
                last_entry_at=opt_from_db(r["last_at"]),
                deeds_since=r["deeds"],
            )
            for r in rows
        ]

    async def daily_counts(
        self,
        commune_ids: Sequence[int] | None,
        start: datetime,
        end: datetime,
        offset_minutes: int,
        province_id: int | None = None,
    ) -> list[DayCount]:
        """Count entries per local day and kind in [start, end) for communes or a province."""
        scope, params = _commune_filter(commune_ids, province_id)
        rows = await self.db.fetchall(
            "SELECT date(created_at, ?) AS day, kind, count(*) AS n FROM entries "
            f"WHERE created_at >= ? AND created_at < ? {scope} GROUP BY day, kind ORDER BY day",
            (f"{offset_minutes:+d} minutes", to_db(start), to_db(end), *params),
        )
        return [
            DayCount(day=date.fromisoformat(r["day"]), kind=EntryKind(r["kind"]), count=r["n"])
            for r in rows
        ]


def _commune_filter(
    commune_ids: Sequence[int] | None, province_id: int | None
) -> tuple[str, tuple[int, ...]]:
    """Return the SQL condition (and parameters) restricting entries to a scope."""
    if commune_ids is not None:
        marks = ", ".join("?" * len(commune_ids)) or "NULL"
        return f"AND commune_id IN ({marks})", tuple(commune_ids)
    if province_id is not None:
        return "AND commune_id IN (SELECT id FROM communes WHERE province_id = ?)", (province_id,)
    return "", ()
