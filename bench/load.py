"""The whole stack under load against a bare PTB echo bot, same fake Bot API, same run.

N phones each file tips, step by step, all at once, the shortest way a member can (issue
10): the news typed straight into the chat, its category (the offer lists them), where,
«Gửi» — on every fifth tip «Khẩn cấp» on the summary first. Each is a typed message that
waits for the bot's answer. Every step writes the draft through (synchronous=FULL) and
queues the reply in the outbox in the same transaction; «Gửi» saves the entry, gives its
code and posts its alert to the commune's police group (the urgent ones with a sound and
pinned; the others without a sound). After the
run the bot is killed (SIGKILL) and every code a phone was shown is looked up in the
database: confirmed means durable. The echo bot gets the same typed messages.

Reported: updates per second, round trip p50/p95, CPU per update and memory of the bot
process, as ratios, and the CPU the fake Bot API and the phones took (they share the
machine). Telegram's flood limits (30 messages/s) would cap both bots at the same line,
so this measures capacity with rate limiting and the outbox's pacing off; production
keeps both on (the soak does too).

Our bot runs on each backend asked for (`--backend`, default both: SQLite, then a fresh
PostgreSQL database on 127.0.0.1:5432, dropped afterwards; `--dsn` names another), each
against the echo bot measured in the same run.

    python bench/load.py [--phones 50] [--seconds 20] [--backend sqlite|postgresql|both]
    python bench/load.py --soak 600 --rate 20     # 10-minute soak at a steady rate
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    BACKENDS,
    GROUP_PER_MINUTE,
    Backend,
    BenchDb,
    bench_db,
    cpu_seconds,
    person_name,
    rss_mb,
    seed,
    server_cpu,
    server_cpu_spent,
    start_echo,
    start_ours,
    write_config,
)
from bot.devtools.fake_telegram import FakeChat, FakeTelegram, FakeUser
from bot.domain import Channel

SYNCHRONOUS = "FULL"
CODE = re.compile(r"TB-\d{4}-\d{6}")
URGENT_EVERY = 5


def tip_steps(n: int) -> list[tuple[str, int]]:
    """The typed answers of one whole tip (every button has a typed twin), each with how
    many messages our bot answers it with (one each)."""
    urgent = [("khẩn cấp", 1)] if n % URGENT_EVERY == 0 else []
    return [
        (f"Người lạ hỏi về xe máy nhà ông Hoàng, lần {n}", 1),
        ("4", 1),
        ("Chợ Nà Cáp", 1),
        *urgent,
        ("gửi", 1),
    ]


@dataclass
class Tally:
    """What the phones saw."""

    trips: list[float] = field(default_factory=list)
    codes: set[str] = field(default_factory=set)
    urgent: int = 0
    lost: int = 0


async def phone(user: FakeUser, stop_at: float, tally: Tally, *, filing: bool) -> None:
    """File tips (or, for the echo bot, type the same messages) until the time is up."""
    n = 0
    while time.perf_counter() < stop_at:
        n += 1
        for text, answers in tip_steps(n):
            start = time.perf_counter()
            await user.send_text(text)
            try:
                for _ in range(answers if filing else 1):
                    reply = await user.next_reply(timeout=30)
            except AssertionError:
                tally.lost += 1
                return
            tally.trips.append(time.perf_counter() - start)
            if filing and text == "gửi":
                found = CODE.search(reply.all_text)
                if found is None:
                    tally.lost += 1
                    return
                tally.codes.add(found.group())
                tally.urgent += n % URGENT_EVERY == 0


async def closed_loop(
    users: list[FakeUser], pid: int, seconds: float, *, filing: bool
) -> tuple[dict[str, float], Tally]:
    """Run every phone for `seconds`; return throughput, latency and CPU figures."""
    tally = Tally()
    cpu0, own0, t0 = cpu_seconds(pid), cpu_seconds(os.getpid()), time.perf_counter()
    await asyncio.gather(*(phone(u, t0 + seconds, tally, filing=filing) for u in users))
    elapsed = time.perf_counter() - t0
    cpu = cpu_seconds(pid) - cpu0
    own = cpu_seconds(os.getpid()) - own0
    trips = tally.trips
    return {
        "updates_per_s": len(trips) / elapsed,
        "p50_ms": statistics.median(trips) * 1000,
        "p95_ms": statistics.quantiles(trips, n=20)[18] * 1000,
        "cpu_ms": cpu / len(trips) * 1000,
        "rss_mb": rss_mb(pid),
        "fake_cpu_ms": own / len(trips) * 1000,
        "fake_busy": own / elapsed,
    }, tally


async def prepare_ours(
    fake: FakeTelegram, tmp: Path, db: BenchDb, phones: int, rate_limit: bool, run: int = 0
) -> tuple[asyncio.subprocess.Process, list[FakeUser], FakeChat]:
    """Seed a commune with a police group, start our bot, let the phones join."""
    group = fake.group("Công an xã Hòa An")
    code = await seed(db, uses=phones, police_chat=str(group.id))
    config = tmp / "config.toml"
    write_config(
        config,
        fake.base_url,
        fake.base_file_url,
        fake.token,
        db,
        rate_limit=rate_limit,
        synchronous=SYNCHRONOUS,
        paced=rate_limit,
    )
    process = await start_ours(config, log=tmp / "bot.log")
    # A new phone per run: the fake Bot API keeps each user's chat across runs.
    users = [fake.user(f"{person_name(i)} {run}" if run else person_name(i)) for i in range(phones)]
    for user in users:
        await user.send_text(f"/start {code}")
        await user.next_reply(timeout=30)
    return process, users, group


async def stored(db: BenchDb, codes: set[str], group: str = "") -> tuple[set[str], int]:
    """Which of these reference codes are in the database (read after the bot was killed),
    and how many alerts still wait in the outbox for the police group."""
    store = db.store()
    await store.open()
    try:
        kept = {code for code in codes if await store.get_entry(code) is not None}
        queued = 0
        if group:
            waiting = await store.outbox_chat_pending(
                Channel.TELEGRAM, group, datetime.now(UTC) + timedelta(days=1), limit=1_000_000
            )
            queued = sum(1 for item in waiting if CODE.search(item.message.text))
        return kept, queued
    finally:
        await store.close()


def problems_in(log: Path) -> list[str]:
    """Lines of the bot's log that report an error."""
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return [line for line in text.splitlines() if "ERROR" in line or "Traceback" in line]


async def load_ours(
    fake: FakeTelegram, backend: Backend, dsn: str | None, phones: int, seconds: float, run: int
) -> tuple[dict[str, float], Tally, tuple[int, int], set[str], int, list[str]]:
    """Run the phones against our bot on one backend; kill it; check what was kept."""
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        async with bench_db(backend, tmp, dsn) as db:
            process, users, group = await prepare_ours(
                fake, tmp, db, phones, rate_limit=False, run=run
            )
            try:
                server0 = await server_cpu(db)
                ours, tally = await closed_loop(users, process.pid, seconds, filing=True)
                server = server_cpu_spent(server0, await server_cpu(db))
                ours["server_cpu_ms"] = server / len(tally.trips) * 1000
                # Alerts are sent after the member's confirmation; give the last ones a moment.
                await asyncio.sleep(2)
            finally:
                process.kill()
                await process.wait()
            durable, queued = await stored(db, tally.codes, str(group.id))
            alerts = [m for m in group.messages if CODE.search(m.all_text)]
            errors = problems_in(tmp / "bot.log")
    return ours, tally, (len(alerts), queued), durable, tally.lost, errors


async def compare(phones: int, seconds: float, backends: list[Backend], dsn: str | None) -> None:
    """Measure the echo bot, then ours on each backend, and print the table."""
    runs = []
    async with FakeTelegram() as fake:
        echo = await start_echo(fake.token, fake.base_url)
        try:
            users = [fake.user(f"Echo {i}") for i in range(phones)]
            base, _ = await closed_loop(users, echo.pid, seconds, filing=False)
        finally:
            echo.kill()
            await echo.wait()
        for n, backend in enumerate(backends):
            runs.append((backend, *await load_ours(fake, backend, dsn, phones, seconds, n)))
    print(f"\n{phones} phones, {seconds:.0f} s each, fake Bot API on loopback, rate limit off\n")
    print(
        "| bot | updates/s | round trip p50 | p95 | CPU/update | PostgreSQL server CPU/update "
        "| RSS | fake API + phones |"
    )
    print("|---|---|---|---|---|---|---|---|")
    rows = [("bare PTB echo bot", base)] + [(f"ANTT bot, filing tips, {r[0]}", r[1]) for r in runs]
    for name, f in rows:
        print(
            f"| {name} | {f['updates_per_s']:.0f} | {f['p50_ms']:.1f} ms | "
            f"{f['p95_ms']:.1f} ms | {f['cpu_ms']:.2f} ms | "
            + (f"{f['server_cpu_ms']:.2f} ms | " if f.get("server_cpu_ms") else "| ")
            + f"{f['rss_mb']:.0f} MB | "
            f"{f['fake_cpu_ms']:.2f} ms/update, {f['fake_busy']:.0%} of a core |"
        )
    print()
    for backend, ours, tally, alerts, durable, lost, errors in runs:
        print(
            f"{backend}: ratios (ours / echo): throughput "
            f"{ours['updates_per_s'] / base['updates_per_s']:.2f}×, "
            f"p50 {ours['p50_ms'] / base['p50_ms']:.2f}×, "
            f"p95 {ours['p95_ms'] / base['p95_ms']:.2f}×, "
            f"CPU per update {ours['cpu_ms'] / base['cpu_ms']:.2f}×"
        )
        missing = tally.codes - durable
        print(
            f"  tips confirmed {len(tally.codes)}, in the database after kill -9: "
            f"{len(tally.codes) - len(missing)} (missing {len(missing)}); "
            f"urgent {tally.urgent}; alerts in the police group {alerts[0]}, still queued "
            f"for it {alerts[1]} (one per tip, the rest held back by the group's limit of "
            f"{GROUP_PER_MINUTE} a minute); "
            f"replies lost {lost}; errors in the bot's log {len(errors)}"
        )
        for line in errors[:5]:
            print("    " + line)


async def soak(seconds: float, rate: float, phones: int, backend: Backend, dsn: str | None) -> None:
    """Run ours at a steady rate with the rate limiter on; sample memory each minute."""
    async with FakeTelegram() as fake:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            async with bench_db(backend, tmp, dsn) as db:
                process, users, _ = await prepare_ours(fake, tmp, db, phones, rate_limit=True)
                scripts: list[Iterator[tuple[str, int]]] = [iter(()) for _ in users]
                counts = [0] * len(users)
                try:
                    samples, trips, lost, codes = [rss_mb(process.pid)], [], 0, set()
                    start = time.perf_counter()
                    i = 0
                    next_sample = start + 60
                    while time.perf_counter() - start < seconds:
                        k = i % len(users)
                        step = next(scripts[k], None)
                        if step is None:
                            counts[k] += 1
                            scripts[k] = iter(tip_steps(counts[k]))
                            step = next(scripts[k])
                        text, answers = step
                        t = time.perf_counter()
                        try:
                            await users[k].send_text(text)
                            for _ in range(answers):
                                reply = await users[k].next_reply(timeout=30)
                            trips.append(time.perf_counter() - t)
                            if text == "gửi" and (found := CODE.search(reply.all_text)):
                                codes.add(found.group())
                        except AssertionError:
                            lost += 1
                        i += 1
                        await asyncio.sleep(max(0.0, 1 / rate - (time.perf_counter() - t)))
                        if time.perf_counter() >= next_sample:
                            samples.append(rss_mb(process.pid))
                            next_sample += 60
                    samples.append(rss_mb(process.pid))
                finally:
                    process.kill()
                    await process.wait()
                durable, _ = await stored(db, codes)
            errors = problems_in(tmp / "bot.log")
    print(
        f"\nsoak ({backend}): {seconds:.0f} s at {rate:g} steps/s, {len(trips)} steps, "
        f"{lost} replies lost"
    )
    print(
        f"round trip p50 {statistics.median(trips) * 1000:.1f} ms, "
        f"p95 {statistics.quantiles(trips, n=20)[18] * 1000:.1f} ms"
    )
    print(f"tips confirmed {len(codes)}, missing from the database {len(codes - durable)}")
    print("RSS (MB) per minute: " + " ".join(f"{s:.0f}" for s in samples))
    print(f"errors in the bot's log: {len(errors)}")
    for line in errors[:10]:
        print("  " + line)


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--phones", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--soak", type=float, default=0, help="soak for this many seconds")
    parser.add_argument("--rate", type=float, default=20, help="steps per second in the soak")
    parser.add_argument(
        "--backend",
        choices=[*BACKENDS, "both"],
        help="default: both (the soak: sqlite; it runs on one)",
    )
    parser.add_argument("--dsn", help="PostgreSQL database to use (default: a fresh one)")
    args = parser.parse_args()
    backends = list(BACKENDS) if args.backend in (None, "both") else [args.backend]
    if args.soak and args.backend is None:
        backends = ["sqlite"]
    if args.soak:
        if len(backends) > 1:
            parser.error("--soak runs on one backend: add --backend sqlite or postgresql")
        asyncio.run(soak(args.soak, args.rate, args.phones, backends[0], args.dsn))
    else:
        asyncio.run(compare(args.phones, args.seconds, backends, args.dsn))


if __name__ == "__main__":
    main()
