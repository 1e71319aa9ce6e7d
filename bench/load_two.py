"""Benchmark: two bot processes on PostgreSQL against one, the same phones, the same run.

N phones each file tips the shortest way (bench/load.py's steps) through a round-robin
webhook front, for S seconds, first against one `antt-bot run` process in webhook mode on
PostgreSQL, then against two sharing the database. Telegram's flood limits and the
outbox's pacing are off (capacity, not the 30/s line). Reported: updates a second and
round trips for each, and the ratio two / one. On a 2-core machine the phones and the fake
Bot API share the cores with the bots.

    python bench/load_two.py [--phones 40] [--seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from front import Front  # type: ignore[import-not-found]

from bench.load import CODE, tip_steps
from bot.devtools.fake_telegram import FakeTelegram, FakeUser
from bot.domain import Role
from storage.models import Invite
from storage.postgres import PostgresStore

SERVER = os.environ.get("ANTT_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
SECRET = "load-two-secret"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def seed(dsn: str, phones: int) -> str:
    store = PostgresStore(dsn, min_size=1, max_size=2)
    await store.open()
    now = datetime.now(UTC)
    province = await store.ensure_province("Cao Bằng")
    commune = await store.add_commune(province.id, "Xã Hòa An", now)
    team = await store.add_village_with_team(commune.id, "Thôn Nà Cáp", "village", "Tổ 1")
    await store.create_invite(
        Invite(
            code="BENCH234",
            role=Role.MEMBER,
            commune_id=commune.id,
            team_id=team.id,
            created_at=now,
            expires_at=now + timedelta(days=1),
            max_uses=phones + 10,
        )
    )
    await store.close()
    return "BENCH234"


def config(tmp: Path, fake: FakeTelegram, dsn: str, front: Front, n: int) -> tuple[Path, str]:
    port = free_port()
    path = tmp / f"config{n}.toml"
    path.write_text(
        f'[telegram]\ntoken = "{fake.token}"\nbase_url = "{fake.base_url}"\n'
        f'base_file_url = "{fake.base_file_url}"\nrate_limit = false\nmode = "webhook"\n'
        f'[telegram.webhook]\nport = {port}\nurl = "{front.url}"\nsecret_token = "{SECRET}"\n'
        f'[storage]\nbackend = "postgresql"\ndsn = "{dsn}"\nmedia_dir = "{tmp}/media"\n'
        "[web]\nport = 0\n"
        '[logging]\nlevel = "WARNING"\n'
        "[delivery]\nper_second = 1000\nchat_per_second = 100\nchat_burst = 100\n"
        "group_per_minute = 1000\nconcurrency = 4\n",
        encoding="utf-8",
    )
    return path, f"http://127.0.0.1:{port}/telegram"


async def phone(user: FakeUser, stop_at: float, trips: list[float], codes: set[str]) -> None:
    n = 0
    while time.perf_counter() < stop_at:
        n += 1
        for text, _ in tip_steps(n):
            start = time.perf_counter()
            await user.send_text(text)
            reply = await user.next_reply(timeout=60)
            trips.append(time.perf_counter() - start)
            if text == "gửi" and (found := CODE.search(reply.all_text)):
                codes.add(found.group())


async def measure(processes: int, phones: int, seconds: float) -> dict[str, float]:
    name = f"antt_bench_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(SERVER)
    await admin.execute(f'CREATE DATABASE "{name}"')
    dsn = SERVER.rsplit("/", 1)[0] + f"/{name}"
    procs: list[asyncio.subprocess.Process] = []
    try:
        code = await seed(dsn, phones)
        with tempfile.TemporaryDirectory(prefix="antt-bench-") as tmp_name:
            tmp = Path(tmp_name)
            async with FakeTelegram() as fake:
                front = Front()
                await front.start()
                try:
                    configs = [config(tmp, fake, dsn, front, n) for n in range(processes)]
                    front.targets = [url for _, url in configs]
                    for path, _ in configs:
                        procs.append(
                            await asyncio.create_subprocess_exec(
                                sys.executable, "-m", "bot", "run", "--config", str(path),
                                stdout=asyncio.subprocess.DEVNULL,
                                stderr=asyncio.subprocess.DEVNULL,
                            )
                        )  # fmt: skip
                    await asyncio.sleep(3.0)
                    users = [fake.user(f"Tổ viên {i}") for i in range(phones)]
                    for user in users:
                        await user.send_text(f"/start {code}")
                        await user.next_reply(timeout=60)
                    for user in users:
                        # The join asks for a full name: keep the profile's.
                        await user.send_text("1")
                        await user.next_reply(timeout=60)
                    trips: list[float] = []
                    codes: set[str] = set()
                    t0 = time.perf_counter()
                    await asyncio.gather(*(phone(u, t0 + seconds, trips, codes) for u in users))
                    elapsed = time.perf_counter() - t0
                finally:
                    await front.stop()
        return {
            "updates_per_s": len(trips) / elapsed,
            "p50_ms": statistics.median(trips) * 1000,
            "p95_ms": statistics.quantiles(trips, n=20)[18] * 1000,
            "tips": float(len(codes)),
        }
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            await proc.wait()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    one = await measure(1, args.phones, args.seconds)
    two = await measure(2, args.phones, args.seconds)
    print("| measure | one process | two processes | two / one |")
    print("|---|---|---|---|")
    for key in ("updates_per_s", "p50_ms", "p95_ms", "tips"):
        print(f"| {key} | {one[key]:.1f} | {two[key]:.1f} | {two[key] / one[key]:.2f} |")


if __name__ == "__main__":
    asyncio.run(main())
