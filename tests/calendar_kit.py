"""Helpers for the calendar tests: a bench on a stopped clock, entries, ticks."""

from __future__ import annotations

import asyncio
import itertools
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from bot.devtools.fake_telegram import FakeTelegram, FakeUser
from bot.domain import Channel, EntryKind, Role, TipSource
from harness import Bench, settings_for
from scheduler.planner import TickReport
from storage.models import Entry, NewEntry, Team

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
_drafts = itertools.count(1_000_000)


def local(year: int, month: int, day: int, hour: int = 8, minute: int = 0) -> datetime:
    """Return an aware Vietnam-time moment."""
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL)


async def calendar_bench(
    fake: FakeTelegram, tmp_path: Path, start: datetime, **overrides: Any
) -> Bench:
    """Start a seeded bench whose clock stands still at `start` until moved."""
    bench = Bench(fake, tmp_path / "antt.sqlite3", clock=ManualClock(start))
    # Digests are planner occurrences too; these tests watch reminders only.
    overrides.setdefault("digests", {"daily": "", "weekly": ""})
    bench.settings = settings_for(fake, bench.db, **overrides)
    await bench.start()
    await bench.seed()
    return bench


def clock(bench: Bench) -> ManualClock:
    """Return the bench's manual clock."""
    assert isinstance(bench.clock, ManualClock)
    return bench.clock


async def settle(bench: Bench, timeout: float = 5.0) -> None:  # noqa: ASYNC109
    """Wait until the outbox has delivered everything due at the clock's time."""
    assert bench.runtime is not None
    dispatcher = bench.runtime.dispatcher
    dispatcher.kick()
    deadline = time.monotonic() + timeout
    while dispatcher.busy or await bench.store.outbox_due_chats(bench.clock.now(), limit=1):
        assert time.monotonic() < deadline, "the outbox did not settle"
        await asyncio.sleep(0.01)
    await bench.fake.wait_idle(quiet=0.05)


async def at(bench: Bench, moment: datetime) -> TickReport:
    """Move the clock to a moment and let the scheduler tick there, as its wake-up would."""
    clock(bench).set(moment)
    assert bench.runtime is not None
    report = await bench.runtime.calendar.run()
    await settle(bench)
    return report


async def log_entry(
    bench: Bench,
    user: FakeUser,
    kind: EntryKind,
    category: str,
    *,
    action: str | None = None,
) -> Entry:
    """Store an entry by a member at the clock's time (the flows are tested on their own)."""
    person = await bench.person(user)
    assert person.team_id is not None and person.commune_id is not None
    team = await bench.store.get_team(person.team_id)
    now = bench.clock.now()
    entry, _ = await bench.store.submit_entry(
        NewEntry(
            kind=kind,
            reporter_id=person.id,
            team_id=person.team_id,
            village_id=team.village_id,
            commune_id=person.commune_id,
            source=TipSource.FORCE,
            category=category,
            description="Ghi chép thử",
            on_scene=True if kind == EntryKind.INCIDENT else None,
            action=action,
            created_at=now,
            code_year=now.astimezone(LOCAL).year,
        ),
        draft_id=next(_drafts),
        channel=Channel.TELEGRAM,
        inbox_key=None,
        render=lambda e: [],
        now=now,
    )
    return entry


async def add_members(
    bench: Bench, count: int, team: Team, role: Role = Role.MEMBER, prefix: str = "Thành viên"
) -> list[FakeUser]:
    """Register many phone users at once, straight in storage (joining is tested elsewhere)."""
    code = await bench.invite(role, team)
    async with bench.store.db.write() as conn:  # type: ignore[attr-defined]
        await conn.execute("UPDATE invites SET max_uses = ? WHERE code = ?", (count + 1, code))
    users = []
    for number in range(count):
        user = bench.fake.user(f"{prefix} {number + 1}")
        await bench.store.redeem_invite(
            code,
            channel=Channel.TELEGRAM,
            external_id=str(user.id),
            chat_id=str(user.id),
            name=user.first_name,
            language="vi",
            now=bench.clock.now(),
            inbox_key=None,
            render=lambda person: [],
        )
        users.append(user)
    return users


class RunningClock:
    """A clock that runs with the wall clock but started at a chosen moment."""

    def __init__(self, start: datetime) -> None:
        self.start = start
        self.began = time.monotonic()

    def now(self) -> datetime:
        """Return the start plus the real time elapsed."""
        return self.start + timedelta(seconds=time.monotonic() - self.began)
