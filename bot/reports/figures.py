"""The movement's figures for a scope and a period, measured against the targets.

Storage hands over counts already grouped by SQL (a few hundred rows even for a province
year); this module only adds them up into the four targets, the tables and the trend.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from bot.config import TargetsSettings
from bot.domain import FIRE_RESCUE_TYPES, EntryKind, EntryStatus, TipSource
from bot.parsing import Period, previous_period
from bot.reports.periods import months_in, offset_minutes, utc_bounds
from bot.services.context import Env
from storage.models import (
    AggregateRow,
    Commune,
    ReportAggregates,
    ReportScope,
    ResponseTimes,
    Team,
)

KINDS: tuple[EntryKind, ...] = (EntryKind.TIP, EntryKind.INCIDENT, EntryKind.DEED)
INDICATORS = (
    "tips_through_force",
    "incidents_on_scene",
    "fire_rescue_present",
    "teams_monthly_deed",
)


@dataclass(frozen=True)
class Indicator:
    """One target: how many of how many, against the share required.

    `in_progress` marks a target with nothing to judge yet because its only month is still
    under way (the monthly good deed of a team in the month it was created, or of every team
    in a report of this month): "đang diễn ra", never "chưa đạt".
    """

    key: str
    done: int
    total: int
    target: float
    in_progress: bool = False

    @property
    def ratio(self) -> float | None:
        """Return the share achieved, or None when there was nothing to measure."""
        return self.done / self.total if self.total else None

    @property
    def met(self) -> bool | None:
        """Return whether the target is met; None when there was nothing to measure."""
        if not self.total:
            return None
        # A small tolerance: 7 of 10 meets 70% although 0.7 * 10 is 7.000000000000001.
        return self.done >= self.target * self.total - 1e-9


Month = tuple[int, int]


def month_key(month: Month) -> str:
    """Return a month as storage names it: (2026, 3) → "2026-03"."""
    return f"{month[0]:04d}-{month[1]:02d}"


@dataclass(frozen=True)
class Months:
    """The months a period's monthly good-deed target is judged on.

    A month counts whole (a weekly report judges the month its week falls in, counting
    every good deed of that month) once it is over; the month under way is not judged yet.
    """

    judged: tuple[Month, ...]
    running: Month | None

    @classmethod
    def of(cls, period: Period, today: date) -> Months:
        """Return the months a period touches up to today, split into judged and running."""
        months = months_in(period, today)
        running = (today.year, today.month)
        if months and months[-1] == running:
            return cls(tuple(months[:-1]), running)
        return cls(tuple(months), None)

    def window(self, tz: tzinfo, end: datetime) -> tuple[datetime, datetime] | None:
        """Return [start, end) of the whole months, the running one up to `end`."""
        months = [*self.judged, *([self.running] if self.running else [])]
        if not months:
            return None
        first, last = months[0], months[-1]
        start = datetime.combine(date(first[0], first[1], 1), time(), tzinfo=tz)
        after = date(last[0] + last[1] // 12, last[1] % 12 + 1, 1)
        return start, min(datetime.combine(after, time(), tzinfo=tz), end)


@dataclass(frozen=True)
class DeedCheck:
    """Which teams had a good deed in every judged month since they were created."""

    indicator: Indicator
    missing: list[Team]
    #: Teams with a good deed already in the month under way.
    started: int
    #: The months judged for at least one team (a team is judged only from its creation).
    judged: tuple[Month, ...] = ()


def deed_months(aggregates: ReportAggregates) -> dict[int, frozenset[str]]:
    """Return the months ("YYYY-MM") each team logged a good deed in."""
    return {m.team_id: m.month_keys for m in aggregates.team_months}


@lru_cache(maxsize=4096)
def _month_of(moment: datetime, tz: tzinfo) -> str:
    """Return a moment's local month ("YYYY-MM"): the country's 78,000 teams share a few
    creation times, and formatting each for every province's check cost a second."""
    return moment.astimezone(tz).strftime("%Y-%m")


def check_deeds(
    deeds: Mapping[int, frozenset[str]],
    target: float,
    teams: Sequence[Team],
    months: Months,
    tz: tzinfo,
) -> DeedCheck:
    """Measure the monthly good-deed target of `teams`: each only from its creation month."""
    judged = [month_key(m) for m in months.judged]
    running = month_key(months.running) if months.running else None
    done = started = 0
    missing: list[Team] = []
    # Teams share a few creation months: each one's due months are worked out once, and a
    # team's check is one subset test (the country's 78,000 teams, three checks each).
    due_since: dict[str, frozenset[str]] = {}
    none: frozenset[str] = frozenset()
    for team in teams:
        had = deeds.get(team.id, none)
        started += running is not None and running in had
        since = _month_of(team.created_at, tz) if team.created_at else ""
        due = due_since.get(since)
        if due is None:
            due = due_since[since] = frozenset(key for key in judged if key >= since)
        if not due:
            continue
        if due <= had:
            done += 1
        else:
            missing.append(team)
    applied: set[str] = set().union(*due_since.values())
    total = done + len(missing)
    indicator = Indicator(
        "teams_monthly_deed",
        done,
        total,
        target,
        in_progress=total == 0 and running is not None and bool(teams),
    )
    used = tuple(m for m in months.judged if month_key(m) in applied)
    return DeedCheck(indicator, missing, started, used)


@dataclass(frozen=True)
class PlaceRow:
    """Counts by kind for one village (commune reports) or one commune (province reports)."""

    name: str
    counts: dict[EntryKind, int]

    @property
    def total(self) -> int:
        """Return all entries of the place."""
        return sum(self.counts.values())


@dataclass(frozen=True)
class Snapshot:
    """The headline numbers of a period, for the trend."""

    period: Period
    totals: dict[EntryKind, int]
    indicators: list[Indicator]


@dataclass(frozen=True)
class Figures:
    """Everything a report shows."""

    scope: ReportScope
    scope_name: str
    province_name: str
    period: Period
    start: datetime
    end: datetime
    as_of: datetime
    indicators: list[Indicator]
    totals: dict[EntryKind, int]
    categories: dict[EntryKind, list[tuple[str, int]]]
    places: list[PlaceRow]
    statuses: dict[EntryStatus, int]
    direct_tips: int
    months: int
    teams: int
    teams_missing: list[str]
    previous: Snapshot | None = None
    by_commune: list[tuple[str, list[Indicator]]] = field(default_factory=list)
    #: The months the good-deed target judged, and the one still under way (if any).
    judged_months: tuple[Month, ...] = ()
    running_month: Month | None = None
    #: Teams with a good deed already in the month under way.
    teams_started: int = 0
    #: Ids of the teams that missed a judged month (never proposed for commendation).
    teams_missing_ids: frozenset[int] = frozenset()
    #: How fast police took and handled tips and incidents: the scope's, and per commune.
    response: ResponseTimes | None = None
    response_by_commune: list[tuple[str, ResponseTimes]] = field(default_factory=list)

    @property
    def is_province(self) -> bool:
        """Return whether the report covers a whole province (or the whole country)."""
        return self.scope.commune_id is None

    @property
    def is_country(self) -> bool:
        """Return whether the report covers every province (its places are provinces)."""
        return self.scope.commune_id is None and self.scope.province_id is None

    @property
    def empty(self) -> bool:
        """Return whether nothing was filed in the period."""
        return not any(self.totals.values())


def indicators_from(
    aggregates: ReportAggregates,
    targets: TargetsSettings,
    deeds: DeedCheck,
    commune_id: int | None = None,
) -> list[Indicator]:
    """Compute the four targets from aggregated counts (for one commune, or all)."""
    tips = force = incidents = on_scene = fire = fire_present = 0
    for row in aggregates.groups:
        if commune_id is not None and row.commune_id != commune_id:
            continue
        if row.kind == EntryKind.TIP:
            tips += row.count
            force += row.count if row.source == TipSource.FORCE else 0
        elif row.kind == EntryKind.INCIDENT:
            incidents += row.count
            on_scene += row.count if row.on_scene else 0
            if row.category in FIRE_RESCUE_TYPES:
                fire += row.count
                fire_present += row.count if row.on_scene else 0
    return [
        Indicator("tips_through_force", force, tips, targets.tips_through_force),
        Indicator("incidents_on_scene", on_scene, incidents, targets.incidents_on_scene),
        Indicator("fire_rescue_present", fire_present, fire, targets.fire_rescue_present),
        deeds.indicator,
    ]


def totals_from(aggregates: ReportAggregates) -> dict[EntryKind, int]:
    """Count entries by kind."""
    totals: Counter[EntryKind] = Counter()
    for row in aggregates.groups:
        totals[row.kind] += row.count
    return {kind: totals[kind] for kind in KINDS}


class FiguresService:
    """Computes a report's figures through the Store."""

    def __init__(self, env: Env, targets: TargetsSettings, province: str) -> None:
        self.env = env
        self.targets = targets
        self.province = province

    async def scope(
        self, commune_id: int | None, *, country: bool = False
    ) -> tuple[ReportScope, str]:
        """Return the scope of a commune (or of the province, or the country) and its name.

        The country has no stored name: its reports say it in the reader's language.
        """
        if country:
            return ReportScope(province_id=None), ""
        province = await self.env.store.ensure_province(self.province)
        if commune_id is None:
            return ReportScope(province_id=province.id), province.name
        commune = await self.env.store.get_commune(commune_id)
        return ReportScope(province_id=commune.province_id, commune_id=commune.id), commune.name

    async def teams(self, scope: ReportScope) -> list[Team]:
        """Return the teams a scope's monthly good-deed target counts."""
        if scope.commune_id is not None:
            return await self.env.store.list_teams(scope.commune_id)
        return await self.env.store.list_teams(province_id=scope.province_id)

    async def _place_names(self, scope: ReportScope, communes: Sequence[Commune]) -> list[str]:
        """Return the places a report lists: villages, or the scope's communes, or provinces."""
        if scope.commune_id is not None:
            return [v.name for v in await self.env.store.list_villages(scope.commune_id)]
        if scope.province_id is None:
            return [p.name for p in await self.env.store.list_provinces()]
        return [c.name for c in communes]

    async def _aggregates(
        self,
        scope: ReportScope,
        period: Period,
        end: datetime,
        months: Months,
        *,
        places: bool = True,
        before: tuple[Period, Months] | None = None,
    ) -> ReportAggregates:
        """Count a period; good deeds by team over the whole months the target judges.

        `before` (the trend's period and months) is counted in the same read, its good
        deeds with the period's: a team's months are the same months whichever report
        judges them, so one count of both spans serves both.
        """
        tz = self.env.tz
        start, period_end = utc_bounds(period, tz)
        offset = offset_minutes(tz, start)
        deeds = self._deed_span(period, end, months)
        previous = None
        if before is not None:
            b_start, b_end = utc_bounds(before[0], tz)
            if offset_minutes(tz, b_start) == offset:
                previous = (b_start, min(end, b_end))
                other = self._deed_span(before[0], end, before[1])
                deeds = (min(deeds[0], other[0]), max(deeds[1], other[1]))
        return await self.env.store.report_aggregates(
            scope,
            start,
            min(end, period_end),
            offset,
            places=places,
            # The country's targets are by province: counted so in SQL.
            by_province=scope.commune_id is None and scope.province_id is None,
            deeds_from=deeds[0],
            deeds_to=deeds[1],
            previous=previous,
        )

    def _deed_span(
        self, period: Period, end: datetime, months: Months
    ) -> tuple[datetime, datetime]:
        """Return the span whose good deeds a period's monthly target judges."""
        start, period_end = utc_bounds(period, self.env.tz)
        window = months.window(self.env.tz, end)
        return window if window else (start, min(end, period_end))

    async def compute(
        self,
        commune_id: int | None,
        period: Period,
        as_of: datetime,
        *,
        trend: bool = True,
        country: bool = False,
    ) -> Figures:
        """Return the figures of a commune (or the province) for a period, as of a moment.

        `country=True`: every province's communes, counted by province instead of by
        commune (a national body's view; one deployment serves one province).
        """
        tz = self.env.tz
        targets = self.targets
        scope, name = await self.scope(commune_id, country=country)
        start, end = utc_bounds(period, tz)
        # A report shows what was filed up to the moment it was asked for, that second
        # included (stored times have whole seconds).
        cutoff = as_of.replace(microsecond=0) + timedelta(seconds=1)
        end = min(end, cutoff)
        today = as_of.astimezone(tz).date()
        months = Months.of(period, today)
        before = previous_period(period) if trend else None
        before_months = Months.of(before, today) if before else None
        country_wide = scope.commune_id is None and scope.province_id is None
        # Read side by side (SQLite has two readers, PostgreSQL a pool): the country's
        # counts, places and months, waits and teams are seconds of reading each.
        # Percentiles of communes do not add up to a province's: the country's report gives
        # the whole country's only (a province's report has its communes').
        aggregates, teams, response = await asyncio.gather(
            self._aggregates(
                scope,
                period,
                cutoff,
                months,
                before=(before, before_months) if before and before_months else None,
            ),
            self.teams(scope),
            self.env.store.response_times(scope, start, end, by_commune=not country_wide),
        )
        had = deed_months(aggregates)
        deeds = check_deeds(had, targets.teams_monthly_deed, teams, months, tz)
        indicators = indicators_from(aggregates, targets, deeds)
        categories: dict[EntryKind, Counter[str]] = {kind: Counter() for kind in KINDS}
        statuses: Counter[EntryStatus] = Counter()
        direct = 0
        for row in aggregates.groups:
            categories[row.kind][row.category] += row.count
            if row.kind != EntryKind.DEED:
                statuses[row.status] += row.count
            if row.kind == EntryKind.TIP and row.source == TipSource.DIRECT:
                direct += row.count
        previous = None
        if before is not None and before_months is not None:
            if _same_offset(tz, period, before):
                prev = aggregates.model_copy(update={"groups": aggregates.previous, "places": []})
            else:
                # A zone whose offset changed between the periods: counted on their own.
                prev = await self._aggregates(scope, before, cutoff, before_months, places=False)
            previous = Snapshot(
                before,
                totals_from(prev),
                indicators_from(
                    prev,
                    targets,
                    check_deeds(
                        deed_months(prev), targets.teams_monthly_deed, teams, before_months, tz
                    ),
                ),
            )
        communes = [
            c
            for c in await self.env.store.list_communes()
            if country_wide or c.province_id == scope.province_id
        ]
        names = {c.id: c.name for c in communes}
        # The country's places and breakdown are its provinces; a province's, its communes.
        areas: dict[int, tuple[int, str]] = {c.id: (c.id, c.name) for c in communes}
        area_names = {c.id: c.name for c in communes}
        if country_wide:
            area_names = {p.id: p.name for p in await self.env.store.list_provinces()}
            areas = {c.id: (c.province_id, area_names[c.province_id]) for c in communes}
        by_commune: list[tuple[str, list[Indicator]]] = []
        if scope.commune_id is None:
            # One pass to split the counts by area, then each area's targets.
            split: dict[int, list[AggregateRow]] = {}
            for row in aggregates.groups:
                if row.province_id is not None:
                    area = row.province_id
                elif row.commune_id in areas:
                    area = areas[row.commune_id][0]
                else:
                    area = row.commune_id
                split.setdefault(area, []).append(row)
            by_team: dict[int, list[Team]] = {}
            for team in teams:
                by_team.setdefault(areas.get(team.commune_id, (team.commune_id, ""))[0], []).append(
                    team
                )
            for area, area_name in area_names.items():
                own = aggregates.model_copy(update={"groups": split.get(area, [])})
                mine = by_team.get(area, [])
                check = check_deeds(had, targets.teams_monthly_deed, mine, months, tz)
                by_commune.append((area_name, indicators_from(own, targets, check)))
        scope_response = next((r for r in response if r.commune_id is None), None)
        return Figures(
            scope=scope,
            scope_name=name,
            province_name=self.province,
            period=period,
            start=start,
            end=end,
            as_of=as_of,
            indicators=indicators,
            totals=totals_from(aggregates),
            categories={k: c.most_common() for k, c in categories.items()},
            places=_places(
                aggregates,
                scope,
                await self._place_names(scope, communes),
                {c: a[1] for c, a in areas.items()} if country_wide else None,
            ),
            statuses=dict(statuses),
            direct_tips=direct,
            months=len(deeds.judged),
            teams=len(teams),
            teams_missing=[t.name for t in deeds.missing],
            previous=previous,
            by_commune=by_commune,
            judged_months=deeds.judged,
            running_month=months.running,
            teams_started=deeds.started,
            teams_missing_ids=frozenset(t.id for t in deeds.missing),
            response=scope_response,
            response_by_commune=sorted(
                ((names.get(r.commune_id, ""), r) for r in response if r.commune_id is not None),
                key=lambda item: item[0],
            ),
        )


def _same_offset(tz: tzinfo, period: Period, before: Period) -> bool:
    """Return whether a zone has one offset at the starts of both periods (one count)."""
    return offset_minutes(tz, utc_bounds(period, tz)[0]) == offset_minutes(
        tz, utc_bounds(before, tz)[0]
    )


def _places(
    aggregates: ReportAggregates,
    scope: ReportScope,
    names: list[str],
    areas: Mapping[int, str] | None = None,
) -> list[PlaceRow]:
    """Group counts by village (a commune's report), by commune (the province's) or by the
    area `areas` names for each commune (the country's: its province).

    Every village (or commune) is listed, those with nothing filed too: a silent village
    is something the report must show.
    """
    rows: dict[str, Counter[EntryKind]] = {name: Counter() for name in names}
    for place in aggregates.places:
        if areas is not None:
            name = areas.get(place.commune_id, place.commune_name)
        elif scope.commune_id is None:
            name = place.commune_name
        elif place.village_id is None:
            name = ""
        elif place.commune_id != scope.commune_id:
            # Forwarded in from another commune: say where the village is.
            name = f"{place.village_name} ({place.commune_name})"
        else:
            name = place.village_name
        rows.setdefault(name, Counter())[place.kind] += place.count
    ordered = sorted(rows.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    return [PlaceRow(name, {k: counts[k] for k in KINDS}) for name, counts in ordered]
