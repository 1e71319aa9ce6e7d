"""Report queries: counts aggregated in SQL, streamed exports, commendation lists, report jobs."""

from __future__ import annotations

import json
from array import array
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from storage.clock import from_db, opt_from_db, to_db
from storage.domain import Channel, EntryKind, EntryStatus, TipSource
from storage.messages import Outbound
from storage.models import (
    Achievement,
    AggregateRow,
    ExportRow,
    PlaceCount,
    ReportAggregates,
    ReportJob,
    ReportScope,
    ResponseTimes,
    TeamMonths,
)
from storage.sql.audit import audit_async
from storage.sql.conn import Conn, Database, Row
from storage.sql.entries import DOERS_SQL
from storage.sql.queue import enqueue, mark_inbox_done


def scope_filter(scope: ReportScope, alias: str = "") -> tuple[str, tuple[int, ...]]:
    """Return the SQL condition (and its parameters) keeping a scope's entries only."""
    column = f"{alias}commune_id"
    if scope.commune_id is not None:
        return f"{column} = ?", (scope.commune_id,)
    if scope.province_id is None:
        # The whole country: every entry has a commune (a condition that is always true
        # keeps the queries' shape).
        return f"{column} IS NOT NULL", ()
    return f"{column} IN (SELECT id FROM communes WHERE province_id = ?)", (scope.province_id,)


def month_shift(offset_minutes: int) -> str:
    """Return the SQLite date modifier that turns a stored UTC time into local time."""
    return f"{offset_minutes:+d} minutes"


def _export_row(r: Row) -> ExportRow:
    return ExportRow(
        id=r["id"],
        code=r["code"],
        kind=r["kind"],
        created_at=from_db(r["created_at"]),
        commune=r["commune"],
        village=r["village"],
        team=r["team"],
        reporter=r["reporter"],
        source=r["source"],
        category=r["category"],
        description=r["description"],
        place=r["place"],
        lat=r["lat"],
        lon=r["lon"],
        occurred_at=opt_from_db(r["occurred_at"]),
        urgent=bool(r["urgent"]),
        confidential=bool(r["confidential"]),
        on_scene=None if r["on_scene"] is None else bool(r["on_scene"]),
        response_minutes=r["response_minutes"],
        action=r["action"],
        injuries=None if r["injuries"] is None else bool(r["injuries"]),
        doers=r["doers"],
        helped=r["helped"],
        status=r["status"],
        updated_at=from_db(r["updated_at"]),
        photos=r["photos"],
        taken_by=r["taken_by"] or "",
        taken_at=opt_from_db(r["taken_at"]),
        handled_at=opt_from_db(r["handled_at"]),
        note=r["note"],
    )


# How long each tip and incident filed in the span waited to be taken and to be handled,
# from when it reached the commune that has it (its last forward, else its filing), in
# seconds. The times are kept on the entry by triggers on entry_events (migration 8).
_WAITS = """
SELECT commune_id AS c,
    max(0, (julianday(taken_at) - julianday(COALESCE(arrived_at, created_at))) * 86400) AS take_s,
    max(0, (julianday(handled_at) - julianday(COALESCE(arrived_at, created_at))) * 86400)
        AS handle_s
FROM entries e INDEXED BY entries_response
WHERE {where} AND e.created_at >= ? AND e.created_at < ? AND e.taken_at IS NOT NULL
"""


def _joined(parts: dict[int | None, array[float]]) -> array[float]:
    """Return every commune's values in one array."""
    whole = array("d")
    for values in list(parts.values()):
        whole.extend(values)
    return whole


def _nearest_rank(values: list[float], share: float) -> float:
    """Return the value at rank ⌈share·n⌉ of sorted values (PostgreSQL's percentile_disc)."""
    return values[max(0, -(-int(share * 100) * len(values) // 100) - 1)]


def _job(row: Row) -> ReportJob:
    return ReportJob(
        id=row["id"],
        person_id=row["person_id"],
        channel=Channel(row["channel"]),
        chat_id=row["chat_id"],
        request=json.loads(row["request"]),
        created_at=from_db(row["created_at"]),
        attempts=row["attempts"],
    )


class ReportMixin:
    """Aggregations for reports and digests, exports, and the queue of report files."""

    db: Database

    async def report_aggregates(
        self,
        scope: ReportScope,
        start: datetime,
        end: datetime,
        offset_minutes: int,
        *,
        places: bool = True,
        deeds_from: datetime | None = None,
        deeds_to: datetime | None = None,
    ) -> ReportAggregates:
        """Count a scope's entries filed in [start, end) by everything the targets need.

        `places=False` skips the counts by village (a trend needs only the totals). Good
        deeds by team and month are counted over [deeds_from, deeds_to) when given — the
        whole months the monthly target judges, wider than a week's report.
        """
        where, params = scope_filter(scope)
        span = (to_db(start), to_db(end))
        groups = await self.db.fetchall(
            # entries_counts holds the rows in grouping order (migration 16): no sort, which
            # the planner, preferring the time range of entries_commune_time, would miss.
            "SELECT commune_id, kind, category, source, on_scene, status, count(*) AS n "
            f"FROM entries INDEXED BY entries_counts WHERE {where} "
            "AND created_at >= ? AND created_at < ? "
            "GROUP BY commune_id, kind, category, source, on_scene, status",
            (*params, *span),
        )
        e_where, e_params = scope_filter(scope, "e.")
        by_place = (
            []
            if not places
            else await self.db.fetchall(
                "SELECT g.village_id, COALESCE(v.name, '') AS village_name, "
                "COALESCE(vc.id, c.id) AS commune_id, COALESCE(vc.name, c.name) AS commune_name, "
                "g.kind, g.n FROM (SELECT e.commune_id, e.village_id, e.kind, count(*) AS n "
                f"FROM entries e WHERE {e_where} AND e.created_at >= ? AND e.created_at < ? "
                "GROUP BY e.commune_id, e.village_id, e.kind) g "
                "JOIN communes c ON c.id = g.commune_id "
                "LEFT JOIN villages v ON v.id = g.village_id "
                "LEFT JOIN communes vc ON vc.id = v.commune_id",
                (*e_params, *span),
            )
        )
        deed_span = (to_db(deeds_from or start), to_db(deeds_to or end))
        months = await self.db.fetchall(
            "SELECT team_id, count(DISTINCT month) AS months, group_concat(DISTINCT month) AS keys "
            "FROM (SELECT team_id, strftime('%Y-%m', created_at, ?) AS month "
            f"FROM entries WHERE {where} AND created_at >= ? AND created_at < ? "
            "AND kind = 'deed' AND team_id IS NOT NULL) AS m GROUP BY team_id",
            (month_shift(offset_minutes), *params, *deed_span),
        )
        # Built without validation: a country's year is hundreds of thousands of counted
        # rows, typed by the query itself, and validating them cost a second.
        return ReportAggregates.model_construct(
            groups=[
                AggregateRow.model_construct(
                    commune_id=r["commune_id"],
                    kind=EntryKind(r["kind"]),
                    category=r["category"],
                    source=TipSource(r["source"]),
                    on_scene=None if r["on_scene"] is None else bool(r["on_scene"]),
                    status=EntryStatus(r["status"]),
                    count=r["n"],
                )
                for r in groups
            ],
            places=[
                PlaceCount.model_construct(
                    village_id=r["village_id"],
                    village_name=r["village_name"],
                    commune_id=r["commune_id"],
                    commune_name=r["commune_name"],
                    kind=EntryKind(r["kind"]),
                    count=r["n"],
                )
                for r in by_place
            ],
            team_months=[
                TeamMonths.model_construct(
                    team_id=r["team_id"],
                    months=r["months"],
                    month_keys=frozenset(r["keys"].split(",")),
                )
                for r in months
            ],
        )

    async def response_times(
        self, scope: ReportScope, start: datetime, end: datetime, *, by_commune: bool = True
    ) -> list[ResponseTimes]:
        """Return how fast police took and handled the scope's tips and incidents of a span.

        One row per commune with any taken (unless `by_commune=False`: the country's two
        million waits need not be sorted twice), and one with `commune_id` None for the scope.
        Percentiles are nearest-rank: the median of 10, 20, 30, 40 minutes is 20 minutes.
        """
        where, params = scope_filter(scope, "e.")
        sql = _WAITS.format(where=where)
        args = (*params, to_db(start), to_db(end))

        def measure(conn: Conn) -> list[ResponseTimes]:
            # Streamed into arrays of doubles and sorted in the reader's thread: a province
            # year is 200,000 waits, which as a fetched list of rows would take 70 MB.
            takes: dict[int | None, array[float]] = defaultdict(lambda: array("d"))
            handles: dict[int | None, array[float]] = defaultdict(lambda: array("d"))
            for commune, take, handle in conn.execute(sql, args):
                key = commune if by_commune else None
                takes[key].append(take)
                if handle is not None:
                    handles[key].append(handle)
            if takes and by_commune:
                # The scope's waits are every commune's, joined in C.
                takes[None] = _joined(takes)
                handles[None] = _joined(handles)
            found = []
            for key, waits in takes.items():
                taken = sorted(waits)
                handled = sorted(handles.get(key, ()))
                found.append(
                    ResponseTimes(
                        commune_id=key,
                        taken=len(taken),
                        take_median=_nearest_rank(taken, 0.5),
                        take_p90=_nearest_rank(taken, 0.9),
                        handled=len(handled),
                        handle_median=_nearest_rank(handled, 0.5) if handled else None,
                        handle_p90=_nearest_rank(handled, 0.9) if handled else None,
                    )
                )
            return found

        return await self.db.run_read(measure)

    async def export_entries(
        self,
        scope: ReportScope,
        kind: EntryKind,
        start: datetime,
        end: datetime,
        *,
        after: tuple[datetime, int] | None = None,
        limit: int = 5000,
    ) -> list[ExportRow]:
        """Return one page of a scope's entries of a kind, every field, by filing time.

        Pages are keyed on (created_at, id): pass the last row's pair as `after` for the
        next page, so an export of any size streams in bounded memory.
        """
        where, params = scope_filter(scope, "e.")
        since = (to_db(after[0]), after[1]) if after else ("", 0)
        rows = await self.db.fetchall(
            "SELECT e.id, e.code, e.kind, e.created_at, c.name AS commune, "
            "COALESCE(v.name, '') AS village, COALESCE(t.name, '') AS team, "
            "COALESCE(p.name, '') AS reporter, e.source, e.category, e.description, e.place, "
            "e.lat, e.lon, e.occurred_at, e.urgent, e.confidential, e.on_scene, "
            f"e.response_minutes, e.action, e.injuries, {DOERS_SQL} AS doers, e.helped, "
            "e.status, e.updated_at, "
            "(SELECT count(*) FROM media m WHERE m.entry_id = e.id) AS photos, "
            "tp.name AS taken_by, tk.created_at AS taken_at, hd.created_at AS handled_at, "
            "hd.note AS note "
            "FROM entries e JOIN communes c ON c.id = e.commune_id "
            "LEFT JOIN villages v ON v.id = e.village_id LEFT JOIN teams t ON t.id = e.team_id "
            "LEFT JOIN persons p ON p.id = e.reporter_id "
            # The latest take (after a forward: the receiving commune's) and the handling.
            "LEFT JOIN entry_events tk ON tk.id = (SELECT max(id) FROM entry_events "
            "WHERE entry_id = e.id AND action = 'take') "
            "LEFT JOIN persons tp ON tp.id = tk.person_id "
            "LEFT JOIN entry_events hd ON hd.id = (SELECT max(id) FROM entry_events "
            "WHERE entry_id = e.id AND action = 'handle') "
            f"WHERE {where} AND e.created_at >= ? AND e.created_at < ? AND e.kind = ? "
            "AND (e.created_at, e.id) > (?, ?) ORDER BY e.created_at, e.id LIMIT ?",
            (*params, to_db(start), to_db(end), kind.value, *since, limit),
        )
        return [_export_row(r) for r in rows]

    async def team_achievements(
        self,
        scope: ReportScope,
        start: datetime,
        end: datetime,
        offset_minutes: int,
        limit: int = 10,
    ) -> list[Achievement]:
        """Return the teams with the most good deeds in [start, end), with their record."""
        where, params = scope_filter(scope, "e.")
        span = (to_db(start), to_db(end))
        top = await self.db.fetchall(
            "SELECT e.team_id AS id, count(*) AS deeds, "
            "count(DISTINCT strftime('%Y-%m', e.created_at, ?)) AS months, "
            "t.name, v.name AS village, c.name AS commune "
            f"FROM entries e JOIN teams t ON t.id = e.team_id "
            "JOIN villages v ON v.id = t.village_id JOIN communes c ON c.id = v.commune_id "
            f"WHERE {where} AND e.created_at >= ? AND e.created_at < ? AND e.kind = 'deed' "
            "GROUP BY e.team_id, t.id, v.id, c.id "
            "ORDER BY deeds DESC, months DESC, t.name_key LIMIT ?",
            (month_shift(offset_minutes), *params, *span, limit),
        )
        ids = [int(r["id"]) for r in top]
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        per_kind = await self.db.fetchall(
            "SELECT team_id, kind, category, count(*) AS n, sum(on_scene) AS on_scene "
            f"FROM entries WHERE team_id IN ({marks}) AND created_at >= ? AND created_at < ? "
            "GROUP BY team_id, kind, category",
            (*ids, *span),
        )
        examples = await self._examples("team_id", ids, span)
        built: dict[int, dict[str, Any]] = {
            int(r["id"]): {
                "id": r["id"],
                "name": r["name"],
                "place": f"{r['village']}, {r['commune']}",
                "deeds": r["deeds"],
                "months": r["months"],
                "by_category": {},
                "examples": examples.get(int(r["id"]), []),
            }
            for r in top
        }
        for r in per_kind:
            item = built[int(r["team_id"])]
            if r["kind"] == "deed":
                item["by_category"][r["category"]] = r["n"]
            elif r["kind"] == "tip":
                item["tips"] = item.get("tips", 0) + r["n"]
            else:
                item["incidents"] = item.get("incidents", 0) + r["n"]
                item["on_scene"] = item.get("on_scene", 0) + (r["on_scene"] or 0)
        return [Achievement(**built[i]) for i in ids]

    async def person_achievements(
        self, scope: ReportScope, start: datetime, end: datetime, limit: int = 10
    ) -> list[Achievement]:
        """Return the people who did the most good deeds in [start, end), with examples.

        "Who did it" is the deed's doers: members by person (full name, team), and the
        residents a member typed by name, one per name and commune (place: their village).
        """
        where, params = scope_filter(scope, "e.")
        span = (to_db(start), to_db(end))
        # Counted on the doers alone, names joined to the few grouped rows afterwards: a
        # province-year has tens of thousands of (deed, doer) rows.
        top = await self.db.fetchall(
            "SELECT g.person_id, g.rc, g.rname, g.deeds, COALESCE(p.name, g.rname) AS name, "
            "COALESCE(t.name, '') AS team, COALESCE(pc.name, '') AS commune FROM ("
            "SELECT d.person_id, CASE WHEN d.person_id IS NULL THEN e.commune_id END AS rc, "
            "d.name AS rname, count(DISTINCT e.id) AS deeds "
            "FROM entries e JOIN deed_doers d ON d.entry_id = e.id "
            f"WHERE {where} AND e.created_at >= ? AND e.created_at < ? AND e.kind = 'deed' "
            "GROUP BY d.person_id, rc, d.name) g "
            "LEFT JOIN persons p ON p.id = g.person_id LEFT JOIN teams t ON t.id = p.team_id "
            "LEFT JOIN villages tv ON tv.id = t.village_id "
            "LEFT JOIN communes pc ON pc.id = COALESCE(tv.commune_id, p.commune_id, g.rc) "
            "ORDER BY g.deeds DESC, name LIMIT ?",
            (*params, *span, limit),
        )
        if not top:
            return []
        ids = [int(r["person_id"]) for r in top if r["person_id"] is not None]
        residents = [str(r["rname"]) for r in top if r["person_id"] is None]
        chosen = []
        if ids:
            chosen.append(f"d.person_id IN ({', '.join('?' * len(ids))})")
        if residents:
            chosen.append(
                f"(d.person_id IS NULL AND d.name IN ({', '.join('?' * len(residents))}))"
            )
        details = await self.db.fetchall(
            "SELECT d.person_id, e.commune_id, d.name, e.category, e.description, "
            "COALESCE(v.name, '') AS village FROM entries e JOIN deed_doers d ON d.entry_id = e.id "
            "LEFT JOIN villages v ON v.id = e.village_id "
            f"WHERE ({' OR '.join(chosen)}) AND {where} AND e.created_at >= ? "
            "AND e.created_at < ? AND e.kind = 'deed' ORDER BY e.created_at DESC, e.id DESC",
            (*ids, *residents, *params, *span),
        )

        def key(person_id: int | None, commune_id: int | None, name: str | None) -> str:
            return f"p{person_id}" if person_id is not None else f"r{commune_id}:{name}"

        categories: dict[str, dict[str, int]] = {}
        examples: dict[str, list[str]] = {}
        villages: dict[str, str] = {}
        for r in details:
            who = key(r["person_id"], r["commune_id"], r["name"])
            by_category = categories.setdefault(who, {})
            by_category[r["category"]] = by_category.get(r["category"], 0) + 1
            if len(examples.setdefault(who, [])) < 2:
                examples[who].append(r["description"])
            villages.setdefault(who, r["village"])
        found = []
        for r in top:
            who = key(r["person_id"], r["rc"], r["rname"])
            unit = r["team"] if r["person_id"] is not None else villages.get(who, "")
            found.append(
                Achievement(
                    id=r["person_id"] or 0,
                    name=r["name"],
                    place=", ".join(part for part in (unit, r["commune"]) if part),
                    deeds=r["deeds"],
                    by_category=categories.get(who, {}),
                    examples=examples.get(who, []),
                )
            )
        return found

    async def _examples(
        self, column: str, ids: Sequence[int], span: tuple[str, str], per: int = 2
    ) -> dict[int, list[str]]:
        """Return the latest good-deed descriptions of each team or person."""
        marks = ", ".join("?" * len(ids))
        rows = await self.db.fetchall(
            f"SELECT owner, description FROM (SELECT {column} AS owner, description, "
            f"row_number() OVER (PARTITION BY {column} ORDER BY created_at DESC, id DESC) AS rn "
            f"FROM entries WHERE {column} IN ({marks}) AND kind = 'deed' "
            "AND created_at >= ? AND created_at < ?) AS ranked WHERE rn <= ?",
            (*ids, *span, per),
        )
        found: dict[int, list[str]] = {}
        for r in rows:
            found.setdefault(int(r["owner"]), []).append(r["description"])
        return found

    # --- report jobs ---

    async def queue_report_job(
        self,
        *,
        person_id: int | None,
        channel: Channel,
        chat_id: str,
        request: dict[str, Any],
        outbox: Sequence[Outbound],
        inbox_key: str | None,
        now: datetime,
        close_draft: int | None = None,
    ) -> int:
        """Queue a report's files to be made, with the message answering now, atomically.

        `close_draft`: the person whose conversation (the period question) this answers.
        """
        async with self.db.write() as conn:
            if close_draft is not None:
                await conn.execute("DELETE FROM drafts WHERE person_id = ?", (close_draft,))
            cursor = await conn.execute(
                "INSERT INTO report_jobs (person_id, channel, chat_id, request, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (person_id, channel.value, chat_id, json.dumps(request), to_db(now)),
            )
            commune = request.get("commune_id")
            period = request.get("period", {})
            await audit_async(
                conn,
                now,
                person_id,
                "export",
                f"report:X{commune}" if commune else "report:province",
                f"{period.get('start', '')}..{period.get('end', '')}",
            )
            await enqueue(conn, outbox, now)
            if inbox_key:
                await mark_inbox_done(conn, inbox_key, now)
        return int(cursor.lastrowid or 0)

    async def pending_report_jobs(self, limit: int = 10) -> list[ReportJob]:
        """Return report jobs not yet done or given up, oldest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM report_jobs WHERE done_at IS NULL AND failed_at IS NULL "
            "ORDER BY id LIMIT ?",
            (limit,),
        )
        return [_job(r) for r in rows]

    async def finish_report_job(
        self, job_id: int, outbox: Sequence[Outbound], now: datetime, *, error: str | None = None
    ) -> None:
        """Close a report job and queue what it sends (its files, or an apology)."""
        async with self.db.write() as conn:
            column = "failed_at" if error else "done_at"
            await conn.execute(
                f"UPDATE report_jobs SET {column} = ?, error = ?, attempts = attempts + 1 "
                "WHERE id = ?",
                (to_db(now), error, job_id),
            )
            await enqueue(conn, outbox, now)

    async def retry_report_job(self, job_id: int, error: str) -> None:
        """Count a failed attempt at a report job; it is tried again later."""
        async with self.db.write() as conn:
            await conn.execute(
                "UPDATE report_jobs SET attempts = attempts + 1, error = ? WHERE id = ?",
                (error, job_id),
            )
