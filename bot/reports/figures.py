"""The movement's figures for a scope and a period, measured against the targets.

Storage hands over counts already grouped by SQL (a few hundred rows even for a province
year); this module only adds them up into the four targets, the tables and the trend.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.config import TargetsSettings
from bot.domain import FIRE_RESCUE_TYPES, EntryKind, EntryStatus, TipSource
from bot.parsing import Period, previous_period
from bot.reports.periods import months_in, offset_minutes, utc_bounds
from bot.services.context import Env
from storage.models import AggregateRow, ReportAggregates, ReportScope, Team

KINDS: tuple[EntryKind, ...] = (EntryKind.TIP, EntryKind.INCIDENT, EntryKind.DEED)
INDICATORS = (
    "tips_through_force",
    "incidents_on_scene",
    "fire_rescue_present",
    "teams_monthly_deed",
)


@dataclass(frozen=True)
class Indicator:
    """One target: how many of how many, against the share required."""

    key: str
    done: int
    total: int
    target: float

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

    @property
    def is_province(self) -> bool:
        """Return whether the report covers the whole province."""
        return self.scope.commune_id is None

    @property
    def empty(self) -> bool:
        """Return whether nothing was filed in the period."""
        return not any(self.totals.values())


def indicators_from(
    aggregates: ReportAggregates,
    targets: TargetsSettings,
    teams: list[Team],
    months: int,
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
    scoped = [t for t in teams if commune_id is None or t.commune_id == commune_id]
    full = {m.team_id for m in aggregates.team_months if m.months >= months}
    regular = sum(1 for t in scoped if t.id in full) if months else 0
    return [
        Indicator("tips_through_force", force, tips, targets.tips_through_force),
        Indicator("incidents_on_scene", on_scene, incidents, targets.incidents_on_scene),
        Indicator("fire_rescue_present", fire_present, fire, targets.fire_rescue_present),
        Indicator(
            "teams_monthly_deed", regular, len(scoped) if months else 0, targets.teams_monthly_deed
        ),
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

    async def scope(self, commune_id: int | None) -> tuple[ReportScope, str]:
        """Return the scope of a commune (or of the province) and its name."""
        province = await self.env.store.ensure_province(self.province)
        if commune_id is None:
            return ReportScope(province_id=province.id), province.name
        commune = await self.env.store.get_commune(commune_id)
        return ReportScope(province_id=commune.province_id, commune_id=commune.id), commune.name

    async def teams(self, scope: ReportScope) -> list[Team]:
        """Return the teams a scope's monthly good-deed target counts."""
        if scope.commune_id is not None:
            return await self.env.store.list_teams(scope.commune_id)
        communes = {
            c.id for c in await self.env.store.list_communes() if c.province_id == scope.province_id
        }
        return [t for t in await self.env.store.list_teams() if t.commune_id in communes]

    async def _place_names(self, scope: ReportScope) -> list[str]:
        if scope.commune_id is not None:
            return [v.name for v in await self.env.store.list_villages(scope.commune_id)]
        communes = await self.env.store.list_communes()
        return [c.name for c in communes if c.province_id == scope.province_id]

    async def compute(
        self, commune_id: int | None, period: Period, as_of: datetime, *, trend: bool = True
    ) -> Figures:
        """Return the figures of a commune (or the province) for a period, as of a moment."""
        tz = self.env.tz
        scope, name = await self.scope(commune_id)
        start, end = utc_bounds(period, tz)
        # A report shows what was filed up to the moment it was asked for, that second
        # included (stored times have whole seconds).
        end = min(end, as_of.replace(microsecond=0) + timedelta(seconds=1))
        offset = offset_minutes(tz, start)
        aggregates = await self.env.store.report_aggregates(scope, start, end, offset)
        teams = await self.teams(scope)
        today = as_of.astimezone(tz).date()
        months = len(months_in(period, today))
        indicators = indicators_from(aggregates, self.targets, teams, months)
        categories: dict[EntryKind, Counter[str]] = {kind: Counter() for kind in KINDS}
        statuses: Counter[EntryStatus] = Counter()
        direct = 0
        for row in aggregates.groups:
            categories[row.kind][row.category] += row.count
            if row.kind != EntryKind.DEED:
                statuses[row.status] += row.count
            if row.kind == EntryKind.TIP and row.source == TipSource.DIRECT:
                direct += row.count
        full = {m.team_id for m in aggregates.team_months if m.months >= months}
        missing = [t.name for t in teams if t.id not in full] if months else []
        previous = None
        if trend:
            before = previous_period(period)
            prev_start, prev_end = utc_bounds(before, tz)
            prev = await self.env.store.report_aggregates(
                scope, prev_start, prev_end, offset, places=False
            )
            prev_months = len(months_in(before, today))
            previous = Snapshot(
                before,
                totals_from(prev),
                indicators_from(prev, self.targets, teams, prev_months),
            )
        by_commune: list[tuple[str, list[Indicator]]] = []
        if scope.commune_id is None:
            # One pass to split the counts by commune, then each commune's targets.
            split: dict[int, list[AggregateRow]] = {}
            for row in aggregates.groups:
                split.setdefault(row.commune_id, []).append(row)
            for commune in await self.env.store.list_communes():
                if commune.province_id == scope.province_id:
                    own = aggregates.model_copy(update={"groups": split.get(commune.id, [])})
                    by_commune.append(
                        (
                            commune.name,
                            indicators_from(own, self.targets, teams, months, commune.id),
                        )
                    )
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
            places=_places(aggregates, scope, await self._place_names(scope)),
            statuses=dict(statuses),
            direct_tips=direct,
            months=months,
            teams=len(teams),
            teams_missing=missing,
            previous=previous,
            by_commune=by_commune,
        )


def _places(aggregates: ReportAggregates, scope: ReportScope, names: list[str]) -> list[PlaceRow]:
    """Group counts by village (a commune's report) or by commune (the province's).

    Every village (or commune) is listed, those with nothing filed too: a silent village
    is something the report must show.
    """
    rows: dict[str, Counter[EntryKind]] = {name: Counter() for name in names}
    for place in aggregates.places:
        if scope.commune_id is None:
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
