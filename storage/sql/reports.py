"""Report queries: counts aggregated in SQL, streamed exports, commendation lists, report jobs."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
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
# whole seconds (`Dialect.wait_seconds`). The times are kept on the entry by triggers on
# entry_events (migration 8). On SQLite the waits come back as one JSON array per commune:
# the country's year is 2.2 million waits, which as rows took 3 s to hand to Python, as an
# array 0.1 s.
#: A span's waits, one row per taken tip or incident: seconds to take it, and to handle it
#: (NULL while it is not handled).
_WAIT_ROWS = """SELECT e.commune_id, {take} AS take_s, {handle} AS handle_s
    FROM entries e INDEXED BY entries_response
    WHERE {where} AND e.created_at >= ? AND e.created_at < ? AND e.taken_at IS NOT NULL"""

#: SQLite has no percentile aggregate: the waits come back as lists, sorted in Python.
_WAITS = (
    """
SELECT {key} AS c, count(*) AS n, json_group_array(w.take_s) AS takes,
    json_group_array(w.handle_s) FILTER (WHERE w.handle_s IS NOT NULL) AS handles
FROM ("""
    + _WAIT_ROWS
    + """) AS w
{group}
"""
)

#: PostgreSQL ranks them where they are: the query that shipped the country's 2.2 million
#: waits as one JSON array (json_agg runs in one process) was nearly all of its report's
#: 21 s. percentile_disc is nearest-rank, as _nearest_rank, and leaves NULLs (unhandled) out.
_WAIT_PERCENTILES = (
    """
SELECT {key} AS c, count(*) AS n,
    percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY w.take_s) AS takes,
    count(w.handle_s) AS handled,
    percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY w.handle_s) AS handles
FROM ("""
    + _WAIT_ROWS
    + """) AS w
{group}
"""
)


def _month_labels(
    start: datetime, end: datetime, offset_minutes: int
) -> tuple[str, tuple[str, ...]]:
    """Return an SQL expression naming a stored time's local month ("YYYY-MM") in
    [start, end), and its parameters.

    Compared with the months' first instants, halving the months at each comparison,
    rather than formatted row by row: strftime on the country's 2.4 million good deeds of
    two years took 1.5 s, the comparisons 0.2 s.
    """
    shift = timedelta(minutes=offset_minutes)
    local = start.astimezone(UTC) + shift
    year, month = local.year, local.month
    labels = [f"{year:04d}-{month:02d}"]
    #: bounds[i]: the first instant of labels[i + 1].
    bounds: list[str] = []
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        boundary = datetime(year, month, 1, tzinfo=UTC) - shift
        if boundary >= end:
            break
        bounds.append(to_db(boundary))
        labels.append(f"{year:04d}-{month:02d}")

    def pick(low: int, high: int) -> tuple[str, list[str]]:
        if low == high:
            return "?", [labels[low]]
        middle = (low + high + 1) // 2
        before, before_args = pick(low, middle - 1)
        after, after_args = pick(middle, high)
        sql = f"CASE WHEN created_at < ? THEN {before} ELSE {after} END"
        return sql, [bounds[middle - 1], *before_args, *after_args]

    sql, args = pick(0, len(labels) - 1)
    return f"CAST({sql} AS TEXT)", tuple(args)


def _nearest_rank(values: list[int], share: float) -> int:
    """Return the value at rank ⌈share·n⌉ of sorted values (PostgreSQL's percentile_disc)."""
    return values[max(0, -(-int(share * 100) * len(values) // 100) - 1)]


Percentiles = tuple[int, int | None, int | None]


def _percentiles(values: list[int]) -> Percentiles:
    """Return how many waits, their median and 90th percentile (sorts them in place)."""
    values.sort()
    if not values:
        return 0, None, None
    return len(values), _nearest_rank(values, 0.5), _nearest_rank(values, 0.9)


def _response(
    commune: int | None,
    take: Percentiles,
    handle: Percentiles,
) -> ResponseTimes:
    """Return a commune's (or a scope's) response times from its waits' percentiles."""
    return ResponseTimes(
        commune_id=commune,
        taken=take[0],
        take_median=take[1],
        take_p90=take[2],
        handled=handle[0],
        handle_median=handle[1],
        handle_p90=handle[2],
    )


def _place_counts(conn: Conn, scope: ReportScope, span: tuple[str, str]) -> list[PlaceCount]:
    """Count a scope's entries of [start, end) by village and kind (a province's and the
    country's by commune: the village's, or the entry's when it has none)."""
    where, params = scope_filter(scope, "e.")
    # entries_places holds the rows in this grouping order (migration 17): no sort.
    grouped = (
        "SELECT e.commune_id, e.village_id, e.kind, count(*) AS n "
        f"FROM entries e INDEXED BY entries_places WHERE {where} "
        "AND e.created_at >= ? AND e.created_at < ? "
        "GROUP BY e.commune_id, e.village_id, e.kind"
    )
    if scope.commune_id is not None:
        rows = conn.execute(
            "SELECT g.village_id, COALESCE(v.name, '') AS village_name, "
            "COALESCE(vc.id, c.id) AS commune_id, "
            "COALESCE(vc.name, c.name) AS commune_name, g.kind, g.n "
            f"FROM ({grouped}) AS g JOIN communes c ON c.id = g.commune_id "
            "LEFT JOIN villages v ON v.id = g.village_id "
            "LEFT JOIN communes vc ON vc.id = v.commune_id",
            (*params, *span),
        ).fetchall()
        return [
            PlaceCount(
                village_id=r["village_id"],
                village_name=r["village_name"],
                commune_id=r["commune_id"],
                commune_name=r["commune_name"],
                kind=EntryKind(r["kind"]),
                count=r["n"],
            )
            for r in rows
        ]
    # The country's villages are 230,000 counted rows: summed by commune in SQL, 10,000
    # rows reach Python (as 230,000 they cost PostgreSQL 1.4 s to hand over).
    totals = conn.execute(
        "SELECT COALESCE(v.commune_id, g.commune_id) AS commune_id, g.kind, sum(g.n) AS n "
        f"FROM ({grouped}) AS g LEFT JOIN villages v ON v.id = g.village_id "
        "GROUP BY COALESCE(v.commune_id, g.commune_id), g.kind",
        (*params, *span),
    ).fetchall()
    names = {r["id"]: r["name"] for r in conn.execute("SELECT id, name FROM communes", ())}
    return [
        PlaceCount(
            village_id=None,
            village_name="",
            commune_id=commune,
            commune_name=names.get(commune, ""),
            kind=EntryKind(kind),
            count=n,
        )
        for commune, kind, n in totals
    ]


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
        previous: tuple[datetime, datetime] | None = None,
        by_province: bool = False,
    ) -> ReportAggregates:
        """Count a scope's entries filed in [start, end) by everything the targets need.

        `places=False` skips the counts by village (a trend needs only the totals). Good
        deeds by team and month are counted over [deeds_from, deeds_to) when given — the
        whole months the monthly target judges, wider than a week's report. `previous`
        [start, end) is counted in the same read of the index (the trend's period): the
        country's counts read its whole history whatever the span, so once, not twice.
        `by_province` adds the communes' counts up by province in SQL (the country's: 5,000
        rows instead of 250,000, which cost a second to hand over and hold).
        """
        where, params = scope_filter(scope)
        span = (to_db(start), to_db(end))
        # entries_counts holds the rows in grouping order (migration 16): no sort, which
        # the planner, preferring the time range of entries_commune_time, would miss.
        grouping = "GROUP BY commune_id, kind, category, source, on_scene, status"
        if previous is None:
            counts_sql = (
                "SELECT commune_id, kind, category, source, on_scene, status, count(*) AS n, "
                f"0 AS before FROM entries INDEXED BY entries_counts WHERE {where} "
                f"AND created_at >= ? AND created_at < ? {grouping}"
            )
            counts_args: tuple[Any, ...] = (*params, *span)
        else:
            before = (to_db(previous[0]), to_db(previous[1]))
            counts_sql = (
                "SELECT commune_id, kind, category, source, on_scene, status, "
                "sum(CASE WHEN created_at >= ? AND created_at < ? THEN 1 ELSE 0 END) AS n, "
                "sum(CASE WHEN created_at >= ? AND created_at < ? THEN 1 ELSE 0 END) AS before "
                f"FROM entries INDEXED BY entries_counts WHERE {where} "
                f"AND created_at >= ? AND created_at < ? {grouping}"
            )
            counts_args = (
                *span,
                *before,
                *params,
                min(span[0], before[0]),
                max(span[1], before[1]),
            )
        if by_province:
            counts_sql = (
                "SELECT c.province_id, g.kind, g.category, g.source, g.on_scene, g.status, "
                f"sum(g.n) AS n, sum(g.before) AS before FROM ({counts_sql}) AS g "
                "JOIN communes c ON c.id = g.commune_id "
                "GROUP BY c.province_id, g.kind, g.category, g.source, g.on_scene, g.status"
            )

        def count(conn: Conn) -> tuple[list[AggregateRow], list[AggregateRow]]:
            # Streamed and built without validation: a country's year is hundreds of
            # thousands of counted rows, typed by the query itself (validating cost 1 s).
            now: list[AggregateRow] = []
            then: list[AggregateRow] = []
            kinds = {k.value: k for k in EntryKind}
            sources = {s.value: s for s in TipSource}
            statuses = {s.value: s for s in EntryStatus}
            for area, kind, category, source, on_scene, status, n, before in conn.execute(
                counts_sql, counts_args
            ):
                for found, into in ((n, now), (before, then)):
                    if found:
                        into.append(
                            AggregateRow(
                                commune_id=0 if by_province else area,
                                province_id=area if by_province else None,
                                kind=kinds[kind],
                                category=category,
                                source=sources[source],
                                on_scene=None if on_scene is None else bool(on_scene),
                                status=statuses[status],
                                count=found,
                            )
                        )
            return now, then

        deed_span = (deeds_from or start, deeds_to or end)
        month, month_args = _month_labels(*deed_span, offset_minutes)
        # entries_deeds holds the good deeds by commune and team (migration 17): grouped in
        # that order they stream; a team counted under two communes (its entries moved
        # since) is joined up below.
        months_sql = (
            # Each group's months in time order, repeated: set apart in Python below (a
            # DISTINCT made a temporary table for each of the country's 78,000 teams).
            "SELECT team_id, group_concat(month) AS keys "
            f"FROM (SELECT commune_id, team_id, {month} AS month "
            f"FROM entries INDEXED BY entries_deeds WHERE {where} "
            "AND created_at >= ? AND created_at < ? "
            "AND kind = 'deed' AND team_id IS NOT NULL) AS m GROUP BY commune_id, team_id"
        )
        months_args = (*month_args, *params, to_db(deed_span[0]), to_db(deed_span[1]))

        def rest(conn: Conn) -> tuple[list[PlaceCount], list[TeamMonths]]:
            by_place = _place_counts(conn, scope, span) if places else []
            by_team: dict[int, frozenset[str]] = {}
            for team, keys in conn.execute(months_sql, months_args):
                found = frozenset(keys.split(","))
                by_team[team] = by_team[team] | found if team in by_team else found
            return by_place, [TeamMonths(t, len(k), k) for t, k in by_team.items()]

        # The counts in one reader, the places and months in the other, side by side.
        (groups, before_groups), (by_place, team_months) = await asyncio.gather(
            self.db.run_read(count), self.db.run_read(rest)
        )
        return ReportAggregates.model_construct(
            groups=groups,
            places=by_place,
            team_months=team_months,
            previous=before_groups,
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
        args = (*params, to_db(start), to_db(end))
        dialect = self.db.dialect
        since = "COALESCE(e.arrived_at, e.created_at)"
        waits = {
            "take": dialect.wait_seconds("e.taken_at", since),
            "handle": dialect.wait_seconds("e.handled_at", since),
            "where": where,
        }
        if dialect.ranks_in_sql:
            # The scope's row comes from the same scan: grouping sets, not a second query.
            rows = await self.db.fetchall(
                _WAIT_PERCENTILES.format(
                    **waits,
                    key="w.commune_id" if by_commune else "NULL",
                    group="GROUP BY GROUPING SETS ((w.commune_id), ())" if by_commune else "",
                ),
                args,
            )
            return [
                _response(
                    r["c"],
                    (r["n"], *r["takes"]),
                    (r["handled"], *(r["handles"] or (None, None))),
                )
                for r in rows
                if r["n"]
            ]
        sql = _WAITS.format(
            **waits,
            key="w.commune_id" if by_commune else "NULL",
            group="GROUP BY w.commune_id" if by_commune else "",
        )
        rows = await self.db.fetchall(sql, args)
        found: list[ResponseTimes] = []
        scope_takes: list[int] = []
        scope_handles: list[int] = []
        for r in rows:
            if not r["n"]:
                continue
            # One list at a time, sorted and let go: the country's are 2.2 million each.
            takes = json.loads(r["takes"])
            take = _percentiles(takes)
            if by_commune:
                scope_takes += takes
            del takes
            handles = json.loads(r["handles"]) if r["handles"] else []
            handle = _percentiles(handles)
            if by_commune:
                scope_handles += handles
            del handles
            found.append(_response(r["c"], take, handle))
        if by_commune and scope_takes:
            found.append(_response(None, _percentiles(scope_takes), _percentiles(scope_handles)))
        return found

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
