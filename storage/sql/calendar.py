"""The calendar (phases, deadlines), the scheduler's ledger, and the facts reminders cite."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from storage.clock import from_db, to_db
from storage.domain import Audience, Channel, Role
from storage.errors import NotFound, Overlap
from storage.messages import Outbound
from storage.models import (
    AnnualSpec,
    Deadline,
    NewDeadline,
    NewPhase,
    Phase,
    PoliceChat,
    Recipient,
    ScheduledSend,
    TeamGaps,
    UnreachablePerson,
)
from storage.sql.audit import audit_async
from storage.sql.conn import AsyncConn, Database, Row, fetchone
from storage.sql.org import POLICE_CHATS_SELECT
from storage.sql.people import PERSON_COLUMNS, _person
from storage.sql.queue import enqueue, enqueue_keyed, mark_inbox_done

PHASE_SELECT = """
SELECT p.*, COALESCE(c.name, '') AS commune_name FROM phases p
LEFT JOIN communes c ON c.id = p.commune_id
"""
DEADLINE_SELECT = """
SELECT d.*, COALESCE(c.name, '') AS commune_name FROM deadlines d
LEFT JOIN communes c ON c.id = d.commune_id
"""


def audience_text(audience: frozenset[Audience]) -> str:
    """Store an audience as its ids, comma-separated, in a fixed order."""
    return ",".join(a.value for a in Audience if a in audience)


def _audience(text: str) -> frozenset[Audience]:
    return frozenset(Audience(part) for part in text.split(",") if part)


def _phase(row: Row) -> Phase:
    return Phase(
        id=row["id"],
        name=row["name"],
        start=date.fromisoformat(row["start_date"]),
        end=date.fromisoformat(row["end_date"]),
        report=date.fromisoformat(row["report_date"]),
        commune_id=row["commune_id"],
        commune_name=row["commune_name"],
        planned_from=from_db(row["planned_from"]),
    )


def _deadline(row: Row) -> Deadline:
    return Deadline(
        id=row["id"],
        name=row["name"],
        due=date.fromisoformat(row["due_date"]),
        commune_id=row["commune_id"],
        commune_name=row["commune_name"],
        audience=_audience(row["audience"]),
        report=bool(row["report"]),
        series=row["series"],
        year=row["year"],
        planned_from=from_db(row["planned_from"]),
    )


async def _check_commune(conn: AsyncConn, commune_id: int | None) -> None:
    if (
        commune_id is not None
        and await fetchone(conn, "SELECT 1 FROM communes WHERE id = ?", (commune_id,)) is None
    ):
        raise NotFound(f"commune {commune_id}")


async def _overlapping(conn: AsyncConn, phase: NewPhase, index: int | None = None) -> None:
    """Raise Overlap if a live phase shares days with `phase` where both apply."""
    row = await fetchone(
        conn,
        "SELECT id FROM phases WHERE removed_at IS NULL AND id IS NOT ?1 "
        "AND start_date <= ?3 AND end_date >= ?2 "
        "AND (commune_id IS NULL OR CAST(?4 AS INTEGER) IS NULL OR commune_id = ?4) "
        "ORDER BY start_date LIMIT 1",
        (phase.id, phase.start.isoformat(), phase.end.isoformat(), phase.commune_id),
    )
    if row is not None:
        raise Overlap(int(row[0]), index)


async def _save_phase(
    conn: AsyncConn, phase: NewPhase, by: int | None, now: datetime, index: int | None
) -> int:
    await _check_commune(conn, phase.commune_id)
    await _overlapping(conn, phase, index)
    values = (
        phase.name,
        phase.start.isoformat(),
        phase.end.isoformat(),
        phase.report.isoformat(),
        phase.commune_id,
    )
    if phase.id is None:
        cursor = await conn.execute(
            "INSERT INTO phases (name, start_date, end_date, report_date, commune_id, "
            "created_by, created_at, updated_at, planned_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*values, by, to_db(now), to_db(now), to_db(now)),
        )
        return int(cursor.lastrowid or 0)
    old = await fetchone(
        conn, "SELECT report_date FROM phases WHERE id = ? AND removed_at IS NULL", (phase.id,)
    )
    if old is None:
        raise NotFound(f"phase {phase.id}")
    moved = old["report_date"] != phase.report.isoformat()
    await conn.execute(
        "UPDATE phases SET name = ?, start_date = ?, end_date = ?, report_date = ?, "
        "commune_id = ?, edited_by = ?, updated_at = ?, "
        "planned_from = CASE WHEN ? THEN ? ELSE planned_from END WHERE id = ?",
        (*values, by, to_db(now), moved, to_db(now), phase.id),
    )
    return phase.id


async def _save_deadline(
    conn: AsyncConn, deadline: NewDeadline, by: int | None, now: datetime
) -> int:
    await _check_commune(conn, deadline.commune_id)
    values = (
        deadline.name,
        deadline.due.isoformat(),
        deadline.commune_id,
        audience_text(deadline.audience),
        int(deadline.report),
    )
    if deadline.id is None:
        cursor = await conn.execute(
            "INSERT INTO deadlines (name, due_date, commune_id, audience, report, created_by, "
            "created_at, updated_at, planned_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*values, by, to_db(now), to_db(now), to_db(now)),
        )
        return int(cursor.lastrowid or 0)
    old = await fetchone(
        conn, "SELECT due_date FROM deadlines WHERE id = ? AND removed_at IS NULL", (deadline.id,)
    )
    if old is None:
        raise NotFound(f"deadline {deadline.id}")
    moved = old["due_date"] != deadline.due.isoformat()
    await conn.execute(
        "UPDATE deadlines SET name = ?, due_date = ?, commune_id = ?, audience = ?, report = ?, "
        "edited_by = ?, updated_at = ?, "
        "planned_from = CASE WHEN ? THEN ? ELSE planned_from END WHERE id = ?",
        (*values, by, to_db(now), moved, to_db(now), deadline.id),
    )
    return deadline.id


async def _finish(
    conn: AsyncConn,
    person_id: int | None,
    now: datetime,
    inbox_key: str | None,
    replies: Sequence[Outbound],
) -> None:
    """Close the admin's conversation, queue the replies, mark the update done."""
    if person_id is not None:
        await conn.execute("DELETE FROM drafts WHERE person_id = ?", (person_id,))
    await enqueue(conn, replies, now)
    if inbox_key:
        await mark_inbox_done(conn, inbox_key, now)


def _recipient(row: Row) -> Recipient:
    return Recipient(
        person_id=row["id"],
        name=row["name"],
        role=Role(row["role"]),
        team_id=row["team_id"],
        commune_id=row["commune_id"],
        language=row["language"],
        channel=Channel(row["channel"]),
        chat_id=row["chat_id"],
        muted=bool(row["muted"]),
    )


class CalendarMixin:
    """Phases, deadlines, the schedule ledger, reminder settings and report gaps."""

    db: Database

    # --- phases -----------------------------------------------------------------------------

    async def list_phases(self, *, reporting_from: date | None = None) -> list[Phase]:
        """Return live phases by start date; with `reporting_from`, those reporting since."""
        where, params = "WHERE p.removed_at IS NULL", []
        if reporting_from is not None:
            where += " AND (p.report_date >= ? OR p.end_date >= ?)"
            params += [reporting_from.isoformat()] * 2
        rows = await self.db.fetchall(f"{PHASE_SELECT} {where} ORDER BY p.start_date, p.id", params)
        return [_phase(r) for r in rows]

    async def get_phase(self, phase_id: int) -> Phase:
        """Return a live phase; NotFound if there is none (or it was removed)."""
        row = await self.db.fetchone(
            f"{PHASE_SELECT} WHERE p.id = ? AND p.removed_at IS NULL", (phase_id,)
        )
        if row is None:
            raise NotFound(f"phase {phase_id}")
        return _phase(row)

    async def save_phase(
        self,
        phase: NewPhase,
        by: int | None,
        now: datetime,
        *,
        inbox_key: str | None = None,
        render: Callable[[Phase], Sequence[Outbound]] | None = None,
    ) -> Phase:
        """Add a phase, or change one (with `id`); Overlap or NotFound change nothing.

        With `by`, that person's draft is closed, and `render`'s replies queued and the
        update marked done, in the same transaction: a replayed "Gửi" saves nothing twice.
        """
        async with self.db.write() as conn:
            phase_id = await _save_phase(conn, phase, by, now, None)
            row = await fetchone(conn, f"{PHASE_SELECT} WHERE p.id = ?", (phase_id,))
            assert row is not None
            saved = _phase(row)
            if by is not None:
                verb = "edit" if phase.id else "add"
                await audit_async(
                    conn, now, by, "org", f"phase:D{saved.id}", f"{verb} {saved.name}"
                )
            await _finish(conn, by, now, inbox_key, render(saved) if render else ())
        return saved

    async def remove_phase(self, phase_id: int, now: datetime) -> Phase:
        """Take a phase off the calendar; its reminders stop."""
        phase = await self.get_phase(phase_id)
        async with self.db.write() as conn:
            await conn.execute(
                "UPDATE phases SET removed_at = ?, updated_at = ? WHERE id = ?",
                (to_db(now), to_db(now), phase_id),
            )
        return phase

    # --- deadlines --------------------------------------------------------------------------

    async def list_deadlines(self, *, due_from: date | None = None) -> list[Deadline]:
        """Return live deadlines by date; with `due_from`, only those due on or after it."""
        where, params = "WHERE d.removed_at IS NULL", []
        if due_from is not None:
            where += " AND d.due_date >= ?"
            params.append(due_from.isoformat())
        rows = await self.db.fetchall(
            f"{DEADLINE_SELECT} {where} ORDER BY d.due_date, d.id", params
        )
        return [_deadline(r) for r in rows]

    async def get_deadline(self, deadline_id: int) -> Deadline:
        """Return a live deadline; NotFound if there is none (or it was removed)."""
        row = await self.db.fetchone(
            f"{DEADLINE_SELECT} WHERE d.id = ? AND d.removed_at IS NULL", (deadline_id,)
        )
        if row is None:
            raise NotFound(f"deadline {deadline_id}")
        return _deadline(row)

    async def save_deadline(
        self,
        deadline: NewDeadline,
        by: int | None,
        now: datetime,
        *,
        inbox_key: str | None = None,
        render: Callable[[Deadline], Sequence[Outbound]] | None = None,
    ) -> Deadline:
        """Add a deadline, or change one (with `id`); closes the draft like `save_phase`."""
        async with self.db.write() as conn:
            deadline_id = await _save_deadline(conn, deadline, by, now)
            row = await fetchone(conn, f"{DEADLINE_SELECT} WHERE d.id = ?", (deadline_id,))
            assert row is not None
            saved = _deadline(row)
            if by is not None:
                verb = "edit" if deadline.id else "add"
                await audit_async(
                    conn, now, by, "org", f"deadline:H{saved.id}", f"{verb} {saved.name}"
                )
            await _finish(conn, by, now, inbox_key, render(saved) if render else ())
        return saved

    async def remove_deadline(self, deadline_id: int, now: datetime) -> Deadline:
        """Take a deadline off the calendar; an annual one stays off for that year."""
        deadline = await self.get_deadline(deadline_id)
        async with self.db.write() as conn:
            await conn.execute(
                "UPDATE deadlines SET removed_at = ?, updated_at = ? WHERE id = ?",
                (to_db(now), to_db(now), deadline_id),
            )
        return deadline

    async def ensure_annual(self, specs: Sequence[AnnualSpec], now: datetime) -> int:
        """Create each year's configured deadlines once; follow config changes until edited.

        Returns how many rows were created or changed. A removed one stays removed, and one
        an admin edited keeps the admin's values.
        """
        changed = 0
        async with self.db.write() as conn:
            for spec in specs:
                values = (
                    spec.name,
                    spec.due.isoformat(),
                    audience_text(spec.audience),
                    int(spec.report),
                )
                cursor = await conn.execute(
                    "INSERT INTO deadlines (name, due_date, audience, report, series, year, "
                    "created_at, updated_at, planned_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT DO NOTHING",
                    (*values, spec.series, spec.year, to_db(now), to_db(now), to_db(now)),
                )
                if cursor.rowcount:
                    changed += 1
                    continue
                cursor = await conn.execute(
                    "UPDATE deadlines SET name = ?1, due_date = ?2, audience = ?3, report = ?4, "
                    "updated_at = ?7, planned_from = CASE WHEN due_date != ?2 THEN ?7 "
                    "ELSE planned_from END WHERE series = ?5 AND year = ?6 "
                    "AND edited_by IS NULL AND removed_at IS NULL AND (name != ?1 "
                    "OR due_date != ?2 OR audience != ?3 OR report != ?4)",
                    (*values, spec.series, spec.year, to_db(now)),
                )
                changed += cursor.rowcount
        return changed

    async def import_calendar(
        self,
        phases: Sequence[NewPhase],
        deadlines: Sequence[NewDeadline],
        now: datetime,
    ) -> tuple[int, int]:
        """Add phases and deadlines in one transaction: all of them or, on any error, none."""
        async with self.db.write() as conn:
            for index, phase in enumerate(phases):
                await _save_phase(conn, phase, None, now, index)
            for deadline in deadlines:
                await _save_deadline(conn, deadline, None, now)
        return len(phases), len(deadlines)

    # --- the scheduler's ledger -------------------------------------------------------------

    async def schedule_since(self, now: datetime) -> datetime:
        """Return when scheduling began on this database (set to `now` the first time)."""
        async with self.db.write() as conn:
            await conn.execute(
                "INSERT INTO schedule_state (name, value) VALUES ('since', ?) "
                "ON CONFLICT DO NOTHING",
                (to_db(now),),
            )
            row = await fetchone(conn, "SELECT value FROM schedule_state WHERE name = 'since'")
        assert row is not None
        return from_db(row[0])

    async def runs_decided(self, keys: Sequence[str]) -> set[str]:
        """Return which of these occurrence keys were already sent or skipped."""
        decided: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = await self.db.fetchall(
                f"SELECT key FROM schedule_runs WHERE key IN ({marks})", chunk
            )
            decided.update(r[0] for r in rows)
        return decided

    async def record_run(
        self,
        key: str,
        due_at: datetime,
        status: str,
        sends: Sequence[ScheduledSend],
        now: datetime,
    ) -> int | None:
        """Decide an occurrence once: record it and queue its messages in one transaction.

        Returns how many messages were newly queued, or None if it was decided before.
        """
        async with self.db.write() as conn:
            cursor = await conn.execute(
                "INSERT INTO schedule_runs (key, due_at, status, messages, decided_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (key, to_db(due_at), status, len(sends), to_db(now)),
            )
            if not cursor.rowcount:
                return None
            return await enqueue_keyed(conn, sends, now, bulk=True)

    # --- who to tell ------------------------------------------------------------------------

    async def recipients(
        self, roles: Sequence[Role], commune_id: int | None = None
    ) -> list[Recipient]:
        """Return reachable accounts of active people with these roles (in one commune)."""
        marks = ",".join("?" * len(roles))
        params: list[object] = [r.value for r in roles]
        where = f"p.removed_at IS NULL AND i.unreachable_at IS NULL AND p.role IN ({marks})"
        if commune_id is not None:
            where += " AND p.commune_id = ?"
            params.append(commune_id)
        rows = await self.db.fetchall(
            "SELECT p.id, p.name, p.role, p.team_id, p.commune_id, p.language, i.channel, "
            "i.chat_id, COALESCE(s.mute_reminders, 0) AS muted FROM persons p "
            "JOIN identities i ON i.person_id = p.id "
            "LEFT JOIN person_settings s ON s.person_id = p.id "
            f"WHERE {where} ORDER BY p.commune_id, p.team_id, p.id",
            params,
        )
        return [_recipient(r) for r in rows]

    async def all_police_chats(self, commune_id: int | None = None) -> list[PoliceChat]:
        """Return the police chats of every commune, or of one (as `police_chats` picks them:
        groups, and officers' own chats where the commune has no group on that messenger)."""
        where, params = ("pc.commune_id = ?", (commune_id,)) if commune_id else ("TRUE", ())
        rows = await self.db.fetchall(
            POLICE_CHATS_SELECT.format(where=where) + " ORDER BY pc.commune_id, pc.chat_id",
            params,
        )
        return [PoliceChat(**dict(r)) for r in rows]

    # --- what teams are missing -------------------------------------------------------------

    async def team_gaps(
        self,
        commune_id: int | None,
        months: Sequence[tuple[str, datetime, datetime]],
        start: datetime,
        end: datetime,
    ) -> list[TeamGaps]:
        """Return every team in scope with its months lacking a good deed and open incidents.

        `months` are (YYYY-MM, local month start, next month start) in UTC; a month that
        ended before the team (or, when its date is unknown, its commune) joined the bot is
        not held against it. Incidents
        count from `start` to `end`; one lacks an outcome when what was done is not recorded,
        or is "other" and nobody followed it up with details.
        """
        scope, scope_params = ("AND v.commune_id = ?", [commune_id]) if commune_id else ("", [])
        teams = await self.db.fetchall(
            "SELECT t.id, t.name, v.commune_id FROM teams t JOIN villages v ON v.id = t.village_id "
            f"WHERE 1 = 1 {scope} ORDER BY v.commune_id, v.name_key, t.name_key",
            scope_params,
        )
        gaps = {
            r["id"]: TeamGaps(team_id=r["id"], team_name=r["name"], commune_id=r["commune_id"])
            for r in teams
        }
        if not gaps:
            return []
        if months:
            values = ",".join("(?, ?, ?)" for _ in months)
            params: list[object] = [p for m in months for p in (m[0], to_db(m[1]), to_db(m[2]))]
            rows = await self.db.fetchall(
                f"WITH months(key, lo, hi) AS (VALUES {values}) "
                "SELECT t.id AS team_id, m.key FROM teams t "
                "JOIN villages v ON v.id = t.village_id JOIN communes c ON c.id = v.commune_id "
                "CROSS JOIN months m WHERE m.hi > COALESCE(t.created_at, c.created_at) "
                f"{scope} AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.team_id = t.id "
                "AND e.kind = 'deed' AND e.created_at >= m.lo AND e.created_at < m.hi) "
                "ORDER BY t.id, m.key",
                [*params, *scope_params],
            )
            for row in rows:
                gaps[row["team_id"]].months.append(row["key"])
        own = "AND e.commune_id = ?" if commune_id else ""
        rows = await self.db.fetchall(
            "SELECT e.team_id, e.code FROM entries e "
            "WHERE e.kind = 'incident' AND e.team_id IS NOT NULL "
            f"AND e.created_at >= ? AND e.created_at < ? {own} "
            "AND (e.action IS NULL OR (e.action = 'other' AND NOT EXISTS "
            "(SELECT 1 FROM followups f WHERE f.entry_id = e.id))) ORDER BY e.id",
            [to_db(start), to_db(end), *scope_params],
        )
        for row in rows:
            if row["team_id"] in gaps:
                gaps[row["team_id"]].incidents.append(row["code"])
        return list(gaps.values())

    async def unhandled_counts(
        self, commune_id: int | None, start: datetime, end: datetime
    ) -> dict[int, int]:
        """Return, by commune, how many entries of a period police have not yet handled."""
        scope, params = ("AND commune_id = ?", [commune_id]) if commune_id else ("", [])
        rows = await self.db.fetchall(
            "SELECT commune_id, count(*) FROM entries WHERE status IN ('new', 'taken') "
            f"AND created_at >= ? AND created_at < ? {scope} GROUP BY commune_id",
            [to_db(start), to_db(end), *params],
        )
        return {int(r[0]): int(r[1]) for r in rows}

    # --- settings and reachability ----------------------------------------------------------

    async def reminders_muted(self, person_id: int) -> bool:
        """Return whether a person muted optional reminders."""
        row = await self.db.fetchone(
            "SELECT mute_reminders FROM person_settings WHERE person_id = ?", (person_id,)
        )
        return bool(row and row[0])

    async def set_reminders_muted(self, person_id: int, muted: bool, now: datetime) -> None:
        """Mute or unmute a person's optional reminders."""
        async with self.db.write() as conn:
            await conn.execute(
                "INSERT INTO person_settings (person_id, mute_reminders, updated_at) "
                "VALUES (?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET "
                "mute_reminders = excluded.mute_reminders, updated_at = excluded.updated_at",
                (person_id, int(muted), to_db(now)),
            )

    async def unreachable_people(self) -> list[UnreachablePerson]:
        """Return active people whose account refuses our messages, longest first."""
        rows = await self.db.fetchall(
            f"SELECT {PERSON_COLUMNS}, i.channel, i.unreachable_at, "
            "COALESCE(t.name, '') AS team_name, COALESCE(c.name, '') AS commune_name "
            "FROM identities i JOIN persons p ON p.id = i.person_id "
            "LEFT JOIN teams t ON t.id = p.team_id "
            "LEFT JOIN communes c ON c.id = p.commune_id "
            "WHERE i.unreachable_at IS NOT NULL AND p.removed_at IS NULL "
            "ORDER BY i.unreachable_at, p.id"
        )
        return [
            UnreachablePerson(
                person=_person(r),
                channel=Channel(r["channel"]),
                since=from_db(r["unreachable_at"]),
                team_name=r["team_name"],
                commune_name=r["commune_name"],
            )
            for r in rows
        ]

    async def mark_reachable(self, channel: Channel, chat_id: str) -> bool:
        """Clear the unreachable flag of a chat (the person unblocked the bot)."""
        async with self.db.write() as conn:
            cursor = await conn.execute(
                "UPDATE identities SET unreachable_at = NULL WHERE channel = ? AND chat_id = ? "
                "AND unreachable_at IS NOT NULL",
                (channel.value, chat_id),
            )
            return int(cursor.rowcount) > 0
