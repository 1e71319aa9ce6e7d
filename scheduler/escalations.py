"""Escalations of untaken entries as sources of the durable planner (issue 10 §4).

Urgent: each step of an untaken alert is an occurrence keyed
``escalate:<entry>:<round>:<step>`` (the round counts forwards, so a forwarded entry's
new commune gets its own steps), due `step × police.escalate_after` after its commune was
told. Routine: entries whose `police.take_within` working hours run out at the same
minute share one occurrence, ``untaken:<yyyy-mm-ddTHH:MM>`` (UTC), so a night's tips make
one listing on the morning they fall due, not one message each. The planner decides each
occurrence once, in the ledger, with its messages: across a restart a step is neither
repeated nor lost, and one that fell due while the bot was down goes out at start-up.
An entry someone took no longer lists its occurrences, and a step built after it was taken
sends nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from bot.messages import Outbound
from bot.services.escalation import STEPS, EscalationService, escalates
from bot.texts import Texts
from scheduler.planner import Occurrence
from storage.models import ScheduledSend


def _keyed(occurrence: Occurrence, messages: Sequence[Outbound]) -> list[ScheduledSend]:
    """Key each message: an alert copy by its own key (found again to be edited), anything
    else (a photo album, a listing) by the occurrence key and its place."""
    return [
        ScheduledSend(key=message.key or f"{occurrence.key}#{index}", message=message)
        for index, message in enumerate(messages)
    ]


class _UntakenSource:
    """What both sources share: the service that builds their messages, their window."""

    #: A step more than this late (a long outage) is skipped: the digest lists it as open.
    grace = timedelta(hours=24)
    report_skips = False

    def __init__(self, escalation: EscalationService) -> None:
        self.escalation = escalation

    async def prepare(self, now: datetime) -> None:
        """Nothing to prepare: untaken entries are read as they are."""


class UrgentEscalation(_UntakenSource):
    """Steps of an urgent alert nobody took: the group again, each officer, the admins."""

    name = "escalate"

    async def occurrences(self, start: datetime, end: datetime) -> Sequence[Occurrence]:
        """Return the steps due in (start, end] of urgent entries nobody has taken."""
        since = start - timedelta(minutes=len(STEPS) * self.escalation.step_minutes)
        found = []
        for row in await self.escalation.env.store.untaken_entries(since):
            if not escalates(row, urgent=True):
                continue
            for step in STEPS:
                due = self.escalation.step_due(row.started_at, step)
                if start < due <= end:
                    found.append(
                        Occurrence(
                            key=f"{self.name}:{row.id}:{row.round}:{step}",
                            due_at=due,
                            source=self.name,
                            ref=(row.id, row.round, step),
                        )
                    )
        return sorted(found, key=lambda o: o.due_at)

    async def build(self, occurrence: Occurrence, now: datetime) -> Sequence[ScheduledSend]:
        """Return the step's messages, or none if someone took the entry meanwhile."""
        entry_id, round_, step = occurrence.ref
        return _keyed(occurrence, await self.escalation.urgent_step(entry_id, round_, step))

    async def describe(self, occurrence: Occurrence, texts: Texts) -> str:
        """Name a step: "TB-2026-000012, bước 2"."""
        entry_id, _, step = occurrence.ref
        entry = await self.escalation.env.store.get_entry_by_id(entry_id)
        return texts("escalate.describe", code=entry.code if entry else entry_id, step=step)


class UntakenRoutine(_UntakenSource):
    """The listing of routine entries still untaken after the working hours they had."""

    name = "untaken"

    async def occurrences(self, start: datetime, end: datetime) -> Sequence[Occurrence]:
        """Return one occurrence per minute at which some routine entries' time runs out."""
        since = self.escalation.earliest_start(start)
        due: set[datetime] = set()
        for row in await self.escalation.env.store.untaken_entries(since):
            if not escalates(row, urgent=False):
                continue
            deadline = self.escalation.deadline(row.started_at)
            if start < deadline <= end:
                due.add(deadline)
        return [
            Occurrence(
                key=f"{self.name}:{moment.astimezone(UTC):%Y-%m-%dT%H:%M}",
                due_at=moment,
                source=self.name,
            )
            for moment in sorted(due)
        ]

    async def build(self, occurrence: Occurrence, now: datetime) -> Sequence[ScheduledSend]:
        """Return the listings of the entries whose time ran out at that minute."""
        entries = await self.escalation.untaken_routine(occurrence.due_at)
        messages = await self.escalation.routine_listing(entries, occurrence.due_at)
        return _keyed(occurrence, messages)

    async def describe(self, occurrence: Occurrence, texts: Texts) -> str:
        """Name a listing by its moment."""
        return texts(
            "untaken.describe",
            when=occurrence.due_at.astimezone(self.escalation.env.tz).strftime("%d/%m/%Y %H:%M"),
        )
