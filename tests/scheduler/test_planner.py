"""The planner: each occurrence decided once — queued within the grace, skipped after it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain import Channel
from bot.messages import Outbound
from bot.texts import Texts
from scheduler.planner import Occurrence, Planner
from storage import SqliteStore
from storage.models import ScheduledSend

START = datetime(2026, 11, 1, tzinfo=UTC)
CHATS = ("101", "102", "103")


class Daily:
    """A source with one occurrence a day at 01:00 UTC, sent to three chats."""

    name = "daily"

    def __init__(self) -> None:
        self.built: list[str] = []

    async def prepare(self, now: datetime) -> None:
        """Nothing to prepare."""

    async def occurrences(self, start: datetime, end: datetime) -> list[Occurrence]:
        found = []
        day = start.replace(hour=1, minute=0, second=0, microsecond=0)
        while day <= end:
            if start < day:
                found.append(Occurrence(f"daily:{day:%Y-%m-%d}", day, self.name))
            day += timedelta(days=1)
        return found

    async def build(self, occurrence: Occurrence, now: datetime) -> list[ScheduledSend]:
        self.built.append(occurrence.key)
        return [
            ScheduledSend(
                key=occurrence.key,
                message=Outbound(channel=Channel.TELEGRAM, chat_id=chat, text=occurrence.key),
            )
            for chat in CHATS
        ]

    async def describe(self, occurrence: Occurrence, texts: Texts) -> str:
        return occurrence.key


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    db = SqliteStore(tmp_path / "p.sqlite3", synchronous="NORMAL")
    await db.open()
    yield db
    await db.close()


async def queued(store: SqliteStore) -> list[tuple[str, str]]:
    rows = await store.db.fetchall("SELECT dedupe_key, chat_id FROM outbox ORDER BY id")
    return [(r[0], r[1]) for r in rows]


async def test_a_due_occurrence_is_queued_once_for_every_chat(store: SqliteStore) -> None:
    source = Daily()
    planner = Planner(store, [source], grace=timedelta(hours=24))
    assert (await planner.tick(START)).queued == 0  # scheduling starts here
    report = await planner.tick(START + timedelta(hours=1))
    assert [(o.key, n) for o, n in report.sent] == [("daily:2026-11-01", 3)]
    again = await planner.tick(START + timedelta(hours=2))
    assert again.sent == [] and again.skipped == []
    assert await queued(store) == [("daily:2026-11-01", c) for c in CHATS]
    assert source.built == ["daily:2026-11-01"]


async def test_nothing_from_before_scheduling_began(store: SqliteStore) -> None:
    planner = Planner(store, [Daily()], grace=timedelta(days=30))
    report = await planner.tick(START + timedelta(hours=5))
    assert report.sent == [] and report.skipped == []


async def test_after_downtime_recent_ones_go_out_older_ones_are_skipped_and_told(
    store: SqliteStore,
) -> None:
    told: list[Sequence[Occurrence]] = []

    async def notice(skipped: Sequence[Occurrence], now: datetime) -> None:
        told.append(skipped)

    planner = Planner(store, [Daily()], grace=timedelta(hours=24), on_skipped=notice)
    await planner.tick(START)
    # Down for four days; back at 00:30 on 05/11: 01/11–03/11 are too late, 04/11 is not.
    report = await planner.tick(datetime(2026, 11, 5, 0, 30, tzinfo=UTC))
    assert [o.key for o in report.skipped] == [
        "daily:2026-11-01",
        "daily:2026-11-02",
        "daily:2026-11-03",
    ]
    assert [o.key for o, _ in report.sent] == ["daily:2026-11-04"]
    assert [[o.key for o in batch] for batch in told] == [[o.key for o in report.skipped]]
    # Skipped stays skipped: a later tick neither sends nor tells again.
    later = await planner.tick(datetime(2026, 11, 5, 0, 40, tzinfo=UTC))
    assert later.sent == [] and later.skipped == [] and len(told) == 1
    keys = {k for k, _ in await queued(store)}
    assert keys == {"daily:2026-11-04"}


async def test_next_due_is_the_first_undecided_occurrence(store: SqliteStore) -> None:
    planner = Planner(store, [Daily()], grace=timedelta(hours=24))
    await planner.tick(START)
    assert await planner.next_due(START) == START + timedelta(hours=1)
    await planner.tick(START + timedelta(hours=1))
    assert await planner.next_due(START + timedelta(hours=1)) == START + timedelta(days=1, hours=1)


async def test_two_ticks_at_once_queue_one_broadcast(store: SqliteStore) -> None:
    source = Daily()
    planner = Planner(store, [source], grace=timedelta(hours=24))
    other = Planner(store, [Daily()], grace=timedelta(hours=24))  # another wake-up path
    await planner.tick(START)
    moment = START + timedelta(hours=1)
    reports = await asyncio.gather(planner.tick(moment), planner.tick(moment), other.tick(moment))
    assert sum(r.queued for r in reports) == 3
    assert len(await queued(store)) == 3


async def test_a_source_name_is_registered_once(store: SqliteStore) -> None:
    planner = Planner(store, [Daily()], grace=timedelta(hours=1))
    with pytest.raises(ValueError, match="already registered"):
        planner.register(Daily())


class Broken(Daily):
    """A source whose listing fails."""

    name = "broken"

    async def occurrences(self, start: datetime, end: datetime) -> list[Occurrence]:
        raise RuntimeError("bug in a source")


class Flaky(Daily):
    """A source whose building fails once."""

    name = "flaky"

    def __init__(self) -> None:
        super().__init__()
        self.failed = False

    async def occurrences(self, start: datetime, end: datetime) -> list[Occurrence]:
        return [
            Occurrence(o.key.replace("daily", "flaky"), o.due_at, self.name)
            for o in await super().occurrences(start, end)
        ]

    async def build(self, occurrence: Occurrence, now: datetime) -> list[ScheduledSend]:
        if not self.failed:
            self.failed = True
            raise RuntimeError("database hiccup")
        return await super().build(occurrence, now)


async def test_a_broken_source_does_not_stop_the_others_and_a_failed_build_is_retried(
    store: SqliteStore, caplog: pytest.LogCaptureFixture
) -> None:
    flaky = Flaky()
    planner = Planner(store, [Broken(), flaky, Daily()], grace=timedelta(hours=24))
    await planner.tick(START)
    report = await planner.tick(START + timedelta(hours=1))
    assert [o.key for o, _ in report.sent] == ["daily:2026-11-01"]
    assert "bug in a source" in caplog.text and "database hiccup" in caplog.text
    retry = await planner.tick(START + timedelta(hours=2))
    assert [o.key for o, _ in retry.sent] == ["flaky:2026-11-01"]
