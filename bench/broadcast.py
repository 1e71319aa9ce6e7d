"""Benchmark: one deadline reminder to 10,000 members through the fake Bot API.

The real Runtime (planner, APScheduler wake-up, outbox, python-telegram-bot with its
AIORateLimiter) runs against the bundled fake Telegram with its flood limits on: about 30
messages a second overall, one a second per chat after a burst of three (429 with
retry_after beyond that). The clock is the wall clock shifted so that the reminder falls
due a few seconds after start-up: APScheduler wakes the planner, which queues the whole
broadcast in one transaction, and the outbox delivers it.

Reported: time from the due moment to the last delivery against the floor of N / 30 s,
duplicates and losses (each member must get exactly one), 429 answers, peak memory.
Baselines in the same run: the same broadcast with the outbox's pacing off (only
python-telegram-bot's AIORateLimiter between the bot and the flood limits), and the
outbox draining the same number of messages into a sender that does nothing (the bot's
own ceiling, Telegram aside).

    python bench/broadcast.py                   # 10,000 members (about twelve minutes)
    python bench/broadcast.py --members 1000    # a quick look
    python bench/broadcast.py --no-baseline     # the paced run only
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import resource
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import person_name, village_name
from bot.app import Runtime
from bot.cli import setup_logging
from bot.clock import SystemClock
from bot.config import parse_settings
from bot.devtools.fake_telegram import FakeTelegram, SentMessage
from bot.domain import Audience, Channel, Role
from bot.messages import Outbound
from bot.outbox import OutboxDispatcher
from storage.clock import to_db
from storage.models import NewDeadline, ScheduledSend
from storage.sqlite import SqliteStore

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DUE = date(2027, 1, 10)
#: The reminder one day before, at 08:00 local.
MOMENT = datetime(2027, 1, 9, 8, 0, tzinfo=VN)
LEAD = 5.0
TELEGRAM_RATE = 30.0


class ShiftedClock:
    """The wall clock, moved so that the reminder falls due `lead` seconds from now."""

    def __init__(self, moment: datetime, lead: float) -> None:
        self.offset = moment - datetime.now(UTC) - timedelta(seconds=lead)

    def now(self) -> datetime:
        """Return the shifted time."""
        return datetime.now(UTC) + self.offset


@dataclass
class Result:
    """What one run measured."""

    members: int
    seconds: float
    queue_seconds: float
    delivered: int
    duplicates: int
    lost: int
    flood_429s: int
    peak_mib: float


async def seed(store: SqliteStore, fake: FakeTelegram, members: int, now: datetime) -> None:
    """Create one commune with teams of 20 and `members` registered phones."""
    province = await store.ensure_province("Cao Bằng")
    commune = await store.add_commune(province.id, "Xã Hòa An", now)
    teams = [
        await store.add_village_with_team(
            commune.id, village_name(n), "village", f"Tổ bảo vệ ANTT {n + 1}"
        )
        for n in range(members // 20 + 1)
    ]
    # Test data only: thousands of people in one statement (registration is tested elsewhere).
    people = []
    for n in range(members):
        user = fake.user(person_name(n))
        team = teams[n // 20]
        people.append((n + 1, person_name(n), team.id, commune.id, str(user.id)))
    async with store.db.write() as conn:
        await conn.executemany(
            "INSERT INTO persons (id, name, role, team_id, commune_id, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(pid, name, Role.MEMBER.value, t, c, to_db(now)) for pid, name, t, c, _ in people],
        )
        await conn.executemany(
            "INSERT INTO identities (channel, external_id, person_id, chat_id) "
            "VALUES ('telegram', ?, ?, ?)",
            [(chat, pid, chat) for pid, _, _, _, chat in people],
        )
    await store.save_deadline(
        NewDeadline(
            name="Báo cáo kết quả phong trào (thử tải)",
            due=DUE,
            audience=frozenset({Audience.MEMBERS}),
        ),
        None,
        now,
    )


async def run(members: int, paced: bool) -> Result:
    """Broadcast one reminder to `members` against Telegram's flood limits and measure it."""
    with tempfile.TemporaryDirectory(prefix="antt-bench-") as tmp:
        async with FakeTelegram(flood_limits=True) as fake:
            clock = ShiftedClock(MOMENT, LEAD)
            db = Path(tmp) / "bench.sqlite3"
            store = SqliteStore(db, synchronous="FULL")
            await store.open()
            await seed(store, fake, members, clock.now())
            await store.close()
            # Unpaced: the outbox sends as fast as its workers go; only AIORateLimiter holds.
            delivery = {} if paced else {"per_second": 1000, "chat_per_second": 100}
            settings = parse_settings(
                {
                    "bot": {"province": "Cao Bằng"},
                    "telegram": {
                        "token": fake.token,
                        "base_url": fake.base_url,
                        "base_file_url": fake.base_file_url,
                        "poll_timeout": 1,
                    },
                    "storage": {"path": str(db), "media_dir": tmp},
                    "calendar": {"annual": [], "nudge_day": 0, "offsets": [1]},
                    "delivery": delivery,
                },
                "bench",
            )
            arrivals: dict[int, int] = {}
            last = [0.0]

            def count(event: str, message: SentMessage) -> None:
                if event == "sent" and "thử tải" in (message.text or ""):
                    arrivals[message.chat_id] = arrivals.get(message.chat_id, 0) + 1
                    last[0] = time.monotonic()

            fake.listeners.append(count)
            runtime = Runtime(settings, clock=clock)
            tracemalloc.start()
            await runtime.start()
            due = time.monotonic() + (MOMENT - clock.now()).total_seconds()
            floor = members / TELEGRAM_RATE
            deadline = due + max(60.0, floor * 3)
            queued_at = None
            try:
                while len(arrivals) < members and time.monotonic() < deadline:
                    await asyncio.sleep(0.25)
                    if queued_at is None and runtime.calendar.last and runtime.calendar.last.sent:
                        queued_at = time.monotonic()
                # Anything still in flight would show up as a duplicate.
                await asyncio.sleep(2.0)
            finally:
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                await runtime.stop()
            return Result(
                members=members,
                seconds=last[0] - due,
                queue_seconds=(queued_at or due) - due,
                delivered=sum(1 for n in arrivals.values() if n >= 1),
                duplicates=sum(n - 1 for n in arrivals.values() if n > 1),
                lost=members - len(arrivals),
                flood_429s=fake.flood_429s,
                peak_mib=peak / 2**20,
            )


class NullSender:
    """Accepts every message at once: what is left is the bot's own work per message."""

    async def deliver(self, message: Outbound) -> str | None:
        """Pretend to send."""
        return "1"


async def ceiling(members: int) -> float:
    """Return how many messages a second the outbox moves when sending costs nothing."""
    with tempfile.TemporaryDirectory(prefix="antt-bench-") as tmp:
        store = SqliteStore(Path(tmp) / "ceiling.sqlite3", synchronous="FULL")
        await store.open()
        now = datetime.now(UTC)
        sends = [
            ScheduledSend(
                key="bench", message=Outbound(channel=Channel.TELEGRAM, chat_id=str(n), text="x")
            )
            for n in range(1, members + 1)
        ]
        await store.record_run("bench", now, "sent", sends, now)
        dispatcher = OutboxDispatcher(
            store, SystemClock(), {Channel.TELEGRAM: NullSender()}, concurrency=16
        )
        started = time.monotonic()
        dispatcher.start()
        while dispatcher.delivered < members:  # noqa: ASYNC110 (polling a counter)
            await asyncio.sleep(0.05)
        elapsed = time.monotonic() - started
        await dispatcher.stop()
        await store.close()
        return members / elapsed


def row(label: str, result: Result, floor: float) -> list[str]:
    """Render one broadcast's figures."""
    return [
        f"| {label}: due → last delivery | {result.seconds:.1f} s "
        f"(**{result.seconds / floor:.3f} × floor**) |",
        f"| {label}: delivered / duplicates / lost | {result.delivered:,} / "
        f"{result.duplicates} / {result.lost} |",
        f"| {label}: 429 answers | {result.flood_429s} |",
    ]


def report(paced: Result, unpaced: Result | None, top: float | None) -> str:
    """Render the figures as a Markdown table (pasted into the README)."""
    floor = paced.members / TELEGRAM_RATE
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        "| measure | value |",
        "|---|---|",
        f"| members | {paced.members:,} |",
        f"| floor (members / 30 per s) | {floor:.1f} s |",
        *row("paced outbox (ours)", paced, floor),
        f"| due → whole broadcast queued (planner tick) | {paced.queue_seconds:.2f} s |",
        f"| peak Python memory, bot and fake server (tracemalloc) | {paced.peak_mib:.0f} MiB |",
        f"| peak process RSS (whole benchmark) | {rss:.0f} MiB |",
    ]
    if unpaced is not None:
        rows += row("baseline, AIORateLimiter only", unpaced, floor)
    if top is not None:
        rows.append(
            f"| outbox ceiling, sender doing nothing | {top:.0f} msg/s "
            f"({top / TELEGRAM_RATE:.0f} × Telegram's 30/s) |"
        )
    return "\n".join(rows)


async def main() -> None:
    """Run the broadcasts and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--no-baseline", action="store_true", help="the paced run only")
    args = parser.parse_args()
    # As in production: warnings only, and PTB's limiter not logging each 429 as an error.
    setup_logging("WARNING")
    logging.getLogger("bot.outbox").setLevel(logging.ERROR)
    paced = await run(args.members, paced=True)
    print(f"paced:   {paced}", file=sys.stderr)
    unpaced = top = None
    if not args.no_baseline:
        unpaced = await run(args.members, paced=False)
        print(f"unpaced: {unpaced}", file=sys.stderr)
        top = await ceiling(args.members)
        print(f"ceiling: {top:.0f} msg/s", file=sys.stderr)
    print(report(paced, unpaced, top))


if __name__ == "__main__":
    asyncio.run(main())
