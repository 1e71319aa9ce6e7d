"""The retention purge: photos and tip sources older than the configured months go."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.clock import Clock
from storage.base import Store
from storage.models import Purge

log = logging.getLogger(__name__)

#: The purge runs daily at this local time, when nobody is reporting.
PURGE_AT = time(3, 15)


def cutoff(now: datetime, months: int, tz: ZoneInfo) -> datetime:
    """Return the local midnight `months` calendar months before `now`."""
    local = now.astimezone(tz)
    month_index = local.year * 12 + (local.month - 1) - months
    year, month = divmod(month_index, 12)
    return datetime(year, month + 1, 1, tzinfo=tz)


def _delete(files: list[str]) -> None:
    for name in files:
        try:
            Path(name).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("Retention: could not delete a media file: %s", exc.strerror)


def schedule_retention(
    scheduler: AsyncIOScheduler, store: Store, clock: Clock, months: int, tz: ZoneInfo
) -> None:
    """Run the purge once at start-up and then daily (it is idempotent)."""
    if months <= 0:
        return

    async def run() -> None:
        await purge(store, clock, months, tz)

    scheduler.add_job(run, id="retention:startup", replace_existing=True)
    scheduler.add_job(
        run,
        CronTrigger(hour=PURGE_AT.hour, minute=PURGE_AT.minute, timezone=tz),
        id="retention:daily",
        replace_existing=True,
    )


async def purge(store: Store, clock: Clock, months: int, tz: ZoneInfo) -> Purge | None:
    """Run the purge once; delete the local files it frees. None when retention is off."""
    if months <= 0:
        return None
    now = clock.now()
    done = await store.purge_before(cutoff(now, months, tz), now)
    await asyncio.to_thread(_delete, done.files)
    if done.media or done.sources:
        log.info("Retention purge: %d media, %d tip sources", done.media, done.sources)
    return done
