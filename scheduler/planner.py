"""The planner: given the calendar in the database and a moment, which sends are due.

Every scheduled send (a deadline reminder, the monthly nudge, later the police digests)
comes from a *source* that lists its occurrences — a stable key and a due moment — and
builds the messages of one occurrence. `tick(now)` decides each occurrence that has come
due exactly once: within the grace window its messages are queued in the outbox, in the
same transaction that records the decision in `schedule_runs`; older ones are recorded as
skipped and logged. Each message carries the occurrence key as its outbox dedupe key, so
a (key, chat) pair is queued at most once, ever.

APScheduler only wakes the planner up (scheduler/jobs.py); tests call `tick` with a moved
clock. Nothing here sleeps or reads the wall clock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from bot.texts import Texts
from storage.base import Store
from storage.models import ScheduledSend

log = logging.getLogger(__name__)

#: How far back a tick looks for occurrences nobody decided (a long outage, a late edit).
LOOKBACK = timedelta(days=40)
#: How far ahead `next_due` looks; beyond it the safety tick takes over.
HORIZON = timedelta(days=40)


@dataclass(frozen=True)
class Occurrence:
    """One scheduled send: its ledger key, when it is due, and what the source needs."""

    #: Stable and unique across sources: "reminder:12:7:2026-11-15", "nudge:2026-11".
    key: str
    due_at: datetime
    source: str
    #: Source-specific ids (never text): e.g. (deadline id, days before).
    ref: tuple[int, ...] = ()


class Source(Protocol):
    """Something that sends on a schedule: deadline reminders, nudges, digests.

    A source may also set `grace` (a timedelta: its own catch-up window instead of the
    planner's) and `report_skips = False` (its skipped sends are logged, not told to
    the admins).
    """

    #: Short ASCII name, also the prefix of its keys.
    name: str

    async def prepare(self, now: datetime) -> None:
        """Bring the source's own data up to date before planning (e.g. annual deadlines)."""
        ...

    async def occurrences(self, start: datetime, end: datetime) -> Sequence[Occurrence]:
        """Return the occurrences due in (start, end], oldest first."""
        ...

    async def build(self, occurrence: Occurrence, now: datetime) -> Sequence[ScheduledSend]:
        """Return the messages of an occurrence (each keyed, usually by the occurrence key)."""
        ...

    async def describe(self, occurrence: Occurrence, texts: Texts) -> str:
        """Name an occurrence for people (the admins' note about skipped sends)."""
        ...


#: Called with the occurrences a tick skipped, to tell someone (the admins).
SkipNotice = Callable[[Sequence[Occurrence], datetime], Awaitable[None]]


@dataclass
class TickReport:
    """What one tick decided."""

    sent: list[tuple[Occurrence, int]] = field(default_factory=list)
    skipped: list[Occurrence] = field(default_factory=list)

    @property
    def queued(self) -> int:
        """Return how many messages were queued."""
        return sum(count for _, count in self.sent)


class Planner:
    """Decides due occurrences of all registered sources, each exactly once."""

    def __init__(
        self,
        store: Store,
        sources: Sequence[Source] = (),
        *,
        grace: timedelta,
        on_skipped: SkipNotice | None = None,
    ) -> None:
        self.store = store
        self.sources: list[Source] = list(sources)
        self.grace = grace
        self.on_skipped = on_skipped
        # Two ticks at once (a due time and an edit) would build the same broadcast twice.
        self._lock = asyncio.Lock()

    def register(self, source: Source) -> None:
        """Add a source (the police digests plug in here)."""
        if any(s.name == source.name for s in self.sources):
            raise ValueError(f"a source named {source.name!r} is already registered")
        self.sources.append(source)

    async def due(self, now: datetime) -> list[Occurrence]:
        """Return the undecided occurrences due by `now`, oldest first."""
        since = await self.store.schedule_since(now)
        start = max(since, now - LOOKBACK)
        found: list[Occurrence] = []
        for source in self.sources:
            try:
                await source.prepare(now)
                found += [o for o in await source.occurrences(start, now) if o.due_at > since]
            except Exception:
                # One broken source must not hold up the others; it is asked again next tick.
                log.exception("Source %s could not list its sends", source.name)
        if not found:
            return []
        decided = await self.store.runs_decided([o.key for o in found])
        return sorted((o for o in found if o.key not in decided), key=lambda o: o.due_at)

    async def tick(self, now: datetime) -> TickReport:
        """Queue every due send not yet queued; skip (and log) those older than the grace."""
        report = TickReport()
        # Where several processes share the database, one plans; the others try again at
        # each of their wake-ups and take over when it ends. (Two planning at once would
        # still queue each reminder once: the ledger and the outbox's dedupe key hold.)
        if not await self.store.lead("planner"):
            return report
        async with self._lock:
            by_name = {s.name: s for s in self.sources}
            for occurrence in await self.due(now):
                source = by_name[occurrence.source]
                # A source may keep its own window: a digest a day late is just noise.
                grace = getattr(source, "grace", None) or self.grace
                if occurrence.due_at < now - grace:
                    done = await self.store.record_run(
                        occurrence.key, occurrence.due_at, "skipped", [], now
                    )
                    if done is not None:
                        log.warning(
                            "Skipped %s: due %s, %s late (grace %s)",
                            occurrence.key,
                            occurrence.due_at.isoformat(),
                            now - occurrence.due_at,
                            grace,
                        )
                        if getattr(source, "report_skips", True):
                            report.skipped.append(occurrence)
                    continue
                try:
                    sends = await source.build(occurrence, now)
                except Exception:
                    # Not recorded: the next tick tries again (until the grace runs out).
                    log.exception("Could not build %s", occurrence.key)
                    continue
                queued = await self.store.record_run(
                    occurrence.key, occurrence.due_at, "sent", sends, now
                )
                if queued is not None:
                    log.info("Queued %s: %d message(s)", occurrence.key, queued)
                    report.sent.append((occurrence, queued))
        if report.skipped and self.on_skipped is not None:
            await self.on_skipped(report.skipped, now)
        return report

    async def next_due(self, now: datetime) -> datetime | None:
        """Return when the next undecided occurrence falls due (within the horizon)."""
        upcoming: list[Occurrence] = []
        for source in self.sources:
            try:
                upcoming += await source.occurrences(now, now + HORIZON)
            except Exception:
                log.exception("Source %s could not list its sends", source.name)
        if not upcoming:
            return None
        decided = await self.store.runs_decided([o.key for o in upcoming])
        pending = [o.due_at for o in upcoming if o.key not in decided]
        return min(pending) if pending else None
