"""Benchmark: one reminder to 10,000 members, sent by two bot processes on PostgreSQL.

Two `antt-bot run` processes (webhook mode, so they share the database) serve one bot
token against the bundled fake Bot API with Telegram's flood limits on, which it keeps
per token (30 messages a second overall, one a second per chat after a burst of three,
429 beyond). One of them leads the planner and queues the reminder; both deliver, each
chat by one of them at a time, the overall pace booked in the database for both.

Reported: due → last delivery against the floor of N / 30 s (the goal: within 10%),
deliveries per process, duplicates and losses (each member exactly once), 429 answers.

    python bench/broadcast_two.py                  # 10,000 members (about six minutes)
    python bench/broadcast_two.py --members 1000   # a quick look
    python bench/broadcast_two.py --processes 1    # the same with one process
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.broadcast import TELEGRAM_RATE, VN, seed
from bot.devtools.fake_telegram import FakeTelegram, SentMessage
from storage.postgres import PostgresStore

SERVER = os.environ.get("ANTT_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
LEAD = 8.0


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def config(tmp: Path, fake: FakeTelegram, dsn: str, n: int, at: str) -> Path:
    port = free_port()
    path = tmp / f"config{n}.toml"
    path.write_text(
        f"""
[bot]
province = "Cao Bằng"
[telegram]
token = "{fake.token}"
base_url = "{fake.base_url}"
base_file_url = "{fake.base_file_url}"
mode = "webhook"
[telegram.webhook]
listen = "127.0.0.1"
port = {port}
url = "http://127.0.0.1:{port}/telegram"
secret_token = "bench-secret-{n}"
[storage]
backend = "postgresql"
dsn = "{dsn}"
media_dir = "{tmp}/media{n}"
[calendar]
annual = []
nudge_day = 0
offsets = [1]
time = "{at}"
[web]
port = 0
""",
        encoding="utf-8",
    )
    return path


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    name = f"antt_bench_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(SERVER)
    await admin.execute(f'CREATE DATABASE "{name}"')
    dsn = SERVER.rsplit("/", 1)[0] + f"/{name}"
    procs: list[asyncio.subprocess.Process] = []
    try:
        with tempfile.TemporaryDirectory(prefix="antt-bench-") as tmp_name:
            tmp = Path(tmp_name)
            async with FakeTelegram(flood_limits=True) as fake:
                # The processes run on the wall clock: the reminder (a day before a deadline
                # due tomorrow) is set for this minute, so the planner queues it at start.
                now_local = datetime.now(VN)
                store = PostgresStore(dsn, min_size=1, max_size=2)
                await store.open()
                await seed(store, fake, args.members, datetime.now(UTC) - timedelta(days=2))  # type: ignore[arg-type]
                async with store.db.write() as conn:
                    # Scheduling began before the reminder fell due (else it is not sent).
                    await conn.execute(
                        "INSERT INTO schedule_state (name, value) VALUES ('since', ?)",
                        ((datetime.now(UTC) - timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S"),),
                    )
                    await conn.execute(
                        "UPDATE deadlines SET due_date = ?, planned_from = ?",
                        (
                            (now_local.date() + timedelta(days=1)).isoformat(),
                            (datetime.now(UTC) - timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S"),
                        ),
                    )
                await store.close()
                arrivals: dict[int, int] = {}
                last = [0.0]

                def count(event: str, message: SentMessage) -> None:
                    if event == "sent" and "thử tải" in (message.text or ""):
                        arrivals[message.chat_id] = arrivals.get(message.chat_id, 0) + 1
                        last[0] = time.monotonic()

                fake.listeners.append(count)
                for n in range(args.processes):
                    procs.append(
                        await asyncio.create_subprocess_exec(
                            sys.executable,
                            "-m",
                            "bot",
                            "run",
                            "--config",
                            str(config(tmp, fake, dsn, n, now_local.strftime("%H:%M"))),
                            stdout=asyncio.subprocess.DEVNULL,
                            # What each process logs, for a look when a run goes wrong.
                            stderr=open(tmp / f"bot{n}.log", "w"),  # noqa: SIM115, ASYNC230
                        )
                    )
                start = time.monotonic()
                floor = args.members / TELEGRAM_RATE
                deadline = start + LEAD + max(120.0, floor * 3)
                first = None
                while len(arrivals) < args.members and time.monotonic() < deadline:
                    await asyncio.sleep(0.25)
                    if first is None and arrivals:
                        first = time.monotonic()
                await asyncio.sleep(3.0)
                began = first or start
                seconds = last[0] - began
                print(f"processes: {args.processes}, members: {args.members}")
                print(f"floor (members / 30 per s): {floor:.1f} s")
                print(
                    f"first → last delivery: {seconds:.1f} s "
                    f"({seconds / floor if floor else 0:.3f} × floor)"
                )
                delivered = sum(1 for v in arrivals.values() if v >= 1)
                duplicates = sum(v - 1 for v in arrivals.values() if v > 1)
                print(
                    f"delivered / duplicates / lost: {delivered} / {duplicates} / "
                    f"{args.members - delivered}"
                )
                print(f"429 answers: {fake.flood_429s}")
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            await proc.wait()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    asyncio.run(main())
