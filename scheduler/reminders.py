"""The planner's sources for issue 4: deadline reminders, phase reports, the monthly nudge."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo

from bot.calendar.dates import local_day, moment, next_month, reminder_moments
from bot.config import CalendarSettings
from bot.domain import Audience
from bot.fmt import local_date
from bot.services.reminders import ReminderComposer, of_deadline, of_phase
from bot.texts import Texts
from scheduler.planner import Occurrence, Source
from storage.base import Store
from storage.errors import NotFound
from storage.models import AnnualSpec, ScheduledSend


class DeadlineSource:
    """Reminders before each deadline, at the configured offsets and time of day.

    Key: ``reminder:<deadline id>:<days before>:<date>`` — the date is in the key, so a
    deadline moved to another day is reminded of again, and one moved back is not.
    """

    name = "reminder"

    def __init__(
        self,
        store: Store,
        composer: ReminderComposer,
        settings: CalendarSettings,
        tz: tzinfo,
    ) -> None:
        self.store = store
        self.composer = composer
        self.settings = settings
        self.tz = tz

    def annual_specs(self, years: Sequence[int]) -> list[AnnualSpec]:
        """Return the configured annual deadlines for some years."""
        return [
            AnnualSpec(
                series=spec.key,
                year=year,
                name=spec.name,
                due=spec.on(year),
                audience=frozenset(Audience(a) for a in spec.audience),
                report=spec.report,
            )
            for year in years
            for spec in self.settings.annual
        ]

    async def prepare(self, now: datetime) -> None:
        """Make sure this year's and next year's annual deadlines exist."""
        year = local_day(now, self.tz).year
        specs = self.annual_specs([year, year + 1])
        if specs:
            await self.store.ensure_annual(specs, now)

    async def occurrences(self, start: datetime, end: datetime) -> list[Occurrence]:
        """Return the reminders due in (start, end]."""
        found = []
        for deadline in await self.store.list_deadlines(due_from=local_day(start, self.tz)):
            for days, due_at in reminder_moments(
                deadline.due, self.settings.offsets, self.settings.at, self.tz
            ):
                if start < due_at <= end and due_at > deadline.planned_from:
                    found.append(
                        Occurrence(
                            key=f"{self.name}:{deadline.id}:{days}:{deadline.due.isoformat()}",
                            due_at=due_at,
                            source=self.name,
                            ref=(deadline.id, days),
                        )
                    )
        return found

    async def build(self, occurrence: Occurrence, now: datetime) -> list[ScheduledSend]:
        """Return the reminder's messages (none if the deadline was removed meanwhile)."""
        deadline_id, days = occurrence.ref
        try:
            deadline = await self.store.get_deadline(deadline_id)
        except NotFound:
            return []
        return await self.composer.remind(occurrence.key, of_deadline(deadline), days, now)

    async def describe(self, occurrence: Occurrence, texts: Texts) -> str:
        """Name the reminder: "Báo cáo … (15/11/2026), 7 ngày trước"."""
        deadline_id, days = occurrence.ref
        try:
            deadline = await self.store.get_deadline(deadline_id)
        except NotFound:
            return occurrence.key
        return texts("cal.describe", name=deadline.name, date=local_date(deadline.due), days=days)


class PhaseSource:
    """Reminders before each phase's report date; leaders are told what their team lacks.

    Key: ``phase:<phase id>:<days before>:<report date>``.
    """

    name = "phase"

    def __init__(
        self,
        store: Store,
        composer: ReminderComposer,
        settings: CalendarSettings,
        tz: tzinfo,
        language: str = "vi",
    ) -> None:
        self.store = store
        self.composer = composer
        self.settings = settings
        self.tz = tz
        self.texts = Texts(language)

    async def prepare(self, now: datetime) -> None:
        """Nothing to prepare: phases are entered by admins."""

    async def occurrences(self, start: datetime, end: datetime) -> list[Occurrence]:
        """Return the report reminders due in (start, end]."""
        found = []
        for phase in await self.store.list_phases(reporting_from=local_day(start, self.tz)):
            for days, due_at in reminder_moments(
                phase.report, self.settings.offsets, self.settings.at, self.tz
            ):
                if start < due_at <= end and due_at > phase.planned_from:
                    found.append(
                        Occurrence(
                            key=f"{self.name}:{phase.id}:{days}:{phase.report.isoformat()}",
                            due_at=due_at,
                            source=self.name,
                            ref=(phase.id, days),
                        )
                    )
        return found

    async def build(self, occurrence: Occurrence, now: datetime) -> list[ScheduledSend]:
        """Return the report reminder's messages (none if the phase was removed)."""
        phase_id, days = occurrence.ref
        try:
            phase = await self.store.get_phase(phase_id)
        except NotFound:
            return []
        return await self.composer.remind(occurrence.key, of_phase(phase, self.texts), days, now)

    async def describe(self, occurrence: Occurrence, texts: Texts) -> str:
        """Name the reminder of a phase report."""
        phase_id, days = occurrence.ref
        try:
            phase = await self.store.get_phase(phase_id)
        except NotFound:
            return occurrence.key
        name = texts("cal.phase_report", phase=phase.name)
        return texts("cal.describe", name=name, date=local_date(phase.report), days=days)


class NudgeSource:
    """The monthly nudge to teams with no good deed yet that month. Key: ``nudge:YYYY-MM``."""

    name = "nudge"

    def __init__(
        self, store: Store, composer: ReminderComposer, settings: CalendarSettings, tz: tzinfo
    ) -> None:
        self.store = store
        self.composer = composer
        self.settings = settings
        self.tz = tz

    async def prepare(self, now: datetime) -> None:
        """Nothing to prepare."""

    def _moment(self, month: date) -> datetime:
        return moment(month.replace(day=self.settings.nudge_day), self.settings.nudge_at, self.tz)

    async def occurrences(self, start: datetime, end: datetime) -> list[Occurrence]:
        """Return the nudges due in (start, end]: one per month."""
        if not self.settings.nudge_day:
            return []
        found = []
        month = local_day(start, self.tz).replace(day=1)
        last = local_day(end, self.tz)
        while month <= last:
            due_at = self._moment(month)
            if start < due_at <= end:
                found.append(
                    Occurrence(
                        key=f"{self.name}:{month:%Y-%m}",
                        due_at=due_at,
                        source=self.name,
                        ref=(month.year, month.month),
                    )
                )
            month = next_month(month)
        return found

    async def build(self, occurrence: Occurrence, now: datetime) -> list[ScheduledSend]:
        """Return the nudges to the teams still without a good deed this month."""
        return await self.composer.nudge(occurrence.key, now)

    async def describe(self, occurrence: Occurrence, texts: Texts) -> str:
        """Name the nudge of a month."""
        year, month = occurrence.ref
        return texts("cal.describe_nudge", month=month, year=year)


async def notify_skipped(
    composer: ReminderComposer,
    sources: Sequence[Source],
    skipped: Sequence[Occurrence],
    now: datetime,
) -> None:
    """Tell the admins which sends the bot skipped because it was down too long."""
    by_name = {s.name: s for s in sources}
    texts = Texts(composer.env.default_language)
    labels = []
    for occurrence in skipped:
        source = by_name.get(occurrence.source)
        label = await source.describe(occurrence, texts) if source else occurrence.key
        labels.append((label, occurrence.due_at))
    await composer.skipped_notice(labels, f"skipped:{skipped[0].key}", now)
