"""The whole stack under load against a bare PTB echo bot, same fake Bot API, same run.

N phones each answer the tip conversation step after step (forward, back, …), waiting
for every reply, all at once; the echo bot gets the same traffic. Reported: updates per
second, round trip p50/p95, CPU per update and memory of the bot process, as ratios.
Every step is a real conversation step: the draft is written through (synchronous=FULL),
the reply queued in the outbox in the same transaction, then delivered.

Telegram's flood limits (30 messages/s) would cap both bots at the same line, so this
measures capacity with rate limiting and the outbox's pacing off; production keeps both
on (the soak does too).

    python bench/load.py [--phones 50] [--seconds 20]
    python bench/load.py --soak 600 --rate 20     # 10-minute soak at a steady rate
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import cpu_seconds, rss_mb, seed, start_echo, start_ours, write_config
from bot.devtools.fake_telegram import FakeTelegram, FakeUser

SYNCHRONOUS = "FULL"


async def phone(user: FakeUser, texts: list[str], stop_at: float, trips: list[float]) -> None:
    """Answer, wait for the reply, again, until the time is up."""
    i = 0
    while time.perf_counter() < stop_at:
        start = time.perf_counter()
        await user.send_text(texts[i % len(texts)])
        await user.next_reply(timeout=30)
        trips.append(time.perf_counter() - start)
        i += 1


async def closed_loop(
    users: list[FakeUser], texts: list[str], pid: int, seconds: float
) -> dict[str, float]:
    """Run every phone for `seconds`; return throughput, latency and CPU figures."""
    trips: list[float] = []
    cpu0, t0 = cpu_seconds(pid), time.perf_counter()
    await asyncio.gather(*(phone(u, texts, t0 + seconds, trips) for u in users))
    elapsed = time.perf_counter() - t0
    cpu = cpu_seconds(pid) - cpu0
    return {
        "updates_per_s": len(trips) / elapsed,
        "p50_ms": statistics.median(trips) * 1000,
        "p95_ms": statistics.quantiles(trips, n=20)[18] * 1000,
        "cpu_ms": cpu / len(trips) * 1000,
        "rss_mb": rss_mb(pid),
    }


async def prepare_ours(
    fake: FakeTelegram, tmp: Path, phones: int, rate_limit: bool
) -> tuple[asyncio.subprocess.Process, list[FakeUser]]:
    db = tmp / "antt.sqlite3"
    code = await seed(db, uses=phones)
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
    process = await start_ours(config)
    users = [fake.user(f"Tổ viên {i}") for i in range(phones)]
    for user in users:
        await user.send_text(f"/start {code}")
        await user.next_reply(timeout=30)
        await user.send_text("/tinbao")
        await user.next_reply(timeout=30)
    return process, users


async def compare(phones: int, seconds: float) -> None:
    """Measure the echo bot, then ours, and print the table."""
    async with FakeTelegram() as fake:
        echo = await start_echo(fake.token, fake.base_url)
        try:
            users = [fake.user(f"Echo {i}") for i in range(phones)]
            base = await closed_loop(users, ["xin chào"], echo.pid, seconds)
        finally:
            echo.kill()
            await echo.wait()
        with tempfile.TemporaryDirectory() as tmp:
            ours_proc, users = await prepare_ours(fake, Path(tmp), phones, rate_limit=False)
            try:
                ours = await closed_loop(users, ["1", "0"], ours_proc.pid, seconds)
            finally:
                ours_proc.kill()
                await ours_proc.wait()
    print(f"\n{phones} phones, {seconds:.0f} s each, fake Bot API on loopback, rate limit off\n")
    print("| bot | updates/s | round trip p50 | p95 | CPU/update | RSS |")
    print("|---|---|---|---|---|---|")
    for name, f in (("bare PTB echo bot", base), ("ANTT bot, conversation steps", ours)):
        print(
            f"| {name} | {f['updates_per_s']:.0f} | {f['p50_ms']:.1f} ms | "
            f"{f['p95_ms']:.1f} ms | {f['cpu_ms']:.2f} ms | {f['rss_mb']:.0f} MB |"
        )
    print(
        f"\nratios (ours / echo): throughput {ours['updates_per_s'] / base['updates_per_s']:.2f}×, "
        f"p50 {ours['p50_ms'] / base['p50_ms']:.2f}×, p95 {ours['p95_ms'] / base['p95_ms']:.2f}×"
    )


async def soak(seconds: float, rate: float, phones: int) -> None:
    """Run ours at a steady rate with the rate limiter on; sample memory each minute."""
    async with FakeTelegram() as fake:
        with tempfile.TemporaryDirectory() as tmp:
            process, users = await prepare_ours(fake, Path(tmp), phones, rate_limit=True)
            try:
                samples, trips, errors = [rss_mb(process.pid)], [], 0
                start = time.perf_counter()
                i = 0
                next_sample = start + 60
                while time.perf_counter() - start < seconds:
                    user = users[i % len(users)]
                    t = time.perf_counter()
                    try:
                        await user.send_text("1" if (i // len(users)) % 2 == 0 else "0")
                        await user.next_reply(timeout=30)
                        trips.append(time.perf_counter() - t)
                    except AssertionError:
                        errors += 1
                    i += 1
                    await asyncio.sleep(max(0.0, 1 / rate - (time.perf_counter() - t)))
                    if time.perf_counter() >= next_sample:
                        samples.append(rss_mb(process.pid))
                        next_sample += 60
                samples.append(rss_mb(process.pid))
            finally:
                process.kill()
                await process.wait()
    print(f"\nsoak: {seconds:.0f} s at {rate:g} steps/s, {len(trips)} steps, {errors} lost")
    print(
        f"round trip p50 {statistics.median(trips) * 1000:.1f} ms, "
        f"p95 {statistics.quantiles(trips, n=20)[18] * 1000:.1f} ms"
    )
    print("RSS (MB) per minute: " + " ".join(f"{s:.0f}" for s in samples))


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--phones", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--soak", type=float, default=0, help="soak for this many seconds")
    parser.add_argument("--rate", type=float, default=20, help="steps per second in the soak")
    args = parser.parse_args()
    if args.soak:
        asyncio.run(soak(args.soak, args.rate, args.phones))
    else:
        asyncio.run(compare(args.phones, args.seconds))


if __name__ == "__main__":
    main()
