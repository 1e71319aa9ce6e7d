"""Commune digests as a source of the durable planner.

Each commune's daily and weekly digests are occurrences keyed
`digest:<kind>:<commune>:<yyyy-mm-dd>`, due at the commune's scheduled local time (the
defaults in [digests], or what an admin set with /lichbantin). The planner decides each
once: a restart never sends one twice, and one that fell due while the bot was down goes
out at start-up within the grace window. A digest is built as of its scheduled moment, so
a late one covers the same window it would have covered on time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.fmt import local_date
from bot.reports.digest import DigestBuilder, DigestKind, digest_key
from bot.services.digests import DigestService, due_slots
from bot.texts import Texts
from scheduler.planner import Occurrence
from storage.errors import NotFound
from storage.messages import part_keys
from storage.models import ScheduledSend

KINDS: tuple[DigestKind, DigestKind] = ("daily", "weekly")


class DigestSource:
    """Daily and weekly digests for every commune police chat."""

    name = "digest"
    #: A digest more than this late is stale (the next one is near): skipped, and not
    #: reported to the admins as a missed reminder would be.
    grace = timedelta(hours=6)
    report_skips = False

    def __init__(self, service: DigestService, builder: DigestBuilder) -> None:
        self.service = service
        self.builder = builder

    async def prepare(self, now: datetime) -> None:
        """Nothing to bring up to date: schedules are read as they are."""

    async def occurrences(self, start: datetime, end: datetime) -> Sequence[Occurrence]:
        """Return the digests whose local time falls in (start, end]."""
        found = []
        for schedule in await self.service.schedules():
            for slot in due_slots(schedule, start, end, self.service.env):
                found.append(
                    Occurrence(
                        key=digest_key(slot.kind, slot.commune_id, slot.day),
                        due_at=slot.moment,
                        source=self.name,
                        ref=(slot.commune_id, KINDS.index(slot.kind)),
                    )
                )
        return sorted(found, key=lambda o: o.due_at)

    async def build(self, occurrence: Occurrence, now: datetime) -> Sequence[ScheduledSend]:
        """Build the digest as of its moment; each part keyed so it is delivered once."""
        commune_id, kind = occurrence.ref
        messages = await self.builder.build_digest(commune_id, KINDS[kind], occurrence.due_at)
        return [
            ScheduledSend(key=key, message=message)
            for message, key in zip(messages, part_keys(messages, occurrence.key), strict=True)
        ]

    async def describe(self, occurrence: Occurrence, texts: Texts) -> str:
        """Name a digest: "Bản tin ngày — Xã Hòa An (20/11/2026)"."""
        commune_id, kind = occurrence.ref
        try:
            commune = (await self.service.env.store.get_commune(commune_id)).name
        except NotFound:
            return occurrence.key
        day = local_date(occurrence.due_at, self.service.env.tz)
        return texts(f"digest.describe.{KINDS[kind]}", commune=commune, date=day)
