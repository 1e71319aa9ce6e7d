"""APScheduler as an alarm clock: it wakes the planner, the database says what is due.

python-telegram-bot's JobQueue *is* an AsyncIOScheduler on the bot's own loop; the Runtime
hands us that one (or, with Zalo alone, its own) rather than starting a second scheduler.
Its store is in memory and that is fine: the jobs carry no data, have stable ids
(replace_existing) and are rebuilt from the calendar tables at every start, after every
calendar edit and after every tick.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import Clock
from scheduler.planner import Planner, TickReport

log = logging.getLogger(__name__)

#: The one-shot wake-up at the next due time (or at once, after a calendar edit).
TICK_JOB = "calendar:tick"
#: A periodic tick in case a wake-up was lost (clock jumps, a suspended machine).
SAFETY_JOB = "calendar:safety"
SAFETY_EVERY = timedelta(minutes=15)


class CalendarJobs:
    """Schedules the planner's ticks on the process's APScheduler."""

    def __init__(
        self,
        scheduler: AsyncIOScheduler,
        planner: Planner,
        clock: Clock,
        tz: tzinfo,
        on_queued: Callable[[], None] = lambda: None,
    ) -> None:
        self.scheduler = scheduler
        self.planner = planner
        self.clock = clock
        self.on_queued = on_queued
        self.tz = tz
        self.last: TickReport | None = None

    async def start(self) -> TickReport:
        """Catch up on what fell due while the bot was down, then schedule the next wake-up."""
        self.scheduler.add_job(
            self.run,
            IntervalTrigger(seconds=SAFETY_EVERY.total_seconds(), timezone=self.tz),
            id=SAFETY_JOB,
            replace_existing=True,
        )
        return await self.run()

    def poke(self) -> None:
        """Tick as soon as possible (the calendar changed)."""
        self._at(timedelta(0))

    def wake_by(self, moment: datetime) -> None:
        """Make sure the planner wakes by `moment` (an escalation falls due then).

        Cheap enough for every new entry: it only moves the one wake-up earlier, never
        ticks now, and leaves an earlier wake-up alone.
        """
        delay = max(timedelta(0), moment - self.clock.now())
        wanted = datetime.now(self.tz) + delay
        job = self.scheduler.get_job(TICK_JOB)
        planned = getattr(job, "next_run_time", None) if job is not None else None
        if planned is not None and planned <= wanted:
            return
        self._at(delay)

    async def run(self) -> TickReport:
        """Tick now, wake the outbox if anything was queued, and plan the next wake-up."""
        now = self.clock.now()
        try:
            report = await self.planner.tick(now)
            if report.sent or report.skipped:
                self.on_queued()
            upcoming = await self.planner.next_due(now)
        except Exception:
            # The bot must keep taking reports whatever the calendar does; the safety tick
            # tries again.
            log.exception("Calendar tick failed; trying again within %s", SAFETY_EVERY)
            return TickReport()
        self.last = report
        if upcoming is not None:
            # Relative to our clock, not the wall: a due time already past runs at once.
            self._at(max(timedelta(0), upcoming - now))
        return report

    def _at(self, delay: timedelta) -> None:
        self.scheduler.add_job(
            self.run,
            DateTrigger(run_date=datetime.now(self.tz) + delay, timezone=self.tz),
            id=TICK_JOB,
            replace_existing=True,
            # A late wake-up (busy loop, suspended machine) still ticks; the planner's
            # grace window decides what is too late.
            misfire_grace_time=None,
            coalesce=True,
        )
