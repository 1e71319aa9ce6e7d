"""A new urgent entry moves the planner's one wake-up earlier, never later."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import ManualClock
from scheduler.jobs import TICK_JOB, CalendarJobs
from scheduler.planner import Planner
from storage import SqliteStore

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


@pytest.fixture
async def jobs(tmp_path: Path) -> AsyncIterator[CalendarJobs]:
    store = SqliteStore(tmp_path / "antt.sqlite3")
    await store.open()
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.start(paused=True)  # nothing runs: the test reads the plan
    try:
        yield CalendarJobs(
            scheduler, Planner(store, grace=timedelta(hours=1)), ManualClock(NOW), UTC
        )
    finally:
        scheduler.shutdown(wait=False)
        await store.close()


def planned(jobs: CalendarJobs) -> timedelta:
    job = jobs.scheduler.get_job(TICK_JOB)
    assert job is not None and job.next_run_time is not None
    return job.next_run_time - datetime.now(UTC)


async def test_wake_by_only_moves_the_wake_up_earlier(jobs: CalendarJobs) -> None:
    assert jobs.scheduler.get_job(TICK_JOB) is None
    jobs.wake_by(NOW + timedelta(minutes=15))
    assert timedelta(minutes=14) < planned(jobs) <= timedelta(minutes=15)
    jobs.wake_by(NOW + timedelta(hours=8))  # a routine deadline: later, so no change
    assert planned(jobs) <= timedelta(minutes=15)
    jobs.wake_by(NOW + timedelta(minutes=5))
    assert timedelta(minutes=4) < planned(jobs) <= timedelta(minutes=5)
    jobs.wake_by(NOW - timedelta(minutes=1))  # already due: at once
    assert planned(jobs) <= timedelta(seconds=1)
